"""The dialogs of the Party-status screen: one country's status under one convention (add, edit,
remove), and a CSV import previewed line by line before anything is recorded."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Select

from ...results import PartyRecord
from ...services.results import CONVENTIONS, PartyRow
from ...services.results_records import PARTY_COLUMNS, PartyChange, PartyImport, status_words
from ..formatting import bold_line, plain
from .catalogue_forms import field
from .file_preview import FilePreviewScreen
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


class PartyImportScreen(FilePreviewScreen[PartyImport]):
    """Read a Party-status CSV and show what it changes; dismisses with the import staff confirmed
    (recorded by the Party-status screen), or None."""

    key = "party"
    confirm = ("import", "Import")
    columns = ("Country", "Convention", "Status", "Change")
    file_name = "parties.csv"
    heading = ("Import Party status",)
    hint = f"A CSV with the columns {', '.join(PARTY_COLUMNS)} (party_since empty: not a Party)"

    def read(self, path: Path) -> tuple[PartyImport, list[tuple[str, str, Text, Text]], Text, int]:
        preview = self.services.results.preview_party_import(path.read_bytes(), path.name)
        count = len(preview.records)
        summary = bold_line(preview.summary,
                            " · nothing recorded until Import" if count else " · nothing to change")
        return preview, [change_row(c) for c in preview.changes], summary, count
