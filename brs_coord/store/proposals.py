"""The proposals queue (m018): a centre editor's event waiting for an admin's or editor's decision."""

from __future__ import annotations

from typing import Any

from ..domain import Status
from ..proposals import Proposal, ProposalState
from ..stored_forms import iso_utc, parse_iso_utc
from .guard import translated
from .session import Session


def _proposal(row: dict[str, Any]) -> Proposal:
    return Proposal(
        event_id=row["event_id"], proposed_by=row["proposed_by"],
        proposed_at=parse_iso_utc(row["proposed_at"]), state=ProposalState(row["state"]),
        status=Status(row["status"]), comment=row["comment"], decided_by=row["decided_by"],
        decided_at=parse_iso_utc(row["decided_at"]) if row["decided_at"] else None,
    )


@translated
class ProposalRepository:
    """Reads and writes of ``proposals``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, event_id: int) -> Proposal | None:
        rows = list(self._session.db.query("SELECT * FROM proposals WHERE event_id = ?", [event_id]))
        return _proposal(rows[0]) if rows else None

    def in_state(self, state: ProposalState) -> list[Proposal]:
        """The proposals in ``state``, the oldest first."""
        rows = self._session.db.query(
            "SELECT * FROM proposals WHERE state = ? ORDER BY proposed_at, event_id", [state.value])
        return [_proposal(row) for row in rows]

    def count(self, state: ProposalState) -> int:
        return int(self._session.db.execute(
            "SELECT count(*) FROM proposals WHERE state = ?", [state.value]).fetchone()[0])

    def waiting_ids(self) -> set[int]:
        rows = self._session.db.execute("SELECT event_id FROM proposals WHERE state = 'waiting'")
        return {row[0] for row in rows}

    def propose(self, event_id: int, by: str, status: Status) -> None:
        """Put the event in the queue (again, after it was returned), waiting from now."""
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO proposals (event_id, proposed_by, proposed_at, state, status)"
                " VALUES (?, ?, ?, 'waiting', ?) ON CONFLICT(event_id) DO UPDATE SET"
                " proposed_by = excluded.proposed_by, proposed_at = excluded.proposed_at,"
                " state = 'waiting', status = excluded.status, decided_by = '', decided_at = NULL",
                [event_id, by, iso_utc(self._session.clock.now()), status.value],
            )

    def decide(self, event_id: int, state: ProposalState, by: str, comment: str = "") -> None:
        with self._session.transaction() as db:
            db.execute(
                "UPDATE proposals SET state = ?, comment = ?, decided_by = ?, decided_at = ?"
                " WHERE event_id = ?",
                [state.value, comment, by, iso_utc(self._session.clock.now()), event_id],
            )

    def programme_organisers(self, programme: str) -> list[str | None]:
        """The organisers (centre slugs, None: the Secretariat) of the programme's events that are
        not waiting or returned proposals (permissions.needs_proposal)."""
        rows = self._session.db.execute(
            "SELECT DISTINCT c.slug FROM events e JOIN programmes p ON p.id = e.programme_id"
            " LEFT JOIN centres c ON c.id = e.organiser_centre_id"
            " WHERE p.slug = ? AND e.id NOT IN"
            " (SELECT event_id FROM proposals WHERE state != 'approved')", [programme])
        return [row[0] for row in rows]
