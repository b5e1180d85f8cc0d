"""Registrations of one event (from the bot): who, from where, status; attendance; CSV for M&E."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from ...domain import Event
from ...services.attendance_import import AttendancePreview
from ...services.registrations import ATTENDANCE_STATUS
from ...services.reports import RegistrationLine
from ..formatting import bold_line, plain, when
from .attendance_import import AttendanceImportScreen
from .base import DataScreen, ServiceMixin
from .messaging import message_registrants


class RegistrationsLoaded(Message):
    def __init__(self, rows: list[RegistrationLine], by_country: list[tuple[str, int, int]],
                 by_region: list[tuple[str, int, int]]) -> None:
        super().__init__()
        self.rows, self.by_country, self.by_region = rows, by_country, by_region


def counts_table(title: str, counts: list[tuple[str, int, int]]) -> Table:
    table = Table(title, "reg.", "att.", box=None, header_style="bold", expand=True)
    for name, registered, attended in counts[:12]:
        table.add_row(plain(name), str(registered), str(attended))
    return table


class RegistrationsScreen(DataScreen):
    """Who registered for an event; mark attended or no-show after it was held."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "mark(True)", "Attended"),
        Binding("A", "mark_all", "All attended"),
        Binding("o", "mark(False)", "No-show"),
        Binding("u", "mark(None)", "Undo mark", show=False),
        Binding("I", "import_attendance", "Import attendance"),
        Binding("E", "export_csv", "Export CSV"),
        Binding("m", "message", "Message registrants"),
    ]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self.rows: list[RegistrationLine] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(bold_line(
            self.event.title, f" · {when(self.event.starts_at, self.brs.staff_zone, with_year=True)}"
            f" · {self.event.status.value}"), id="registrations-title",
        )
        with Horizontal(id="registrations-body"):
            table: DataTable[str] = DataTable(id="registrations", cursor_type="row", zebra_stripes=True)
            table.add_columns("Participant", "Country", "Region", "Audience", "Status", "Registered")
            yield table
            with Vertical(id="registration-counts"):
                yield Static("", id="by-country")
                yield Static("", id="by-region")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#registrations", DataTable).focus()

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        reports, event_id = self.services.reports, self.event.id
        self.run_read("registrations", lambda: RegistrationsLoaded(
            reports.registrations(event_id), reports.registration_counts("country", event_id),
            reports.registration_counts("region", event_id),
        ))

    @on(RegistrationsLoaded)
    def _show(self, message: RegistrationsLoaded) -> None:
        self.rows = message.rows
        table = self.query_one("#registrations", DataTable)
        row = table.cursor_row
        table.clear()
        for item in message.rows:
            table.add_row(plain(item.name or "(no name)"), item.country, item.region, item.audience,
                          str(item.status), f"{item.registered_at:%Y-%m-%d}", key=str(item.id))
        if message.rows:
            table.move_cursor(row=min(row, len(message.rows) - 1), animate=False)
        self.query_one("#by-country", Static).update(counts_table("Country", message.by_country))
        self.query_one("#by-region", Static).update(counts_table("Region", message.by_region))
        self.sub_title = f"{len(message.rows)} registrations"

    def highlighted_event(self) -> Event | None:
        return self.event

    def action_mark(self, attended: bool | None) -> None:
        """Record attended (True) / no-show (False) for the selected registration, or clear it (None)."""
        table = self.query_one("#registrations", DataTable)
        if not self.rows:
            self.notify("No registration selected", severity="warning")
            return
        item = self.rows[table.cursor_row]
        registrations = self.services.registrations
        self.run_write(lambda: registrations.mark_attendance(self.event.id, item.participant_id, attended),
                       f"{item.name or 'Participant'}: {ATTENDANCE_STATUS[attended]}")

    def action_mark_all(self) -> None:
        """Mark every registrant not yet marked as attended; the exceptions are then marked one by one."""
        registrations, event_id = self.services.registrations, self.event.id

        def told(count: int) -> str:
            return f"{count} marked attended" if count else "Everyone is marked already"

        self.run_write(lambda: registrations.mark_all_attended(event_id), told)

    def action_import_attendance(self) -> None:
        """Preview a meeting's attendance export, then record the matches confirmed."""
        results = self.services.results

        def confirmed(preview: AttendancePreview | None) -> None:
            if preview is not None:
                self.run_write(lambda: results.record_attendance(preview),
                               lambda count: f"{count} attendances recorded from the file")

        self.app.push_screen(AttendanceImportScreen(self.event), confirmed)

    def action_message(self) -> None:
        message_registrants(self, self.event)

    def action_export_csv(self) -> None:
        start = self.event.starts_at.date().replace(day=1)
        self.app.push_screen(CsvExportScreen(start, start + timedelta(days=365), self.event.programme),
                             lambda choice: export_chosen(self, choice))


