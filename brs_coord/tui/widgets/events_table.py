"""The events table: a window of rows read from the store, drawn with fixed column widths."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.widgets import DataTable

from ...domain import Event
from ..formatting import (
    KIND_SHORT,
    WHEN_WIDTH,
    event_when,
    registrations_text,
    short_list,
    status_text,
    title_text,
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
    """Shows events (a window of them); the screen decides which."""

    def __init__(self, zone: ZoneInfo, this_year: int, zone_name: str = "", **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.zone, self.this_year, self.zone_name = zone, this_year, zone_name
        self.title_width = TITLE_MIN
        self.events: list[Event] = []
        self.sort_name = "starts_at"
        self.descending = False
        self.hidden: set[str] = set()  # column keys chosen away (the title is always shown)
        self.marked: dict[int, Event] = {}  # marked rows, as they were when marked (their version)

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
            Text(event_when(event, self.zone, self.this_year), end=""),
            Text(KIND_SHORT[event.kind], end=""),
            self._title(event),
            status_text(event.status),
            Text(registrations_text(event), justify="right", end=""),
            Text(short_list((event.programme,) if event.programme else (), 18), end=""),
            Text(short_list(event.audiences, 28), end=""),
            Text(short_list(event.regions, 22), end=""),
            Text(" ".join(event.languages), end=""),
        )

    def selected(self) -> Event | None:
        if not self.events or not 0 <= self.cursor_row < len(self.events):
            return None
        return self.events[self.cursor_row]

    def index_of(self, event_id: int) -> int | None:
        return next((i for i, e in enumerate(self.events) if e.id == event_id), None)
