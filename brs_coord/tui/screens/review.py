"""Review: the partner calendars' queue (issue 20) — new, changed, cancelled, vanished and matched
upstream events waiting for staff, oldest first; the highlighted item's diff below (each field
upstream vs local, a field staff edited marked as kept); apply or reject one, or all."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ...partner_records import PartnerSource, Review
from ..formatting import clip, plain
from ..review_diff import age, changed_fields, diff_text, item_title, source_label
from .base import DataScreen
from .prompts import ConfirmScreen

CHANGE_STYLE = {"new": "green", "changed": "yellow", "cancelled": "red", "vanished": "red",
                "match": "magenta"}


class QueueLoaded(Message):
    def __init__(self, items: list[Review], sources: dict[int, PartnerSource], now: datetime) -> None:
        super().__init__()
        self.items, self.sources, self.now = items, sources, now


class ReviewScreen(DataScreen):
    """The waiting items, one a row, and the diff of the highlighted one."""

    BINDINGS = [
        Binding("a", "apply", "Apply"),
        Binding("r", "reject", "Reject"),
        Binding("A", "apply_all", "Apply all"),
        Binding("R", "reject_all", "Reject all"),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Review] = []
        self.sources: dict[int, PartnerSource] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Review queue", id="review-title")
        table: DataTable[str] = DataTable(id="review", cursor_type="row", zebra_stripes=True)
        table.add_columns("Id", "Change", "Age", "Source", "Title", "Fields")
        yield table
        with VerticalScroll(id="review-pane"):
            yield Static("", id="review-diff")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review", DataTable).focus()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        sync, clock = self.services.partner_sync, self.services.clock
        self.run_read("review", lambda: QueueLoaded(sync.pending(), {s.id: s for s in sync.sources()},
                                                    clock.now()))

    @on(QueueLoaded)
    def _show(self, message: QueueLoaded) -> None:
        self.items, self.sources = message.items, message.sources
        table = self.query_one("#review", DataTable)
        cursor = table.cursor_row
        table.clear()
        for item in message.items:
            change = item.change.value
            fields = changed_fields(item)
            table.add_row(
                str(item.id), Text(change, style=CHANGE_STYLE[change]), age(item, message.now),
                plain(source_label(self.sources.get(item.source_id), item.source_id)),
                plain(clip(item_title(item), 32)), plain(clip(fields, 40)), key=str(item.id),
            )
        if message.items:
            table.move_cursor(row=min(cursor, len(message.items) - 1), animate=False)
        self._diff(table.cursor_row)
        self.query_one("#review-title", Static).update(
            f"Review queue · {len(message.items)} waiting · * kept: staff edited")

    @on(DataTable.RowHighlighted, "#review")
    def _highlighted(self, message: DataTable.RowHighlighted) -> None:
        self._diff(message.cursor_row)

    def _diff(self, index: int) -> None:
        pane = self.query_one("#review-diff", Static)
        if not 0 <= index < len(self.items):
            pane.update("Nothing to review: every partner event is decided.")
            return
        item = self.items[index]
        pane.update(diff_text(item, self.sources.get(item.source_id), self.brs.staff_zone))

    def _selected(self) -> Review | None:
        index = self.query_one("#review", DataTable).cursor_row
        if not 0 <= index < len(self.items):
            self.notify("Nothing selected", severity="warning")
            return None
        return self.items[index]

    def action_apply(self) -> None:
        item = self._selected()
        if item is not None:
            sync = self.services.partner_sync
            self.run_write(lambda: sync.apply(item.id), lambda done: f"Applied {done}")

    def action_reject(self) -> None:
        item = self._selected()
        if item is not None:
            sync = self.services.partner_sync
            self.run_write(lambda: sync.reject(item.id),
                           f"Rejected {item.id}: this upstream version is not asked about again")

    def _all(self, verb: str) -> None:
        if not self.items:
            self.notify("Nothing to review", severity="warning")
            return
        sync, count = self.services.partner_sync, len(self.items)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if verb == "Apply":
                self.run_write(sync.apply_all, lambda done: f"Applied {len(done)} items")
            else:
                self.run_write(sync.reject_all, lambda n: f"Rejected {n} items")

        self.app.push_screen(ConfirmScreen(f"{verb} all {count} waiting items?", yes=f"{verb} all"), answered)

    def action_apply_all(self) -> None:
        self._all("Apply")

    def action_reject_all(self) -> None:
        self._all("Reject")
