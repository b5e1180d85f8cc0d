"""The subscriptions repository: the facet values (facets.SUBSCRIBABLE) people follow."""

from __future__ import annotations

from ..facets import BY_NAME, SUBSCRIBABLE
from ..records import Subscription
from .guard import translated
from .rows import iso_utc
from .session import Session

__all__ = ["FACETS", "Subscription", "SubscriptionRepository"]

FACETS = tuple(facet.name for facet in SUBSCRIBABLE)


@translated
class SubscriptionRepository:
    """Reads and writes of ``subscriptions``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def for_participant(self, participant_id: int) -> list[Subscription]:
        rows = self._session.db.query(
            "SELECT facet, value FROM subscriptions WHERE participant_id = ? ORDER BY facet, value",
            [participant_id],
        )
        return [Subscription(r["facet"], r["value"]) for r in rows]

    def add(self, participant_id: int, facet: str, value: str) -> bool:
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO subscriptions (participant_id, facet, value, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (participant_id, facet, value) DO NOTHING",
                [participant_id, facet, value, iso_utc(self._session.clock.now())],
            )
        return cursor.rowcount > 0

    def remove(self, participant_id: int, facet: str, value: str) -> bool:
        with self._session.transaction() as db:
            cursor = db.execute(
                "DELETE FROM subscriptions WHERE participant_id = ? AND facet = ? AND value = ?",
                [participant_id, facet, value],
            )
        return cursor.rowcount > 0

    def known_value(self, facet: str, value: str) -> bool:
        """True when ``value`` is a slug of the catalogue table behind ``facet`` (not for kinds)."""
        table = BY_NAME[facet].table
        if table is None:
            raise KeyError(facet)
        return bool(list(self._session.db.query(f"SELECT 1 FROM {table} WHERE slug = ?", [value])))
