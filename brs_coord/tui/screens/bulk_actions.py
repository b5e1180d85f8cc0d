"""Marked rows and the actions on all of them, for a screen with an events table: space marks a
row, then c / p (one reason for all), t (add an audience) and ctrl+e (their registrations as CSV)
act on every marked event, or on the selected one when none is marked; u undoes a whole action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding

from ...domain import Event
from ...services.bulk import BulkOutcome
from ..widgets.events_table import EventsTable
from .event_actions import EventActionsScreen
from .prompts import ChoicePrompt, TextPrompt

BULK_BINDINGS = [
    Binding("space", "mark", "Mark row", show=False),
    Binding("t", "tag", "Tag with an audience", show=False),
    Binding("ctrl+e", "export_csv", "Export registrations (CSV)", show=False),
]


class BulkActions(EventActionsScreen):
    """Marking rows of the screen's EventsTable and acting on all the marked events."""

    def marks_changed(self) -> None:
        """Called when rows were marked or unmarked (screens say how many are marked)."""

    def action_mark(self) -> None:
        """Mark the row under the cursor (or unmark it) and go to the next one."""
        table = self.query_one(EventsTable)
        if table.toggle_mark() is not None:
            table.action_cursor_down()
            self.marks_changed()

    def marked(self) -> list[Event]:
        return list(self.query_one(EventsTable).marked.values())

    def unmark(self) -> None:
        self.query_one(EventsTable).clear_marks()
        self.marks_changed()

    def _with_reason(self, verb: str, call: Any) -> None:
        """Postpone or cancel: every marked event with one reason, else the selected one."""
        if marked := self.marked():
            self._bulk_with_reason(verb, marked)
            return
        super()._with_reason(verb, call)

    def _bulk_with_reason(self, verb: str, events: list[Event]) -> None:
        """One reason and one confirmation for every marked event."""
        bulk = self.services.bulk
        call = {"postpone": bulk.postpone, "cancel": bulk.cancel}[verb]

        def answered(reason: str | None) -> None:
            if reason:
                self._run_bulk(lambda: call(events, reason))

        noun = "event" if len(events) == 1 else "events"
        self.app.push_screen(TextPrompt(
            f"{verb.capitalize()} {len(events)} marked {noun}?", "Reason (told to participants)",
            ok=f"{verb.capitalize()} {len(events)} {noun}", close="Keep them",
        ), answered)

    def _run_bulk(self, call: Callable[[], BulkOutcome]) -> None:
        self.unmark()
        self.run_write(call, lambda outcome: outcome.words())

    def _marked_or_selected(self) -> list[Event]:
        return self.marked() or ([event] if (event := self.selected()) else [])

    def action_tag(self) -> None:
        """Add an audience to the marked events (or the selected one)."""
        if not (events := self._marked_or_selected()):
            return
        bulk = self.services.bulk

        def chosen(audience: str | None) -> None:
            if audience:
                self._run_bulk(lambda: bulk.tag(events, audience))

        noun = "event" if len(events) == 1 else "events"
        self.app.push_screen(ChoicePrompt(
            f"Add an audience to {len(events)} {noun}", self.brs.reference.options("audiences")
        ), chosen)

    def action_export_csv(self) -> None:
        """The registrations CSV of the marked events (or of the selected one)."""
        from .registrations import CsvExportScreen, export_chosen

        if not (events := self._marked_or_selected()):
            return
        zone = self.brs.staff_zone
        days = [e.starts_at.astimezone(zone).date() for e in events]
        self.app.push_screen(
            CsvExportScreen(min(days), max(days), None, event_ids=tuple(e.id for e in events)),
            lambda choice: export_chosen(self, choice),
        )
