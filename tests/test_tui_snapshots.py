"""Snapshots of the events view (with chips, with no match), the editor, the calendar (month, week), the
overview and the CSV dialog at 80x24 and 160x48.

Fixed clock (2026-11-21 10:00 UTC) and a copy of the demo database, so every run draws the same.
Update with `pytest tests/test_tui_snapshots.py --snapshot-update` after looking at the report.
"""

from __future__ import annotations

from typing import Any

import pytest

from brs_coord.services import Services
from brs_coord.tui.app import make_app
from tests.tui_helpers import settle, wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def snapshot_of(snap_compare: Any, services: Services, size: tuple[int, int], *keys: str) -> bool:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False  # a blink timer firing under load would change the picture
        await pilot.pause(0.1)

    return snap_compare(make_app(services, poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_events_view(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    assert snapshot_of(snap_compare, demo_services, size)


@pytest.mark.parametrize("size", SIZES)
def test_editor(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    assert snapshot_of(snap_compare, demo_services, size, "e")


@pytest.mark.parametrize("size", SIZES)
def test_calendar(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    assert snapshot_of(snap_compare, demo_services, size, "f3")


@pytest.mark.parametrize("size", SIZES)
def test_calendar_week(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    """The week view of the clock's next week (days as columns), Tuesday and its second event selected."""
    assert snapshot_of(snap_compare, demo_services, size, "f3", "w", "pagedown", "left", "left", "left",
                       "left", "down")


@pytest.mark.parametrize("size", SIZES)
def test_overview(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    assert snapshot_of(snap_compare, demo_services, size, "f4")


@pytest.mark.parametrize("size", SIZES)
def test_events_with_filter_chips_and_the_search_line(
    snap_compare: Any, demo_services: Services, size: tuple[int, int]
) -> None:
    """A programme word searched (the line says titles are searched too) with a region chosen."""

    async def before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#f-regions").value = "africa"
        await settle(pilot)
        await pilot.press("slash", *"webinars e-waste", "enter")
        await pilot.pause(0.3)
        await settle(pilot)
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False
        await pilot.pause(0.1)

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_events_with_no_match(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    """A word not understood: "no events" on the status line and the message in the table."""
    assert snapshot_of(snap_compare, demo_services, size, "slash", *"qxzzy", "wait:300", "enter")


@pytest.mark.parametrize("size", SIZES)
def test_csv_export_dialog(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    """The registrations CSV dialog, Export and Close visible at 80x24 too (the file field holds a
    name without the test's temporary folder, so every run draws the same)."""

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("g")
        # the registrations arrive from a worker: their rows size the table's columns
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#registrations").row_count > 0)
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        pilot.app.screen.query_one("#path").value = "registrations-2026-11-01_2027-11-01.csv"
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False
        await pilot.pause(0.1)

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_events_with_the_detail_pane(
    snap_compare: Any, demo_services: Services, size: tuple[int, int]
) -> None:
    """i: the pane beside the table at 160x48, below it at 80x24; two rows marked (space)."""
    assert snapshot_of(snap_compare, demo_services, size, "i", "down", "space", "space")
