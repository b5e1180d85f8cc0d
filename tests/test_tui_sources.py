"""The Sources (F8) and Review (F9) screens of the partner-calendar import (issue 20): the list of
sources with their last report, sync now in a worker, add and remove, the run history; the review
queue with its diff (a staff-edited field marked kept), apply and reject one or all. Snapshots at
80x24 and 160x48 over the same scene (tests/partner_tui_helpers.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, SelectionList, Static

from brs_coord.domain import Status
from brs_coord.partner_records import PartnerSourceData, ReviewChange, RunOutcome, SourceKind
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.review import ReviewScreen
from brs_coord.tui.screens.source_form import SourceForm
from brs_coord.tui.screens.source_runs import SourceRunsScreen
from brs_coord.tui.screens.sources import SourcesScreen
from brs_coord.tui.screens.workplan_preview import WorkplanPreviewScreen
from tests.partner_tui_helpers import CENTRE_URL, SECOND, STAFF_TITLE, Published, feed, partner_scene, vevent
from tests.test_tui_workplan_preview import WORKPLAN
from tests.tui_helpers import settle, wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture
def scene(demo_services: Services) -> Published:
    return partner_scene(demo_services)


def _rows(pilot: Any, table_id: str) -> int:
    return int(pilot.app.screen.query_one(table_id, DataTable).row_count)


async def _showing(pilot: Any, screen: type, table_id: str, rows: int) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen) and _rows(pilot, table_id) == rows)


def _text(pilot: Any, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_sources_list_their_last_report_and_sync_now_tells_the_run(
    demo_services: Services, scene: Published,
) -> None:
    async with make_app(demo_services, poll_seconds=0).run_test(size=(160, 48)) as pilot:
        await pilot.press("f8")
        await _showing(pilot, SourcesScreen, "#sources", 2)
        table = pilot.app.screen.query_one("#sources", DataTable)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[1:3] == ["ics", "bcrc-uruguay"] and first[4] == "—"
        assert first[7] == "synced: 3 processed, 3 held"
        assert [str(c) for c in table.get_row_at(1)][4] == "trusted"
        assert "held 3" in _text(pilot, "#source-detail")
        scene.bodies[CENTRE_URL] = feed(vevent("hg-3@bcrc", "20270420T150000Z", "Mercury waste clinic"))
        before = scene.requests
        await pilot.press("s")
        await wait_until(pilot, lambda: scene.requests == before + 1 and str(
            table.get_row_at(0)[7]) == "synced: 1 processed, 1 held")
        notes = [n.message for n in pilot.app._notifications]
        told = ("Source 1: synced — processed 1, added 0, updated 0, unchanged 0, held 1, rejected 0,"
                " dropped 0, vanished 0")
        assert told in notes, notes


async def test_a_failing_source_shows_when_it_is_tried_again(demo_services: Services, tmp_path: Path) -> None:
    source = demo_services.partner_sync.add_source(PartnerSourceData(
        SourceKind.ICS, "bcrc-uruguay", file=str(tmp_path / "not-there.ics")))
    for _ in range(2):  # failed twice in a row: tried again 10 minutes after the second failure
        assert demo_services.partner_sync.sync(source.id).outcome is RunOutcome.FAILED
    async with make_app(demo_services, poll_seconds=0).run_test(size=(160, 48)) as pilot:
        await pilot.press("f8")
        await _showing(pilot, SourcesScreen, "#sources", 1)
        row = [str(cell) for cell in pilot.app.screen.query_one("#sources", DataTable).get_row_at(0)]
        assert row[6] == "[red]retry 11:10 (2 failed)[/]"  # 10:00 UTC + 10 min, in the staff zone
        assert row[7].startswith("failed: ")
        assert "0 due" in _text(pilot, "#sources-title")


async def test_add_a_source_through_the_form_and_remove_it_after_confirming(
    demo_services: Services, scene: Published,
) -> None:
    async with make_app(demo_services, poll_seconds=0).run_test(size=(160, 48)) as pilot:
        await pilot.press("f8")
        await _showing(pilot, SourcesScreen, "#sources", 2)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, SourceForm)
        form.query_one("#c-url", Input).value = "http://intranet.example.org/plan.ics"
        form.query_one("#c-organiser", Select).value = "bcrc-senegal"
        form.query_one("#c-every", Input).value = "60"
        await pilot.click("#ok")
        error = form.query_one("#c-url-error", Label)
        await wait_until(pilot, lambda: "Only https" in str(error.render()))
        assert pilot.app.screen is form  # refused under its field: the form stays, with what was typed
        assert len(demo_services.partner_sync.sources()) == 2
        form.query_one("#c-url", Input).value = "https://bcrc-senegal.example.org/agenda.ics"
        form.query_one("#c-audiences", SelectionList).select("customs-officers")
        form.query_one("#c-convention", Select).value = "basel"
        form.query_one("#c-language", Select).value = "fr"
        form.query_one("#c-words", Input).value = "e-waste, mercury"
        form.query_one("#c-grace", Input).value = "a day"
        await pilot.click("#ok")
        grace = form.query_one("#c-grace-error", Label)
        await wait_until(pilot, lambda: "whole number" in str(grace.render()))
        form.query_one("#c-grace", Input).value = "24"
        await settle(pilot)  # the refusal's line is laid out before the next click
        await pilot.click("#ok")
        await _showing(pilot, SourcesScreen, "#sources", 3)
        added = demo_services.partner_sync.sources()[-1]
        assert (added.centre, added.url, added.trusted) == (
            "bcrc-senegal", "https://bcrc-senegal.example.org/agenda.ics", False)
        assert (added.audiences, added.convention, added.language, added.filter_words) == (
            ("customs-officers",), "basel", "fr", ("e-waste", "mercury"))
        assert (added.interval_minutes, added.grace_hours, added.mapping) == (60, 24, None)
        pilot.app.screen.query_one("#sources", DataTable).move_cursor(row=2, animate=False)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#no")
        await settle(pilot)
        assert len(demo_services.partner_sync.sources()) == 3
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#yes")
        await wait_until(pilot, lambda: _rows(pilot, "#sources") == 2)
        assert added.id not in {s.id for s in demo_services.partner_sync.sources()}


async def test_the_run_history_shows_every_run_and_its_counts(
    demo_services: Services, scene: Published,
) -> None:
    async with make_app(demo_services, poll_seconds=0).run_test(size=(160, 48)) as pilot:
        await pilot.press("f8")
        await _showing(pilot, SourcesScreen, "#sources", 2)
        await pilot.press("h")
        await _showing(pilot, SourceRunsScreen, "#runs", 2)
        newest = [str(c) for c in pilot.app.screen.query_one("#runs", DataTable).get_row_at(0)]
        assert newest[1:] == ["synced", "3", "0", "0", "0", "3", "0", "0", "0"]
        assert "processed 3" in _text(pilot, "#run-detail")


async def test_review_shows_the_diff_with_the_staff_edit_kept_and_applies_one(
    demo_services: Services, scene: Published,
) -> None:
    sync = demo_services.partner_sync
    async with make_app(demo_services, poll_seconds=0).run_test(size=(160, 48)) as pilot:
        await pilot.press("f9")
        await _showing(pilot, ReviewScreen, "#review", 3)
        table = pilot.app.screen.query_one("#review", DataTable)
        changes = [str(table.get_row_at(i)[1]) for i in range(3)]
        assert changes == ["changed", "cancelled", "new"]
        assert str(table.get_row_at(0)[2]) == "3 h"
        assert str(table.get_row_at(0)[5]) == "Title*, Description, Starts, Ends"
        diff = _text(pilot, "#review-diff")
        assert f"local:    {STAFF_TITLE}  (kept: staff edited)" in diff
        assert "upstream: 2026-12-12 14:00 CET" in diff and "local:    2026-12-10 14:00 CET" in diff
        changed = sync.pending()[0]
        await pilot.press("a")
        await wait_until(pilot, lambda: _rows(pilot, "#review") == 2)
        event = demo_services.scheduling.get(int(changed.event_id or 0))
        assert event.title == STAFF_TITLE and event.starts_at.day == 12
        assert event.description.startswith("Two days")
        await pilot.press("down")
        assert "Mercury waste clinic" in _text(pilot, "#review-diff")
        await pilot.press("r")
        await wait_until(pilot, lambda: _rows(pilot, "#review") == 1)
        assert [item.change for item in sync.pending()] == [ReviewChange.CANCELLED]
        await pilot.press("R")
        await settle(pilot)
        await pilot.click("#yes")
        await wait_until(pilot, lambda: _rows(pilot, "#review") == 0)
        assert "Nothing to review" in _text(pilot, "#review-diff")
        scene.bodies[CENTRE_URL] = SECOND  # the same versions again: not asked about again
        report = sync.sync(1)
        assert (report.held, report.unchanged, report.processed) == (0, 2, 3) and sync.pending() == []
        assert demo_services.scheduling.get(int(changed.event_id or 0) + 1).status is not Status.CANCELLED


async def test_apply_all_after_confirming(demo_services: Services, scene: Published) -> None:
    async with make_app(demo_services, poll_seconds=0).run_test(size=(160, 48)) as pilot:
        await pilot.press("f9")
        await _showing(pilot, ReviewScreen, "#review", 3)
        cancelled = demo_services.partner_sync.pending()[1]
        await pilot.press("A")
        await settle(pilot)
        await pilot.click("#yes")
        await wait_until(pilot, lambda: any(n.message == "Applied 3 items" for n in pilot.app._notifications))
        await wait_until(pilot, lambda: _rows(pilot, "#review") == 0)
        assert demo_services.scheduling.get(int(cancelled.event_id or 0)).status is Status.CANCELLED


def _snapshot(snap_compare: Any, services: Services, size: tuple[int, int], *keys: str) -> bool:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await wait_until(pilot, lambda: pilot.app.screen.query(DataTable).first().row_count > 0)
        await pilot.pause(0.1)

    return bool(snap_compare(make_app(services, poll_seconds=0), terminal_size=size, run_before=before))


@pytest.mark.parametrize("size", SIZES)
def test_sources_screen(
    snap_compare: Any, demo_services: Services, scene: Published, size: tuple[int, int],
) -> None:
    assert _snapshot(snap_compare, demo_services, size, "f8")


@pytest.mark.parametrize("size", SIZES)
def test_review_queue_with_a_diff(
    snap_compare: Any, demo_services: Services, scene: Published, size: tuple[int, int],
) -> None:
    assert _snapshot(snap_compare, demo_services, size, "f9")


async def test_a_previewed_workplan_becomes_a_source_with_its_mapping_saved(
    demo_services: Services, tmp_path: Path,
) -> None:
    """Sources w: the workplan preview; Use opens the add form with the file, its kind and the
    mapping previewed; saved, the source reads the file with that mapping at its first sync."""
    plan = tmp_path / "plan.csv"
    plan.write_bytes(WORKPLAN)
    async with make_app(demo_services, poll_seconds=0).run_test(size=(160, 48)) as pilot:
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, WorkplanPreviewScreen)
        dialog.query_one("#workplan-path", Input).value = str(plan)
        dialog.query_one("#workplan-mapping", Input).value = (
            '{"title": "Activité", "start": "Date de début", "end": "Date de fin", "location": "Lieu"}')
        dialog.query_one("#workplan-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        dialog.query_one("#use", Button).press()
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SourceForm))
        form = pilot.app.screen
        assert form.query_one("#c-url", Input).value == str(plan)
        assert form.query_one("#c-source-kind", Select).value == "csv"
        saved = json.loads(form.query_one("#c-mapping", Input).value)
        assert saved == {"title": "Activité", "start": "Date de début", "end": "Date de fin",
                         "location": "Lieu", "date_order": "day-first"}  # no zone: the source's own
        form.query_one("#c-organiser", Select).value = "bcrc-senegal"
        form.query_one("#c-trusted", Checkbox).value = True
        await pilot.click("#ok")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SourcesScreen)
                         and _rows(pilot, "#sources") == 1)
    [source] = demo_services.partner_sync.sources()
    assert (source.kind.value, source.file, json.loads(source.mapping or "{}")) == ("csv", str(plan), saved)
    report = demo_services.partner_sync.sync(source.id)
    assert (report.added, report.rejected, report.dropped) == (3, 1, 1), report.line()  # Bilan 2026: past
    locations = {demo_services.scheduling.get(link.event_id).location
                 for link in demo_services.store.partner_sources.links(source.id)}
    assert {"Dakar", "Abidjan"} <= locations


async def test_the_add_form_at_80x24_scrolls_to_every_field(demo_services: Services, tmp_path: Path) -> None:
    async with make_app(demo_services, poll_seconds=0).run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, SourceForm)
        for selector in ("#c-url", "#c-mapping", "#c-local"):
            widget = form.query_one(selector)
            widget.focus()
            await settle(pilot)
            shown = widget.region
            assert shown.height > 0 and pilot.app.screen.region.contains_region(shown), selector
        assert form.query_one("#ok", Button).region.bottom <= 24
        pilot.app.save_screenshot(path=str(tmp_path), filename="source-form-80x24.svg")
