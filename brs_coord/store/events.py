"""The events repository: create, change, list and search events, with history and locking.

It writes what it is given: the rules (validation, status changes, rescheduling, deletion) are
applied by the scheduling service (brs_coord/rules.py); here are SQL and the version check."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from ..domain import (
    Event,
    EventChange,
    EventData,
    EventQuery,
    HistoryEntry,
    TimeScope,
    diff_events,
)
from ..errors import Conflict, NotFound
from .connection import Connection
from .event_sql import (
    EVENT_SELECT,
    TEXT_HITS_CLEAR,
    TEXT_HITS_CREATE,
    TEXT_HITS_FILL,
    Split,
    TextHits,
    fts_expression,
    order_clause,
    split_where,
    where_clause,
)
from .rows import (
    dump,
    event_from_row,
    event_search_forms,
    iso_utc,
    json_dict,
    parse_iso_utc,
    translations_column,
)
from .session import Session

UID_DOMAIN = "brs-coord"


def new_uid() -> str:
    """A fresh, stable event UID."""
    return f"{uuid.uuid4()}@{UID_DOMAIN}"


def _history_value(value: object) -> object:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, tuple):
        return list(value)
    return value


class EventRepository:
    """All reads and writes of events and their links."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # ---- reading -------------------------------------------------------------------------

    def get(self, event_id: int) -> Event:
        rows = list(self._session.db.query(EVENT_SELECT + " WHERE e.id = ?", [event_id]))
        if not rows:
            raise NotFound(f"No event with id {event_id}")
        return event_from_row(rows[0])

    def get_by_uid(self, uid: str) -> Event:
        rows = list(self._session.db.query(EVENT_SELECT + " WHERE e.uid = ?", [uid]))
        if not rows:
            raise NotFound(f"No event with uid {uid!r}")
        return event_from_row(rows[0])

    def find(self, query: EventQuery, now: datetime) -> list[Event]:
        """Events matching the query, in its order, one page."""
        return self._find(query, now, self._match_text(query))

    def _find(self, query: EventQuery, now: datetime, hits: TextHits | None) -> list[Event]:
        split = split_where(query, now, text_hits=hits)
        if split is not None and query.limit is not None:
            return self._find_split(split, query.limit, query.offset)
        where, params = where_clause(query, now, text_hits=hits)
        sql = EVENT_SELECT + where + order_clause(query)
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [query.limit, query.offset]
        return [event_from_row(row) for row in self._session.db.query(sql, params)]

    def find_with_total(self, query: EventQuery, now: datetime, *, cap: int) -> tuple[list[Event], int]:
        """One page (as ``find``) and how many events match, counting at most ``cap`` (as ``count``).
        Not counted when the first page holds every match (the total is then the page size, even
        above ``cap``); with a split query the long running events are read once, for both."""
        hits = self._match_text(query)
        if hits is not None and hits.few and query.limit is not None:
            return self._page_of_few_hits(query, now, hits, cap)
        split = split_where(query, now, text_hits=hits)
        if split is None or query.limit is None:
            events = self._find(query, now, hits)
        else:
            long_ids: list[int] = []
            events = self._find_split(split, query.limit, query.offset, long_ids)
        if query.offset == 0 and query.limit is not None and len(events) < query.limit:
            return events, len(events)
        if split is None or query.limit is None:
            return events, self._count(query, now, cap, hits)
        short = split.short
        short_count = next(self._session.db.query(
            f"SELECT count(*) AS n FROM (SELECT 1 FROM {short.source}{short.where} LIMIT {int(cap)})",
            short.params,
        ))["n"]
        return events, min(len(long_ids) + int(short_count), cap)

    def _page_of_few_hits(
        self, query: EventQuery, now: datetime, hits: TextHits, cap: int
    ) -> tuple[list[Event], int]:
        """``find_with_total`` when the full-text match gave few events: one statement reads each
        hit once (by id), keeps those the other conditions take, sorts them and counts them all."""
        assert query.limit is not None
        where, params = where_clause(query, now, text_hits=hits)
        sql = (
            "SELECT e.id, count(*) OVER () AS total FROM events e"
            " LEFT JOIN programmes p ON p.id = e.programme_id"
            " LEFT JOIN centres c ON c.id = e.organiser_centre_id"
            + where + order_clause(query) + " LIMIT ? OFFSET ?"
        )
        rows = list(self._session.db.query(sql, [*params, query.limit, query.offset]))
        if not rows:  # nothing, or a page after the last one: the total needs its own count
            return [], 0 if query.offset == 0 else self._count(query, now, cap, hits)
        ids = [row["id"] for row in rows]
        sql = EVENT_SELECT + f" WHERE e.id IN ({', '.join('?' for _ in ids)})"
        by_id = {row["id"]: event_from_row(row) for row in self._session.db.query(sql, ids)}
        return [by_id[event_id] for event_id in ids], min(int(rows[0]["total"]), cap)

    def _find_split(
        self, split: Split, limit: int, offset: int, long_out: list[int] | None = None
    ) -> list[Event]:
        """One page in start order from the long running events, then the others (see split_where);
        ``long_out`` receives the ids of every long running match."""
        db = self._session.db
        long_rows = sorted(
            (row["starts_at"], row["id"])
            for part in split.long
            for row in db.query(f"SELECT e.id, e.starts_at FROM {part.source}{part.where}", part.params)
        )
        long_ids = [event_id for _, event_id in long_rows]
        if long_out is not None:
            long_out.extend(long_ids)
        ids = long_ids[offset : offset + limit]
        if len(ids) < limit:
            short = split.short
            short_sql = (
                f"SELECT e.id FROM {short.source}{short.where} ORDER BY e.starts_at, e.id LIMIT ? OFFSET ?"
            )
            skip = max(0, offset - len(long_ids))
            ids += [row["id"] for row in db.query(short_sql, [*short.params, limit - len(ids), skip])]
        if not ids:
            return []
        sql = EVENT_SELECT + f" WHERE e.id IN ({', '.join('?' for _ in ids)}) ORDER BY e.starts_at, e.id"
        return [event_from_row(row) for row in db.query(sql, ids)]

    def count(self, query: EventQuery, now: datetime, *, cap: int | None = None) -> int:
        """How many events match; with ``cap``, counting stops there (min(count, cap))."""
        return self._count(query, now, cap, self._match_text(query))

    def _count(self, query: EventQuery, now: datetime, cap: int | None, hits: TextHits | None) -> int:
        limit = f" LIMIT {int(cap)}" if cap is not None else ""
        split = split_where(query, now, text_hits=hits)
        if split is not None:
            parts = (*split.long, split.short)
            sql = " + ".join(
                f"(SELECT count(*) FROM (SELECT 1 FROM {part.source}{part.where}{limit}))" for part in parts
            )
            params = [value for part in parts for value in part.params]
            total = int(next(self._session.db.query(f"SELECT {sql} AS n", params))["n"])
            return total if cap is None else min(total, cap)
        where, params = where_clause(query, now, text_hits=hits)
        sql = (
            "SELECT count(*) AS n FROM (SELECT 1 FROM events e"
            " LEFT JOIN programmes p ON p.id = e.programme_id"
            " LEFT JOIN centres c ON c.id = e.organiser_centre_id" + where + limit + ")"
        )
        return int(next(self._session.db.query(sql, params))["n"])

    def _match_text(self, query: EventQuery) -> TextHits | None:
        """Run the query's full-text match once, into this connection's TEXT_HITS table.

        A question is answered by up to four statements (long running and other events, page and
        count); each would otherwise run the match again. Returns the table, or None without text.
        """
        expression = fts_expression(query.text)
        if expression is None:
            return None
        conn = self._session.db.conn
        joined = conn.in_transaction
        conn.execute(TEXT_HITS_CREATE)
        conn.execute(TEXT_HITS_CLEAR)
        filled = conn.execute(TEXT_HITS_FILL, [expression]).rowcount
        if not joined:
            conn.commit()  # ends the implicit transaction the writes began: no snapshot kept open
        return TextHits(filled)

    def upcoming(self, now: datetime, limit: int = 50, offset: int = 0) -> list[Event]:
        return self.find(EventQuery(limit=limit, offset=offset), now)

    def in_range(self, start: datetime, end: datetime, now: datetime) -> list[Event]:
        """Every public event overlapping [start, end), whatever its status."""
        query = EventQuery(starts_from=start, ends_before=end, scope=TimeScope.ALL, limit=None)
        return self.find(query, now)

    def search(self, text: str, now: datetime, limit: int = 50) -> list[Event]:
        return self.find(EventQuery(text=text, limit=limit), now)

    def uid_named(self, word: str) -> str | None:
        """The uid of the event ``word`` names: its whole uid, or the part before the "@"."""
        candidates = [word] if "@" in word else [word, f"{word}@{UID_DOMAIN}"]
        marks = ", ".join("?" for _ in candidates)
        sql = f"SELECT uid FROM events WHERE uid IN ({marks}) LIMIT 1"
        rows = list(self._session.db.query(sql, candidates))
        return str(rows[0]["uid"]) if rows else None

    def has_text(self, text: str, *, prefix: bool = True) -> bool:
        """True when some public event (past or future) matches the words of ``text``."""
        expression = fts_expression(text, prefix=prefix)
        if expression is None:
            return False
        sql = (
            "SELECT 1 FROM events_fts f JOIN events e ON e.id = f.rowid"
            " WHERE events_fts MATCH ? AND e.status != 'draft' LIMIT 1"
        )
        return bool(list(self._session.db.query(sql, [expression])))

    def history(self, event_id: int) -> list[HistoryEntry]:
        rows = self._session.db.query(
            "SELECT * FROM event_history WHERE event_id = ? ORDER BY id", [event_id]
        )
        return [
            HistoryEntry(
                id=row["id"],
                event_id=row["event_id"],
                changed_at=parse_iso_utc(row["changed_at"]),
                changed_by=row["changed_by"],
                action=row["action"],
                changes=json_dict(row["changes"]),
            )
            for row in rows
        ]

    def total(self) -> int:
        return int(next(self._session.db.query("SELECT count(*) AS n FROM events"))["n"])

    # ---- writing -------------------------------------------------------------------------

    def create(
        self, data: EventData, by: str, *, uid: str | None = None, source: str = "staff"
    ) -> EventChange:
        """Insert an event with its links and a 'created' history row (the caller validated it)."""
        now = iso_utc(self._session.clock.now())
        with self._session.transaction() as db:
            row = self._columns(db, data)
            row.update(
                uid=uid or new_uid(), version=1, source=source, created_at=now, created_by=by,
                updated_at=now, updated_by=by, status_changed_at=now,
            )
            cursor = db.execute(
                f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
            event_id = int(cursor.lastrowid or 0)
            self._write_links(db, event_id, data)
            created = self.get(event_id)
            changes: dict[str, tuple[object, object]] = {
                name: (None, value) for name, value in _data_items(data)
            }
            self._record(db, created, by, "created", changes)
        return EventChange("created", None, created, changes)

    def current(self, event_id: int, expected_version: int) -> Event:
        """The event, if it is still at ``expected_version``; raises Conflict (who, when) otherwise."""
        return self._locked_current(event_id, expected_version)

    def update(
        self, event_id: int, data: EventData, *, expected_version: int, by: str,
        action: str = "updated",
    ) -> EventChange:
        """Replace the editable fields; raises Conflict if the event changed since it was read."""
        with self._session.transaction() as db:
            current = self._locked_current(event_id, expected_version)
            changes = diff_events(current.data(), data)
            if not changes:
                return EventChange(action, current, current, {})
            now = iso_utc(self._session.clock.now())
            row = self._columns(db, data)
            row.update(version=current.version + 1, updated_at=now, updated_by=by)
            if "status" in changes:
                row["status_changed_at"] = now
            assignments = ", ".join(f"{name} = ?" for name in row)
            db.execute(
                f"UPDATE events SET {assignments} WHERE id = ?", [*row.values(), event_id]
            )
            self._write_links(db, event_id, data)
            after = self.get(event_id)
            self._record(db, after, by, action, changes)
        return EventChange(action, current, after, changes)

    def record_change(
        self, event_id: int, *, expected_version: int, by: str, action: str,
        changes: dict[str, tuple[object, object]],
    ) -> Event:
        """A change kept outside the ``events`` row (its results tags): the event's version goes up
        and the change is in its history, under the same check as an update (Conflict if it moved)."""
        with self._session.transaction() as db:
            self._locked_current(event_id, expected_version)
            db.execute(
                "UPDATE events SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                [iso_utc(self._session.clock.now()), by, event_id],
            )
            after = self.get(event_id)
            self._record(db, after, by, action, changes)
        return after

    def delete(self, event_id: int, *, expected_version: int, by: str) -> EventChange:
        """Delete an event (the caller checked that it may be deleted)."""
        with self._session.transaction() as db:
            current = self._locked_current(event_id, expected_version)
            self._record(db, current, by, "deleted", {})
            db.execute("DELETE FROM events WHERE id = ?", [event_id])
        return EventChange("deleted", current, None, {})

    # ---- internals -----------------------------------------------------------------------

    def _locked_current(self, event_id: int, expected_version: int) -> Event:
        current = self.get(event_id)
        if current.version != expected_version:
            raise Conflict(
                f"“{current.title}” was changed by {current.updated_by} at "
                f"{iso_utc(current.updated_at or self._session.clock.now())} "
                f"(version {current.version}, you had version {expected_version})",
                changed_by=current.updated_by,
                changed_at=iso_utc(current.updated_at) if current.updated_at else None,
                current_version=current.version,
            )
        return current

    def _columns(self, db: Connection, data: EventData) -> dict[str, Any]:
        return {
            "kind": data.kind.value,
            "title": data.title.strip(),
            "description": data.description,
            "search_forms": event_search_forms(data),
            "translations": translations_column(data),
            "programme_id": self._session.ids.programme(data.programme),
            "starts_at": iso_utc(data.starts_at),
            "ends_at": iso_utc(data.ends_at),
            "timezone": data.timezone,
            "all_day": int(data.all_day),
            "date_precision": data.date_precision.value,
            "location": data.location,
            "online_url": data.online_url,
            "registration_url": data.registration_url,
            "languages": dump(list(data.languages)),
            "status": data.status.value,
            "status_reason": data.status_reason,
            "funding_status": data.funding_status.value if data.funding_status else None,
            "organiser_centre_id": self._session.ids.centre(data.organiser),
            "capacity": data.capacity,
            "is_demo": int(data.is_demo),
            "country": data.country,
            "city": data.city,
        }

    def _write_links(self, db: Connection, event_id: int, data: EventData) -> None:
        ids = self._session.ids
        links = (
            ("event_audiences", "audience_id", [ids.audience(s) for s in data.audiences]),
            ("event_regions", "region_id", [ids.region(s) for s in data.regions]),
            ("event_conventions", "convention_id", [ids.convention(s) for s in data.conventions]),
        )
        for table, column, link_ids in links:
            db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])
            for link_id in sorted(set(link_ids)):
                db.execute(
                    f"INSERT INTO {table} (event_id, {column}) VALUES (?, ?)", [event_id, link_id]
                )

    def _record(
        self, db: Connection, event: Event, by: str, action: str,
        changes: dict[str, tuple[object, object]],
    ) -> None:
        payload = {
            name: [_history_value(old), _history_value(new)] for name, (old, new) in changes.items()
        }
        db.execute(
            "INSERT INTO event_history (event_id, event_uid, changed_at, changed_by, action,"
            " version, changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [event.id, event.uid, iso_utc(self._session.clock.now()), by, action, event.version,
             dump(payload)],
        )


def _data_items(data: EventData) -> list[tuple[str, object]]:
    return [(name, getattr(data, name)) for name in EventData.__dataclass_fields__]
