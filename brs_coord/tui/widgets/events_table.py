"""The events table: a window of rows read from the store, drawn with fixed column widths."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from ...domain import Event
from ...rules import is_ongoing
from ..formatting import (
    KIND_SHORT,
    WHEN_WIDTH,
    event_when,
    registrations_text,
    short_list,
    status_text,
    title_text,
    under_way_when,
)

# (key, label, width or None for the title, sort name or None)
COLUMNS: tuple[tuple[str, str, int | None, str | None], ...] = (
    ("when", "When", WHEN_WIDTH, "starts_at"),
    ("kind", "Kind", 10, "kind"),
    ("title", "Title", None, "title"),
    ("status", "Status", 11, "status"),
    ("reg", "Reg.", 7, None),
    ("programme", "Programme", 18, "programme"),
    ("audiences", "Audiences", 28, None),
    ("regions", "Regions", 22, None),
    ("languages", "Lang.", 8, None),
)
TITLE_MIN, TITLE_MAX = 30, 70
MARK = Text("◆ ", style="bold magenta")  # before the title of a marked row


def title_width_for(screen_width: int) -> int:
    """Title gets what the columns up to Reg. leave at this width, within [30, 70]."""
    up_to_reg = sum((width or 0) + 2 for key, _, width, _ in COLUMNS[:5]) + 2 + 2
    return max(TITLE_MIN, min(TITLE_MAX, screen_width - up_to_reg - 18))


class EventsTable(DataTable[Any]):
    """Shows events (a window of them); the screen decides which.

    Every column has a fixed width and every row one line, so two things DataTable does for any
    table are skipped (most of the time a search took to draw at 100k events): measuring every cell
    of the new rows (the widths are known) and rendering the cells of columns scrolled out of view
    (a third of them at 120 columns), which are drawn blank until they scroll into view."""

    def __init__(self, zone: ZoneInfo, now: datetime, zone_name: str = "", **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.zone, self.zone_name = zone, zone_name
        self.now, self.this_year = now, now.astimezone(zone).year  # the screen's clock, when it loaded
        self.title_width = TITLE_MIN
        self.events: list[Event] = []
        self.sort_name = "starts_at"
        self.descending = False
        self.hidden: set[str] = set()  # column keys chosen away (the title is always shown)
        self.marked: dict[int, Event] = {}  # marked rows, as they were when marked (their version)
        self._columns_in_view: frozenset[int] = frozenset()  # indexes of the columns drawn

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for key, label, width, sort in self.visible_columns():
            if key == "when" and self.zone_name:
                label = f"{label} {self.zone_name}"
            if sort is not None and sort == self.sort_name:
                label = f"{label} {'▼' if self.descending else '▲'}"
            self.add_column(label, key=key, width=width or self.title_width)

    def visible_columns(self) -> tuple[tuple[str, str, int | None, str | None], ...]:
        return tuple(column for column in COLUMNS if column[0] not in self.hidden)

    def toggle_column(self, key: str) -> bool:
        """Hide the column ``key`` or show it again (never the title); True when now shown."""
        if key == "title":
            return True
        self.hidden.symmetric_difference_update({key})
        self._rebuild()
        return key not in self.hidden

    def set_sort(self, sort_name: str, descending: bool) -> None:
        self.sort_name, self.descending = sort_name, descending
        self._rebuild()

    def set_title_width(self, width: int) -> None:
        if width != self.title_width:
            self.title_width = width
            self._rebuild()

    def _rebuild(self) -> None:
        row = self.cursor_row
        self.clear(columns=True)
        self._add_columns()
        self._add(self.events)
        if self.events:
            self.move_cursor(row=min(row, len(self.events) - 1), animate=False)

    def show(self, events: list[Event], *, append: bool = False) -> None:
        """Replace the rows (or add a further window of them). An event already shown is skipped:
        a row key is an event id, and a further window read after another connection moved an
        event overlaps the rows shown (the next reload puts the order right)."""
        if not append:
            self.clear()
            self.events = []
        shown = {event.id for event in self.events}
        fresh: list[Event] = []
        for event in events:
            if event.id not in shown:
                shown.add(event.id)
                fresh.append(event)
        self.events.extend(fresh)
        self._add(fresh)

    def _add(self, events: list[Event]) -> None:
        for event in events:
            self.add_row(*self.cells(event), key=str(event.id))

    def _title(self, event: Event) -> Text:
        if event.id not in self.marked:
            return title_text(event, self.title_width)
        return Text.assemble(MARK, title_text(event, self.title_width - len(MARK)), style="bold")

    def toggle_mark(self) -> Event | None:
        """Mark the row under the cursor (or unmark it); returns the event, None without rows."""
        event = self.selected()
        if event is None:
            return None
        if self.marked.pop(event.id, None) is None:
            self.marked[event.id] = event
        self.update_cell(str(event.id), "title", self._title(event))
        return event

    def clear_marks(self) -> None:
        marked, self.marked = self.marked, {}
        for event_id in marked:
            index = self.index_of(event_id)
            if index is not None:
                self.update_cell(str(event_id), "title", self._title(self.events[index]))

    def cells(self, event: Event) -> tuple[Any, ...]:
        if not self.hidden:
            return self._all_cells(event)
        return tuple(cell for (key, *_), cell in zip(COLUMNS, self._all_cells(event), strict=True)
                     if key not in self.hidden)

    def _all_cells(self, event: Event) -> tuple[Any, ...]:
        """Every cell as Text, never str: the DataTable reads a str cell as markup (a slug or name
        with [brackets] would be misread) and parses it again each time it draws a cell of the
        row, which was most of the time a search took to draw at 100k events."""
        return (
            self._when(event),
            Text(KIND_SHORT[event.kind], end=""),
            self._title(event),
            status_text(event.status),
            Text(registrations_text(event), justify="right", end=""),
            Text(short_list((event.programme,) if event.programme else (), 18), end=""),
            Text(short_list(event.audiences, 28), end=""),
            Text(short_list(event.regions, 22), end=""),
            Text(" ".join(event.languages), end=""),
        )

    def _when(self, event: Event) -> Text:
        """When it starts; a long course under way: until when, in italics (not a past start)."""
        if is_ongoing(event.starts_at, event.ends_at, now=self.now):
            return Text(under_way_when(event, self.zone, self.this_year), style="italic", end="")
        return Text(event_when(event, self.zone, self.this_year), end="")

    # ---- drawing only what is seen (DataTable's own methods, narrowed for this table) -------

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The scrollable size, without measuring the new rows' cells: no column takes its width
        from its content and no row its height (DataTable's method measures every cell)."""
        if any(column.auto_width for column in self.columns.values()) or self._labelled_row_exists:
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, self._total_row_height + header)

    def columns_in_view(self) -> frozenset[int]:
        """The indexes of the columns at least partly inside the visible width."""
        left, right = self.scroll_offset.x, self.scroll_offset.x + self.size.width
        shown, x = set(), 0
        for index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            if x < right and x + width > left:
                shown.add(index)
            x += width
        return frozenset(shown)

    def render_lines(self, crop: Region) -> list[Strip]:
        in_view = self.columns_in_view()
        if in_view != self._columns_in_view:  # scrolled sideways or resized: rows drawn again
            self._columns_in_view = in_view
            self._row_render_cache.clear()
            self._line_cache.clear()
        return super().render_lines(crop)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        if column_index >= 0 and column_index not in self._columns_in_view:
            return [[Segment(" " * width, base_style)]]  # out of view: cropped away anyway
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
               self._update_count, self._pseudo_class_state)
        if (cached := self._cell_render_cache.get(key)) is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        if not isinstance(cell, Text) or self.rows[row_key].height != 1 or "\n" in cell.plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        lines = [self._one_line_cell(cell, row_index, column_index, base_style, width, cursor, hover)]
        self._cell_render_cache[key] = lines
        return lines

    def _one_line_cell(self, cell: Text, row_index: int, column_index: int, base_style: Style,
                       width: int, cursor: bool, hover: bool) -> list[Segment]:
        """A one-line Text cell as DataTable draws it (padded, cut to the width, justified, the
        cursor's and hover's styles laid over), without rich's generic wrap-and-pad pipeline, which
        was most of the cost of drawing a row (tests/test_tui_table_drawing.py compares the two)."""
        component, post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        inner = width - 2 * self.cell_padding
        text = cell.copy()
        text.end = ""
        if cell.justify == "right":  # padded inside the text (in its style), as rich justifies
            text.rstrip()
            text.truncate(inner, overflow=cell.overflow or "fold")
            text.pad_left(inner - text.cell_len)
        else:  # padded after it, unstyled, as rich pads a line
            text.truncate(inner, overflow=cell.overflow or "fold")
        pad = Segment(" " * self.cell_padding)
        # joined, as rich's own drawing does: the Text's own style becomes a span (render alone
        # draws an unspanned Text without it)
        segments = [pad, *Text("").join([text]).render(self.app.console),
                    Segment(" " * (inner - text.cell_len)), pad]
        return list(Segment.apply_style(segments, pre, post))

    def selected(self) -> Event | None:
        if not self.events or not 0 <= self.cursor_row < len(self.events):
            return None
        return self.events[self.cursor_row]

    def index_of(self, event_id: int) -> int | None:
        return next((i for i, e in enumerate(self.events) if e.id == event_id), None)
