"""Marked rows and bulk actions (issue 23): space marks, one reason and one confirmation cancel or
postpone them all through services.bulk (one transaction per event, each refusal said), t tags them
with an audience, ctrl+e exports their registrations, and u undoes the whole bulk action."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from textual.widgets import Button, Input, Static

from brs_coord.domain import Status
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.prompts import ChoicePrompt, TextPrompt
from brs_coord.tui.screens.registrations import CsvExportScreen
from tests.conftest import NOW, make_event
from tests.test_tui_screens import register
from tests.tui_helpers import events_table, select_event, settle


def notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


def three(services: Services) -> list[int]:
    return [services.scheduling.create(make_event(
        title=f"Webinar {n}", starts_at=NOW + timedelta(days=3 + n))).event.id for n in range(3)]


def test_bulk_cancel_says_what_happened_to_each_and_undo_takes_back_the_rest(services: Services) -> None:
    ids = three(services)
    seen = [services.scheduling.get(i) for i in ids]
    services.scheduling.cancel(ids[2], "moved", expected_version=seen[2].version)  # already cancelled
    other = services.scheduling.get(ids[1])
    services.scheduling.update(ids[1], make_event(title="Renamed elsewhere", starts_at=other.starts_at),
                               expected_version=other.version)
    stale = [seen[0], seen[1], services.scheduling.get(ids[2])]
    outcome = services.bulk.cancel(stale, "no budget")
    assert outcome.words() == "1 cancelled, 1 changed by someone else — not cancelled, " \
        "1 already cancelled — not cancelled"
    assert services.scheduling.get(ids[0]).status is Status.CANCELLED
    assert services.scheduling.get(ids[1]).title == "Renamed elsewhere"
    undone = services.bulk.undo(outcome)
    assert undone.words() == "1 undone"
    assert services.scheduling.get(ids[0]).status is Status.CONFIRMED


def test_tag_adds_the_audience_once(services: Services) -> None:
    ids = three(services)
    first = services.scheduling.get(ids[0])
    services.bulk.tag([first], "basel-focal-points")
    outcome = services.bulk.tag([services.scheduling.get(i) for i in ids], "basel-focal-points")
    assert outcome.words() == "2 tagged, 1 has it already — not tagged"
    assert all(services.scheduling.get(i).audiences == ("basel-focal-points",) for i in ids)


async def test_space_marks_c_cancels_the_marked_with_one_reason_and_u_undoes_all(services: Services) -> None:
    ids = three(services)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_event(pilot, ids[0])
        await pilot.press("space", "space")  # marks the first two, the cursor moving down
        table = events_table(pilot)
        assert list(table.marked) == ids[:2]
        assert str(app.screen.query_one("#status-line", Static).render()).startswith("2 marked")
        await pilot.press("c")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert str(prompt.query_one("#ok", Button).label) == "Cancel 2 events"
        await pilot.press(*"no budget", "enter")
        await settle(pilot)
        assert [services.scheduling.get(i).status for i in ids] == [
            Status.CANCELLED, Status.CANCELLED, Status.CONFIRMED]
        assert services.scheduling.get(ids[0]).status_reason == "no budget"
        assert "2 cancelled · u undoes" in notices(app)
        assert table.marked == {}
        await pilot.press("u")
        await settle(pilot)
        assert [services.scheduling.get(i).status for i in ids] == [Status.CONFIRMED] * 3
        assert "Undone: 2 cancelled" in notices(app) and "2 undone" not in notices(app)


async def test_escape_unmarks_and_t_tags_the_marked(services: Services) -> None:
    ids = three(services)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, ids[1])
        await pilot.press("space")
        await pilot.press("escape")
        assert events_table(pilot).marked == {}
        await select_event(pilot, ids[1])
        await pilot.press("space", "space", "t")
        await settle(pilot)
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press(*"basel focal", "enter")
        await settle(pilot)
        assert [services.scheduling.get(i).audiences for i in ids] == [
            (), ("basel-focal-points",), ("basel-focal-points",)]
        await pilot.press("u")
        await settle(pilot)
        assert [services.scheduling.get(i).audiences for i in ids] == [(), (), ()]


async def test_ctrl_e_exports_the_registrations_of_the_marked_events_only(
    services: Services, tmp_path: Path
) -> None:
    ids = three(services)
    for n, event_id in enumerate(ids):
        register(services, event_id, 100 + n, f"Participant {n}", "KE")
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_event(pilot, ids[0])
        await pilot.press("space", "down", "space", "ctrl+e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CsvExportScreen)
        assert form.event_ids == (ids[0], ids[2])
        assert "of the 2 events chosen only" in str(form.query_one("#csv-selection", Static).render())
        target = tmp_path / "marked.csv"
        form.query_one("#path", Input).value = str(target)
        await pilot.click("#ok")
        await settle(pilot)
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert [row["participant"] for row in rows] == ["Participant 0", "Participant 2"]
