"""The overview counts events, in the staff zone's months, and agrees with hand-written SQL and with
what the calendar reads (issue 23)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from textual.widgets import Static

from brs_coord.domain import EventQuery, Status, TimeScope
from brs_coord.services import Services
from brs_coord.services.reports import JOINT
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.calendar import add_months
from tests.conftest import make_event
from tests.test_tui_screens import rendered
from tests.tui_helpers import settle

ZURICH = ZoneInfo("Europe/Zurich")
FIRST = date(2026, 11, 1)  # the clock's month (NOW is 21 November 2026)


def month_edges() -> list[str]:
    """The 13 instants the next 12 Zurich months begin and end, as stored (UTC, Z)."""
    return [
        datetime.combine(add_months(FIRST, i), time(), ZURICH).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for i in range(13)
    ]


def sql_counts(services: Services) -> list[int]:
    """Events per Zurich month by a query written here, apart from the store's."""
    edges = month_edges()
    with sqlite3.connect(services.settings.db_path) as db:
        return [
            db.execute("SELECT count(*) FROM events WHERE status != 'draft' AND starts_at >= ?"
                       " AND starts_at < ?", (start, end)).fetchone()[0]
            for start, end in zip(edges, edges[1:], strict=False)
        ]


def totals(counts: object) -> list[int]:
    series = counts.series  # type: ignore[attr-defined]
    return [sum(values[i] for values in series.values()) for i in range(12)]


def test_every_panel_counts_events_in_the_staff_zone_as_sql_does(demo_services: Services) -> None:
    new_year = datetime(2027, 1, 1, 0, 30, tzinfo=ZURICH)  # 31 December 23:30 in UTC
    demo_services.scheduling.create(make_event(
        title="New Year webinar", starts_at=new_year, conventions=("basel", "rotterdam")))
    demo_services.scheduling.create(make_event(title="A draft", status=Status.DRAFT))
    reports = demo_services.reports
    by_kind, by_convention = reports.events_per_month("kind"), reports.events_per_month("convention")
    expected = sql_counts(demo_services)
    assert sum(expected) > 20
    assert totals(by_kind) == totals(by_convention) == expected
    assert by_kind.months[0] == "2026-11" and by_kind.months[-1] == "2027-10"
    january = by_kind.months.index("2027-01")
    assert by_convention.series[JOINT][january] >= 1
    for index, first in enumerate(add_months(FIRST, i) for i in range(12)):  # what the calendar reads
        start, end = (datetime.combine(day, time(), ZURICH) for day in (first, add_months(first, 1)))
        shown = demo_services.find(EventQuery(starts_from=start, ends_before=end, scope=TimeScope.ALL,
                                              include_drafts=True, limit=None))
        starting = [e for e in shown if e.status is not Status.DRAFT and start <= e.starts_at < end]
        assert len(starting) == expected[index], by_kind.months[index]


async def test_the_overview_screen_shows_the_same_totals(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    expected = sql_counts(demo_services)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert list(app.screen.query_one("#spark").data) == expected
        for selector in ("#by-convention", "#by-kind"):
            lines = rendered(app.screen.query_one(selector, Static)).splitlines()
            shown = [int(line.split()[-1]) for line in lines if line.strip().startswith("20")]
            assert shown == expected, selector
        title = rendered(app.screen.query_one("#months-title", Static))
        assert "Europe/Zurich" in title
