"""Party status: every country of the catalogue with its status under the three conventions (Party
since a date, not a Party, or not recorded — a country with no recorded status is on its own line
and never counted as a Party); add, edit and remove a status, import a CSV with a preview."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from ...results import PartyRecord
from ...services.results import CONVENTIONS, PartyRow
from ...services.results_records import PartyImport
from ..formatting import plain
from .base import DataScreen
from .party_forms import PartyForm, PartyImportScreen

NOT_RECORDED = Text("not recorded", style="yellow")


class PartiesLoaded(Message):
    def __init__(self, rows: list[PartyRow]) -> None:
        super().__init__()
        self.rows = rows


def status_cell(record: PartyRecord | None) -> Text:
    if record is None:
        return NOT_RECORDED
    if record.since is None:
        return Text("not a Party", style="dim")
    return Text(record.since.isoformat(), style="green")


class PartiesScreen(DataScreen):
    """Each country's Party status per convention; a edits a new one, enter the highlighted one."""

    DEFAULT_CSS = """
    PartiesScreen #parties { height: 1fr; }
    PartiesScreen #parties-legend { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("i", "import_csv", "Import CSV"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PartyRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="parties-title")
        table: DataTable[str | Text] = DataTable(id="parties", cursor_type="row", zebra_stripes=True)
        table.add_column("ISO", key="code", width=3)
        table.add_column("Country", key="country", width=24)
        for convention in CONVENTIONS:
            table.add_column(convention.capitalize(), key=convention, width=12)
        yield table
        yield Label("A date: Party since · not a Party: a non-Party State · not recorded: never counted",
                    id="parties-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#parties", DataTable).focus()

    def reload(self) -> None:
        results = self.services.results
        self.run_read("parties", lambda: PartiesLoaded(results.party_table()))

    @on(PartiesLoaded)
    def _show(self, message: PartiesLoaded) -> None:
        self.rows = message.rows
        unrecorded = sum(1 for r in self.rows if not r.recorded)
        self.query_one("#parties-title", Label).update(
            f"[b]Party status[/b] · {len(self.rows)} countries · {unrecorded} not recorded"
            " (last, never counted)")
        table = self.query_one("#parties", DataTable)
        row = table.cursor_row
        table.clear()
        for entry in self.rows:
            name = plain(entry.name) if entry.recorded else Text(entry.name, style="yellow")
            table.add_row(entry.country, name, *map(status_cell, entry.statuses), key=entry.country)
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))

    def _selected(self) -> PartyRow | None:
        row = self.query_one("#parties", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def action_add(self) -> None:
        self.app.push_screen(PartyForm(), self._saved)

    @on(DataTable.RowSelected, "#parties")
    def action_edit(self) -> None:
        row = self._selected()
        if row is None:
            self.notify("No country selected", severity="warning")
            return
        recorded = [c for c, s in zip(CONVENTIONS, row.statuses, strict=True) if s is not None]
        first = recorded[0] if recorded else CONVENTIONS[0]
        self.app.push_screen(PartyForm(row, first), self._saved)

    def _saved(self, text: str | None) -> None:
        if text is not None:
            self.notify(text, title="Saved", markup=False)
            self.reload()

    def action_import_csv(self) -> None:
        self.app.push_screen(PartyImportScreen(), self._import)

    def _import(self, preview: PartyImport | None) -> None:
        if preview is not None:
            results = self.services.results
            self.run_write(lambda: results.set_party_status(preview.records),
                           lambda count: f"{count} Party statuses recorded from {preview.name}")
