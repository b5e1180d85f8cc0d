"""The registrations screen's attendance import (I): pick a Zoom/Teams export, see each line's match
and outcome, then confirm; the same service as the CLI's `attendance import`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input

from brs_coord.clock import FixedClock
from brs_coord.results import Period
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.attendance_import import AttendanceImportScreen
from brs_coord.tui.screens.registrations import RegistrationsScreen
from tests.results_helpers import zoom_meeting
from tests.test_tui_screens import rendered
from tests.tui_helpers import settle, wait_until


@asynccontextmanager
async def import_dialog(
    services: Services, event_id: int, size: tuple[int, int] = (120, 36),
) -> AsyncIterator[tuple[App[Any], Pilot[Any], AttendanceImportScreen]]:
    """The app on the event's registrations with the import dialog open (I)."""
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.push_screen(RegistrationsScreen(services.scheduling.get(event_id)))  # held: not upcoming
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AttendanceImportScreen)
        yield app, pilot, dialog


def outcomes(dialog: AttendanceImportScreen) -> dict[str, str]:
    table = dialog.query_one("#attendance-preview", DataTable)
    return {str(table.get_row_at(n)[1]): str(table.get_row_at(n)[4]) for n in range(table.row_count)}


async def test_staff_preview_an_export_then_record_its_matches(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    event, export = zoom_meeting(services, clock, tmp_path)
    async with import_dialog(services, event.id) as (app, pilot, dialog):
        assert dialog.query_one("#record", Button).disabled  # nothing to record before a preview
        dialog.query_one("#attendance-path", Input).value = str(export)
        await pilot.press("enter")
        await settle(pilot)
        assert outcomes(dialog) == {
            "Amina": "attended 96%", "Bakary": "attended 33%", "Someone Else": "no match: no registrant has"
            " this name", "Chen": "no-show"}
        assert "3 matched, 1 not matched · nothing recorded until Record" in rendered(
            dialog.query_one("#attendance-summary"))
        assert services.store.results.attendance([event.uid]) == []  # a preview writes nothing
        record = dialog.query_one("#record", Button)
        assert not record.disabled and str(record.label) == "Record 3"
        record.press()
        await settle(pilot)
        assert isinstance(app.screen, RegistrationsScreen)
        await wait_until(pilot, lambda: any(r.status == "attended" for r in app.screen.rows))
    statuses = {r.name: r.status for r in services.reports.registrations(event.id)}
    assert statuses == {"Amina": "attended", "Bakary": "attended", "Chen": "no-show"}
    assert {a.country: a.share for a in services.store.results.attendance([event.uid])} == {
        "KE": 0.958, "SN": 0.333}


async def test_a_file_it_cannot_read_is_told_and_nothing_can_be_recorded(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    event, _ = zoom_meeting(services, clock, tmp_path)
    bad = tmp_path / "notes.csv"
    bad.write_text("Name,Email\nAmina,a@b\n", encoding="utf-8")
    async with import_dialog(services, event.id) as (_app, pilot, dialog):
        for path, told in ((tmp_path / "missing.csv", "cannot read"), (bad, "minutes column")):
            dialog.query_one("#attendance-path", Input).value = str(path)
            await pilot.press("enter")
            await settle(pilot)
            assert told in rendered(dialog.query_one("#attendance-error"))
            assert dialog.query_one("#record", Button).disabled


async def test_a_locked_period_refuses_the_import_with_a_message(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    event, export = zoom_meeting(services, clock, tmp_path)
    services.results.lock(Period.biennium("2026-2027"))
    async with import_dialog(services, event.id) as (app, pilot, dialog):
        dialog.query_one("#attendance-path", Input).value = str(export)
        await pilot.press("enter")
        await settle(pilot)
        dialog.query_one("#record", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, RegistrationsScreen)
        assert any("locked" in str(n.message) for n in app._notifications)
    assert services.store.results.attendance([event.uid]) == []


async def test_the_preview_at_80x24(services: Services, clock: FixedClock, tmp_path: Path) -> None:
    event, export = zoom_meeting(services, clock, tmp_path)
    async with import_dialog(services, event.id, (80, 24)) as (app, pilot, dialog):
        dialog.query_one("#attendance-path", Input).value = str(export)
        await pilot.press("enter")
        await settle(pilot)
        table = dialog.query_one("#attendance-preview", DataTable)
        assert table.region.height >= 5 and dialog.query_one("#record", Button).region.height >= 1
        app.save_screenshot(path=str(tmp_path), filename="attendance-import-80x24.svg")
