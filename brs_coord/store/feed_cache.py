"""Reads for the iCalendar feeds: light event rows with their cached VEVENT, and the cache itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from ..domain import Event, EventQuery
from .event_sql import EVENT_SELECT, order_clause, where_clause
from .rows import event_from_row
from .session import Session

_CHUNK = 500

_FACETS = """,
  (SELECT group_concat(a.slug) FROM event_audiences ea JOIN audiences a ON a.id = ea.audience_id
    WHERE ea.event_id = e.id) AS audience_slugs,
  (SELECT group_concat(r.slug) FROM event_regions er JOIN regions r ON r.id = er.region_id
    WHERE er.event_id = e.id) AS region_slugs,
  (SELECT group_concat(v.slug) FROM event_conventions ec JOIN conventions v ON v.id = ec.convention_id
    WHERE ec.event_id = e.id) AS convention_slugs"""


class FeedRow(NamedTuple):
    """What a feed needs of an event to place it and to reuse its cached VEVENT."""

    id: int
    kind: str
    programme: str | None
    starts_at: str
    ends_at: str
    timezone: str
    status: str
    status_changed_at: str | None
    version: int
    updated_at: str
    vevent: str | None  # the cached VEVENT of the requested variant, None when missing or stale
    audiences: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    conventions: tuple[str, ...] = ()


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(sorted(text.split(","))) if text else ()


def feed_rows(
    session: Session, query: EventQuery, now: datetime, variant: str, *,
    ids: Sequence[int] | None = None, facets: bool = False,
) -> list[FeedRow]:
    """Events matching ``query`` (all of them; ``ids`` narrows further), oldest first."""
    where, params = where_clause(query, now)
    if ids is not None:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        where = (where + " AND" if where else " WHERE") + f" e.id IN ({marks})"
        params = [*params, *ids]
    sql = (
        "SELECT e.id, e.kind, p.slug, e.starts_at, e.ends_at, e.timezone, e.status,"
        " e.status_changed_at, e.version, e.updated_at, k.vevent" + (_FACETS if facets else "") +
        " FROM events e LEFT JOIN programmes p ON p.id = e.programme_id"
        " LEFT JOIN centres c ON c.id = e.organiser_centre_id"
        " LEFT JOIN event_ics_cache k ON k.event_id = e.id AND k.variant = ?"
        " AND k.version = e.version AND k.updated_at = e.updated_at"
        + where + order_clause(query)
    )
    cursor = session.db.conn.execute(sql, [variant, *params])
    if not facets:
        return [FeedRow(*row) for row in cursor]
    return [
        FeedRow(*row[:11], _split(row[11]), _split(row[12]), _split(row[13])) for row in cursor
    ]


def events_by_ids(session: Session, ids: Iterable[int]) -> dict[int, Event]:
    """Full events by id (drafts included; the caller decides)."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, Event] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in session.db.query(EVENT_SELECT + f" WHERE e.id IN ({marks})", chunk):
            event = event_from_row(row)
            found[event.id] = event
    return found


def save_vevents(session: Session, entries: Sequence[tuple[int, str, int, str, str]]) -> None:
    """Store serialised VEVENTs: (event_id, variant, version, updated_at, vevent)."""
    if not entries:
        return
    with session.transaction() as db:
        db.conn.executemany(
            "INSERT OR REPLACE INTO event_ics_cache (event_id, variant, version, updated_at, vevent)"
            " VALUES (?, ?, ?, ?, ?)",
            entries,
        )


def prune_variants(session: Session, keep: Sequence[str]) -> int:
    """Drop cached VEVENTs of variants no longer produced (renamed catalogue entries, new format)."""
    marks = ", ".join("?" for _ in keep)
    with session.transaction() as db:
        cursor = db.execute(f"DELETE FROM event_ics_cache WHERE variant NOT IN ({marks})", list(keep))
    return int(cursor.rowcount or 0)


def cached_count(session: Session) -> int:
    return int(session.db.conn.execute("SELECT count(*) FROM event_ics_cache").fetchone()[0])
