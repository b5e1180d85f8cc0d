"""The registrations repository: who registered for what (capacity-aware), and "remind me" marks.

Statuses (``registrations.status``): ``registered`` holds a seat; ``waitlisted`` waits for one
(ordered by ``created_at``, then ``id``); ``offered`` holds a seat until ``offered_until`` (set by
waiting-list promotion); ``cancelled`` gave it up; ``attended``/``no-show`` are recorded after the
event. Seats taken = registered + offered + attended + no-show.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import NotFound
from ..records import ACTIVE_STATUSES, ATTENDANCE_STATUS, SEAT_STATUSES, Registration, RegistrationStatus

__all__ = ["ACTIVE_STATUSES", "ATTENDANCE_STATUS", "SEAT_STATUSES", "RegistrationRepository"]
from .guard import translated
from .rows import iso_utc, parse_iso_utc
from .session import Session

Status = RegistrationStatus


def _registration(row: dict[str, Any]) -> Registration:
    return Registration(
        id=row["id"],
        event_id=row["event_id"],
        participant_id=row["participant_id"],
        status=RegistrationStatus(row["status"]),
        created_at=parse_iso_utc(row["created_at"]),
        updated_at=parse_iso_utc(row["updated_at"]),
        offered_until=parse_iso_utc(row["offered_until"]) if row["offered_until"] else None,
    )


_SEATS_SQL = "SELECT count(*) AS n FROM registrations WHERE event_id = ? AND status IN ({})".format(
    ", ".join(f"'{s}'" for s in SEAT_STATUSES)
)


@translated
class RegistrationRepository:
    """Reads and writes of ``registrations`` and ``reminders``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, event_id: int, participant_id: int) -> Registration | None:
        rows = list(
            self._session.db.query(
                "SELECT * FROM registrations WHERE event_id = ? AND participant_id = ?",
                [event_id, participant_id],
            )
        )
        return _registration(rows[0]) if rows else None

    def seats_taken(self, event_id: int) -> int:
        return int(next(self._session.db.query(_SEATS_SQL, [event_id]))["n"])

    def waitlist_position(self, event_id: int, participant_id: int) -> int | None:
        """1-based place on the waiting list, None when not waitlisted."""
        rows = list(
            self._session.db.query(
                "SELECT participant_id FROM registrations WHERE event_id = ? AND status = 'waitlisted'"
                " ORDER BY created_at, id",
                [event_id],
            )
        )
        ids = [r["participant_id"] for r in rows]
        return ids.index(participant_id) + 1 if participant_id in ids else None

    def register(self, event_id: int, participant_id: int, status: RegistrationStatus) -> Registration:
        """Write a new (or reopen a cancelled) registration with ``status`` (it queues again).

        The caller chooses the status (rules.registration_status) in the same write transaction,
        so two participants cannot take the last seat together.
        """
        now = iso_utc(self._session.clock.now())
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO registrations (event_id, participant_id, status, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id, participant_id) DO UPDATE SET"
                " status = excluded.status, created_at = excluded.created_at,"
                " updated_at = excluded.updated_at, offered_until = NULL",
                [event_id, participant_id, status, now, now],
            )
        found = self.get(event_id, participant_id)
        assert found is not None
        return found

    def set_status(
        self, event_id: int, participant_id: int, status: RegistrationStatus, *,
        offered_until: datetime | None = None,
    ) -> Registration | None:
        """Move an existing registration to ``status``; None when there is none."""
        now = iso_utc(self._session.clock.now())
        until = iso_utc(offered_until) if offered_until else None
        with self._session.transaction() as db:
            db.execute(
                "UPDATE registrations SET status = ?, updated_at = ?, offered_until = ?"
                " WHERE event_id = ? AND participant_id = ?",
                [status, now, until, event_id, participant_id],
            )
        return self.get(event_id, participant_id)

    def set_attendance(
        self, event_id: int, participant_id: int, attended: bool | None, share: float | None = None,
    ) -> Registration:
        """Record attended (True) or no-show (False), or clear the mark (None: back to registered);
        ``share`` is the part of the event attended (None: the whole of it, or no attendance)."""
        status = ATTENDANCE_STATUS[attended]
        with self._session.transaction() as db:
            cursor = db.execute(
                "UPDATE registrations SET status = ?, attended = ?, attended_share = ?, updated_at = ?"
                " WHERE event_id = ? AND participant_id = ?",
                [status, None if attended is None else int(attended), share if attended else None,
                 iso_utc(self._session.clock.now()), event_id, participant_id],
            )
            if cursor.rowcount == 0:
                raise NotFound(f"Participant {participant_id} has no registration for event {event_id}")
        found = self.get(event_id, participant_id)
        assert found is not None
        return found

    def for_participant(
        self, participant_id: int, statuses: tuple[RegistrationStatus, ...] = ACTIVE_STATUSES
    ) -> list[Registration]:
        marks = ", ".join("?" for _ in statuses)
        rows = self._session.db.query(
            f"SELECT * FROM registrations WHERE participant_id = ? AND status IN ({marks}) ORDER BY id",
            [participant_id, *statuses],
        )
        return [_registration(r) for r in rows]

    def waitlisted(self, event_id: int) -> list[Registration]:
        """The waiting list of an event, first in line first."""
        rows = self._session.db.query(
            "SELECT * FROM registrations WHERE event_id = ? AND status = 'waitlisted'"
            " ORDER BY created_at, id",
            [event_id],
        )
        return [_registration(r) for r in rows]

    # ---- reminders ("remind me") -------------------------------------------------------------

    def add_reminder(self, event_id: int, participant_id: int) -> bool:
        """Mark the event for a reminder; False when it was already marked."""
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO reminders (participant_id, event_id, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (participant_id, event_id) DO NOTHING",
                [participant_id, event_id, iso_utc(self._session.clock.now())],
            )
        return cursor.rowcount > 0

    def reminder_event_ids(self, participant_id: int) -> list[int]:
        rows = self._session.db.query(
            "SELECT event_id FROM reminders WHERE participant_id = ? ORDER BY id", [participant_id]
        )
        return [int(r["event_id"]) for r in rows]
