"""The series repository (issue 19): series, their sessions (events with ``series_id``), whole-series
registrations with the series' waiting list, and completions."""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..domain import slugify
from ..errors import NotFound
from ..records import ACTIVE_STATUSES, SEAT_STATUSES
from ..series_domain import (
    Completion,
    Series,
    SeriesData,
    SeriesRegistration,
    SeriesRegistrationStatus,
)
from .guard import translated
from .rows import dump, iso_utc, parse_iso_utc
from .session import Session

UID_DOMAIN = "brs-coord"
_SELECT = (
    "SELECT s.*, p.slug AS programme_slug, c.slug AS organiser_slug FROM series s"
    " LEFT JOIN programmes p ON p.id = s.programme_id"
    " LEFT JOIN centres c ON c.id = s.organiser_centre_id"
)


def _marks(values: tuple[str, ...] | list[Any]) -> str:
    return ", ".join("?" for _ in values)


def _series(row: dict[str, Any]) -> Series:
    return Series(
        title=row["title"], kind=row["kind"], timezone=row["timezone"], programme=row["programme_slug"],
        audiences=tuple(json.loads(row["audiences"] or "[]")), organiser=row["organiser_slug"],
        registration_mode=row["registration_mode"], completion_share=float(row["completion_share"]),
        capacity=row["capacity"], rule=row["rule"],
        translations=tuple(tuple(item) for item in json.loads(row["translations"] or "[]")),
        is_demo=bool(row["is_demo"]), id=int(row["id"]), slug=row["slug"], uid=row["uid"],
        created_at=parse_iso_utc(row["created_at"]), created_by=row["created_by"],
    )


