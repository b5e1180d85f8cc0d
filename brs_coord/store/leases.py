"""The leases repository: a named job (the notice sender) held by one process at a time.

``take`` is one write transaction (BEGIN IMMEDIATE), so two processes asking at the same moment
cannot both win: the row is kept by its holder while renewed, and passes to another only once
expired (its holder died or stopped renewing).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import Lease
from .guard import translated
from .rows import iso_utc, parse_iso_utc
from .session import Session


def _lease(row: dict[str, Any]) -> Lease:
    return Lease(row["name"], row["holder"], parse_iso_utc(row["since"]), parse_iso_utc(row["expires_at"]))


@translated
class LeaseRepository:
    """Reads and writes of ``leases``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def current(self, name: str) -> Lease | None:
        rows = list(self._session.db.query("SELECT * FROM leases WHERE name = ?", [name]))
        return _lease(rows[0]) if rows else None

    def take(
        self, name: str, holder: str, now: datetime, until: datetime, *, replacing: str | None = None
    ) -> Lease:
        """Take or renew ``name`` for ``holder`` until ``until`` unless another holds it live (or
        that other is ``replacing``, known dead); returns the lease as it now stands (another
        holder's when refused)."""
        with self._session.transaction() as db:
            rows = list(db.query("SELECT * FROM leases WHERE name = ?", [name]))
            held = _lease(rows[0]) if rows else None
            if held is not None and held.holder not in (holder, replacing) and held.live(now):
                return held
            since = held.since if held is not None and held.holder == holder else now
            db.execute(
                "INSERT INTO leases (name, holder, since, expires_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, since = excluded.since,"
                " expires_at = excluded.expires_at",
                [name, holder, iso_utc(since), iso_utc(until)],
            )
        return Lease(name, holder, since, until)

    def give_up(self, name: str, holder: str) -> None:
        """Release ``name`` if ``holder`` holds it (a clean stop: the next process need not wait)."""
        with self._session.transaction() as db:
            db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", [name, holder])
