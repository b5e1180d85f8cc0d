"""Results tags in the event editor: the quick picker of the plan's outputs and indicators, the
warning on an untagged workshop, training or webinar, and the tags saved with the event under the
same version check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Button, Input, SelectionList, Static

from brs_coord.domain import Event, EventQuery
from brs_coord.permissions import Role
from brs_coord.results import PlanItem, search_plan, untagged_warning
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.conflict import ConflictScreen
from brs_coord.tui.screens.editor import EventEditor
from brs_coord.tui.screens.results_picker import ResultsPicker, read_codes
from tests.conftest import make_event
from tests.staff_helpers import colleague
from tests.test_tui_snapshots import SIZES
from tests.tui_helpers import select_event, settle

PLAN = [
    PlanItem("BC-2-out-v", "BC-2", "basel", "Training on the new reporting format delivered"),
    PlanItem("BC-2-v", "BC-2", "basel", "Number of Parties trained on the use of a new reporting format"),
    PlanItem("RC-1-i", "RC-1", "rotterdam", "Number of Parties trained on the reporting of import responses"),
    PlanItem("CC-1-vii", "CC-1", None, "Number of people trained through e-learning"),
]


def test_the_plan_is_searched_by_code_or_word_beginnings_the_events_conventions_first() -> None:
    assert [i.code for i in search_plan(PLAN, "reporting format")] == ["BC-2-out-v", "BC-2-v"]
    assert [i.code for i in search_plan(PLAN, "bc-2-v")] == ["BC-2-v"]
    assert [i.code for i in search_plan(PLAN, "train report", ["rotterdam"])] == [
        "RC-1-i", "BC-2-out-v", "BC-2-v"]
    assert [i.code for i in search_plan(PLAN, "", ["rotterdam"])][0] == "RC-1-i"
    assert search_plan(PLAN, "mercury") == []
    assert read_codes("BC-2-v, BC-1-out-iii  BC-2-v") == ("BC-2-v", "BC-1-out-iii")


@pytest.mark.parametrize("kind", ["workshop", "training", "webinar"])
def test_an_untagged_workshop_training_or_webinar_is_warned_about(kind: str) -> None:
    assert "No results tag" in (untagged_warning(kind, []) or "")
    assert untagged_warning(kind, ["BC-2-v"]) is None
    assert untagged_warning("expert-meeting", []) is None


async def open_editor(pilot: Any, key: str) -> EventEditor:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, EventEditor)
    return editor


async def test_staff_pick_tags_for_a_new_webinar_and_they_are_saved_with_it(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, "n")
        editor.query_one("#title", Input).value = "Webinar on the new Basel reporting format"
        editor.query_one("#start", Input).value = "2026-12-01 14:00"
        editor.query_one("#conventions", SelectionList).select("basel")
        await settle(pilot)
        assert "No results tag" in str(editor.query_one("#results-warning").render())
        assert not editor.query_one("#save", Button).disabled  # a warning, not a refusal
        await pilot.press("ctrl+t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ResultsPicker)
        listed = picker.query_one("#results-list", SelectionList)
        assert str(listed.get_option_at_index(0).value).startswith("BC-")  # Basel first
        assert "(Basel Convention first)" in str(picker.query_one(Static).render())
        await pilot.press(*"reporting format")
        await settle(pilot)
        codes = [str(listed.get_option_at_index(n).value) for n in range(listed.option_count)]
        assert "BC-2-v" in codes and all(c.startswith("BC-") for c in codes[:2])
        listed.select("BC-2-v")  # a tick, as space does on the highlighted line
        await settle(pilot)
        await pilot.press("backspace", "backspace")  # searched again: the tick is kept
        await settle(pilot)
        assert "BC-2-v" in picker.ordered()
        await pilot.press("enter")  # Enter in the search keeps the ticks
        await settle(pilot)
        assert app.screen is editor
        typed = read_codes(editor.query_one("#results", Input).value)
        assert typed == ("BC-2-v",)
        assert str(editor.query_one("#results-warning").render()).strip() == ""
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor)
    [created] = services.find(EventQuery(include_drafts=True, text="Basel reporting"))
    assert services.results.tags(created.uid) == ("BC-2-v",) and created.version == 1


@asynccontextmanager
async def editing(services: Services, event: Event) -> AsyncIterator[tuple[App[Any], Any, EventEditor]]:
    """The app with the editor of ``event`` open: the app, its pilot and the editor."""
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        yield app, pilot, await open_editor(pilot, "e")


async def test_a_code_not_in_the_plan_keeps_save_disabled(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Webinar one")).event
    async with editing(services, event) as (_app, pilot, editor):
        editor.query_one("#results", Input).value = "BC-2-v BC-9-xx"
        await settle(pilot)
        assert editor.query_one("#save", Button).disabled
        assert "not in the plan: BC-9-xx" in str(editor.query_one("#err-results").render())


async def test_a_tags_only_edit_is_a_new_version_in_the_history(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Webinar one")).event
    services.results.tag_event(event.uid, ["BC-1-out-iii"])
    async with editing(services, event) as (app, pilot, editor):
        assert editor.query_one("#results", Input).value == "BC-1-out-iii"
        editor.query_one("#results", Input).value = "BC-1-out-iii BC-2-v"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor)
    saved = services.scheduling.get(event.id)
    both = ("BC-1-out-iii", "BC-2-v")
    assert saved.version == event.version + 1 and services.results.tags(event.uid) == both
    last = services.scheduling.history(event.id)[-1]
    assert last.action == "tagged" and last.changes["results"] == [["BC-1-out-iii"], list(both)]


async def test_tags_changed_by_a_colleague_meanwhile_are_a_conflict(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Webinar one")).event
    async with editing(services, event) as (app, pilot, editor):
        other = colleague(services, role=Role.ME_OFFICER)
        try:
            other.results.save_tags(event.id, ["RC-1-i"], expected_version=event.version)
        finally:
            other.close()
        editor.query_one("#results", Input).value = "BC-2-v"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "colleague" in str(app.screen.query_one("#conflict-text").render())
    assert services.results.tags(event.uid) == ("RC-1-i",)  # nothing of ours was written


def test_a_refused_edit_writes_no_tags(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Webinar one")).event
    services.scheduling.update(event.id, replace(event.data(), title="Webinar two"),
                               expected_version=event.version)
    with pytest.raises(Exception, match="version"):
        services.results.save_tags(event.id, ["BC-2-v"], expected_version=event.version)
    assert services.results.tags(event.uid) == ()


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_picker(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    """The picker over the editor of the first demo event, 'reporting' searched, one line ticked."""

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press(*"reporting")
        await settle(pilot)
        pilot.app.screen.query_one("#results-list", SelectionList).select("BC-2-v")
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False
        await pilot.pause(0.1)

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_untagged_warning(
    snap_compare: Any, services: Services, size: tuple[int, int],
) -> None:
    """A new webinar's form scrolled to its results field: the warning under it."""

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = pilot.app.screen
        editor.query_one("#title", Input).value = "Webinar on mercury inventories"
        editor.query_one("#start", Input).value = "2026-12-01 14:00"
        await settle(pilot)
        editor.query_one("#results", Input).focus()
        editor.query_one("#field-results").scroll_visible(animate=False)
        for field in editor.query("Input, TextArea"):
            field.cursor_blink = False
        await pilot.pause(0.2)

    assert snap_compare(make_app(services, poll_seconds=0), terminal_size=size, run_before=before)
