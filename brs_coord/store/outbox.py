"""The outbox repository: notices written with the change that causes them, claimed and marked by the sender.

A row is *pending* while ``sent_at`` and ``failed_at`` are NULL. The sender claims due rows by setting
``claimed_at`` (and counting an attempt); a claim older than the lease belongs to a dead process and is
taken again, so a crash re-sends at most the rows that were in flight.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..payloads import NewNotice, NoticePayload
from ..records import (
    ACTIVE_STATUSES,
    SEAT_HOLDING,
    NoticeKind,
    OutboxEntry,
    ReminderCandidate,
    known_kind,
)
from .guard import translated
from .rows import iso_utc, json_list, parse_iso_utc
from .session import Session

__all__ = ["NewNotice", "OutboxEntry", "OutboxRepository"]

PENDING = "sent_at IS NULL AND failed_at IS NULL"
# Who hears about an event they are involved in: active registrations and "remind me" marks.
INVOLVED_STATUSES = ACTIVE_STATUSES
SEAT_STATUSES = SEAT_HOLDING


_INSERT = (
    "INSERT INTO outbox (participant_id, event_id, kind, payload, dedupe_key, urgent, created_at, due_at)"
)
_ENTRY_SELECT = (
    "SELECT o.id, o.participant_id, o.event_id, o.kind, o.payload, o.urgent, o.due_at, o.attempts,"
    " p.chat_id, p.language, p.timezone, p.quiet_start, p.quiet_end, p.active"
    " FROM outbox o JOIN participants p ON p.id = o.participant_id"
)


def _entry(row: dict[str, Any]) -> OutboxEntry:
    return OutboxEntry(
        id=row["id"], participant_id=row["participant_id"], event_id=row["event_id"],
        kind=known_kind(row["kind"]), payload_json=row["payload"] or "", urgent=bool(row["urgent"]),
        due_at=parse_iso_utc(row["due_at"]),
        attempts=row["attempts"], chat_id=row["chat_id"], language=row["language"],
        timezone=row["timezone"], quiet_start=row["quiet_start"], quiet_end=row["quiet_end"],
        active=bool(row["active"]),
    )


def _marks(values: tuple[str, ...] | list[int]) -> str:
    return ", ".join("?" for _ in values)


@translated
class OutboxRepository:
    """Reads and writes of ``outbox`` (and of ``muted_events``, the "stop these" marks)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # ---- writing notices ------------------------------------------------------------------------

    def add(self, notice: NewNotice) -> bool:
        """Write one notice; False when its dedupe key was already written."""
        now = iso_utc(self._session.clock.now())
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO outbox (participant_id, event_id, kind, payload, dedupe_key, urgent, created_at,"
                " due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
                [notice.participant_id, notice.event_id, notice.kind, notice.payload.to_json(),
                 notice.dedupe_key,
                 int(notice.urgent), now, iso_utc(notice.due_at)],
            )
        return cursor.rowcount > 0

    def add_for_subscribers(
        self, event_id: int, facets: dict[str, tuple[str, ...]], payload: NoticePayload, due_at: datetime
    ) -> int:
        """One "new-event" notice per active participant with a subscription matching any facet value."""
        clauses: list[str] = []
        params: list[object] = []
        for facet, values in facets.items():
            if values:
                clauses.append(f"(s.facet = ? AND s.value IN ({_marks(values)}))")
                params += [facet, *values]
        if not clauses:
            return 0
        now = iso_utc(self._session.clock.now())
        sql = (
            _INSERT + " SELECT DISTINCT s.participant_id, ?, 'new-event', ?,"
            " 'new-event:' || ? || ':' || s.participant_id, 0, ?, ?"
            " FROM subscriptions s JOIN participants p ON p.id = s.participant_id"
            f" WHERE p.active = 1 AND ({' OR '.join(clauses)}) ON CONFLICT (dedupe_key) DO NOTHING"
        )
        with self._session.transaction() as db:
            cursor = db.execute(sql, [event_id, payload.to_json(), event_id, now, iso_utc(due_at), *params])
        return cursor.rowcount

    def add_for_involved(
        self, event_id: int, kind: NoticeKind, key: str, payloads: tuple[NoticePayload, NoticePayload | None],
        due_at: datetime, *, urgent: bool, without_pending: NoticeKind | None = None,
        registrants_only: bool = False,
    ) -> int:
        """One notice per participant registered for (or reminded of) the event, muted ones left out.

        ``payloads`` is (for seat holders, for the others): only seat holders see the join link; with
        None for the others, only seat holders are written to. ``registrants_only`` leaves out "remind
        me" marks; ``without_pending`` skips participants holding a pending unclaimed notice of that kind.
        """
        now = iso_utc(self._session.clock.now())
        seat_payload = payloads[0].to_json()
        other_payload = payloads[1].to_json() if payloads[1] is not None else None
        marks = "" if registrants_only else (
            " UNION ALL SELECT participant_id, event_id, 0 FROM reminders WHERE event_id = ?"
        )
        skip = " AND i.seat = 1" if other_payload is None else ""
        if without_pending:
            skip += (
                " AND NOT EXISTS (SELECT 1 FROM outbox q WHERE q.event_id = i.event_id"
                f" AND q.participant_id = i.participant_id AND q.kind = '{without_pending}'"
                " AND q.sent_at IS NULL AND q.failed_at IS NULL AND q.claimed_at IS NULL)"
            )
        sql = (
            _INSERT + " SELECT i.participant_id, i.event_id, ?, CASE WHEN i.seat THEN ? ELSE ? END,"
            " ? || ':' || i.participant_id, ?, ?, ? FROM ("
            "  SELECT participant_id, event_id, max(seat) AS seat FROM ("
            f"   SELECT participant_id, event_id, status IN ({_marks(SEAT_STATUSES)}) AS seat"
            "    FROM registrations"
            f"   WHERE event_id = ? AND status IN ({_marks(INVOLVED_STATUSES)})"
            + marks + ")"
            "  GROUP BY participant_id, event_id) i"
            " JOIN participants p ON p.id = i.participant_id"
            " WHERE p.active = 1 AND NOT EXISTS (SELECT 1 FROM muted_events m"
            "  WHERE m.participant_id = i.participant_id AND m.event_id = i.event_id)" + skip +
            " ON CONFLICT (dedupe_key) DO NOTHING"
        )
        params = [kind, seat_payload, other_payload, key, int(urgent), now, iso_utc(due_at),
                  *SEAT_STATUSES, event_id, *INVOLVED_STATUSES] + ([] if registrants_only else [event_id])
        with self._session.transaction() as db:
            cursor = db.execute(sql, params)
        return cursor.rowcount

    def pending_payloads(self, event_id: int, kind: NoticeKind) -> list[str]:
        """The distinct payloads (JSON text) of pending, unclaimed notices of one kind for an event."""
        rows = self._session.db.query(
            f"SELECT DISTINCT payload FROM outbox WHERE event_id = ? AND kind = ? AND {PENDING}"
            " AND claimed_at IS NULL",
            [event_id, kind],
        )
        return [r["payload"] for r in rows]

    def replace_pending_payload(
        self, event_id: int, kind: NoticeKind, old: str, new: NoticePayload | None
    ) -> int:
        """Rewrite (or, with ``new`` None, delete) pending unclaimed notices holding payload ``old``."""
        where = f"event_id = ? AND kind = ? AND payload = ? AND {PENDING} AND claimed_at IS NULL"
        with self._session.transaction() as db:
            if new is None:
                cursor = db.execute(f"DELETE FROM outbox WHERE {where}", [event_id, kind, old])
            else:
                cursor = db.execute(
                    f"UPDATE outbox SET payload = ? WHERE {where}", [new.to_json(), event_id, kind, old]
                )
        return cursor.rowcount

    def drop_pending_without_changes(self, event_id: int) -> int:
        """Delete pending, unclaimed "changed" notices whose changes cancelled out."""
        with self._session.transaction() as db:
            return db.execute(
                f"DELETE FROM outbox WHERE event_id = ? AND kind = 'changed' AND {PENDING}"
                " AND claimed_at IS NULL AND json_extract(payload, '$.changes') = '{}'",
                [event_id],
            ).rowcount

    def drop_pending(
        self, event_id: int, kinds: tuple[NoticeKind, ...], participant_id: int | None = None
    ) -> int:
        """Delete pending, unclaimed notices of these kinds for an event (superseded or moot)."""
        sql = f"DELETE FROM outbox WHERE event_id = ? AND kind IN ({_marks(kinds)}) AND {PENDING}" \
              " AND claimed_at IS NULL"
        params: list[object] = [event_id, *kinds]
        if participant_id is not None:
            sql += " AND participant_id = ?"
            params.append(participant_id)
        with self._session.transaction() as db:
            return db.execute(sql, params).rowcount

    # ---- delivery --------------------------------------------------------------------------------

    def due(self, now: datetime, stale_before: datetime, limit: int) -> list[OutboxEntry]:
        """Pending rows due by ``now`` that nobody holds (never claimed, or the claim is stale)."""
        rows = self._session.db.query(
            _ENTRY_SELECT + " WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.due_at <= ?"
            " AND (o.claimed_at IS NULL OR o.claimed_at <= ?) ORDER BY o.urgent DESC, o.due_at, o.id LIMIT ?",
            [iso_utc(now), iso_utc(stale_before), limit],
        )
        return [_entry(r) for r in rows]

    def claim(self, ids: list[int], now: datetime) -> None:
        """Take rows for sending: stamp ``claimed_at`` and count an attempt."""
        if ids:
            with self._session.transaction() as db:
                db.execute(
                    f"UPDATE outbox SET claimed_at = ?, attempts = attempts + 1 WHERE id IN ({_marks(ids)})",
                    [iso_utc(now), *ids],
                )

    def mark_sent(self, outbox_id: int, now: datetime) -> None:
        with self._session.transaction() as db:
            db.execute(
                "UPDATE outbox SET sent_at = ?, last_error = NULL WHERE id = ?", [iso_utc(now), outbox_id]
            )

    def release(
        self, outbox_id: int, due_at: datetime, error: str | None, *, count_attempt: bool = True
    ) -> None:
        """Give a row back to be tried again at ``due_at``."""
        uncount = "" if count_attempt else ", attempts = max(attempts - 1, 0)"
        with self._session.transaction() as db:
            db.execute(
                f"UPDATE outbox SET claimed_at = NULL, due_at = ?, last_error = ?{uncount} WHERE id = ?",
                [iso_utc(due_at), error, outbox_id],
            )

    def defer(self, ids: list[int], due_at: datetime) -> None:
        """Push unclaimed rows to a later time (quiet hours)."""
        if ids:
            with self._session.transaction() as db:
                db.execute(
                    f"UPDATE outbox SET due_at = ? WHERE id IN ({_marks(ids)})", [iso_utc(due_at), *ids]
                )

    def mark_failed(self, outbox_id: int, error: str, now: datetime) -> None:
        with self._session.transaction() as db:
            db.execute(
                "UPDATE outbox SET failed_at = ?, last_error = ?, claimed_at = NULL WHERE id = ?",
                [iso_utc(now), error, outbox_id],
            )

    def reopen_failed(self, outbox_id: int, now: datetime) -> bool:
        """Make a failed row pending again, due ``now`` with no attempts counted; False when it had not
        failed (the last error stays, for the staff screen)."""
        with self._session.transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET failed_at = NULL, claimed_at = NULL, attempts = 0, due_at = ?"
                " WHERE id = ? AND failed_at IS NOT NULL AND sent_at IS NULL",
                [iso_utc(now), outbox_id],
            )
        return cursor.rowcount > 0

    def delete(self, outbox_id: int) -> None:
        with self._session.transaction() as db:
            db.execute("DELETE FROM outbox WHERE id = ?", [outbox_id])

    def deactivate(self, participant_id: int, error: str, now: datetime) -> int:
        """Mark a participant inactive and fail their pending notices; returns how many were failed."""
        stamp = iso_utc(now)
        with self._session.transaction() as db:
            db.execute(
                "UPDATE participants SET active = 0, updated_at = ? WHERE id = ?", [stamp, participant_id]
            )
            cursor = db.execute(
                f"UPDATE outbox SET failed_at = ?, last_error = ?, claimed_at = NULL"
                f" WHERE participant_id = ? AND {PENDING}",
                [stamp, error, participant_id],
            )
        return cursor.rowcount

    # ---- reading -------------------------------------------------------------------------------

    def get(self, outbox_id: int) -> OutboxEntry | None:
        rows = list(self._session.db.query(_ENTRY_SELECT + " WHERE o.id = ?", [outbox_id]))
        return _entry(rows[0]) if rows else None

    def exists(self, outbox_id: int) -> bool:
        return bool(list(self._session.db.query("SELECT 1 FROM outbox WHERE id = ?", [outbox_id])))

    def row(self, outbox_id: int) -> dict[str, Any] | None:
        """The raw stored row (for checks and the staff screens)."""
        rows = list(self._session.db.query("SELECT * FROM outbox WHERE id = ?", [outbox_id]))
        return rows[0] if rows else None

    def rows(self, **where: object) -> list[dict[str, Any]]:
        """Raw rows matching equality conditions on columns, oldest first."""
        clause = " AND ".join(f"{name} = ?" for name in where) or "1"
        sql = f"SELECT * FROM outbox WHERE {clause} ORDER BY id"
        return list(self._session.db.query(sql, list(where.values())))

    def counts(self) -> dict[str, int]:
        row = next(self._session.db.query(
            f"SELECT sum({PENDING}) AS pending, sum(sent_at IS NOT NULL) AS sent,"
            f" sum(failed_at IS NOT NULL) AS failed, sum({PENDING} AND claimed_at IS NOT NULL) AS claimed"
            " FROM outbox"
        ))
        return {name: int(row[name] or 0) for name in ("pending", "sent", "failed", "claimed")}

    # ---- "stop these" ----------------------------------------------------------------------------

    def mute(self, participant_id: int, event_id: int) -> bool:
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO muted_events (participant_id, event_id, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [participant_id, event_id, iso_utc(self._session.clock.now())],
            )
            db.execute(
                f"DELETE FROM outbox WHERE participant_id = ? AND event_id = ? AND {PENDING}"
                " AND claimed_at IS NULL AND kind IN ('changed', 'reminder', 'message')",
                [participant_id, event_id],
            )
        return cursor.rowcount > 0

    def is_muted(self, participant_id: int, event_id: int) -> bool:
        rows = list(self._session.db.query(
            "SELECT 1 FROM muted_events WHERE participant_id = ? AND event_id = ?", [participant_id, event_id]
        ))
        return bool(rows)

    # ---- reminders -----------------------------------------------------------------------------

    def reminder_candidates(self, now: datetime, horizon: datetime) -> list[ReminderCandidate]:
        """Participants with a seat or a "remind me" mark for events starting in (now, horizon]."""
        sql = (
            "SELECT i.participant_id, i.event_id, max(i.seat) AS seat, min(i.since) AS since,"
            " p.reminder_leads, e.starts_at FROM ("
            f"  SELECT participant_id, event_id, 1 AS seat, updated_at AS since FROM registrations"
            f"  WHERE status IN ({_marks(SEAT_STATUSES)})"
            "   UNION ALL SELECT participant_id, event_id, 0, created_at FROM reminders) i"
            " JOIN events e ON e.id = i.event_id JOIN participants p ON p.id = i.participant_id"
            " WHERE e.starts_at > ? AND e.starts_at <= ? AND e.status IN ('planned', 'confirmed')"
            " AND p.active = 1 AND NOT EXISTS (SELECT 1 FROM muted_events m"
            "  WHERE m.participant_id = i.participant_id AND m.event_id = i.event_id)"
            " GROUP BY i.participant_id, i.event_id ORDER BY e.starts_at, i.participant_id"
        )
        return [
            ReminderCandidate(
                participant_id=int(r["participant_id"]), event_id=int(r["event_id"]), seat=bool(r["seat"]),
                since=parse_iso_utc(r["since"]), leads=tuple(int(v) for v in json_list(r["reminder_leads"])),
                starts_at=parse_iso_utc(r["starts_at"]),
            )
            for r in self._session.db.query(sql, [*SEAT_STATUSES, iso_utc(now), iso_utc(horizon)])
        ]

    def still_involved(self, participant_id: int, event_id: int) -> tuple[bool, bool]:
        """(has a seat, has a "remind me" mark) right now."""
        seat = list(self._session.db.query(
            f"SELECT 1 FROM registrations WHERE participant_id = ? AND event_id = ? AND status IN"
            f" ({_marks(SEAT_STATUSES)})",
            [participant_id, event_id, *SEAT_STATUSES],
        ))
        mark = list(self._session.db.query(
            "SELECT 1 FROM reminders WHERE participant_id = ? AND event_id = ?", [participant_id, event_id]
        ))
        return bool(seat), bool(mark)
