"""History of one event: who changed what, and when."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ...domain import Event, HistoryEntry
from ..formatting import bold_line, plain, when
from .base import DataScreen


class HistoryLoaded(Message):
    def __init__(self, entries: list[HistoryEntry]) -> None:
        super().__init__()
        self.entries = entries


def change_summary(entry: HistoryEntry, width: int = 60) -> str:
    names = ", ".join(entry.changes) if entry.action != "created" else "all fields"
    return names if len(names) <= width else names[: width - 1] + "…"


def change_detail(entry: HistoryEntry) -> Text:
    """The change in full; old and new values (titles, names from outside) never read as markup."""
    detail = bold_line(entry.action, f" by {entry.changed_by}")
    for name, values in entry.changes.items():
        old, new = (list(values) + [None, None])[:2]
        detail.append(f"\n  {name}: {_short(old)} → {_short(new)}")
    return detail


def _short(value: object) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 70 else text[:69] + "…"


class HistoryScreen(DataScreen):
    """The audit trail of an event, newest first; the highlighted change in detail below."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self.entries: list[HistoryEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(bold_line(f"History of {self.event.title}"), id="history-title")
        table: DataTable[str] = DataTable(id="history", cursor_type="row", zebra_stripes=True)
        table.add_columns("When", "Who", "Action", "Fields")
        yield table
        yield Static("", id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history", DataTable).focus()

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        history, event_id = self.services.scheduling.history, self.event.id
        self.run_read("history", lambda: HistoryLoaded(list(reversed(history(event_id)))))

    @on(HistoryLoaded)
    def _show(self, message: HistoryLoaded) -> None:
        self.entries = message.entries
        table = self.query_one("#history", DataTable)
        table.clear()
        for entry in message.entries:
            changed = when(entry.changed_at, self.brs.staff_zone, with_year=True)
            table.add_row(changed, plain(entry.changed_by), entry.action, plain(change_summary(entry)))
        if message.entries:
            self.query_one("#history-detail", Static).update(change_detail(message.entries[0]))

    @on(DataTable.RowHighlighted, "#history")
    def _detail(self, message: DataTable.RowHighlighted) -> None:
        if 0 <= message.cursor_row < len(self.entries):
            self.query_one("#history-detail", Static).update(change_detail(self.entries[message.cursor_row]))
