"""Cancel, delete and mark held ask first, and `u` takes back the last change of the session through
the services and the history (issue 23)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from textual.widgets import Button

from brs_coord.domain import Status, TimeScope
from brs_coord.errors import NotAllowed, NotFound
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.prompts import ConfirmScreen, TextPrompt
from tests.conftest import NOW, make_event
from tests.staff_helpers import colleague
from tests.tui_helpers import events_table, select_event, settle


def notices(app: object, severity: str = "information") -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == severity]  # type: ignore[attr-defined]


async def test_cancel_asks_keep_it_writes_nothing_and_u_reinstates(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Budget webinar")).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("c")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert str(prompt.query_one("#ok", Button).label) == "Cancel event"
        await pilot.press(*"no budget")
        await pilot.click("#close")  # "Keep it"
        await settle(pilot)
        assert services.scheduling.get(event.id).version == event.version
        await pilot.press("c", *"no budget", "enter")
        await settle(pilot)
        assert services.scheduling.get(event.id).status is Status.CANCELLED
        assert "Cancelled “Budget webinar” · u undoes" in notices(app)
        await pilot.press("u")
        await settle(pilot)
        back = services.scheduling.get(event.id)
        assert (back.status, back.status_reason, back.version) == (Status.CONFIRMED, None, 3)
        assert "Undone: Cancelled “Budget webinar”" in notices(app)
        history = services.scheduling.history(event.id)
        assert [h.action for h in history] == ["created", "cancelled", "undone"]
        assert history[-1].changes["status"] == ["cancelled", "confirmed"]
        await pilot.press("u")  # an undo is not undone in turn
        await settle(pilot)
        assert services.scheduling.get(event.id).version == 3
        assert notices(app, "warning") == ["Nothing to undo in this session"]


async def test_delete_asks_and_u_brings_the_draft_back_with_its_uid(services: Services) -> None:
    draft = services.scheduling.create(make_event(title="Draft agenda", status=Status.DRAFT)).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, draft.id)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.focused is not None and app.focused.id == "no"  # Enter alone says no
        await pilot.press("enter")
        await settle(pilot)
        assert services.scheduling.get(draft.id).title == "Draft agenda"
        await pilot.press("delete")
        await pilot.click("#yes")
        await settle(pilot)
        assert events_table(pilot).events == []
        await pilot.press("u")
        await settle(pilot)
        (back,) = events_table(pilot).events
        assert (back.uid, back.title, back.status) == (draft.uid, "Draft agenda", Status.DRAFT)
        assert back.data() == draft.data()


async def test_mark_held_is_undone_by_u(services: Services) -> None:
    past = services.scheduling.create(
        make_event(title="Past one", starts_at=NOW - timedelta(days=2))).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#f-scope").value = TimeScope.PAST.value
        await settle(pilot)
        await select_event(pilot, past.id)
        await pilot.press("h")
        await pilot.click("#yes")
        await settle(pilot)
        assert services.scheduling.get(past.id).status is Status.HELD
        await pilot.press("u")
        await settle(pilot)
        assert services.scheduling.get(past.id).status is Status.CONFIRMED


async def test_undo_after_a_colleague_changed_the_event_is_refused(services: Services) -> None:

    event = services.scheduling.create(make_event(title="Shared webinar")).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("c", *"no budget", "enter")
        await settle(pilot)
        cancelled = services.scheduling.get(event.id)
        other = colleague(services)
        try:
            other.scheduling.update(event.id, replace(cancelled.data(), title="Shared webinar (off)"),
                                    expected_version=cancelled.version)
        finally:
            other.close()
        await pilot.press("u")
        await settle(pilot)
        now = services.scheduling.get(event.id)
        assert (now.status, now.title) == (Status.CANCELLED, "Shared webinar (off)")
        (error,) = notices(app, "error")
        assert "was changed by colleague" in error


def test_a_created_event_that_is_announced_is_not_undone_by_deleting_it(services: Services) -> None:
    change = services.scheduling.create(make_event(title="Announced"))
    with pytest.raises(NotAllowed, match="Only drafts can be deleted"):
        services.scheduling.undo(change)
    draft = services.scheduling.create(make_event(title="Draft", status=Status.DRAFT))
    services.scheduling.undo(draft)
    with pytest.raises(NotFound):
        services.scheduling.get(draft.event.id)
    assert services.scheduling.get(change.event.id).title == "Announced"


async def test_an_edit_saved_in_the_editor_is_undone_by_u(services: Services) -> None:
    from textual.widgets import Input

    event = services.scheduling.create(make_event(title="Webinar on PCB")).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#title", Input).value = "Webinar on PCB inventories"
        await settle(pilot)
        app.screen.query_one("#save", Button).press()
        await settle(pilot)
        assert services.scheduling.get(event.id).title == "Webinar on PCB inventories"
        assert "Saved “Webinar on PCB inventories” · u undoes" in notices(app)
        await pilot.press("u")
        await settle(pilot)
        back = services.scheduling.get(event.id)
        assert (back.title, back.version) == ("Webinar on PCB", 3)
        assert back.data() == event.data()
