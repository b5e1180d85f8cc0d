"""The run history of one partner source: every sync's report, the highlighted one's drops and
rejections (each with its reason: nothing is dropped silently)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ...partner_records import PartnerSource, RunReport
from ..formatting import clip, plain, stamp
from .base import DataScreen


class RunsLoaded(Message):
    def __init__(self, runs: list[RunReport]) -> None:
        super().__init__()
        self.runs = runs


def run_detail(report: RunReport, zone: ZoneInfo) -> Text:
    text = Text()
    text.append(stamp(report.started_at, zone), style="bold")
    text.append(f" · {report.line()}")
    if report.by:
        text.append(f"\n  synced by {report.by}")
    for label, items in (("dropped", report.drops), ("rejected", report.rejections)):
        for item in items:
            text.append(f"\n  {label} {item.where}: {item.reason}")
    for event_id, other_id in report.same_as:
        text.append(f"\n  event {event_id} flagged the same as event {other_id}")
    return text


class SourceRunsScreen(DataScreen):
    """The last runs of a source, newest first."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, source: PartnerSource) -> None:
        super().__init__()
        self.source = source
        self.runs: list[RunReport] = []

    def compose(self) -> ComposeResult:
        yield Header()
        title = f"Runs of source {self.source.id} · {self.source.centre} · {self.source.location}"
        yield Static(plain(clip(title, 76)), id="runs-title")
        table: DataTable[str] = DataTable(id="runs", cursor_type="row", zebra_stripes=True)
        table.add_columns("Started", "Outcome", "Proc.", "Added", "Upd.", "Unch.", "Held", "Rej.", "Drop.",
                          "Gone")
        yield table
        yield Static("", id="run-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#runs", DataTable).focus()

    def reload(self) -> None:
        runs, source_id = self.services.partner_sync.runs, self.source.id
        self.run_read("runs", lambda: RunsLoaded(runs(source_id, 50)))

    @on(RunsLoaded)
    def _show(self, message: RunsLoaded) -> None:
        self.runs = message.runs
        table = self.query_one("#runs", DataTable)
        table.clear()
        for r in message.runs:
            table.add_row(stamp(r.started_at, self.brs.staff_zone), r.outcome.value, *map(str, (
                r.processed, r.added, r.updated, r.unchanged, r.held, r.rejected, r.dropped, r.vanished)))
        detail = self.query_one("#run-detail", Static)
        detail.update(run_detail(message.runs[0], self.brs.staff_zone) if message.runs else "Never synced.")

    @on(DataTable.RowHighlighted, "#runs")
    def _detail(self, message: DataTable.RowHighlighted) -> None:
        if 0 <= message.cursor_row < len(self.runs):
            detail = run_detail(self.runs[message.cursor_row], self.brs.staff_zone)
            self.query_one("#run-detail", Static).update(detail)
