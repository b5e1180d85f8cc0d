"""Proposals (F10): centre editors' events for programmes that are not their centres', waiting for an
admin or editor to approve them (a) or return them with a comment (r); each says how long it has
waited. A centre editor sees theirs that were returned, with the comment, to edit and propose again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from ...proposals import ProposalState
from ...services.proposals import COMMENT_MAX, Proposed
from ..formatting import clip, plain, when
from .base import DataScreen
from .prompts import TextPrompt


def waited(days: int) -> str:
    """'today', '1 day waiting', '3 days waiting'."""
    return "since today" if days == 0 else f"{days} day{'s' if days != 1 else ''} waiting"


class ProposalsLoaded(Message):
    def __init__(self, rows: list[Proposed]) -> None:
        super().__init__()
        self.rows = rows


class ProposalsScreen(DataScreen):
    """The proposals queue, the oldest first, then the returned ones."""

    BINDINGS = [
        Binding("a", "approve", "Approve"),
        Binding("r", "return_proposal", "Return with comment"),
        Binding("ctrl+r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Proposed] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="proposals-summary")
        table: DataTable[str] = DataTable(id="proposals", cursor_type="row", zebra_stripes=True)
        table.add_columns("Event", "Waiting", "Starts", "Organiser", "Programme", "Proposed by", "Comment")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#proposals", DataTable).focus()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        proposals = self.services.proposals
        self.run_read("proposals", lambda: ProposalsLoaded(proposals.queue()))

    def _chosen(self) -> Proposed | None:
        table = self.query_one("#proposals", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            self.notify("No proposal selected", severity="warning")
            return None
        row = self.rows[table.cursor_row]
        if row.proposal.state is not ProposalState.WAITING:
            self.notify("This proposal was returned; it waits for its proposer's edit", severity="warning")
            return None
        return row

    def action_approve(self) -> None:
        row = self._chosen()
        if row is not None:
            proposals = self.services.proposals
            self.run_write(lambda: proposals.approve(row.event.id),
                           f"Approved: {row.event.title} is {row.proposal.status.value}")

    def action_return_proposal(self) -> None:
        row = self._chosen()
        if row is None:
            return

        def returned(comment: str | None) -> None:
            if comment:
                proposals = self.services.proposals
                self.run_write(lambda: proposals.return_(row.event.id, comment),
                               f"Returned to {row.proposal.proposed_by}: {row.event.title}")

        self.app.push_screen(TextPrompt(f"Return “{row.event.title}”", "Why is it returned? The proposer"
                                        " reads this.", max_length=COMMENT_MAX, ok="Return"), returned)

    @on(ProposalsLoaded)
    def _show(self, message: ProposalsLoaded) -> None:
        self.rows = message.rows
        table = self.query_one("#proposals", DataTable)
        cursor = table.cursor_row
        table.clear()
        now = self.services.clock.now()
        zone = self.brs.staff_zone
        for row in message.rows:
            proposal, event = row.proposal, row.event
            if proposal.state is ProposalState.WAITING:
                state = f"[yellow]{waited(proposal.waiting_days(now))}[/]"
            else:
                state = f"[red]returned[/] by {proposal.decided_by}"
            table.add_row(
                plain(clip(event.title, 32)), state, when(event.starts_at, zone),
                event.organiser or "Secretariat", event.programme or "-", proposal.proposed_by,
                plain(clip(proposal.comment, 40)),
                key=str(event.id))
        if message.rows:
            table.move_cursor(row=min(cursor, len(message.rows) - 1), animate=False)
        waiting = sum(1 for row in message.rows if row.proposal.state is ProposalState.WAITING)
        self.query_one("#proposals-summary", Label).update(
            f"{waiting} waiting · {len(message.rows) - waiting} returned" if message.rows else "No proposals")
