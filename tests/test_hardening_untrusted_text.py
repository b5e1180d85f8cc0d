"""Hardening (untrusted text): titles and participants' names shown as text in the staff TUI, never
as Rich markup, and CSV cells that a spreadsheet would run as formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.history import HistoryScreen
from brs_coord.tui.screens.registrations import RegistrationsScreen
from tests.conftest import NOW, make_event
from tests.test_tui_screens import register, rendered
from tests.tui_helpers import settle

pytestmark = pytest.mark.hardening

HOSTILE = ("[/]", "[b]", "[/b]", "[link=https://evil.example]x[/link]", "[red")


async def test_markup_in_names_and_titles_is_shown_as_text(services: Services, tmp_path: Path) -> None:
    title = "Workshop [/b] on [link=https://evil.example]waste[/link]"
    event = services.scheduling.create(make_event(title=title, starts_at=NOW + timedelta(days=2))).event
    for number, name in enumerate(HOSTILE, start=1):
        register(services, event.id, number, name, "KE")
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(RegistrationsScreen(services.scheduling.get(event.id)))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RegistrationsScreen)
        assert title in rendered(screen.query_one("#registrations-title", Static))
        table = screen.query_one("#registrations", DataTable)
        shown = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert shown == set(HOSTILE)
        app.save_screenshot(path=str(tmp_path))  # the whole screen renders (MarkupError before)
        await pilot.press("escape")
        await settle(pilot)
        await app.push_screen(HistoryScreen(services.scheduling.get(event.id)))
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert title in rendered(history.query_one("#history-title", Static))
        assert "[/b]" in rendered(history.query_one("#history-detail", Static))


@pytest.mark.parametrize("name", ["=HYPERLINK(\"https://evil.example\")", "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_that_start_a_formula_are_neutralised(services: Services, name: str) -> None:
    event = services.scheduling.create(make_event(title="=cmd|' /C calc'!A0",
                                                  starts_at=NOW + timedelta(days=2))).event
    register(services, event.id, 1, name, "KE")
    text = services.reports.registrations_csv(date(2026, 1, 1), date(2027, 12, 31))
    [row] = [r for r in csv.DictReader(io.StringIO(text)) if r["event_uid"] == event.uid]
    assert row["participant"] == "'" + name and row["event_title"].startswith("'=")
