"""Sources: the partner calendars imported into the BRS calendar (issue 20) — kind, owner centre,
where it is read, trusted/local, the last sync and its report in a line, whether it is due; add
one, sync one now (in a worker, the report told), remove one, open its run history."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ...partner_records import PartnerSource, PartnerSourceData, RunReport
from ...services.workplan_preview import WorkplanPreview, source_draft
from ..formatting import clip, plain, stamp
from .base import DataScreen
from .prompts import ConfirmScreen
from .source_runs import SourceRunsScreen


@dataclass(frozen=True)
class SourceRow:
    source: PartnerSource
    last: RunReport | None
    due: bool


class SourcesLoaded(Message):
    def __init__(self, rows: list[SourceRow]) -> None:
        super().__init__()
        self.rows = rows


def compact(report: RunReport) -> str:
    """The run's outcome and its counts that are not zero (the full line is in the detail pane)."""
    counts = (("processed", report.processed), ("added", report.added), ("updated", report.updated),
              ("held", report.held), ("rejected", report.rejected), ("dropped", report.dropped),
              ("vanished", report.vanished))
    return report.outcome.value + ": " + (", ".join(f"{n} {name}" for name, n in counts if n) or "nothing")


def flags(source: PartnerSource) -> str:
    named = (("trusted", source.trusted), ("local", source.local), ("unstable UIDs", source.unstable_uids))
    return ", ".join(name for name, on in named if on) or "—"


def due_text(source: PartnerSource, due: bool, zone: ZoneInfo) -> str:
    """'due'; a failing source's retry: 'retry 11:20 (3 failed)', or 'due (3 failed)' once it is time."""
    if not source.failures:
        return "due" if due else ""
    failed = f"({source.failures} failed)"
    retry = source.next_sync_at()
    if due or retry is None:
        return f"[red]due {failed}[/]"
    return f"[red]retry {retry.astimezone(zone):%H:%M} {failed}[/]"


class SourcesScreen(DataScreen):
    """Every partner source, one a row; the highlighted one's last report below."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("w", "workplan", "Workplan"),
        Binding("s", "sync", "Sync now"),
        Binding("delete", "remove", "Remove"),
        Binding("h", "history", "Runs"),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SourceRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Partner sources", id="sources-title")
        table: DataTable[str] = DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        table.add_columns("Id", "Kind", "Centre", "Where", "Flags", "Last sync", "Due", "Report")
        yield table
        yield Static("", id="source-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sources", DataTable).focus()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        sync, clock = self.services.partner_sync, self.services.clock

        def read() -> SourcesLoaded:
            now = clock.now()
            return SourcesLoaded([SourceRow(s, sync.latest_run(s.id), s.due(now)) for s in sync.sources()])

        self.run_read("sources", read)

    @on(SourcesLoaded)
    def _show(self, message: SourcesLoaded) -> None:
        self.rows = message.rows
        table = self.query_one("#sources", DataTable)
        cursor = table.cursor_row
        table.clear()
        zone = self.brs.staff_zone
        for row in message.rows:
            source, last = row.source, row.last
            table.add_row(
                str(source.id), source.kind.value, plain(source.centre), plain(clip(source.location, 30)),
                flags(source), stamp(source.last_sync_at, zone) if source.last_sync_at else "never",
                due_text(source, row.due, zone), plain(compact(last) if last else "—"), key=str(source.id),
            )
        if message.rows:
            table.move_cursor(row=min(cursor, len(message.rows) - 1), animate=False)
        self._detail(table.cursor_row)
        self.query_one("#sources-title", Static).update(
            f"Partner sources · {len(message.rows)} · {sum(r.due for r in message.rows)} due"
        )

    @on(DataTable.RowHighlighted, "#sources")
    def _highlighted(self, message: DataTable.RowHighlighted) -> None:
        self._detail(message.cursor_row)

    def _detail(self, index: int) -> None:
        detail = self.query_one("#source-detail", Static)
        if not 0 <= index < len(self.rows):
            detail.update("No partner source yet: press a to add one (an .ics feed, an Indico category).")
            return
        row = self.rows[index]
        source = row.source
        text = (f"{source.kind.value} · {source.location}\n{source.default_kind} events · times in"
                f" {source.timezone} · synced every {source.interval_minutes} min\nLast run: "
                + (row.last.line() if row.last else "never synced"))
        detail.update(plain(text))

    def _selected(self) -> SourceRow | None:
        index = self.query_one("#sources", DataTable).cursor_row
        if not 0 <= index < len(self.rows):
            self.notify("No source selected", severity="warning")
            return None
        return self.rows[index]

    def action_add(self, given: PartnerSourceData | None = None) -> None:
        from .source_form import SourceForm

        self.app.push_screen(SourceForm(self.brs.staff_zone.key, given), self._added)

    def _added(self, text: str | None) -> None:
        if text is not None:
            self.notify(text, title="Saved", markup=False)
            self.reload()

    def action_workplan(self) -> None:
        """Preview a CSV/XLSX workplan; the preview used opens the add form with its file and mapping."""
        from .workplan_preview import WorkplanPreviewScreen

        dialog = WorkplanPreviewScreen()

        def used(preview: WorkplanPreview | None) -> None:
            if preview is not None and dialog.read_path is not None:
                self.action_add(source_draft(str(dialog.read_path), preview, self.brs.staff_zone.key))

        self.app.push_screen(dialog, used)

    def action_sync(self) -> None:
        row = self._selected()
        if row is not None:
            sync, source_id = self.services.partner_sync, row.source.id
            self.run_write(lambda: sync.sync(source_id),
                           lambda report: f"Source {source_id}: {report.line()}")

    def action_remove(self) -> None:
        row = self._selected()
        if row is None:
            return
        source = row.source

        def answered(yes: bool | None) -> None:
            if yes:
                sync = self.services.partner_sync
                self.run_write(lambda: sync.remove(source.id), f"Removed source {source.id}")

        self.app.push_screen(ConfirmScreen(
            f"Remove source {source.id} ({source.centre}, {source.location})? The events it imported"
            " stay, as ordinary events.", yes="Remove"), answered)

    def action_history(self) -> None:
        row = self._selected()
        if row is not None:
            self.app.push_screen(SourceRunsScreen(row.source))
