"""The dialogs of the Party-status screen: one country's status under one convention (add, edit,
remove), and a CSV import previewed line by line before anything is recorded."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from ...results import PartyRecord
from ...services.results import CONVENTIONS, PartyRow
from ...services.results_records import PARTY_COLUMNS, PartyChange, PartyImport, status_words
from ..formatting import bold_line, plain
from .base import ServiceMixin, as_error
from .catalogue_forms import field
from .record_form import RecordForm

CHANGE_STYLES = {"new": "green", "changed": "yellow", "unchanged": "dim"}


class PartyForm(RecordForm):
    """A country's status under one convention: Party since a date, or not a Party (no date)."""

    hint = "Party since: the day it became a Party; empty: a non-Party State"

    def __init__(self, row: PartyRow | None = None, convention: str = CONVENTIONS[0]) -> None:
        super().__init__()
        self.row = row
        self.convention = convention
        self.title = f"Party status: {row.name} ({row.country})" if row else "New Party status"

    def _recorded(self, convention: str) -> PartyRecord | None:
        return self.row.statuses[CONVENTIONS.index(convention)] if self.row else None

    def fields(self) -> Iterable[Widget]:
        countries = [code for _, code in self.brs.reference.options("countries")]
        yield field("Country", "country", Input(
            self.row.country if self.row else "", id="c-country", disabled=self.row is not None,
            placeholder="two-letter ISO code, e.g. KE",
            suggester=SuggestFromList(countries, case_sensitive=False)))
        names = dict((slug, label) for label, slug in self.brs.reference.options("conventions"))
        yield field("Convention", "convention", Select(
            [(names.get(c, c), c) for c in CONVENTIONS], id="c-convention", allow_blank=False,
            value=self.convention))
        yield field("Party since", "since", Input(self._since_text(self.convention), id="c-since",
                                                  placeholder="2000-07-01 · empty: not a Party"))

    def _since_text(self, convention: str) -> str:
        record = self._recorded(convention)
        return record.since.isoformat() if record and record.since else ""

    def buttons(self) -> Iterable[Button]:
        yield Button("Remove", id="remove", variant="error", disabled=self._recorded(self.convention) is None)

    def on_mount(self) -> None:
        self.query_one("#c-since" if self.row else "#c-country", Input).focus()

    @on(Select.Changed, "#c-convention")
    def _convention_changed(self, event: Select.Changed) -> None:
        self.convention = str(event.value)
        if self.row is not None:  # editing a country: show what is recorded under that convention
            self.query_one("#c-since", Input).value = self._since_text(self.convention)
        self.query_one("#remove", Button).disabled = self._recorded(self.convention) is None

    def write(self) -> str:
        record = self.services.results.record_party_status(
            self.text("country"), self.convention, self.text("since"))
        return f"{record.country} {record.convention}: {status_words(record)}"

    @on(Button.Pressed, "#remove")
    def _remove(self) -> None:
        country, convention = self.text("country"), self.convention

        def remove() -> str:
            self.services.results.remove_party_status(country, convention)
            return f"{country} {convention}: status removed (not recorded, never counted as a Party)"

        self.run(remove)


def change_row(change: PartyChange) -> tuple[str, str, Text, Text]:
    record = change.record
    return (record.country, record.convention, plain(status_words(record)),
            Text(change.kind if change.before is None or change.kind == "unchanged"
                 else f"was: {status_words(change.before)}", style=CHANGE_STYLES[change.kind]))


class PartyImportScreen(ServiceMixin, ModalScreen[PartyImport | None]):
    """Read a Party-status CSV and show what it changes; dismisses with the import staff confirmed
    (recorded by the Party-status screen), or None."""

    DEFAULT_CSS = """
    PartyImportScreen { align: center middle; }
    PartyImportScreen #dialog { width: 100; height: 90%; padding: 0 1; }
    PartyImportScreen .form-row { height: auto; margin: 1 0 0 0; }
    PartyImportScreen .form-row Label { width: 6; }
    PartyImportScreen #party-path { width: 1fr; border: none; height: 1; padding: 0 1; background: $boost; }
    PartyImportScreen #party-preview { height: 1fr; margin: 1 0 0 0; }
    PartyImportScreen #party-summary { height: auto; }
    PartyImportScreen #dialog .dialog-buttons Button { height: 1; border: none; min-width: 12; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self.preview: PartyImport | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(bold_line("Import Party status"))
            columns = ", ".join(PARTY_COLUMNS)
            yield Static(f"A CSV with the columns {columns} (party_since empty: not a Party)",
                         classes="hint", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("File")
                yield Input(str(self.brs.db_path.parent / "parties.csv"), id="party-path")
            yield Label("", id="party-error", classes="field-error")
            table: DataTable[str | Text] = DataTable(id="party-preview", cursor_type="row",
                                                      zebra_stripes=True)
            table.add_columns("Country", "Convention", "Status", "Change")
            yield table
            yield Static("", id="party-summary")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Preview", id="preview", variant="primary")
                yield Button("Import", id="import", variant="success", disabled=True)
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        path = self.query_one("#party-path", Input)
        path.cursor_position = len(path.value)
        path.focus()

    @on(Input.Changed, "#party-path")
    def _path_changed(self) -> None:
        self.preview = None  # a preview is of the file read, never of another one
        self.query_one("#import", Button).disabled = True

    @on(Input.Submitted, "#party-path")
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        """Read the file and compare it with the recorded statuses (nothing is written)."""
        path = Path(self.query_one("#party-path", Input).value.strip()).expanduser()
        table = self.query_one("#party-preview", DataTable)
        table.clear()
        try:
            preview = self.services.results.preview_party_import(path.read_bytes(), path.name)
        except OSError as exc:
            self._error(f"cannot read {path}: {exc.strerror or exc}")
            return
        except Exception as exc:  # noqa: BLE001 - a file it cannot read is told, never a crash
            self._error(as_error(exc).message)
            return
        self._error("")
        self.preview = preview
        for change in preview.changes:
            table.add_row(*change_row(change))
        changing = sum(1 for c in preview.changes if c.kind != "unchanged")
        button = self.query_one("#import", Button)
        button.disabled = not changing
        button.label = f"Import {changing}"
        self.query_one("#party-summary", Static).update(
            bold_line(preview.summary,
                      " · nothing recorded until Import" if changing else " · nothing to change"))

    def _error(self, text: str) -> None:
        label = self.query_one("#party-error", Label)
        label.update(text)
        label.set_class(bool(text), "-shown")
        if text:
            self.query_one("#party-summary", Static).update("")
            self.query_one("#import", Button).disabled = True

    @on(Button.Pressed, "#import")
    def _import(self) -> None:
        if self.preview is not None:
            self.dismiss(self.preview)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
