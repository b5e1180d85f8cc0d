"""Pilot tests of the editor's safety (issue 23): no title replaced by accident, Escape asks before
discarding a change, a duplicate is written only when saved, cancelling asks for a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import Button, Input, Select

from brs_coord.domain import EventQuery, Status
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.editor import EventEditor
from brs_coord.tui.screens.prompts import ConfirmScreen
from tests.conftest import make_event
from tests.tui_helpers import events_table, select_event, settle, wait_until


async def test_enter_in_the_search_opens_no_editor_and_a_typed_key_saves_nothing(
    demo_services: Services,
) -> None:
    """/, 'e-waste march', a second's wait, Enter, a letter, ctrl+s: the title is unchanged."""
    march = datetime(2027, 3, 10, 10, tzinfo=UTC)  # an e-waste event in March, whatever the demo holds
    demo_services.scheduling.create(make_event(title="Webinar on e-waste inventories", programme="e-waste",
                                               starts_at=march, ends_at=march + timedelta(hours=1)))
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen, table = app.screen, events_table(pilot)
        await pilot.press("slash", *"e-waste march")
        await wait_until(pilot, lambda: screen.search_text == "e-waste march")
        await pilot.pause(1.0)
        await settle(pilot)
        assert table.events, "the search finds events"
        first = table.events[0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and app.focused is table
        await pilot.press("a", "ctrl+s")
        await settle(pilot)
        assert demo_services.scheduling.get(first.id) == first


async def test_the_editor_opens_with_the_cursor_after_the_title_and_nothing_selected(
    demo_services: Services,
) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[0]
        await pilot.press("e")
        await settle(pilot)
        title = app.screen.query_one("#title", Input)
        assert app.focused is title and title.selection.is_empty
        assert title.cursor_position == len(event.title)
        await pilot.press("!")
        assert title.value == event.title + "!"


async def test_escape_on_an_unchanged_form_closes_at_once(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EventEditor)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor | ConfirmScreen)


async def test_escape_on_a_changed_form_asks_to_discard_or_keep_editing(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[0]
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        await pilot.press(*" (draft)")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard changes?" in str(app.screen.query_one("#question").render())
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert labels == ["Discard", "Keep editing"]
        await pilot.press("escape")  # Escape again keeps editing
        await settle(pilot)
        assert app.screen is editor
        assert editor.query_one("#title", Input).value == event.title + " (draft)"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor | ConfirmScreen)
        assert demo_services.scheduling.get(event.id) == event


async def test_duplicate_writes_nothing_until_saved(demo_services: Services) -> None:
    before = demo_services.count(EventQuery(include_drafts=True, limit=None))
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        source = events_table(pilot).events[0]
        await pilot.press("d")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor) and editor.event is None
        assert editor.query_one("#title", Input).value == f"Copy of {source.title}"
        assert editor.query_one("#status", Select).value == Status.DRAFT.value
        await pilot.click("#cancel")
        await settle(pilot)
        assert demo_services.count(EventQuery(include_drafts=True, limit=None)) == before
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        if isinstance(app.screen, EventEditor):  # the copy overlaps its source: "Save anyway"
            assert "Overlaps with" in str(app.screen.query_one("#editor-warning").render())
            await pilot.pause(0.25)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert not isinstance(app.screen, EventEditor)
        [copy] = [e for e in demo_services.find(EventQuery(include_drafts=True, limit=None))
                  if e.title == f"Copy of {source.title}"]
        assert copy.status is Status.DRAFT and copy.starts_at == source.starts_at
        assert demo_services.count(EventQuery(include_drafts=True, limit=None)) == before + 1


async def test_cancelling_in_the_editor_asks_for_a_reason_as_c_does(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = next(e for e in events_table(pilot).events
                     if e.status is Status.CONFIRMED and not e.status_reason)
        await select_event(pilot, event.id)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#status", Select).value = Status.CANCELLED.value
        await settle(pilot)
        save = editor.query_one("#save", Button)
        assert save.disabled
        assert "a reason is required to cancel" in str(editor.query_one("#err-status_reason").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and demo_services.scheduling.get(event.id).status is event.status
        editor.query_one("#status_reason", Input).value = "no budget"
        await settle(pilot)
        assert not save.disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        cancelled = demo_services.scheduling.get(event.id)
        assert cancelled.status is Status.CANCELLED and cancelled.status_reason == "no budget"
