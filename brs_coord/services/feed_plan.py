"""Which events go in which catalogue feed, what each feed's bytes depend on (its signature), and
the memory of the last build that a long-running process (TUI, server) keeps between exports.

The memory is exact: it answers only for the same store state (change counter, catalogue names,
options) and only while no event can have left the window or its cancellation grace period since
it was read; each event's VEVENT bytes and digest are reused only for the same uid, version and
last change (the key the store's VEVENT cache uses).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter, itemgetter
from typing import NamedTuple, TypeVar

from ..facets import FEEDS, LINK_FACETS, Facet, Storage
from ..ics import CalendarMeta
from ..records import FeedMember, Links, iso_utc
from .feed_model import FeedSpec

PLAN_LIMIT = 128 * 1024 * 1024  # what the plan and the members' digests may take, or nothing is kept
MEMORY_LIMIT = 64 * 1024 * 1024  # what the memory may take with VEVENT bytes, or they are dropped
PLAN_BYTES_PER_EVENT = 1000  # an event's row, links, columns, places in plans, digest (~970 at 100k)
VEVENT_OVERHEAD = 40  # a remembered VEVENT's bytes object beside its text (measured)
SIGNATURE_FORMAT = "3"  # bump when the head (VTIMEZONE, calendar properties) changes shape

_T = TypeVar("_T")


class Member(NamedTuple):
    """One event's VEVENT as last built: its digest and size, what they are valid for, and its
    bytes when kept (None: read from the store's cache when needed, see feed_parts)."""

    uid: str
    version: int
    updated_at: datetime
    vevent: bytes | None
    digest: bytes
    size: int

    def matches(self, row: FeedMember) -> bool:
        return self.version == row.version and self.updated_at == row.updated_at and self.uid == row.uid


@dataclass(frozen=True)
class FeedPlan:
    """One catalogue feed: its members (positions in the window, feed order), signature, zones,
    years and latest change."""

    spec: FeedSpec
    meta: CalendarMeta
    positions: tuple[int, ...]
    ids: tuple[int, ...]
    signature: str
    zones: frozenset[str]
    years: tuple[int, int] | None
    updated: datetime | None


@dataclass(frozen=True)
class Window:
    """The instants events are compared with at one moment of a build."""

    start: datetime  # events that ended at or before it are left out
    cutoff: datetime  # cancelled events whose cancellation is at or before it are left out


class _Columns(NamedTuple):
    """The window's events column by column, so each feed picks its members in C loops."""

    ids: list[int]
    tokens: list[str]
    zones: list[str]
    starts: list[datetime]
    ends: list[datetime]
    updated: list[datetime]

    @classmethod
    def of(cls, rows: Sequence[FeedMember]) -> _Columns:
        return cls(
            [row.id for row in rows], [_member_token(row) for row in rows],
            list(map(attrgetter("timezone"), rows)), list(map(attrgetter("starts_at"), rows)),
            list(map(attrgetter("ends_at"), rows)), list(map(attrgetter("updated_at"), rows)),
        )

    def patched(self, rows: Sequence[FeedMember], positions: Iterable[int]) -> _Columns:
        columns = _Columns(
            self.ids.copy(), self.tokens.copy(), self.zones.copy(), self.starts.copy(), self.ends.copy(),
            self.updated.copy(),
        )
        for position in positions:
            row = rows[position]
            columns.tokens[position] = _member_token(row)
            columns.zones[position] = row.timezone
            columns.starts[position] = row.starts_at
            columns.ends[position] = row.ends_at
            columns.updated[position] = row.updated_at
        return columns


@dataclass(frozen=True)
class CataloguePlan:
    """Every catalogue feed's plan, and the window's events (with their links) it was made from."""

    rows: tuple[FeedMember, ...]
    links: tuple[Links, ...]
    columns: _Columns
    plans: tuple[FeedPlan, ...]

    def changed(self, rows: Sequence[FeedMember]) -> list[int] | None:
        """Positions of the rows that differ from ours, or None when an event came, went or moved."""
        if len(rows) != len(self.rows):
            return None
        pairs = enumerate(zip(rows, self.rows, strict=True))
        changed = [position for position, (new, old) in pairs if new != old]
        return None if any(rows[p].id != self.rows[p].id for p in changed) else changed

    def links_of(self, rows: Sequence[FeedMember]) -> dict[int, Links]:
        """The links we hold of each of ``rows`` unchanged since (links change with the version)."""
        ours = dict(zip(self.rows, self.links, strict=True))
        return {row.id: found for row in rows if (found := ours.get(row)) is not None}


@dataclass(frozen=True)
class FeedMemory:
    """The last build: its plan, VEVENT bytes by event id, and when the plan stops being exact."""

    key: tuple[object, ...]
    window: Window
    next_end: datetime | None  # the earliest end among the members: the window start must stay below it
    next_cancel: datetime | None  # the earliest cancellation among cancelled members
    catalogue: CataloguePlan
    members: Mapping[int, Member]  # every entry matches the catalogue's row of that event

    def answers(self, key: tuple[object, ...], window: Window) -> bool:
        """True when a fresh read would give the same plan: the same store state, time not gone
        back, and no member gone out of the window or past its grace period since."""
        return (
            key == self.key
            and self.window.start <= window.start and self.window.cutoff <= window.cutoff
            and (self.next_end is None or window.start < self.next_end)
            and (self.next_cancel is None or window.cutoff < self.next_cancel)
        )

    def same_names(self, key: tuple[object, ...]) -> bool:
        """True when ``key`` has our catalogue names and options (our plan and VEVENTs hold)."""
        return key[1:] == self.key[1:]

    def members_for(self, rows: Sequence[FeedMember]) -> dict[int, Member]:
        """Our VEVENT bytes still valid for ``rows`` (same uid, version and last change)."""
        mine = self.members
        return {
            row.id: member for row in rows
            if (member := mine.get(row.id)) is not None and member.matches(row)
        }


def remembered(
    key: tuple[object, ...], window: Window, catalogue: CataloguePlan, members: Mapping[int, Member]
) -> FeedMemory | None:
    """The memory of a build: nothing when the plan and digests would take more than PLAN_LIMIT;
    VEVENT bytes only while the whole stays within MEMORY_LIMIT (else the digests without them)."""
    plan_size = len(catalogue.rows) * PLAN_BYTES_PER_EVENT
    if plan_size > PLAN_LIMIT:
        return None
    held = sum(member.size + VEVENT_OVERHEAD for member in members.values() if member.vevent is not None)
    if held and plan_size + held > MEMORY_LIMIT:
        members = {event_id: member._replace(vevent=None) for event_id, member in members.items()}
    cancelled = [_cancel_stamp(row) for row in catalogue.rows if row.status == "cancelled"]
    next_end = min((row.ends_at for row in catalogue.rows), default=None)
    return FeedMemory(key, window, next_end, min(cancelled, default=None), catalogue, members)


def keeper(
    cutoff: datetime, previous: Sequence[FeedMember] = ()
) -> Callable[[FeedMember], FeedMember | None]:
    """What to keep of each row read, in order: None for a cancelled event whose grace period is
    over (drafts are excluded by the query), else the row, or the equal row at its position in
    ``previous`` (the kept plan's: a rebuild then holds one object per unchanged event, not the
    kept one and a fresh copy beside it)."""
    count = 0
    last = len(previous)

    def keep(row: FeedMember) -> FeedMember | None:
        nonlocal count
        if row.status == "cancelled" and _cancel_stamp(row) <= cutoff:
            return None
        position, count = count, count + 1
        if position < last and previous[position] == row:
            return previous[position]
        return row

    return keep


def _cancel_stamp(row: FeedMember) -> datetime:
    return row.status_changed_at or row.updated_at


# the facets with catalogue feeds: read from a member row's column, or from its links (by position)
_COLUMN_FEEDS: tuple[tuple[Facet, Callable[[FeedMember], str | None]], ...] = tuple(
    (facet, attrgetter(facet.name)) for facet in FEEDS if facet.storage is not Storage.LINK
)
_LINK_FEEDS: tuple[tuple[Facet, int], ...] = tuple(
    (facet, LINK_FACETS.index(facet)) for facet in FEEDS if facet.storage is Storage.LINK
)


def plan_feeds(
    specs: Sequence[FeedSpec], metas: Mapping[str, CalendarMeta], rows: Sequence[FeedMember],
    links: Sequence[Links], digest: str,
) -> CataloguePlan:
    """Every catalogue feed's plan from one pass over the window's events (``links`` by row)."""
    members: dict[str, list[int]] = {spec.name: [] for spec in specs}
    members["all"].extend(range(len(rows)))
    # per facet: slug -> the member list of its feed (no key string built per row)
    buckets: dict[str, dict[str | None, list[int]]] = {}
    for spec in specs:
        if spec.facet is not None:
            buckets.setdefault(spec.facet, {})[spec.slug] = members[spec.name]
    by_column = [(buckets.get(facet.plural, {}), get) for facet, get in _COLUMN_FEEDS]
    by_link = [(buckets.get(facet.plural, {}), position) for facet, position in _LINK_FEEDS]
    for index, (row, row_links) in enumerate(zip(rows, links, strict=True)):
        for by_slug, get in by_column:
            bucket = by_slug.get(get(row))
            if bucket is not None:
                bucket.append(index)
        for by_slug, position in by_link:
            for slug in row_links[position]:
                bucket = by_slug.get(slug)
                if bucket is not None:
                    bucket.append(index)
    columns = _Columns.of(rows)
    plans = tuple(_plan(spec, metas[spec.name], members[spec.name], columns, digest) for spec in specs)
    return CataloguePlan(tuple(rows), tuple(links), columns, plans)


def replan(
    previous: CataloguePlan, rows: Sequence[FeedMember], changed: Sequence[int],
    links: Mapping[int, Links], digest: str,
) -> CataloguePlan | None:
    """``previous`` after the rows at ``changed`` positions changed in place (``links`` of their
    events): only the feeds holding them are planned again. None when a change moves an event
    into or out of a feed (another kind, programme or link: any facet with feeds): plan every feed then."""
    for position in changed:
        old, new = previous.rows[position], rows[position]
        moved = any(get(old) != get(new) for _, get in _COLUMN_FEEDS)
        if moved or previous.links[position] != links[new.id]:
            return None
    facet_values = {
        (plan.spec.facet, plan.spec.slug): index for index, plan in enumerate(previous.plans)
    }
    affected: set[int] = set()
    for position in changed:
        row = rows[position]
        row_links = links[row.id]
        keys: list[tuple[str | None, str | None]] = [(None, None)]
        keys += [(facet.plural, get(row)) for facet, get in _COLUMN_FEEDS]
        keys += [(facet.plural, slug) for facet, position in _LINK_FEEDS for slug in row_links[position]]
        affected.update(facet_values[key] for key in keys if key in facet_values)
    columns = previous.columns.patched(rows, changed)
    plans = list(previous.plans)
    for index in affected:
        plan = plans[index]
        plans[index] = _plan(plan.spec, plan.meta, list(plan.positions), columns, digest)
    return CataloguePlan(tuple(rows), previous.links, columns, tuple(plans))


def _plan(spec: FeedSpec, meta: CalendarMeta, chosen: list[int], columns: _Columns, digest: str) -> FeedPlan:
    if not chosen:
        return FeedPlan(spec, meta, (), (), _signature(digest, meta, ()), frozenset(), None, None)
    pick = _picker(chosen)
    years = (min(pick(columns.starts)).year, max(pick(columns.ends)).year)
    return FeedPlan(
        spec, meta, tuple(chosen), pick(columns.ids), _signature(digest, meta, pick(columns.tokens)),
        frozenset(pick(columns.zones)), years, max(pick(columns.updated)),
    )


def _picker(chosen: list[int]) -> Callable[[list[_T]], tuple[_T, ...]]:
    """A function taking the ``chosen`` positions (at least one) of a column, as a tuple."""
    if len(chosen) == 1:
        only = chosen[0]
        return lambda column: (column[only],)
    getter = itemgetter(*chosen)
    return lambda column: tuple(getter(column))


def _member_token(row: FeedMember) -> str:
    """What a feed's bytes depend on of one member: its identity, version, last change, zone, years."""
    return (  # the last change as stored (ISO UTC): signatures kept in export states stay valid
        f"{row.id}.{row.uid}.{row.version}.{iso_utc(row.updated_at)}.{row.timezone}"
        f".{row.starts_at.year:04d}.{row.ends_at.year:04d}"
    )


def _signature(digest: str, meta: CalendarMeta, tokens: Sequence[str]) -> str:
    """What a feed's bytes depend on: names and options, its header, and each member's token."""
    text = (
        "|".join((
            SIGNATURE_FORMAT, digest, meta.name, meta.description, str(meta.refresh), meta.source, meta.url,
        ))
        + "\n" + "\n".join(tokens)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
