"""The detail pane of the events view (issue 23): toggled with i, beside the table when wide and
below it at 80 columns, following the cursor without reading the store."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.geometry import Region

from brs_coord.domain import DatePrecision
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.widgets.event_detail import EventDetail
from tests.conftest import NOW, make_event
from tests.tui_helpers import select_event, settle


def pane_text(app: Any) -> str:
    """What the pane shows on screen, line by line (values joined across their wrapped lines)."""
    pane = app.screen.query_one(EventDetail)
    lines = pane.render_lines(Region(0, 0, pane.size.width, pane.size.height))
    return " ".join(" ".join(strip.text.split()) for strip in lines)


async def test_i_shows_every_field_of_the_selected_event_and_follows_the_cursor(services: Services) -> None:
    first = services.scheduling.create(make_event(
        title="Webinar on e-waste inventories", timezone="America/Panama", programme="nip-updating",
        audiences=("basel-focal-points",), regions=("africa",), languages=("en", "fr"),
        registration_url="https://example.org/register/42", online_url="https://meet.example.org/j/42",
    )).event
    second = services.scheduling.create(make_event(
        title="Mercury history", starts_at=NOW + timedelta(days=400), date_precision=DatePrecision.YEAR,
        all_day=True,
    )).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EventDetail)
        assert not pane.display
        await pilot.press("i")
        await settle(pilot)
        assert pane.display
        body = app.screen.query_one("#events-body")
        assert not body.has_class("-below") and pane.region.x > 100  # beside the table
        await select_event(pilot, first.id)
        text = pane_text(app)
        for expected in (
            "Webinar on e-waste inventories", "America/Panama", "Your time", "Europe/Zurich", "Webinar",
            "confirmed", "Basel Convention focal points", "Updating NIPs", "Africa", "en fr", "0/100",
            "https://example.org/register/42", "https://meet.example.org/j/42", first.uid.split("@")[0],
        ):
            assert expected in text, expected
        await select_event(pilot, second.id)
        text = pane_text(app)
        assert "Mercury history" in text and "(date known to the year)" in text
        assert "Webinar on e-waste" not in text
        await pilot.press("i")
        await settle(pilot)
        assert not pane.display


async def test_at_80_columns_the_pane_goes_below_the_table(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Budget webinar")).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await select_event(pilot, event.id)
        pane = app.screen.query_one(EventDetail)
        table = app.screen.query_one("#events")
        assert app.screen.query_one("#events-body").has_class("-below")
        assert pane.region.y > table.region.y and pane.region.width >= 76
        assert "Budget webinar" in pane_text(app)
        assert table.region.height >= 5  # rows still visible above it


async def test_at_80_by_24_the_pane_shows_the_fields_and_z_gives_it_the_height(services: Services) -> None:
    """Below the table at 80x24 the pane takes half the body, short fields two a line; z gives it
    most of the height (every field shown) and keeps the cursor's row in sight; z again gives back."""
    event = services.scheduling.create(make_event(
        title="Webinar on e-waste inventories", timezone="America/Panama", programme="nip-updating",
        audiences=("basel-focal-points", "stockholm-national-focal-points"), regions=("africa",),
        languages=("en", "fr"), registration_url="https://example.org/register/42",
    )).event
    for day in range(1, 12):  # rows before it, so the cursor is not on the first row
        services.scheduling.create(make_event(title=f"Earlier webinar {day}",
                                              starts_at=NOW + timedelta(hours=day),
                                              ends_at=NOW + timedelta(hours=day, minutes=30)))
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await select_event(pilot, event.id)
        pane = app.screen.query_one(EventDetail)
        table = app.screen.query_one("#events")
        assert pane.region.height >= 9 and table.region.height >= 7  # half each (was 8 and 10)
        text = pane_text(app)
        for expected in ("Webinar on e-waste inventories", "When", "Your time", "Kind", "Status",
                         "Region", "Languages", "Registered", "Join link"):  # the short ones first
            assert expected in text, expected
        await pilot.press("z")
        await settle(pilot)
        assert pane.region.height >= 13 and table.region.height <= 5
        text = pane_text(app)
        for expected in ("Programme", "Updating NIPs", "Audiences", "Basel Convention focal points",
                         "https://example.org/register/42", "UID", event.uid.split("@")[0]):
            assert expected in text, expected
        row = table.cursor_row - round(table.scroll_offset.y)
        assert 0 <= row < table.region.height - 1  # the selected row is in sight
        await pilot.press("z")
        await settle(pilot)
        assert pane.region.height < 12 and table.region.height >= 7


async def test_z_beside_the_table_says_the_pane_is_full_height(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("z")  # shows the pane too
        await settle(pilot)
        assert app.screen.query_one(EventDetail).display
        assert any("full height" in str(n.message) for n in app._notifications)
