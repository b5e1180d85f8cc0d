"""The participants repository: Telegram participants, their settings and feed tokens."""

from __future__ import annotations

import json
import logging
from typing import Any

from ..errors import NotFound
from ..records import Participant
from .db import BUSY_TIMEOUT_S
from .guard import translated
from .rows import iso_utc
from .session import Session

log = logging.getLogger(__name__)

SETTABLE = frozenset(
    {"chat_id", "first_name", "language", "timezone", "country", "audience_id", "active", "reminder_leads",
     "quiet_start", "quiet_end"}
)


_SELECT = (
    "SELECT p.*, a.slug AS audience_slug FROM participants p"
    " LEFT JOIN audiences a ON a.id = p.audience_id"
)


def _participant(row: dict[str, Any]) -> Participant:
    return Participant(
        id=row["id"],
        telegram_id=row["telegram_id"],
        chat_id=row["chat_id"],
        first_name=row["first_name"],
        language=row["language"],
        timezone=row["timezone"],
        country=row["country"],
        audience=row["audience_slug"],
        reminder_leads=tuple(json.loads(row["reminder_leads"] or "[]")),
        active=bool(row["active"]),
        feed_token=row["feed_token"],
        quiet_start=row["quiet_start"],
        quiet_end=row["quiet_end"],
    )


@translated
class ParticipantRepository:
    """Reads and writes of ``participants`` (deleting one cascades to everything it owns)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _one(self, where: str, params: list[object]) -> Participant | None:
        rows = list(self._session.db.query(f"{_SELECT} WHERE {where}", params))
        return _participant(rows[0]) if rows else None

    def by_telegram_id(self, telegram_id: int) -> Participant | None:
        return self._one("p.telegram_id = ?", [telegram_id])

    def get(self, participant_id: int) -> Participant:
        found = self._one("p.id = ?", [participant_id])
        if found is None:
            raise NotFound(f"No participant with id {participant_id}")
        return found

    def by_feed_token(self, token: str) -> Participant | None:
        return self._one("p.feed_token = ?", [token]) if token else None

    def create(
        self, telegram_id: int, *, chat_id: int | None, first_name: str, language: str
    ) -> Participant:
        """Insert a participant with the defaults (UTC, no country, no audience); idempotent."""
        now = iso_utc(self._session.clock.now())
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO participants (telegram_id, chat_id, first_name, language, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (telegram_id) DO NOTHING",
                [telegram_id, chat_id, first_name[:100], language, now, now],
            )
        found = self.by_telegram_id(telegram_id)
        assert found is not None
        return found

    def update(self, participant_id: int, **values: object) -> Participant:
        """Change some of the settable columns (see ``SETTABLE``)."""
        unknown = set(values) - SETTABLE
        if unknown:
            raise ValueError(f"not settable: {', '.join(sorted(unknown))}")
        if "reminder_leads" in values:
            values["reminder_leads"] = json.dumps(list(values["reminder_leads"]))  # type: ignore[call-overload]
        if "active" in values:
            values["active"] = int(bool(values["active"]))
        values["updated_at"] = iso_utc(self._session.clock.now())
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._session.transaction() as db:
            db.execute(
                f"UPDATE participants SET {assignments} WHERE id = ?", [*values.values(), participant_id]
            )
        return self.get(participant_id)

    def audience_id(self, slug: str) -> int:
        return self._session.ids.audience(slug)

    def set_feed_token(self, participant_id: int, token: str | None) -> None:
        with self._session.transaction() as db:
            db.execute(
                "UPDATE participants SET feed_token = ?, updated_at = ? WHERE id = ?",
                [token, iso_utc(self._session.clock.now()), participant_id],
            )

    def delete(self, participant_id: int) -> dict[str, int]:
        """Delete the participant and everything stored about them; returns what went, by table.

        Nothing of theirs stays readable in the files: the deleted rows are overwritten with zeros
        (``secure_delete`` for this delete) and the write-ahead log, whose older frames still hold
        them, is checkpointed into the database and truncated (see ``erase_log``)."""
        removed: dict[str, int] = {}
        conn = self._session.db.conn
        outer = conn.in_transaction
        conn.execute("PRAGMA secure_delete = ON")
        try:
            with self._session.transaction() as db:
                for table in ("registrations", "reminders", "subscriptions", "outbox"):
                    cursor = db.execute(f"DELETE FROM {table} WHERE participant_id = ?", [participant_id])
                    removed[table] = cursor.rowcount
                cursor = db.execute("DELETE FROM participants WHERE id = ?", [participant_id])
                removed["participants"] = cursor.rowcount
        finally:
            conn.execute("PRAGMA secure_delete = OFF")
        if not outer:
            erase_log(self._session)
        return removed


ERASE_WAIT_MS = 2000  # readers of other processes finish within this; the log is not worth more


def erase_log(session: Session) -> bool:
    """Checkpoint the write-ahead log into the database and truncate it to nothing (True when done).

    A reader that keeps an older snapshot open (another process mid-request) holds the log's
    frames: the checkpoint then waits at most ERASE_WAIT_MS and the log is erased by the next
    checkpoint that finds no reader (every commit that fills it, and every last close)."""
    conn = session.db.conn
    conn.execute(f"PRAGMA busy_timeout = {ERASE_WAIT_MS}")
    try:
        busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    if busy:
        log.info("the write-ahead log was not erased now (a reader holds it); the next checkpoint will")
    return not busy
