"""A CSV/XLSX workplan previewed before it becomes a source: the mapping used (guessed from the
header row, or the JSON staff give) and every row's outcome (the CLI's `source preview`, same
service). Nothing is written: the dialog dismisses with the preview staff confirmed, and the
screen that opened it saves the source with that mapping."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from ...partners.workplan import ColumnMapping, RowStatus
from ...services.workplan_preview import PreviewRow, WorkplanPreview, preview_workplan, when
from ..formatting import bold_line, plain
from .file_preview import FilePreviewScreen

STYLES = {RowStatus.OK: "green", RowStatus.REJECTED: "yellow", RowStatus.BLANK: "dim",
          RowStatus.HEADER: "dim"}
DIALOG_WIDTH = 140
MAPPING_HINT = 'guessed; or JSON: {"title": "Activity", "start": "Date"}'



def outcome_rows(row: PreviewRow) -> list[tuple[str, Text, Text, Text, Text]]:
    """A row of the file as table lines (row, outcome, when, title or why not, id): one per event it
    gives, or one saying why it gives none."""
    outcome = row.outcome
    status = Text(row.label, style="dim" if row.past else STYLES[outcome.status])
    if not outcome.events:
        column = f"{outcome.column}: " if outcome.column else ""
        reason = Text(f"{column}{outcome.reason}", style="yellow") if outcome.reason else Text("")
        return [(str(outcome.row), status, Text(""), reason, Text(""))]
    return [(str(outcome.row) if n == 0 else "", status if n == 0 else Text(""), plain(when(event)),
             plain(event.title), plain(event.external_uid)) for n, event in enumerate(outcome.events)]


def mapping_words(mapping: ColumnMapping) -> str:
    """'title ← Activité · start ← Date de début · day-first · UTC'."""
    columns = " · ".join(f"{name} ← {header}" for name, header in mapping.columns().items())
    return f"{columns} · {mapping.date_order.value} · {mapping.zone}"


class WorkplanPreviewScreen(FilePreviewScreen[WorkplanPreview]):
    """Read a workplan and preview it with the mapping staff give (or the guessed one); dismisses
    with the confirmed preview (its mapping and events), or None."""

    key = "workplan"
    confirm = ("use", "Use")
    columns = ("Row", "Outcome", "When", "Title, or why not", "Id")
    file_name = "workplan.xlsx"
    heading = ("Preview a workplan", " · CSV or XLSX")
    hint = "A row per activity, or a month/year table; an empty mapping is guessed"
    DEFAULT_CSS = """
    WorkplanPreviewScreen #dialog #workplan-mapping-row { margin: 0; }
    WorkplanPreviewScreen #dialog #workplan-mapping-used {
        height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.read_path: Path | None = None  # the file the shown preview was read from

    def on_mount(self) -> None:
        mapping = Input(placeholder=MAPPING_HINT, id="workplan-mapping", classes="file-path")
        row = Horizontal(Label("Map"), mapping, classes="form-row", id="workplan-mapping-row")
        dialog = self.query_one("#dialog")
        dialog.styles.width = DIALOG_WIDTH  # the rows' reasons are long; the app's dialogs are 70 wide
        dialog.mount(row, after=dialog.query_one(".form-row"))
        dialog.mount(Static("", id="workplan-mapping-used"), after=dialog.query_one(".file-summary"))
        super().on_mount()

    @on(Input.Changed, "#workplan-mapping")
    def _mapping_changed(self) -> None:
        self._path_changed()

    @on(Input.Submitted, "#workplan-mapping")
    def _mapping_submitted(self) -> None:
        self.action_preview()

    def read(self, path: Path) -> tuple[WorkplanPreview, list[tuple[str, Text, Text, Text, Text]], Text, int]:
        used = self.query_one("#workplan-mapping-used", Static)
        used.update("")
        text = self.query_one("#workplan-mapping", Input).value.strip()
        mapping = ColumnMapping.from_json(text) if text else None
        today = self.services.clock.now().astimezone(self.brs.staff_zone).date()
        preview = preview_workplan(path.read_bytes(), mapping, today)
        self.read_path = path
        rows = [line for row in preview.rows for line in outcome_rows(row)]
        origin = "Guessed mapping" if preview.guessed else "Mapping"
        used.update(plain(f"{origin}: {mapping_words(preview.mapping)}"))
        summary = bold_line(preview.summary(), " · nothing written")
        return preview, rows, summary, len(preview.events)
