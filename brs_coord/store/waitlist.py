"""Waiting-list reads that the registrations repository does not cover: offers whose time ran out."""

from __future__ import annotations

from datetime import datetime

from .guard import translated
from .rows import iso_utc
from .session import Session


@translated
class WaitlistRepository:
    """Queries on ``registrations`` for waiting-list promotion."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def expired_offers(self, now: datetime) -> list[tuple[int, int]]:
        """(event id, participant id) of offers whose ``offered_until`` has passed, oldest first."""
        rows = self._session.db.query(
            "SELECT event_id, participant_id FROM registrations WHERE status = 'offered'"
            " AND offered_until IS NOT NULL AND offered_until <= ? ORDER BY offered_until, id",
            [iso_utc(now)],
        )
        return [(int(r["event_id"]), int(r["participant_id"])) for r in rows]
