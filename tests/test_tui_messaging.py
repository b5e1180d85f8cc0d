"""Pilot tests of "message registrants" (key m) from the events view and the registrations screen."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from brs_coord.domain import Status
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.prompts import TextPrompt
from brs_coord.tui.screens.registrations import RegistrationsScreen
from tests.conftest import make_event
from tests.tui_helpers import select_event, settle


def notifications(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def message_rows(services: Services, event_id: int) -> list[dict[str, Any]]:
    return services.notices.outbox.rows(event_id=event_id, kind="message")


def people(services: Services, event_id: int) -> tuple[int, int, int]:
    """Two registered participants and one who only asked for a reminder."""
    ids = []
    for telegram_id in (11, 12, 13):
        ids.append(services.participants.get_or_create(telegram_id, chat_id=telegram_id, first_name="P").id)
    services.registrations.register(ids[0], event_id)
    services.registrations.register(ids[1], event_id)
    services.registrations.remind(ids[2], event_id)
    return ids[0], ids[1], ids[2]


async def test_message_from_the_events_view_goes_to_each_registrant(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Webinar on e-waste")).event
    first, second, _reminded = people(services, event.id)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("m")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt) and "Webinar on e-waste" in prompt.title_text
        assert prompt.query_one("#answer", Input).max_length == 1000
        await pilot.press(*"Room changed: use the new link")
        await pilot.press("enter")
        await settle(pilot)
        rows = message_rows(services, event.id)
        assert sorted(r["participant_id"] for r in rows) == sorted([first, second])
        assert all("Room changed: use the new link" in str(r["payload"]) for r in rows)
        assert "Message queued for 2 participants" in notifications(app)


async def test_message_from_the_registrations_screen(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Customs workshop", kind="workshop")).event
    first, second, _reminded = people(services, event.id)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, RegistrationsScreen)
        await pilot.press("m")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one("#answer", Input).value = "Bring your ID"
        await pilot.click("#ok")
        await settle(pilot)
        assert isinstance(app.screen, RegistrationsScreen)
        rows = message_rows(services, event.id)
        assert sorted(r["participant_id"] for r in rows) == sorted([first, second])
        assert "Message queued for 2 participants" in notifications(app)


async def test_closing_the_prompt_or_a_draft_writes_nothing(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Planned webinar")).event
    people(services, event.id)
    draft = services.scheduling.create(make_event(title="Draft webinar", status=Status.DRAFT)).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("m")
        await pilot.press("escape")
        await settle(pilot)
        await select_event(pilot, draft.id)
        await pilot.press("m")
        await pilot.press(*"hello", "enter")
        await settle(pilot)
        assert message_rows(services, event.id) == [] and message_rows(services, draft.id) == []
        assert any("draft" in text for text in notifications(app))


async def test_message_registrants_is_in_help_and_the_command_palette(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert ("events", "m", "Message registrants") in app._help_rows()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Message registrants" in titles
