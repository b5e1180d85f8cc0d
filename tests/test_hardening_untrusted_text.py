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


MARKUP_TITLE = "Seminar [/] [b]bold[/b] [link=https://evil.example]x[/link] [red"


async def test_markup_goes_through_every_screen_as_text(services: Services, tmp_path: Path) -> None:
    """A title, a location, a programme, an organiser and participants' names full of markup, shown
    on every screen and dialog the staff reach from the events table (each saved as a screenshot:
    a markup error would stop the app)."""
    from brs_coord.domain import Programme

    programme = services.catalogue.save_programme(
        Programme(0, "hostile-programme", "Programme [/] of [b]waste", conventions=("basel",))
    )
    event = services.scheduling.create(make_event(
        title=MARKUP_TITLE, starts_at=NOW + timedelta(days=2), location="Room [/b] 4 [link=x]",
        programme=programme.slug,
    )).event
    for number, name in enumerate(HOSTILE, start=1):
        register(services, event.id, number, name, "KE")
    services.notices.message_registrants(event.id, "Note [/] for [b]you")
    app = make_app(services, poll_seconds=0)
    shots = 0
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)

        async def shot() -> None:
            nonlocal shots
            await settle(pilot)
            app.save_screenshot(path=str(tmp_path))
            shots += 1

        await shot()  # the events table with the hostile row
        for key in ("f3", "f4", "f5", "f6", "f2"):  # calendar, overview, catalogue, notices, back
            await pilot.press(key)
            await shot()
        for key in ("e", "c", "m", "g", "y"):  # editor, cancel prompt, message prompt, registrations, history
            await pilot.press(key)
            await shot()
            await pilot.press("escape")
            await settle(pilot)
        assert app.return_code is None  # still running: nothing raised
    assert shots == 11


@pytest.mark.parametrize("text", ["\u200b", " \u200b\u2060 ", "\ufeff", "\u3164"])
def test_a_message_or_a_return_comment_that_shows_nothing_is_empty(services: Services, text: str) -> None:
    """A zero-width space alone passed the "empty" check and was queued for every registrant."""
    from brs_coord.errors import InvalidInput

    event = services.scheduling.create(make_event()).event
    register(services, event.id, 1, "Amina", "KE")
    with pytest.raises(InvalidInput, match="The message is empty"):
        services.notices.message_registrants(event.id, text)
    with pytest.raises(InvalidInput, match="the comment is empty"):
        services.proposals.return_(event.id, text)
