"""The events view says what it shows (issue 23): filter chips and clear-all, the search line, title
matches beside a programme, uids, dates as precise as they are known, the staff zone, help and quit
visible at 80×24, and editing that keeps a date's precision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from textual.widgets import Button
from textual.widgets._footer import FooterKey

from brs_coord.domain import DatePrecision, EventQuery, Status, TimeScope
from brs_coord.rules import is_ongoing
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.formatting import event_when, under_way_when
from brs_coord.tui.screens.editor import EventEditor
from brs_coord.tui.screens.events import PAGE
from brs_coord.tui.widgets.filter_bar import FilterBar
from tests.conftest import NOW, make_event
from tests.test_tui_editor import type_into
from tests.tui_helpers import events_table, select_event, settle, wait_until

ZURICH = ZoneInfo("Europe/Zurich")


def rendered(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector).render())  # type: ignore[attr-defined]


async def test_chips_show_the_filters_with_the_bar_hidden_and_ctrl_l_clears_all(
    demo_services: Services,
) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        chips = app.screen.query_one("#chips")
        assert not chips.display
        app.screen.query_one("#f-regions").value = "africa"
        await settle(pilot)
        app.screen.query_one("#f-scope").value = TimeScope.ALL.value
        await settle(pilot)
        assert app.screen.query_one(FilterBar).has_class("-hidden")  # the bar was never opened
        assert chips.display
        assert rendered(app, "#chips") == "Filters: [Region: Africa]  [All dates]  · ctrl+l clears all"
        africa = demo_services.count(EventQuery(include_drafts=True, regions=("africa",),
                                                scope=TimeScope.ALL, limit=None))
        await wait_until(pilot, lambda: app.screen.total == africa)
        app.screen.query_one("#search").value = "webinars"
        await wait_until(pilot, lambda: app.screen.search_text == "webinars")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        table = events_table(pilot)
        await wait_until(pilot, lambda: len(table.events) == PAGE)
        assert not chips.display and app.screen.query_one("#search").value == ""
        assert app.screen.total == demo_services.count(EventQuery(include_drafts=True, limit=None))


async def test_a_programme_word_shows_title_matches_and_says_so(services: Services) -> None:
    outside = services.scheduling.create(make_event(title="Webinar on e-waste inventories")).event
    inside = services.scheduling.create(
        make_event(title="Regional workshop on WEEE", programme="e-waste")).event
    services.scheduling.create(make_event(title="Webinar on mercury", programme="mercury-wastes"))
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#search").value = "e-waste"
        table = events_table(pilot)
        await wait_until(pilot, lambda: {e.id for e in table.events} == {outside.id, inside.id})
        assert rendered(app, "#understood") == (
            "I understood: E-waste · from now on · and titles with “e-waste”")


async def test_a_uid_finds_its_event_and_an_unknown_word_finds_none(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    old = demo_services.scheduling.create(
        make_event(title="Long ago", starts_at=NOW - timedelta(days=900))).event
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        app.screen.query_one("#search").value = old.uid.split("@")[0]
        await wait_until(pilot, lambda: [e.id for e in table.events] == [old.id])
        assert app.screen.total == 1
        app.screen.query_one("#search").value = "qxzzy"
        await wait_until(pilot, lambda: not table.events
                         and "Not understood: qxzzy" in rendered(app, "#understood"))
        assert app.screen.total == 0


async def test_the_when_column_and_header_name_the_staff_zone(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        assert str(table.columns["when"].label).startswith("When CET")  # November in Zurich
        assert "times in Europe/Zurich" in app.sub_title


def test_dates_are_shown_as_precise_as_they_are_known() -> None:
    timed = make_event(starts_at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    assert event_when(timed, ZURICH, 2026) == "Thu 03 Dec 10:00"
    assert event_when(timed, ZURICH, 2027) == "03 Dec 2026 10:00"  # another year: the year shown
    midnight = datetime(2027, 3, 1, tzinfo=ZoneInfo("America/Panama")).astimezone(UTC)
    all_day = make_event(starts_at=midnight, ends_at=midnight + timedelta(days=2), all_day=True,
                         timezone="America/Panama")
    assert event_when(all_day, ZURICH, 2026) == "Mon 01 Mar 2027"  # its own day, no invented time
    month = make_event(starts_at=datetime(2014, 3, 1, tzinfo=UTC), ends_at=datetime(2014, 4, 1, tzinfo=UTC),
                       all_day=True, timezone="UTC", date_precision=DatePrecision.MONTH)
    assert event_when(month, ZURICH, 2026) == "Mar 2014"
    year = make_event(starts_at=datetime(2014, 1, 1, tzinfo=UTC), ends_at=datetime(2015, 1, 1, tzinfo=UTC),
                      all_day=True, timezone="UTC", date_precision=DatePrecision.YEAR)
    assert event_when(year, ZURICH, 2026) == "2014"


def test_a_long_course_under_way_says_until_when() -> None:
    course = make_event(kind="e-learning", starts_at=NOW - timedelta(days=10),
                        ends_at=datetime(2027, 1, 30, 15, tzinfo=UTC))
    assert is_ongoing(course.starts_at, course.ends_at, now=NOW)
    assert under_way_when(course, ZURICH, 2026) == "until 30 Jan 2027"
    assert under_way_when(course, ZURICH, 2027) == "until Sat 30 Jan"


async def test_the_events_list_marks_a_long_course_under_way(services: Services) -> None:
    course = services.scheduling.create(make_event(
        title="Basel e-learning course", kind="e-learning", starts_at=NOW - timedelta(days=10),
        ends_at=NOW + timedelta(days=50))).event
    soon = services.scheduling.create(make_event(title="Webinar soon", starts_at=NOW + timedelta(days=2)))
    soon = soon.event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: {e.id for e in events_table(pilot).events} >= {course.id, soon.id})
        table = events_table(pilot)
        cells = {e.id: str(table.get_row(str(e.id))[0]) for e in table.events}
        assert cells[course.id] == "until 10 Jan 2027"  # its end, not its start ten days ago
        assert cells[soon.id] == "Mon 23 Nov 11:00"


async def test_editing_a_year_precision_line_keeps_its_precision(demo_services: Services) -> None:
    past = demo_services.find(EventQuery(scope=TimeScope.PAST, limit=None, include_drafts=True))
    line = next(e for e in past if e.date_precision is DatePrecision.YEAR)
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#search").value = line.uid
        await wait_until(pilot, lambda: [e.id for e in events_table(pilot).events] == [line.id])
        assert event_when(line, ZURICH, 2026) in str(events_table(pilot).get_row_at(0)[0])
        await select_event(pilot, line.id)  # the table has the focus (escape would clear the search)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        assert "known to the year" in rendered(app, "#start-preview")
        await type_into(pilot, "#location", "Geneva (history)")
        editor.query_one("#save", Button).press()
        await settle(pilot)
        saved = demo_services.scheduling.get(line.id)
        assert saved.location == "Geneva (history)"
        assert (saved.date_precision, saved.starts_at, saved.ends_at) == (
            DatePrecision.YEAR, line.starts_at, line.ends_at)


async def test_a_title_only_edit_raises_no_overlap_warning(services: Services) -> None:
    start = NOW + timedelta(days=3)
    services.scheduling.create(make_event(title="Existing", starts_at=start, regions=("africa",)))
    mine = services.scheduling.create(make_event(title="Mine", starts_at=start, regions=("africa",),
                                                 status=Status.PLANNED)).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, mine.id)
        await pilot.press("e")
        await settle(pilot)
        await type_into(pilot, "#title", "Mine, renamed")
        app.screen.query_one("#save", Button).press()
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor)
        assert services.scheduling.get(mine.id).title == "Mine, renamed"


async def test_help_and_quit_stay_in_the_footer_at_80_by_24(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("f2", "f3", "f4", "f5", "f6"):
            await pilot.press(key)
            await settle(pilot)
            shown = {k.key for k in app.screen.query(FooterKey) if k.region.width and k.region.right <= 80}
            assert {"f1", "q"} <= shown, key
