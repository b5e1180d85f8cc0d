"""Pilot tests of the event editor: free-text start, validation, save, overlap warning, conflict."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from textual.widgets import Button, Input

from brs_coord.domain import EventQuery, Status
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.conflict import ConflictScreen
from brs_coord.tui.screens.editor import EventEditor
from brs_coord.tui.screens.editor_form import parse_duration
from brs_coord.wall_times import Duration
from tests.conftest import NOW, make_event
from tests.staff_helpers import colleague
from tests.tui_helpers import events_table, select_event, settle


def test_durations() -> None:
    assert parse_duration("2h") == Duration(0, timedelta(hours=2))
    assert parse_duration("1h30") == Duration(0, timedelta(hours=1, minutes=30))
    assert parse_duration("90 min") == Duration(0, timedelta(minutes=90))
    assert parse_duration("3 days") == Duration(3, timedelta(0))  # calendar days, not 72 hours
    assert parse_duration("16:00") is None and parse_duration("12") is None


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text
    await settle(pilot)


async def test_create_with_free_text_start_and_validation(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        save = editor.query_one("#save", Button)
        await type_into(pilot, "#start", "next Tuesday 14:00")
        preview = str(editor.query_one("#start-preview").render())
        assert "Tue 24 Nov 2026 14:00 Europe/Zurich" in preview
        assert save.disabled and "a title is required" in str(editor.query_one("#err-title").render())
        await pilot.press(*"Webinar on mercury inventories")
        await settle(pilot)
        assert not save.disabled
        await type_into(pilot, "#online_url", "not a url")
        assert save.disabled and "http" in str(editor.query_one("#err-online_url").render())
        await type_into(pilot, "#online_url", "https://meet.example.org/x")
        await type_into(pilot, "#end", "90 min")
        assert "(1 h 30 min)" in str(editor.query_one("#end-preview").render())
        save.press()
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor)
        [created] = services.find(EventQuery(include_drafts=True, text="mercury"))
        assert created.duration == timedelta(minutes=90) and created.status is Status.DRAFT
        assert events_table(pilot).selected().id == created.id


async def test_french_start_and_timezone(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_into(pilot, "#timezone", "America/Bogota")
        await type_into(pilot, "#start", "demain 9h")
        preview = str(app.screen.query_one("#start-preview").render())
        assert "Sun 22 Nov 2026 09:00 America/Bogota" in preview and "Europe/Zurich (you)" in preview
        await type_into(pilot, "#timezone", "Mars/Olympus")
        assert "unknown time zone" in str(app.screen.query_one("#err-timezone").render())


async def test_edit_saves_a_new_version(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[0]
        await pilot.press("e")
        await settle(pilot)
        await type_into(pilot, "#title", "A better title")
        app.screen.query_one("#save", Button).press()
        await settle(pilot)
        saved = demo_services.scheduling.get(event.id)
        assert saved.title == "A better title" and saved.version == event.version + 1
        assert saved.starts_at == event.starts_at and saved.audiences == event.audiences


async def test_overlap_warning_names_the_other_event_and_allows_saving(services: Services) -> None:
    services.scheduling.create(make_event(title="Existing regional webinar", regions=("africa",)))
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        await type_into(pilot, "#title", "Second webinar")
        when = (NOW + timedelta(days=3)).astimezone(app.staff_zone)
        await type_into(pilot, "#start", f"{when:%Y-%m-%d %H:%M}")
        editor.query_one("#regions").select("africa")
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert app.screen is editor
        warning = str(editor.query_one("#editor-warning").render())
        assert "Overlaps with 1 event" in warning and "Existing regional webinar" in warning
        assert str(editor.query_one("#save", Button).label) == "Save anyway"
        await pilot.pause(0.25)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor)
        assert services.count(EventQuery(include_drafts=True, regions=("africa",))) == 2


async def test_conflict_when_another_connection_changed_the_event(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[2]
        await select_event(pilot, event.id)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        other = colleague(demo_services)
        try:
            other.scheduling.update(event.id, replace(event.data(), location="Geneva"),
                                    expected_version=event.version)
        finally:
            other.close()
        await type_into(pilot, "#title", "My title")
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        text = str(app.screen.query_one("#conflict-text").render())
        assert "colleague" in text and "location" in text and "Geneva" in text and "My title" in text
        await pilot.click("#overwrite")
        await settle(pilot)
        saved = demo_services.scheduling.get(event.id)
        assert saved.title == "My title" and saved.version == event.version + 2
        assert saved.location == "Geneva"  # a field only they changed keeps theirs (merged field by field)


async def test_conflict_reload_shows_their_version(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[0]
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        demo_services.scheduling.update(event.id, replace(event.data(), title="Theirs"),
                                        expected_version=event.version)
        await type_into(pilot, "#location", "Nairobi")
        editor.query_one("#save", Button).press()
        await settle(pilot)
        await pilot.click("#reload")
        await settle(pilot)
        assert app.screen is editor
        assert editor.query_one("#title", Input).value == "Theirs" and editor.version == event.version + 1
