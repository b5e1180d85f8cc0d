"""Pilot tests of the other screens: calendar, overview, catalogue, registrations, notices, history,
export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Input, Static

from brs_coord.domain import Status
from brs_coord.identity import os_login
from brs_coord.payloads import ChangedPayload, EventSnapshot, NewNotice
from brs_coord.records import NoticeKind
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.calendar import CalendarScreen
from brs_coord.tui.screens.catalogue import CatalogueScreen
from brs_coord.tui.screens.catalogue_forms import CatalogueForm
from brs_coord.tui.screens.export import ExportFeedsScreen
from brs_coord.tui.screens.history import HistoryScreen
from brs_coord.tui.screens.registrations import CsvExportScreen, RegistrationsScreen
from tests.conftest import NOW, make_event
from tests.tui_helpers import events_table, select_event, settle, wait_until


def rendered(widget: Static) -> str:
    """The text a Static shows, whether markup or a Rich renderable such as a table."""
    content = widget.content
    if isinstance(content, str):
        return str(widget.render())
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def register(services: Services, event_id: int, telegram_id: int, name: str, country: str) -> None:
    participant = services.participants.get_or_create(telegram_id, chat_id=telegram_id, first_name=name)
    services.participants.set_country(telegram_id, country)
    services.registrations.register(participant.id, event_id)


async def test_search_uses_the_query_service(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#search", Input).value = "webinars africa december"
        await wait_until(pilot, lambda: 0 < len(events_table(pilot).events) < 30)
        events = events_table(pilot).events
        for event in events:
            assert event.kind.value == "webinar" and "africa" in event.regions
            assert event.starts_at.astimezone(app.staff_zone).month == 12


async def test_calendar_month_agenda_and_jump(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CalendarScreen) and screen.month is not None
        assert "November 2026" in rendered(screen.query_one("#calendar-title", Static))
        november = len(screen.events)
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.month.month == 12 and len(screen.events) != november
        await pilot.press("v")
        assert screen.query_one("#agenda", DataTable).row_count == len(screen.events)
        await pilot.press("ctrl+g")
        await pilot.press(*"2027-03-15", "enter")
        await settle(pilot)
        assert (screen.month.year, screen.month.month) == (2027, 3)
        agenda = screen.query_one("#agenda", DataTable)
        first_on_15 = next(i for i, e in enumerate(sorted(screen.events, key=lambda e: (e.starts_at, e.id)))
                           if e.starts_at.astimezone(app.staff_zone).date() >= date(2027, 3, 15))
        assert agenda.cursor_row == first_on_15
        periods = (("next month", (2026, 12)), ("March 2027", (2027, 3)), ("mars 2027", (2027, 3)))
        for phrase, month in periods:
            await pilot.press("t", "ctrl+g")
            app.screen.query_one("#answer", Input).value = phrase
            await pilot.press("enter")
            await settle(pilot)
            assert (screen.month.year, screen.month.month) == month, phrase
        await pilot.press("ctrl+g")
        app.screen.query_one("#answer", Input).value = "no such day"
        await pilot.press("enter")
        await settle(pilot)
        assert (screen.month.year, screen.month.month) == (2027, 3)
        await pilot.press("t")
        await settle(pilot)
        assert screen.month.month == 11


async def test_overview_draws_bars(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        text = rendered(app.screen.query_one("#by-convention", Static))
        assert "2026-11" in text and "2027-10" in text and "█" in text and "BC" in text
        assert "Global" in rendered(app.screen.query_one("#by-region", Static))
        assert len(app.screen.query_one("#spark").data) == 12


async def test_catalogue_add_and_edit_an_audience(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogueScreen)
        programmes = screen.query_one("#cat-programmes", DataTable)
        assert programmes.row_count == len(services.catalogue.programmes())
        screen.query_one("#catalogue-tabs").active = "tab-audiences"
        await pilot.pause()
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CatalogueForm)
        form.query_one("#c-name", Input).value = "Waste pickers"
        form.query_one("#c-aliases_fr", Input).value = "récupérateurs de déchets, chiffonniers"
        await pilot.click("#ok")
        await settle(pilot)
        audience = next(a for a in services.catalogue.audiences() if a.slug == "waste-pickers")
        assert audience.aliases["fr"] == ["récupérateurs de déchets", "chiffonniers"]
        screen.query_one("#catalogue-search", Input).value = "chiffonniers"
        await pilot.pause()
        assert screen.query_one("#cat-audiences", DataTable).row_count == 1


async def test_registrations_attendance_counts_and_csv(services: Services, tmp_path: Path) -> None:
    event = services.scheduling.create(make_event(title="Held workshop", starts_at=NOW + timedelta(hours=1),
                                                  ends_at=NOW + timedelta(hours=3))).event
    register(services, event.id, 1, "Amina", "KE")
    register(services, event.id, 2, "Bruno", "BR")
    services.clock.advance(timedelta(days=1))  # type: ignore[attr-defined]
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#f-scope").value = "past"
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("h")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert services.scheduling.get(event.id).status is Status.HELD
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RegistrationsScreen)
        assert [row.name for row in screen.rows] == ["Amina", "Bruno"]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("down", "o")
        await settle(pilot)
        assert [row.status for row in screen.rows] == ["attended", "no-show"]
        assert "Kenya" in rendered(screen.query_one("#by-country", Static))
        assert "Africa" in rendered(screen.query_one("#by-region", Static))
        await pilot.press("E")
        form = app.screen
        assert isinstance(form, CsvExportScreen)
        target = tmp_path / "me.csv"
        form.query_one("#path", Input).value = str(target)
        await pilot.click("#ok")
        await settle(pilot)
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert [(r["participant"], r["status"], r["country"]) for r in rows] == [
            ("Amina", "attended", "Kenya"), ("Bruno", "no-show", "Brazil")]
        await pilot.press("u")
        await settle(pilot)
        assert [row.status for row in screen.rows] == ["attended", "registered"]
        await pilot.press("A")  # everyone not yet marked: attended; then the exceptions one by one
        await settle(pilot)
        assert [row.status for row in screen.rows] == ["attended", "attended"]
        await pilot.press("escape")
        assert not isinstance(app.screen, RegistrationsScreen)


async def test_notices_show_the_outbox(services: Services) -> None:
    event = services.scheduling.create(make_event()).event
    participant = services.participants.get_or_create(7, chat_id=7, first_name="Chen")
    payload = ChangedPayload(EventSnapshot.of(event, with_link=True))
    services.notices.add(NewNotice(participant.id, event.id, NoticeKind.CHANGED, payload, "k1", NOW))
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        table = app.screen.query_one("#notices", DataTable)
        assert table.row_count == 1 and "Chen" in [str(c) for c in table.get_row_at(0)]
        assert "due 1" in str(app.screen.query_one("#notice-counts").render())
        await pilot.press("r")
        await settle(pilot)
        assert services.notices.counts()["pending"] == 1  # a due notice is not retried


async def test_notices_retry_a_failed_notice(services: Services) -> None:
    event = services.scheduling.create(make_event()).event
    participant = services.participants.get_or_create(7, chat_id=7, first_name="Chen")
    payload = ChangedPayload(EventSnapshot.of(event, with_link=True))
    services.notices.add(NewNotice(participant.id, event.id, NoticeKind.CHANGED, payload, "k1", NOW))
    notice = services.notices.claim_due()[0]
    services.notices.fail(notice.id, "Forbidden: bot was blocked by the user")
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        counts = app.screen.query_one("#notice-counts")
        assert "failed 1" in str(counts.render())
        await pilot.press("r")
        await settle(pilot)
        assert services.notices.counts()["failed"] == 0
        assert "due 1" in str(counts.render()) and "failed 0" in str(counts.render())
        row = app.screen.query_one("#notices", DataTable).get_row_at(0)
        assert "due" in [str(cell) for cell in row]


async def test_history_shows_who_changed_what(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        event = events_table(pilot).events[0]
        demo_services.scheduling.cancel(event.id, "storm", expected_version=event.version)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.entries[0].action == "cancelled" and screen.entries[0].changed_by == os_login()
        assert "storm" in rendered(screen.query_one("#history-detail", Static))


async def test_export_feeds_with_progress(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, ExportFeedsScreen)
        await settle(pilot, rounds=5)
        result = rendered(app.screen.query_one("#export-result", Static))
        assert "feeds" in result and "written" in result
        assert (demo_services.settings.feed_dir / "all.ics").exists()
        bar = app.screen.query_one("#export-progress")
        assert bar.total and bar.progress == bar.total
