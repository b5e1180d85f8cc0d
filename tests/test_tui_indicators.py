"""The Indicators screen (F7): the plan's indicators for a biennium against targets, and the events
and Parties behind the highlighted figure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from brs_coord.clock import FixedClock
from brs_coord.results import Target
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from tests.results_helpers import trained_workshop
from tests.test_tui_screens import rendered
from tests.tui_helpers import settle

BC_2_V = 9  # the row of BC-2-v in the plan's order


@pytest.fixture
def trained(services: Services, clock: FixedClock) -> Services:
    """The hand-made workshop counted for BC-2-v (2 Parties), with a target of 4 in 2026-2027."""
    trained_workshop(services, clock)
    services.results.set_target("BC-2-v", "2026-2027", 0, 4)
    return services


@asynccontextmanager
async def indicators(
    services: Services, size: tuple[int, int] = (100, 30),
) -> AsyncIterator[tuple[App[Any], Pilot[Any], DataTable[Any]]]:
    """The app with the Indicators screen (F7) open: the app, its pilot and the indicators table."""
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        yield app, pilot, app.screen.query_one("#indicators", DataTable)


async def test_indicators_show_values_against_targets_and_what_is_behind_them(trained: Services) -> None:
    async with indicators(trained) as (app, pilot, table):
        assert table.row_count == 44
        assert "biennium 2026-2027" in str(app.screen.query_one("#indicators-title").render())
        codes = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        table.move_cursor(row=codes.index("BC-2-v"))
        await settle(pilot)
        row = [str(cell) for cell in table.get_row_at(codes.index("BC-2-v"))]
        assert row[:4] == ["BC-2-v", "party", "2", "4"] and row[4] == "█████░░░░░"
        text = rendered(app.screen.query_one("#indicator-details", Static))
        assert "Parties counted: KE SN" in text and "Non-Party States (not counted): US" in text
        assert "Training on the new Basel reporting format" in text
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "biennium 2028-2029" in str(app.screen.query_one("#indicators-title").render())
        assert str(table.get_row_at(codes.index("BC-2-v"))[2]) == "0"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert str(table.get_row_at(codes.index("BC-2-v"))[2]) == "2"


async def test_indicators_screen_at_80x24_and_160x48(trained: Services, tmp_path: Path) -> None:
    for width, height in ((80, 24), (160, 48)):
        async with indicators(trained, (width, height)) as (app, pilot, table):
            table.move_cursor(row=BC_2_V)
            await settle(pilot)
            assert table.region.height >= 6 and app.screen.query_one("#indicator-details").region.height >= 4
            app.save_screenshot(path=str(tmp_path), filename=f"indicators-{width}x{height}.svg")
            assert "BC-2-v" in (tmp_path / f"indicators-{width}x{height}.svg").read_text("utf-8")


async def test_staff_set_a_target_from_the_screen(services: Services, clock: FixedClock) -> None:
    trained_workshop(services, clock)
    async with indicators(services) as (app, pilot, table):
        table.move_cursor(row=BC_2_V)
        await pilot.press("t")
        await settle(pilot)
        answer = app.screen.query_one("#answer", Input)
        answer.value = "ten"
        await pilot.press("enter")
        await settle(pilot)
        assert services.store.results.targets("2026-2027") == {}  # refused with a message
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = "1, 12"
        await pilot.press("enter")
        await settle(pilot)
        assert services.store.results.targets("2026-2027")["BC-2-v"] == Target(1, 12)
        assert str(table.get_row_at(BC_2_V)[3]) == "12"
