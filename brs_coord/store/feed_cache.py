"""Reads for the iCalendar feeds: light event rows with their cached VEVENT, and the cache itself.

Rows come back as the domain values ``records.FeedEvent`` and ``records.FeedMember``, stored instants
as aware datetimes in UTC (the services never see the stored ISO text)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from ..domain import Event, EventQuery
from ..facets import LINK_FACETS
from ..records import FeedEvent, FeedMember, Links
from .event_sql import EVENT_SELECT, link_source, link_values, order_clause, where_clause
from .guard import translated
from .participants_feed import PersonalFeedSource, participant_by_feed_token
from .rows import event_from_row, iso_utc
from .session import Session

_CHUNK = 500

# (FROM of the link rows, their value) of every LINK facet, in LINK_FACETS order (event_sql.link_source)
_LINKS = tuple(link_source(facet) for facet in LINK_FACETS)
_VEVENT = 10 + len(_LINKS)  # the position of the VEVENT after the linked slugs (``facets=True``)


# stored ISO-8601 UTC text ("...Z") to an aware datetime in UTC (3.11 reads the Z; what
# records.parse_iso_utc does, without its extra steps: these reads convert tens of thousands of rows)
_instant = datetime.fromisoformat


def _feed_event(row: Sequence[Any], vevent: str | None, links: Links = ()) -> FeedEvent:
    """A FeedEvent of the first ten columns of ``row`` (see ``feed_rows``)."""
    id_, kind, programme, starts, ends, zone, status, changed, version, updated = row[:10]
    return FeedEvent(
        id_, kind, programme, _instant(starts), _instant(ends), zone, status,
        _instant(changed) if changed else None, version, _instant(updated), vevent, *links,
    )


def feed_rows(
    session: Session, query: EventQuery, now: datetime, variant: str, *,
    ids: Sequence[int] | None = None, facets: bool = False, vevents: bool = True,
) -> list[FeedEvent]:
    """Events matching ``query`` (all of them; ``ids`` narrows further), oldest first. With
    ``vevents=False`` the cached VEVENT is not read (``vevent`` is None): see ``cached_vevents``."""
    where, params = where_clause(query, now)
    if ids is not None:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        where = (where + " AND" if where else " WHERE") + f" e.id IN ({marks})"
        params = [*params, *ids]
    if vevents:
        cache = (
            ", k.vevent FROM events e LEFT JOIN event_ics_cache k ON k.event_id = e.id AND k.variant = ?"
            " AND k.version = e.version AND k.updated_at = e.updated_at"
        )
        params = [variant, *params]
    else:
        cache = ", NULL FROM events e"
    # linked slugs (no spaces in a slug) by a subquery per row: cheaper than reading every link
    linked = "".join(f", {link_values(facet, ' ')}" for facet in LINK_FACETS) if facets else ""
    sql = (
        "SELECT e.id, e.kind, p.slug, e.starts_at, e.ends_at, e.timezone, e.status,"
        " e.status_changed_at, e.version, e.updated_at" + linked + cache
        + " LEFT JOIN programmes p ON p.id = e.programme_id"
        " LEFT JOIN centres c ON c.id = e.organiser_centre_id"
        + where + order_clause(query)
    )
    conn = session.db.conn
    rows = conn.execute(sql, params).fetchall()
    if not facets:
        return [_feed_event(row, row[10]) for row in rows]
    return [
        _feed_event(row, row[_VEVENT], tuple(tuple(t.split()) if t else () for t in row[10:_VEVENT]))
        for row in rows
    ]


Keep = Callable[[FeedMember], FeedMember | None]  # a row as read -> the row to keep (None: drop it)


def feed_members(
    session: Session, query: EventQuery, now: datetime, keep: Keep | None = None
) -> list[FeedMember]:
    """Events matching ``query``, oldest first, read for the feed window from the covering index
    events_feed_window alone (no wide event row is read). Each row as read goes through ``keep``
    (the caller's filter, or an equal row it holds already): rows are let go one at a time."""
    where, params = where_clause(query, now)
    sql = (
        "SELECT e.id, e.uid, e.kind, p.slug, e.starts_at, e.ends_at, e.timezone, e.status,"
        " e.status_changed_at, e.version, e.updated_at"
        " FROM events e LEFT JOIN programmes p ON p.id = e.programme_id"
        + where + order_clause(query)
    )
    # a long-running server keeps these rows between builds (its plan): the few distinct kinds,
    # programmes, zones, statuses and instants are shared objects, not one copy per row
    texts: dict[str, str] = {}
    instants: dict[str, datetime] = {}

    def text(value: str) -> str:
        return texts.setdefault(value, value)

    def instant(value: str) -> datetime:
        found = instants.get(value)
        if found is None:
            found = instants[value] = _instant(value)
        return found

    rows = (
        FeedMember(
            id_, uid, text(kind), text(programme) if programme else None, instant(starts), instant(ends),
            text(zone), text(status), instant(changed) if changed else None, version, instant(updated),
        )
        for id_, uid, kind, programme, starts, ends, zone, status, changed, version, updated
        in session.db.conn.execute(sql, params)
    )
    if keep is None:
        return list(rows)
    return [kept for row in rows if (kept := keep(row)) is not None]


def event_links(session: Session, ids: Sequence[int]) -> dict[int, Links]:
    """The slugs of each LINK facet (audiences, regions, conventions) of each event, by id (every id
    present). Read as one space-separated list per event and facet; events with the same list share
    one tuple (at 100k events a few thousand distinct lists)."""
    found: dict[int, list[tuple[str, ...]]] = {event_id: [()] * len(_LINKS) for event_id in ids}
    lists: dict[str, tuple[str, ...]] = {}
    conn = session.db.conn
    wanted = list(found)
    for position, (source, value) in enumerate(_LINKS):
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            sql = (
                f"SELECT l.event_id, group_concat({value}, ' ') FROM {source}"
                f" WHERE l.event_id IN ({marks}) GROUP BY l.event_id"
            )
            for event_id, text in conn.execute(sql, chunk):
                slugs = lists.get(text)
                if slugs is None:
                    slugs = lists[text] = tuple(text.split())
                found[event_id][position] = slugs
    return {event_id: tuple(slugs) for event_id, slugs in found.items()}


def cached_vevents(
    session: Session, variant: str, ids: Sequence[int] | None = None
) -> dict[int, tuple[int, datetime, bytes]]:
    """Cached VEVENTs of ``variant`` as UTF-8 bytes (no decoding), by event id: (version,
    updated_at, vevent). Every cached event of the variant, or only ``ids``; the caller checks that
    version and updated_at still match the event."""
    conn = session.db.conn
    instant = _instant
    sql = "SELECT event_id, version, updated_at, CAST(vevent AS BLOB) FROM event_ics_cache WHERE variant = ?"
    if ids is None:
        return {
            event_id: (version, instant(updated), vevent)
            for event_id, version, updated, vevent in conn.execute(sql, (variant,))
        }
    found: dict[int, tuple[int, datetime, bytes]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ", ".join("?" for _ in chunk)
        for event_id, version, updated, vevent in conn.execute(
            sql + f" AND event_id IN ({marks})", [variant, *chunk]
        ):
            found[event_id] = (version, instant(updated), vevent)
    return found


EventRow = dict[str, Any]  # an events row as read (column -> value), turned into an Event by events_of


def event_rows(session: Session, ids: Iterable[int]) -> list[EventRow]:
    """The events rows of ``ids`` (drafts included), plain values: what ``events_of`` makes events
    of, here or in another process (VEVENT workers get rows, never a connection)."""
    wanted = list(dict.fromkeys(ids))
    found: list[EventRow] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found += session.db.query(EVENT_SELECT + f" WHERE e.id IN ({marks})", chunk)
    return found


def events_of(rows: Iterable[EventRow]) -> dict[int, Event]:
    """The events of rows read by ``event_rows``, by id."""
    return {event.id: event for event in map(event_from_row, rows)}


def events_by_ids(session: Session, ids: Iterable[int]) -> dict[int, Event]:
    """Full events by id (drafts included; the caller decides)."""
    return events_of(event_rows(session, ids))


CACHE_WRITE_WAIT_S = 0.05


def save_vevents(session: Session, entries: Sequence[tuple[int, str, int, datetime, str]]) -> None:
    """Store serialised VEVENTs: (event_id, variant, version, updated_at, vevent). A cache: when
    another process holds the write lock, StoreError after CACHE_WRITE_WAIT_S, not the busy timeout
    (the feed is served without it and cached next time)."""
    if not entries:
        return
    with session.transaction(wait_s=CACHE_WRITE_WAIT_S) as db:
        db.conn.executemany(
            "INSERT OR REPLACE INTO event_ics_cache (event_id, variant, version, updated_at, vevent)"
            " VALUES (?, ?, ?, ?, ?)",
            [(event_id, variant, version, iso_utc(updated), vevent)
             for event_id, variant, version, updated, vevent in entries],
        )


def prune_variants(session: Session, keep: Sequence[str]) -> int:
    """Drop cached VEVENTs of variants no longer produced (renamed catalogue entries, new format)."""
    marks = ", ".join("?" for _ in keep)
    with session.transaction() as db:
        cursor = db.execute(f"DELETE FROM event_ics_cache WHERE variant NOT IN ({marks})", list(keep))
    return int(cursor.rowcount or 0)


@translated
class FeedReads:
    """The feed reads above, bound to one store's session (what the feed service calls)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def rows(
        self, query: EventQuery, now: datetime, variant: str, *,
        ids: Sequence[int] | None = None, facets: bool = False, vevents: bool = True,
    ) -> list[FeedEvent]:
        return feed_rows(self._session, query, now, variant, ids=ids, facets=facets, vevents=vevents)

    def members(self, query: EventQuery, now: datetime, keep: Keep | None = None) -> list[FeedMember]:
        return feed_members(self._session, query, now, keep)

    def links(self, ids: Sequence[int]) -> dict[int, Links]:
        return event_links(self._session, ids)

    def cached_vevents(
        self, variant: str, ids: Sequence[int] | None = None
    ) -> dict[int, tuple[int, datetime, bytes]]:
        return cached_vevents(self._session, variant, ids)

    def events_by_ids(self, ids: Iterable[int]) -> dict[int, Event]:
        return events_by_ids(self._session, ids)

    def event_rows(self, ids: Iterable[int]) -> list[EventRow]:
        return event_rows(self._session, ids)

    def save_vevents(self, entries: Sequence[tuple[int, str, int, datetime, str]]) -> None:
        save_vevents(self._session, entries)

    def prune_variants(self, keep: Sequence[str]) -> int:
        return prune_variants(self._session, keep)

    def personal_source(self, token: str) -> PersonalFeedSource | None:
        return participant_by_feed_token(self._session, token)
