"""Pilot tests of the events view: window, search, filters, sorting and the actions on an event."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from brs_coord.domain import EventQuery, Status, TimeScope
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.editor import EventEditor
from brs_coord.tui.screens.events import PAGE, EventsScreen
from brs_coord.tui.screens.prompts import ConfirmScreen, DatePrompt, TextPrompt
from brs_coord.tui.screens.series_scope import ScopePrompt
from tests.conftest import NOW, make_event
from tests.staff_helpers import colleague
from tests.tui_helpers import events_table, select_event, settle, wait_until


async def test_opens_on_upcoming_events_soonest_first_with_table_focused(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert app.focused is table
        starts = [event.starts_at for event in table.events]
        assert starts == sorted(starts) and len(starts) == PAGE
        total = demo_services.count(EventQuery(include_drafts=True, limit=None))
        assert app.screen.total == total
        assert f"{total:,} events" in str(app.screen.query_one("#row-count").render())
        assert table.title_width >= 30


async def test_window_grows_when_the_cursor_nears_the_end(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        for _ in range(10):
            table.move_cursor(row=len(table.events) - 1, animate=False)
            await settle(pilot)
        assert len(table.events) == app.screen.total
        assert len({event.id for event in table.events}) == len(table.events)


async def test_search_filters_as_you_type(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"mercury")
        table = events_table(pilot)
        await wait_until(pilot, lambda: bool(table.events) and all(
            "mercury" in (e.title + e.description).lower() for e in table.events))
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(table.events) == PAGE)


async def test_the_search_line_says_what_was_understood_and_what_not(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        line = app.screen.query_one("#understood")
        assert not line.display
        await pilot.press("slash")
        await pilot.press(*"webinars xyzzy")
        table = events_table(pilot)
        await wait_until(pilot, lambda: "xyzzy" in str(line.render()))
        said = str(line.render())
        assert line.display and said.startswith("I understood: webinars")
        assert "Not understood: xyzzy" in said
        assert table.events and {e.kind.value for e in table.events} == {"webinar"}
        app.screen.query_one("#search").value = "hello"
        await wait_until(pilot, lambda: not table.events and "Not a question" in str(line.render()))
        assert app.screen.total == 0
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(table.events) == PAGE and not line.display)


async def test_quick_filters_and_sorting(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f")
        screen.query_one("#f-kinds").value = "workshop"
        await settle(pilot)
        table = events_table(pilot)
        assert table.events and {e.kind.value for e in table.events} == {"workshop"}
        screen.query_one("#f-scope").value = TimeScope.PAST.value
        await settle(pilot)
        past = table.events
        assert past, "the demo has past workshops: the table must not be empty"
        assert all(e.ends_at <= NOW for e in past) and {e.kind.value for e in past} == {"workshop"}
        screen.query_one("#filters").clear()
        await settle(pilot)
        await pilot.click("#events", offset=(40, 0))  # the Title header
        await settle(pilot)
        titles = [e.title.lower() for e in table.events]
        assert len(titles) > 1 and len(set(titles)) > 1
        assert screen.sort_name == "title" and titles == sorted(titles)


async def test_status_marks_are_visible(services: Services) -> None:
    for status in (Status.DRAFT, Status.POSTPONED, Status.CANCELLED):
        services.scheduling.create(make_event(title=f"A {status.value} one", status=Status.PLANNED
                                              if status is not Status.DRAFT else status))
    for event in services.find(EventQuery(include_drafts=True)):
        if "postponed" in event.title:
            services.scheduling.postpone(event.id, "rains", expected_version=event.version)
        if "cancelled" in event.title:
            services.scheduling.cancel(event.id, "no budget", expected_version=event.version)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        statuses = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert {"✎ draft", "‖ postponed", "✗ cancelled"} <= set(statuses)


async def test_enter_on_a_row_opens_its_editor_and_escape_comes_back(demo_services: Services) -> None:
    """Enter on the table opens the event under the cursor (it crashed the app with a TypeError
    once the shared actions moved: the row handler had lost its decorator to another method)."""
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        table.move_cursor(row=2, animate=False)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventEditor) and app.is_running
        assert app.screen.event is not None and app.screen.event.id == table.events[2].id
        await pilot.press("escape")  # unchanged: closes at once, nothing written
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)


async def test_duplicate_opens_the_copy_as_a_draft(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        source = events_table(pilot).events[0]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, EventEditor)
        copy, _ = app.screen.read_form()  # not written yet (issue 23): the form holds the copy
        assert copy is not None and copy.status is Status.DRAFT and copy.title == f"Copy of {source.title}"


async def test_reschedule_with_a_typed_date(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[0]
        assert event.session_number is not None  # a session of a demo series: the scope comes first
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ScopePrompt)
        await pilot.press("enter")  # this session
        await settle(pilot)
        assert isinstance(app.screen, DatePrompt)
        await pilot.press(*"2027-03-03 09:30")
        await settle(pilot)
        assert "2027" in str(app.screen.query_one("#date-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        moved = demo_services.scheduling.get(event.id)
        local = moved.starts_at.astimezone(__import__("zoneinfo").ZoneInfo(event.timezone))
        assert (local.year, local.month, local.day, local.hour, local.minute) == (2027, 3, 3, 9, 30)
        assert moved.duration == event.duration and moved.version == event.version + 1


async def test_postpone_and_cancel_ask_for_a_reason(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        first, second = [e for e in events_table(pilot).events if e.status is Status.CONFIRMED][:2]
        await select_event(pilot, first.id)
        await pilot.press("p")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"speaker ill", "enter")
        await settle(pilot)
        assert demo_services.scheduling.get(first.id).status is Status.POSTPONED
        await select_event(pilot, second.id)
        await pilot.press("c")
        await pilot.press("enter")  # empty reason refused
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"no budget", "enter")
        await settle(pilot)
        cancelled = demo_services.scheduling.get(second.id)
        assert cancelled.status is Status.CANCELLED and cancelled.status_reason == "no budget"


async def test_cancelling_a_cancelled_event_is_refused(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Cancelled one")).event
    services.scheduling.cancel(event.id, "no budget", expected_version=event.version)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("c")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"again", "enter")
        await settle(pilot)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert errors == ["“Cancelled one” is already cancelled"]
    again = services.scheduling.get(event.id)
    assert (again.status_reason, again.version) == ("no budget", 2)


async def test_delete_is_refused_for_a_non_draft_and_works_for_a_draft(services: Services) -> None:
    planned = services.scheduling.create(make_event(title="Planned one")).event
    draft = services.scheduling.create(make_event(title="Draft one", status=Status.DRAFT,
                                                  starts_at=NOW + timedelta(days=5))).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, planned.id)
        await pilot.press("delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert services.scheduling.get(planned.id)
        await select_event(pilot, draft.id)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle(pilot)
        assert [e.id for e in events_table(pilot).events] == [planned.id]


async def test_mark_held_after_the_end_only(services: Services) -> None:
    past = services.scheduling.create(
        make_event(title="Past one", starts_at=NOW - timedelta(days=2))).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#f-scope").value = TimeScope.PAST.value
        await settle(pilot)
        await select_event(pilot, past.id)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "as held?" in str(app.screen.query_one("#question").render())
        await pilot.press("escape")  # asked, not answered: nothing written
        await settle(pilot)
        assert services.scheduling.get(past.id).status is Status.CONFIRMED
        await pilot.press("h")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert services.scheduling.get(past.id).status is Status.HELD


async def test_follows_changes_made_by_another_process(demo_services: Services) -> None:

    app = make_app(demo_services, poll_seconds=0.2)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[0]
        other = colleague(demo_services)
        try:
            data = replace(event.data(), title="Renamed by a colleague")
            other.scheduling.update(event.id, data, expected_version=event.version)
        finally:
            other.close()
        await wait_until(pilot, lambda: events_table(pilot).events[0].title == "Renamed by a colleague")


async def test_help_and_palette_list_the_actions(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        from brs_coord.tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        keys = {(key, what) for _, key, what in app.screen.rows}
        assert ("n", "New") in keys and ("r", "Reschedule") in keys and ("/", "Search") in keys
        await pilot.press("escape")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("New", "Edit", "Duplicate", "Cancel event", "Postpone", "Mark held", "Delete draft",
                      "Export feeds", "Go to Calendar", "Registrations", "History"):
            assert title in commands