@dataclass(frozen=True)
class CsvChoice:
    """What the CSV dialog was told: the period, the programme, the file, and the events (None: all)."""

    start: date
    end: date
    programme: str | None
    target: Path
    event_ids: tuple[int, ...] | None = None


def export_chosen(screen: DataScreen, choice: CsvChoice | None) -> None:
    """Write the CSV chosen in the dialog, through the reports service, from ``screen``."""
    if choice is None:
        return
    reports = screen.services.reports
    screen.run_write(lambda: reports.export_registrations(
        choice.target, choice.start, choice.end, choice.programme, choice.event_ids,
    ), lambda written: f"Wrote {written} registrations to {choice.target}")


class CsvExportScreen(ServiceMixin, ModalScreen[CsvChoice | None]):
    """Choose a period and a programme for the monitoring-and-evaluation CSV (of a selection of
    events when ``event_ids`` is given)."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(
        self, start: date, end: date, programme: str | None, *, event_ids: tuple[int, ...] | None = None
    ) -> None:
        super().__init__()
        self.start, self.end, self.programme, self.event_ids = start, end, programme, event_ids

    def compose(self) -> ComposeResult:
        folder = self.brs.db_path.parent
        with Vertical(id="dialog", classes="compact-form"):  # label beside field: fits 80x24
            yield Static("[b]Export registrations (CSV)[/b]")
            if self.event_ids is not None:
                count, noun = len(self.event_ids), "event" if len(self.event_ids) == 1 else "events"
                yield Static(f"of the {count} {noun} chosen only", id="csv-selection")
            with Horizontal(classes="form-row"):
                yield Label("From")
                yield Input(self.start.isoformat(), id="from", placeholder="YYYY-MM-DD")
                yield Label("To (incl.)", classes="second")
                yield Input(self.end.isoformat(), id="to", placeholder="YYYY-MM-DD")
            with Horizontal(classes="form-row"):
                yield Label("Programme")
                yield Select(self.brs.reference.options("programmes"), prompt="(every programme)",
                             id="programme", value=self.programme if self.programme else Select.NULL)
            with Horizontal(classes="form-row"):
                yield Label("File")
                yield Input(str(folder / f"registrations-{self.start}_{self.end}.csv"), id="path")
            yield Label("", id="csv-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="ok", variant="primary")
                yield Button("Close", id="close")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        try:
            start = date.fromisoformat(self.query_one("#from", Input).value.strip())
            end = date.fromisoformat(self.query_one("#to", Input).value.strip())
        except ValueError:
            self._error("dates as YYYY-MM-DD")
            return
        if end < start:
            self._error("the period ends before it starts")
            return
        value = self.query_one("#programme", Select).value
        programme = None if value is Select.NULL else str(value)
        target = Path(self.query_one("#path", Input).value.strip())
        self.dismiss(CsvChoice(start, end, programme, target, self.event_ids))

    def _error(self, text: str) -> None:
        label = self.query_one("#csv-error", Label)
        label.update(text)
        label.add_class("-shown")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
