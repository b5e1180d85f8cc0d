"""Attendance from a meeting's export, in the registrations screen: pick the file, see each line's
match and what importing records for it, then confirm (the CLI's `attendance import`, same service)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from ...domain import Event
from ...services.attendance_import import AttendancePreview, Match
from ..formatting import bold_line, plain
from .base import ServiceMixin, as_error


def match_row(match: Match) -> tuple[str, Text, str, Text, Text]:
    """One line of the preview: the file's line, who, minutes, the registrant matched, the outcome."""
    seat = match.registration
    registrant = plain(f"{seat.name} ({seat.country or '-'})") if seat else Text("—", style="dim")
    style = "yellow" if seat is None else ("green" if match.attended else "")
    return (str(match.line.line), plain(match.who), f"{match.line.minutes:.0f}", registrant,
            Text(match.outcome, style=style))


class AttendanceImportScreen(ServiceMixin, ModalScreen[AttendancePreview | None]):
    """Read an attendance export for one event and preview it; dismisses with the preview staff
    confirmed (recorded by the registrations screen), or None."""

    DEFAULT_CSS = """
    AttendanceImportScreen { align: center middle; }
    AttendanceImportScreen #dialog { width: 120; height: 90%; padding: 0 1; }
    AttendanceImportScreen .form-row { height: auto; margin: 1 0 0 0; }
    AttendanceImportScreen .form-row Label { width: 6; }
    AttendanceImportScreen #attendance-path { width: 1fr; border: none; height: 1; padding: 0 1;
        background: $boost; }
    AttendanceImportScreen #attendance-preview { height: 1fr; margin: 1 0 0 0; }
    AttendanceImportScreen #attendance-summary { height: auto; }
    AttendanceImportScreen #dialog .dialog-buttons Button { height: 1; border: none; min-width: 12; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self.preview: AttendancePreview | None = None

    def compose(self) -> ComposeResult:
        folder = self.brs.db_path.parent
        with Vertical(id="dialog"):
            yield Static(bold_line("Import attendance", f" · {self.event.title}"))
            yield Static("A Zoom or Teams export (CSV): names or Telegram ids, and minutes", classes="hint")
            with Horizontal(classes="form-row"):
                yield Label("File")
                yield Input(str(folder / "attendance.csv"), id="attendance-path")
            yield Label("", id="attendance-error", classes="field-error")
            table: DataTable[str | Text] = DataTable(id="attendance-preview", cursor_type="row",
                                                      zebra_stripes=True)
            table.add_columns("Line", "In the file", "Min.", "Registrant", "Outcome")
            yield table
            yield Static("", id="attendance-summary")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Preview", id="preview", variant="primary")
                yield Button("Record", id="record", variant="success", disabled=True)
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        path = self.query_one("#attendance-path", Input)
        path.cursor_position = len(path.value)
        path.focus()

    @on(Input.Changed, "#attendance-path")
    def _path_changed(self) -> None:
        self.preview = None  # a preview is of the file read, never of another one
        self.query_one("#record", Button).disabled = True

    @on(Input.Submitted, "#attendance-path")
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        """Read the file and match it to the event's registrants (nothing is written)."""
        path = Path(self.query_one("#attendance-path", Input).value.strip()).expanduser()
        try:
            preview = self.services.results.preview_attendance(self.event.uid, path.read_bytes())
        except OSError as exc:
            self._error(f"cannot read {path}: {exc.strerror or exc}")
            return
        except Exception as exc:  # noqa: BLE001 - a file it cannot read is told, never a crash
            self._error(as_error(exc).message)
            return
        self._error("")
        self.preview = preview
        table = self.query_one("#attendance-preview", DataTable)
        table.clear()
        for match in preview.matches:
            table.add_row(*match_row(match))
        record = self.query_one("#record", Button)
        record.disabled = not preview.matched
        record.label = f"Record {len(preview.matched)}"
        self.query_one("#attendance-summary", Static).update(
            bold_line(preview.summary, " · nothing recorded until Record" if preview.matched
                      else " · nothing to record"))

    def _error(self, text: str) -> None:
        label = self.query_one("#attendance-error", Label)
        label.update(text)
        label.set_class(bool(text), "-shown")

    @on(Button.Pressed, "#record")
    def _record(self) -> None:
        if self.preview is not None and self.preview.matched:
            self.dismiss(self.preview)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
