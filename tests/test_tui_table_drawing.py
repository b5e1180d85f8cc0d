"""The events table draws what DataTable would (issue 23, filter speed at 100k): its one-line cells
drawn without rich's generic pipeline, the cells of columns scrolled out of view left blank until
they scroll in, and no measuring of new rows' cells — the same characters in the same styles."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.geometry import Region
from textual.widgets import DataTable

from brs_coord.domain import Status
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.widgets.events_table import EventsTable
from tests.conftest import make_event
from tests.tui_helpers import events_table, settle


def styled_cells(segments: list[Segment]) -> list[tuple[str, Any]]:
    """Each character with its style (segment boundaries do not show on screen)."""
    return [(char, segment.style) for segment in segments for char in segment.text]


async def test_each_cell_is_drawn_as_datatable_draws_it(services: Services) -> None:
    create = services.scheduling.create
    create(make_event(title="Cancelled webinar on [bold]markup[/] and a very long title that is cut",
                      status=Status.CANCELLED))
    create(make_event(title="Draft mercury briefing", status=Status.DRAFT))
    create(make_event(title="Postponed e-waste workshop", kind="workshop", status=Status.POSTPONED,
                      status_reason="speaker ill"))
    create(make_event(title="Full training", capacity=10, languages=("en", "fr", "es")))
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        await pilot.press("space")  # a marked row (its title starts with the mark)
        await settle(pilot)
        style = table.rich_style
        in_view = table.columns_in_view()
        assert len(in_view) < len(table.ordered_columns)  # at 160 columns, Regions and Lang. are not
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await pilot.pause()
        table.render_lines(Region(0, 0, table.size.width, table.size.height))  # what is in view now
        assert table.columns_in_view() | in_view == set(range(len(table.ordered_columns)))
        table.scroll_to(x=0, animate=False)
        await pilot.pause()
        table.render_lines(Region(0, 0, table.size.width, table.size.height))
        every = frozenset(range(len(table.ordered_columns)))
        compared = 0
        for row in range(table.row_count):
            style = table._get_row_style(row, table.rich_style)  # noqa: SLF001 - zebra stripes
            for column, spec in enumerate(table.ordered_columns):
                width = spec.get_render_width(table)
                if column not in in_view:  # drawn blank until scrolled into view (cropped anyway)
                    blank = table._render_cell(row, column, style, width)  # noqa: SLF001
                    assert "".join(segment.text for segment in blank[0]) == " " * width
                table._columns_in_view = every  # noqa: SLF001 - as when scrolled into view
                for cursor in (False, True):
                    table._cell_render_cache.clear()  # noqa: SLF001
                    ours = table._render_cell(row, column, style, width, cursor=cursor)  # noqa: SLF001
                    table._cell_render_cache.clear()  # noqa: SLF001
                    theirs = DataTable._render_cell(table, row, column, style, width, cursor=cursor)  # noqa: SLF001
                    assert len(ours) == len(theirs) == 1
                    assert styled_cells(ours[0]) == styled_cells(theirs[0]), (row, column, cursor)
                    compared += 1
                table._columns_in_view = in_view  # noqa: SLF001
        assert compared == table.row_count * len(table.ordered_columns) * 2 >= 4 * 9 * 2


async def test_columns_scrolled_into_view_are_drawn(services: Services) -> None:
    """At 80 columns Audiences, Regions and Lang. are out of view (drawn blank); scrolled to the
    right they show their text."""
    services.scheduling.create(make_event(title="Regional webinar", regions=("africa",),
                                          languages=("en", "fr")))
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EventsTable)
        labels = [str(column.label) for column in table.ordered_columns]
        languages = labels.index("Lang.")
        assert languages not in table.columns_in_view()

        def screen_text() -> str:
            lines = table.render_lines(Region(0, 0, table.size.width, table.size.height))
            return "\n".join(strip.text for strip in lines)

        assert "en fr" not in screen_text()
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await pilot.pause()
        await settle(pilot)
        assert languages in table.columns_in_view()
        shown = screen_text()
        assert "Lang." in shown and "en fr" in shown and "africa" in shown.lower()
        table.scroll_to(x=0, animate=False)
        await pilot.pause()
        assert "en fr" not in screen_text() and "Regional webinar" in screen_text()
