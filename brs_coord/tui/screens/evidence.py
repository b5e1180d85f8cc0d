"""Evidence rows of one outcome indicator (counted from evidence, never from attendance): list,
add (date, Party, document symbol or URL, note) and remove, reached from the Indicators screen."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from ...results import Evidence, Indicator
from ...services.results_records import NOTE_LIMIT, REFERENCE_LIMIT
from ..formatting import bold_line, clip, plain
from .base import DataScreen
from .catalogue_forms import field
from .prompts import ConfirmScreen
from .record_form import RecordForm


class EvidenceLoaded(Message):
    def __init__(self, rows: list[tuple[int, Evidence]]) -> None:
        super().__init__()
        self.rows = rows


class EvidenceForm(RecordForm):
    """One evidence row of an indicator."""

    def __init__(self, indicator: Indicator) -> None:
        super().__init__()
        self.indicator = indicator
        self.title = f"New evidence for {indicator.code}"
        self.hint = indicator.text

    def fields(self) -> Iterable[Widget]:
        countries = [code for _, code in self.brs.reference.options("countries")]
        yield field("Date", "date", Input(id="c-date", placeholder="when it happened: 2026-05-14"))
        yield field("Party", "country", Input(
            id="c-country", placeholder="ISO code (KE); empty when it is about no one Party",
            suggester=SuggestFromList(countries, case_sensitive=False)))
        yield field("Document or URL", "reference", Input(
            id="c-reference", placeholder=f"a symbol (UNEP/POPS/NIP/KE) or a link; up to {REFERENCE_LIMIT}"))
        yield field("Note", "note", Input(id="c-note", placeholder=f"up to {NOTE_LIMIT} characters"))

    def write(self) -> str:
        number = self.services.results.add_evidence_texts(
            self.indicator.code, self.text("date"), self.text("country"), self.text("reference"),
            self.text("note"))
        return f"Evidence {number} recorded for {self.indicator.code}"


class EvidenceScreen(DataScreen):
    """An indicator's evidence rows in date order."""

    DEFAULT_CSS = """
    EvidenceScreen #evidence-hint { color: $text-muted; }
    """
    REFERENCE_WIDTH = 32
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "add", "Add"),
        Binding("d,delete", "remove", "Remove"),
    ]

    def __init__(self, indicator: Indicator) -> None:
        super().__init__()
        self.indicator = indicator
        self.rows: list[tuple[int, Evidence]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        title = bold_line(f"Evidence · {self.indicator.code} ", self.indicator.text)
        yield Static(title, id="evidence-title")
        yield Label("", id="evidence-hint")
        table: DataTable[str | Text] = DataTable(id="evidence", cursor_type="row", zebra_stripes=True)
        table.add_column("No.", key="number", width=4)
        table.add_column("Date", key="date", width=10)
        table.add_column("Party", key="party", width=5)
        table.add_column("Document or URL", key="reference", width=self.REFERENCE_WIDTH)
        table.add_column("Note", key="note")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#evidence", DataTable).focus()

    def reload(self) -> None:
        results, code = self.services.results, self.indicator.code
        self.run_read("evidence", lambda: EvidenceLoaded(results.evidence_of(code)))

    @on(EvidenceLoaded)
    def _show(self, message: EvidenceLoaded) -> None:
        self.rows = message.rows
        table = self.query_one("#evidence", DataTable)
        row = table.cursor_row
        table.clear()
        for number, evidence in self.rows:
            reference = plain(clip(evidence.reference, self.REFERENCE_WIDTH))
            table.add_row(str(number), evidence.on.isoformat(), evidence.country or Text("–", style="dim"),
                          reference, plain(evidence.note), key=str(number))
        self.query_one("#evidence-hint", Label).update(
            f"{len(self.rows)} rows · the indicator counts these only, never attendance" if self.rows
            else "No evidence recorded yet: the indicator counts nothing · a adds a row")
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))

    def action_add(self) -> None:
        self.app.push_screen(EvidenceForm(self.indicator), self._saved)

    def _saved(self, text: str | None) -> None:
        if text is not None:
            self.notify(text, title="Saved", markup=False)
            self.reload()

    def action_remove(self) -> None:
        row = self.query_one("#evidence", DataTable).cursor_row
        if not 0 <= row < len(self.rows):
            self.notify("No evidence row selected", severity="warning")
            return
        number, evidence = self.rows[row]
        results = self.services.results

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_write(lambda: results.remove_evidence(number), f"Evidence {number} removed")

        self.app.push_screen(ConfirmScreen(
            f"Remove evidence {number} of {self.indicator.code} ({evidence.on.isoformat()},"
            f" {evidence.country or 'no Party'}, {evidence.reference or 'no document'})?", yes="Remove"),
            answered)
