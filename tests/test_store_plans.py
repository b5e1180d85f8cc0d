"""The question plans of the store (event_sql.split_where, migration m008): same answers as a plain
reading of the events, whatever their length, and the indexes the plans were built for.

Long running events are read from two partial indexes (up to MEDIUM_SPAN long by start, longer by
end) and the others in start order: events of every length around those bounds, begun before,
around and after the bound, must come back exactly as a filter over every event gives them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from brs_coord.domain import Event, EventKind, EventQuery, TimeScope
from brs_coord.services import Services
from brs_coord.store import event_sql
from brs_coord.store.bulk import bulk_insert_events
from brs_coord.store.event_sql import LONG_SPAN, MEDIUM_SPAN, split_where
from tests.clocks import NOW
from tests.conftest import make_event

DURATIONS = [
    timedelta(hours=2), LONG_SPAN - timedelta(minutes=1), LONG_SPAN, LONG_SPAN + timedelta(hours=1),
    timedelta(days=30), MEDIUM_SPAN, MEDIUM_SPAN + timedelta(hours=1), timedelta(days=100),
    timedelta(days=400),
]
STARTS = [-500, -200, -90, -63, -62, -61, -40, -10, -8, -7, -6, -1, 0, 1, 3, 20, 70]  # days from NOW
KINDS = [EventKind.WEBINAR, EventKind.E_LEARNING, EventKind.WORKSHOP]


@pytest.fixture
def spread(services: Services) -> list[Event]:
    """Events of every length in DURATIONS, begun on every day of STARTS (and an hour off it)."""
    rows = []
    for d, duration in enumerate(DURATIONS):
        for s, days in enumerate(STARTS):
            for shift in (timedelta(0), timedelta(hours=1)):
                start = NOW + timedelta(days=days) - shift
                data = make_event(title=f"E {d}-{s}-{shift.seconds}", kind=KINDS[(d + s) % 3],
                                  starts_at=start, ends_at=start + duration,
                                  programme="e-waste" if s % 2 else None)
                rows.append((f"plan-{d}-{s}-{shift.seconds}@test", data))
    bulk_insert_events(services.store, rows, by="tester")
    services.store.session.db.execute("ANALYZE")  # as a large database is planned (bench/scale.py)
    return services.store.events.find(EventQuery(scope=TimeScope.ALL, limit=None), NOW)


def _expected(events: list[Event], query: EventQuery, now: datetime) -> list[int]:
    """The query read plainly: every event checked, sorted by start."""
    bounds = [query.starts_from] if query.starts_from is not None else []
    if query.scope is TimeScope.UPCOMING:
        bounds.append(now)
    kept = [
        e for e in events
        if all(e.ends_at > bound for bound in bounds)
        and (query.ends_before is None or e.starts_at < query.ends_before)
        and (not query.kinds or e.kind.value in query.kinds)
        and (not query.programmes or e.programme in query.programmes)
    ]
    return [e.id for e in sorted(kept, key=lambda e: (e.starts_at, e.id))]


QUERIES = [
    EventQuery(),
    EventQuery(kinds=("e-learning",)),
    EventQuery(kinds=("webinar", "workshop")),
    EventQuery(programmes=("e-waste",)),
    EventQuery(starts_from=NOW + timedelta(days=10), ends_before=NOW + timedelta(days=40)),
    EventQuery(starts_from=NOW - timedelta(days=62), ends_before=NOW, scope=TimeScope.ALL),
    EventQuery(starts_from=NOW + timedelta(days=62, hours=1), kinds=("e-learning",)),
]


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_split_pages_and_counts_match_a_plain_reading(services: Services, spread: list[Event],
                                                      query: EventQuery) -> None:
    assert split_where(query, NOW) is not None  # these questions take the split plan
    expected = _expected(spread, query, NOW)
    assert expected  # the spread answers each question with something
    events = services.store.events
    assert [e.id for e in events.find(replace(query, limit=None), NOW)] == expected
    assert events.count(query, NOW) == len(expected)
    assert events.count(query, NOW, cap=3) == min(3, len(expected))
    pages = []
    for offset in range(0, len(expected) + 7, 7):
        page, total = events.find_with_total(replace(query, limit=7, offset=offset), NOW, cap=10_000)
        assert total == len(expected) or (offset == 0 and total == len(page))
        pages.extend(e.id for e in page)
    assert pages == expected


def _plan(services: Services, sql: str, params: list[object]) -> str:
    conn: sqlite3.Connection = services.store.session.db.conn
    return " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_a_kind_page_and_the_long_events_are_read_from_indexes_only(
    services: Services, spread: list[Event]
) -> None:
    query = EventQuery(kinds=("webinar",), starts_from=NOW, ends_before=NOW + timedelta(days=30))
    split = split_where(query, NOW)
    assert split is not None
    short = split.short
    page = _plan(services, f"SELECT e.id FROM {short.source}{short.where} ORDER BY e.starts_at, e.id"
                 " LIMIT 5", short.params)
    assert "COVERING INDEX events_kind_page" in page and "TEMP B-TREE" not in page
    for part in split.long:
        plan = _plan(services, f"SELECT e.id, e.starts_at FROM {part.source}{part.where}", part.params)
        assert "COVERING INDEX events_" in plan, plan


TEXT_QUERIES = [
    replace(query, text=text) for text in ("5", "e 3", "1 0") for query in QUERIES[:4] + QUERIES[6:]
]


@pytest.mark.parametrize("query", TEXT_QUERIES, ids=range(len(TEXT_QUERIES)))
def test_a_question_with_few_text_hits_pages_and_counts_as_with_many(
    services: Services, spread: list[Event], query: EventQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few full-text hits are read one by one (one statement, the page and the total); many go
    through the start-time and facet indexes: both give the same pages and totals."""
    events = services.store.events

    def pages(cap: int) -> list[tuple[list[int], int]]:
        read = []
        for offset in (0, 3, 6, 60):
            page, total = events.find_with_total(replace(query, limit=3, offset=offset), NOW, cap=cap)
            read.append(([e.id for e in page], total))
        return read

    few = pages(10_000), pages(4)
    monkeypatch.setattr(event_sql, "FEW_TEXT_HITS", -1)  # every match counts as many
    many = pages(10_000), pages(4)
    assert few == many
    assert few[0][0][0]  # the question finds something
