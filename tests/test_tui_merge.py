"""The conflict dialog merges field by field (issue 23): fields only the other side changed are kept,
only fields both changed are offered as mine or theirs; the merge rule itself on plain data."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Select

from brs_coord.domain import Event, Merge
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.conflict import ConflictScreen
from tests.conftest import make_event
from tests.staff_helpers import colleague
from tests.test_tui_editor import type_into
from tests.tui_helpers import events_table, select_event, settle


def test_merge_keeps_theirs_where_only_they_changed_and_mine_where_only_i_did() -> None:
    base = make_event()
    theirs = replace(base, title="Their title", capacity=40)
    mine = replace(base, location="Nairobi", capacity=60)
    merge = Merge(base, theirs, mine)
    assert merge.both_changed == ("capacity",)
    assert merge.merged() == replace(base, title="Their title", location="Nairobi", capacity=60)
    assert merge.merged(["capacity"]) == replace(base, title="Their title", location="Nairobi", capacity=40)


def test_merge_a_field_both_changed_alike_is_no_choice() -> None:
    base = make_event()
    later = base.starts_at + timedelta(days=1)
    theirs = replace(base, starts_at=later, ends_at=later + timedelta(hours=2))
    mine = replace(theirs, title="Mine")
    merge = Merge(base, theirs, mine)
    assert merge.both_changed == ()
    assert merge.merged(["starts_at"]) == mine


async def _conflict(
    services: Services, pilot: Pilot[Any], theirs: dict[str, Any], typed: dict[str, str]
) -> tuple[Event, ConflictScreen]:
    """Open the editor on an event, let a colleague save theirs, type mine, save: the dialog."""
    app = pilot.app
    event = events_table(pilot).events[1]
    await select_event(pilot, event.id)
    await pilot.press("e")
    await settle(pilot)
    editor = app.screen
    other = colleague(services)
    try:
        other.scheduling.update(event.id, replace(event.data(), **theirs), expected_version=event.version)
    finally:
        other.close()
    for selector, text in typed.items():
        await type_into(pilot, selector, text)
    editor.query_one("#save", Button).press()
    await settle(pilot)
    assert isinstance(app.screen, ConflictScreen)
    return event, app.screen


@pytest.mark.parametrize("choice", ["mine", "theirs"])
async def test_a_field_both_changed_is_chosen_and_the_rest_merged(
    demo_services: Services, choice: str
) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event, dialog = await _conflict(
            demo_services, pilot, {"title": "Their title", "location": "Geneva"},
            {"#title": "My title", "#capacity": "77"},
        )
        assert [s.id for s in dialog.query(Select)] == ["take-title"]  # only the field both changed
        dialog.query_one("#take-title", Select).value = choice
        dialog.query_one("#overwrite", Button).press()
        await settle(pilot)
        saved = demo_services.scheduling.get(event.id)
        assert saved.title == ("My title" if choice == "mine" else "Their title")
        assert (saved.location, saved.capacity) == ("Geneva", 77)
        assert saved.version == event.version + 2


async def test_no_choice_offered_when_the_edits_touch_different_fields(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event, dialog = await _conflict(demo_services, pilot, {"title": "Their title"}, {"#location": "Lomé"})
        assert not list(dialog.query(Select))
        assert "No field was changed by both" in str(dialog.query_one("#conflict-text").render())
        dialog.query_one("#overwrite", Button).press()
        await settle(pilot)
        saved = demo_services.scheduling.get(event.id)
        assert (saved.title, saved.location) == ("Their title", "Lomé")
