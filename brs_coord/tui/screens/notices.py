"""Notices: the outbox — what was sent or is due to participants, failures and retries."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Select

from ...services.reports import OutboxLine
from ..formatting import plain, stamp
from .base import DataScreen

STATE_STYLE = {"sent": "green", "failed": "bold red", "retrying": "yellow", "due": ""}


class OutboxLoaded(Message):
    def __init__(self, rows: list[OutboxLine], counts: dict[str, int]) -> None:
        super().__init__()
        self.rows, self.counts = rows, counts


class NoticesScreen(DataScreen):
    """The outbox, newest first, filtered by state."""

    BINDINGS = [
        Binding("r", "retry", "Retry failed"),
        Binding("ctrl+r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OutboxLine] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="notices-bar"):
            yield Select([("All notices", "all"), ("Due", "pending"), ("Sent", "sent"), ("Failed", "failed")],
                         value="all", allow_blank=False, id="notice-state")
            yield Label("", id="notice-counts")
        table: DataTable[str] = DataTable(id="notices", cursor_type="row", zebra_stripes=True)
        table.add_columns("Created", "Kind", "Participant", "Event", "Due", "State", "Tries", "Last error")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notices", DataTable).focus()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.load(str(self.query_one("#notice-state", Select).value))

    @on(Select.Changed, "#notice-state")
    def _state_changed(self) -> None:
        self.reload()

    def load(self, state: str) -> None:
        reports = self.services.reports
        self.run_read("notices", lambda: OutboxLoaded(reports.outbox(state), reports.outbox_counts()))

    def action_retry(self) -> None:
        """Send the selected failed notice again."""
        table = self.query_one("#notices", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            self.notify("No notice selected", severity="warning")
            return
        row = self.rows[table.cursor_row]
        if row.state != "failed":
            self.notify(f"This notice is {row.state}; only failed notices are retried", severity="warning")
            return
        notices = self.services.notices
        self.run_write(lambda: notices.retry_failed(row.id), f"The notice to {row.participant} is due again")

    @on(OutboxLoaded)
    def _show(self, message: OutboxLoaded) -> None:
        self.rows = message.rows
        table = self.query_one("#notices", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in message.rows:
            state = f"[{STATE_STYLE[row.state]}]{row.state}[/]" if STATE_STYLE[row.state] else row.state
            zone = self.brs.staff_zone
            table.add_row(stamp(row.created_at, zone), str(row.kind), plain(row.participant),
                          plain(row.event_title[:40]), stamp(row.due_at, zone), state, str(row.attempts),
                          plain((row.last_error or "")[:40]), key=str(row.id))
        if message.rows:
            table.move_cursor(row=min(cursor, len(message.rows) - 1), animate=False)
        counts = message.counts
        self.query_one("#notice-counts", Label).update(
            f"due {counts['pending']} · sent {counts['sent']} · failed {counts['failed']}"
        )