@translated
class SeriesRepository:
    """Reads and writes of ``series``, ``series_registrations``, ``series_completions`` and the
    series columns of ``events``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # ---- series ---------------------------------------------------------------------------

    def create(self, data: SeriesData, by: str) -> Series:
        """Write a new series under a slug made from its title (numbered when taken)."""
        base = slugify(data.title)[:60].strip("-") or "series"
        with self._session.transaction() as db:
            taken = {r["slug"] for r in db.query(
                "SELECT slug FROM series WHERE slug = ? OR slug LIKE ?", [base, f"{base}-%"])}
            slug = base if base not in taken else next(
                f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)
            ids = self._session.ids
            cursor = db.execute(
                "INSERT INTO series (slug, uid, title, translations, kind, programme_id, audiences,"
                " organiser_centre_id, timezone, registration_mode, completion_share, capacity, rule,"
                " is_demo, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [slug, f"series-{uuid.uuid4()}@{UID_DOMAIN}", data.title.strip(),
                 dump([list(t) for t in data.translations]), data.kind.value, ids.programme(data.programme),
                 dump(list(data.audiences)), ids.centre(data.organiser), data.timezone,
                 data.registration_mode.value, data.completion_share, data.capacity, data.rule,
                 int(data.is_demo), iso_utc(self._session.clock.now()), by],
            )
        return self.get(int(cursor.lastrowid or 0))

    def get(self, series_id: int) -> Series:
        rows = list(self._session.db.query(_SELECT + " WHERE s.id = ?", [series_id]))
        if not rows:
            raise NotFound(f"No series with id {series_id}")
        return _series(rows[0])

    def by_slug(self, slug: str) -> Series:
        rows = list(self._session.db.query(_SELECT + " WHERE s.slug = ?", [slug]))
        if not rows:
            raise NotFound(f"No series {slug!r}")
        return _series(rows[0])

    def all(self) -> list[Series]:
        return [_series(r) for r in self._session.db.query(_SELECT + " ORDER BY s.title, s.id")]

    def of_event(self, event_id: int) -> Series | None:
        rows = list(self._session.db.query(
            _SELECT + " JOIN events e ON e.series_id = s.id WHERE e.id = ?", [event_id]))
        return _series(rows[0]) if rows else None

    # ---- sessions -------------------------------------------------------------------------

    def attach(self, event_id: int, series_id: int, number: int) -> None:
        """Make an event session ``number`` of a series (its cached VEVENTs, without RELATED-TO, go)."""
        with self._session.transaction() as db:
            db.execute("UPDATE events SET series_id = ?, session_number = ? WHERE id = ?",
                       [series_id, number, event_id])
            db.execute("DELETE FROM event_ics_cache WHERE event_id = ?", [event_id])

    def renumber(self, series_id: int) -> None:
        """Number a series' sessions by date (sessions joined out of order: an imported recurrence
        extended backwards); the cached VEVENTs of those renumbered go."""
        with self._session.transaction() as db:
            rows = list(db.query("SELECT id, session_number FROM events WHERE series_id = ?"
                                 " ORDER BY starts_at, id", [series_id]))
            moved = [(number, int(row["id"])) for number, row in enumerate(rows, 1)
                     if row["session_number"] != number]
            db.conn.executemany("UPDATE events SET session_number = ? WHERE id = ?", moved)
            db.conn.executemany("DELETE FROM event_ics_cache WHERE event_id = ?", [(i,) for _, i in moved])

    def session_ids(self, series_id: int) -> list[int]:
        """The ids of a series' sessions, in session order."""
        rows = self._session.db.query(
            "SELECT id FROM events WHERE series_id = ? ORDER BY session_number, starts_at, id", [series_id])
        return [int(r["id"]) for r in rows]

    def series_of(self, event_ids: list[int]) -> dict[int, int]:
        """Event id -> the id of its series, for those of ``event_ids`` that are sessions."""
        found: dict[int, int] = {}
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start:start + 500]
            rows = self._session.db.execute(
                f"SELECT id, series_id FROM events WHERE series_id IS NOT NULL"
                f" AND id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((int(row[0]), int(row[1])) for row in rows)
        return found

    def session_counts(self) -> dict[int, int]:
        rows = self._session.db.query(
            "SELECT series_id, count(*) AS n FROM events WHERE series_id IS NOT NULL GROUP BY series_id")
        return {int(r["series_id"]): int(r["n"]) for r in rows}

    # ---- whole-series registrations -------------------------------------------------------

    def registration(self, series_id: int, participant_id: int) -> SeriesRegistration | None:
        rows = list(self._session.db.query(
            "SELECT * FROM series_registrations WHERE series_id = ? AND participant_id = ?",
            [series_id, participant_id]))
        if not rows:
            return None
        row = rows[0]
        return SeriesRegistration(int(row["series_id"]), int(row["participant_id"]),
                                  SeriesRegistrationStatus(row["status"]), parse_iso_utc(row["created_at"]))

    def set_registration(self, series_id: int, participant_id: int, status: SeriesRegistrationStatus) -> None:
        """Write the whole-series registration (a new waiting place queues at the end)."""
        now = iso_utc(self._session.clock.now())
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO series_registrations (series_id, participant_id, status, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (series_id, participant_id) DO UPDATE SET"
                " status = excluded.status, updated_at = excluded.updated_at,"
                " created_at = CASE WHEN series_registrations.status = excluded.status"
                " THEN series_registrations.created_at ELSE excluded.created_at END",
                [series_id, participant_id, status.value, now, now])

    def waitlisted(self, series_id: int) -> list[int]:
        """The participants waiting for the whole series, first in line first."""
        rows = self._session.db.query(
            "SELECT participant_id FROM series_registrations WHERE series_id = ? AND status = 'waitlisted'"
            " ORDER BY created_at, rowid", [series_id])
        return [int(r["participant_id"]) for r in rows]

    def free_everywhere(self, event_ids: list[int], capacity_of: dict[int, int | None]) -> bool:
        """True when each event has a free seat (None capacity: unlimited)."""
        if not event_ids:
            return False
        rows = self._session.db.query(
            f"SELECT event_id, count(*) AS n FROM registrations WHERE event_id IN ({_marks(event_ids)})"
            f" AND status IN ({_marks(list(SEAT_STATUSES))}) GROUP BY event_id",
            [*event_ids, *SEAT_STATUSES])
        taken = {int(r["event_id"]): int(r["n"]) for r in rows}
        return all(capacity_of[i] is None or taken.get(i, 0) < (capacity_of[i] or 0) for i in event_ids)

    # ---- who is concerned by sessions (batched notices) -----------------------------------

    def involved(self, event_ids: list[int]) -> dict[int, dict[int, bool]]:
        """participant id -> {event id: holds a seat} for active registrations and "remind me" marks
        of the events, muted events and inactive participants left out."""
        if not event_ids:
            return {}
        sql = (
            "SELECT i.participant_id, i.event_id, max(i.seat) AS seat FROM ("
            f" SELECT participant_id, event_id, status IN ({_marks(list(SEAT_STATUSES))}) AS seat"
            f"  FROM registrations WHERE event_id IN ({_marks(event_ids)})"
            f"  AND status IN ({_marks(list(ACTIVE_STATUSES))})"
            " UNION ALL SELECT participant_id, event_id, 0 FROM reminders"
            f"  WHERE event_id IN ({_marks(event_ids)})"
            ") i JOIN participants p ON p.id = i.participant_id WHERE p.active = 1"
            " AND NOT EXISTS (SELECT 1 FROM muted_events m WHERE m.participant_id = i.participant_id"
            "  AND m.event_id = i.event_id)"
            " GROUP BY i.participant_id, i.event_id ORDER BY i.participant_id, i.event_id"
        )
        found: dict[int, dict[int, bool]] = {}
        params = [*SEAT_STATUSES, *event_ids, *ACTIVE_STATUSES, *event_ids]
        for row in self._session.db.query(sql, params):
            found.setdefault(int(row["participant_id"]), {})[int(row["event_id"])] = bool(row["seat"])
        return found

    # ---- completion -----------------------------------------------------------------------

    def attended_counts(self, series_id: int) -> dict[int, int]:
        """participant id -> sessions of the series attended."""
        rows = self._session.db.query(
            "SELECT r.participant_id, count(*) AS n FROM registrations r JOIN events e ON e.id = r.event_id"
            " WHERE e.series_id = ? AND r.status = 'attended' GROUP BY r.participant_id", [series_id])
        return {int(r["participant_id"]): int(r["n"]) for r in rows}

    def record_completion(self, series_id: int, participant_id: int, attended: int, sessions: int) -> bool:
        """Record that a participant completed the series; False when it was recorded already."""
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO series_completions (series_id, participant_id, attended, sessions, completed_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [series_id, participant_id, attended, sessions, iso_utc(self._session.clock.now())])
        return cursor.rowcount > 0

    def completions(self, series_id: int) -> list[Completion]:
        rows = self._session.db.query(
            "SELECT * FROM series_completions WHERE series_id = ? ORDER BY participant_id", [series_id])
        return [Completion(int(r["series_id"]), int(r["participant_id"]), int(r["attended"]),
                           int(r["sessions"]), parse_iso_utc(r["completed_at"])) for r in rows]

    def attended_sessions(self, series_id: int, participant_id: int) -> set[int]:
        """The sessions of a series a participant attended."""
        rows = self._session.db.query(
            "SELECT r.event_id FROM registrations r JOIN events e ON e.id = r.event_id"
            " WHERE e.series_id = ? AND r.participant_id = ? AND r.status = 'attended'",
            [series_id, participant_id])
        return {int(r["event_id"]) for r in rows}
