"""What staff can do to one event, from any screen that shows events (the events table, the calendar):
open, duplicate, reschedule, postpone, cancel, mark held, delete a draft, registrations, history,
message registrants and undo, all through the services. A screen says which event is selected."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding

from ...domain import Event, EventChange
from ...errors import NotAllowed
from ...rules import check_deletable, copied
from ...series_domain import EditScope
from ...services.bulk import BulkOutcome
from .base import DataScreen, WriteDone
from .editor import EventEditor
from .messaging import message_registrants
from .prompts import ConfirmScreen, DatePrompt, TextPrompt
from .series_scope import with_scope

UNDONE = "Undone: "  # how an undo's outcome is worded (an undo is not itself kept for `u`)
UNDO_HINT = " · u undoes"  # after the words of a change `u` can take back

# The keys of the actions on one event, the same on every screen that has them (the events table
# and the calendar).
EVENT_ACTION_BINDINGS = [
    Binding("n", "new", "New"),
    Binding("S", "new_series", "New series", show=False),
    Binding("e", "edit", "Edit"),
    Binding("d", "duplicate", "Duplicate"),
    Binding("r", "reschedule", "Reschedule"),
    Binding("p", "postpone", "Postpone", show=False),
    Binding("c", "cancel_event", "Cancel event"),
    Binding("h", "held", "Mark held", show=False),
    Binding("delete", "delete", "Delete draft", show=False),
    Binding("y", "history", "History", show=False),
    Binding("g", "registrations", "Registrations", show=False),
    Binding("m", "message", "Message registrants", show=False),
    Binding("u", "undo", "Undo last change", show=False),
]


def event_action_bindings(*shown: str) -> list[Binding]:
    """EVENT_ACTION_BINDINGS with the actions named in ``shown`` listed in the footer as well."""
    return [replace(binding, show=True) if binding.action in shown else binding
            for binding in EVENT_ACTION_BINDINGS]


def _undone_bulk(words: str, outcome: BulkOutcome) -> str:
    """"Undone: 2 cancelled", and what could not be taken back when something could not."""
    return f"{UNDONE}{words} ({outcome.words()})" if outcome.refused else f"{UNDONE}{words}"


class EventActionsScreen(DataScreen):
    """A data screen whose actions apply to the event it has selected (``selected``)."""

    NOTHING_SELECTED = "No event selected"

    def selected(self) -> Event | None:
        """The event the actions apply to (``highlighted_event``); tells the user when there is none."""
        event = self.highlighted_event()
        if event is None:
            self.notify(self.NOTHING_SELECTED, severity="warning")
        return event

    def show_event(self, event: Event) -> None:
        """Keep ``event`` selected when the screen reads again after a change (screens override)."""

    # The last change of this session, kept by the app so `u` takes it back from any screen.
    @property
    def last_change(self) -> tuple[EventChange | BulkOutcome, str] | None:
        return self.brs.last_change

    @last_change.setter
    def last_change(self, value: tuple[EventChange | BulkOutcome, str] | None) -> None:
        self.brs.last_change = value

    def action_new(self) -> None:
        self.app.push_screen(EventEditor(), self._edited)

    def action_new_series(self) -> None:
        """A series planned from its rule, previewed before it is written (series_form)."""
        from .series_form import SeriesForm

        def created(done: tuple[str, str, int] | None) -> None:
            if done is not None:
                slug, title, count = done
                self.notify(f"Created the series “{title}” ({slug}): {count} sessions", title="Saved",
                            markup=False)
                self.reload()

        self.app.push_screen(SeriesForm(), created)

    def action_edit(self) -> None:
        if event := self.selected():
            self.app.push_screen(EventEditor(event), self._edited)

    def _edited(self, change: EventChange | None) -> None:
        if change is None:
            return
        verb = {"created": "Created", "updated": "Saved"}.get(change.action, "Saved")
        words = f"{verb} “{change.event.title}”"
        said = f"{words}{UNDO_HINT}" if self._remember(change, words) else words
        self.notify(said, title="Saved", markup=False)
        self.show_event(change.event)
        self.reload()

    def _remember(self, change: EventChange, words: str) -> bool:
        """Keep the last change of this session for `u` (True), unless it wrote nothing."""
        if change.changes or change.action in {"created", "deleted"}:
            self.last_change = (change, words)
            return True
        return False

    def action_undo(self) -> None:
        """Take back the last change made in this session, through the services (it goes into the
        history as "undone"; refused with a message when someone changed the event since)."""
        if self.last_change is None:
            self.notify("Nothing to undo in this session", severity="warning")
            return
        change, words = self.last_change
        self.last_change = None
        if isinstance(change, BulkOutcome):
            bulk = self.services.bulk
            self.run_write(lambda: bulk.undo(change), lambda outcome: _undone_bulk(words, outcome))
            return
        scheduling = self.services.scheduling
        self.run_write(lambda: scheduling.undo(change), f"{UNDONE}{words}")

    def action_duplicate(self) -> None:
        """The editor, filled with a copy as a new draft: nothing is written until it is saved."""
        if event := self.selected():
            self.app.push_screen(EventEditor(template=copied(event.data())), self._edited)

    def action_reschedule(self) -> None:
        if event := self.selected():
            with_scope(self, "Reschedule", event, lambda scope: self._reschedule(event, scope))

    def _reschedule(self, event: Event, scope: EditScope) -> None:
        def chosen(start: Any) -> None:
            if start is None:
                return
            if scope is not EditScope.THIS:  # sessions of a series: one batched notice
                series = self.services.series
                self.run_write(lambda: series.reschedule(event.uid, start, scope),
                               lambda changes: f"Rescheduled {len(changes)} sessions from “{event.title}”")
                return
            scheduling = self.services.scheduling
            self.run_write(
                lambda: scheduling.reschedule(event.id, start, expected_version=event.version),
                f"Rescheduled “{event.title}”",
            )

        self.app.push_screen(DatePrompt(
            f"Reschedule “{event.title}”", event_zone=event.timezone, staff_zone=self.brs.staff_zone,
            now=self.services.clock.now(),
        ), chosen)

    def _with_reason(self, verb: str, call: Any) -> None:
        if not (event := self.selected()):
            return

        done = {"postpone": "Postponed", "cancel": "Cancelled"}[verb]

        def answered(reason: str | None) -> None:
            if reason:
                self.run_write(lambda: call(event.id, reason, expected_version=event.version),
                               f"{done} “{event.title}”")

        prompt = TextPrompt(
            f"{verb.capitalize()} “{event.title}”?", "Reason (told to participants)",
            ok=f"{verb.capitalize()} event", close="Keep it",
        )
        self.app.push_screen(prompt, answered)

    def action_postpone(self) -> None:
        self._with_reason("postpone", self.services.scheduling.postpone)

    def action_cancel_event(self) -> None:
        if event := self.selected():
            with_scope(self, "Cancel", event,
                       lambda scope: self._with_reason("cancel", self._cancel(event, scope)))

    def _cancel(self, event: Event, scope: EditScope) -> Any:
        """The cancel call for ``scope``: the scheduling service's for one event, else the series'."""
        if scope is EditScope.THIS:
            return self.services.scheduling.cancel
        series = self.services.series
        return lambda _event_id, reason, expected_version: series.cancel(event.uid, reason, scope)

    def action_held(self) -> None:
        """Mark held, once confirmed (it ends registration; `u` takes it back)."""
        if not (event := self.selected()):
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                scheduling = self.services.scheduling
                self.run_write(lambda: scheduling.mark_held(event.id, expected_version=event.version),
                               f"Marked “{event.title}” as held")

        self.app.push_screen(ConfirmScreen(f"Mark “{event.title}” as held?", yes="Mark held"), confirmed)

    def action_delete(self) -> None:
        if not (event := self.selected()):
            return
        try:
            check_deletable(event.status)
        except NotAllowed as refused:
            self.notify(refused.message, title=refused.title, severity="error")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                scheduling = self.services.scheduling
                self.run_write(lambda: scheduling.delete(event.id, expected_version=event.version),
                               f"Deleted the draft “{event.title}”")

        self.app.push_screen(ConfirmScreen(f"Delete the draft “{event.title}”?", yes="Delete"), confirmed)

    def action_registrations(self) -> None:
        from .registrations import RegistrationsScreen

        if event := self.selected():
            self.app.push_screen(RegistrationsScreen(event))

    def action_history(self) -> None:
        from .history import HistoryScreen

        if event := self.selected():
            self.app.push_screen(HistoryScreen(event))

    def action_message(self) -> None:
        if event := self.selected():
            message_registrants(self, event)

    def write_done(self, message: WriteDone) -> None:
        result = message.result
        if isinstance(result, BulkOutcome):
            self._bulk_done(result, message.text)
            return
        undoable = isinstance(result, EventChange) and not message.text.startswith(UNDONE) \
            and self._remember(result, message.text)
        self.notify(f"{message.text}{UNDO_HINT}" if undoable else message.text, title="Saved", markup=False)
        if isinstance(result, EventChange) and result.after is not None:
            self.show_event(result.after)
        self.reload()

    def _bulk_done(self, outcome: BulkOutcome, text: str) -> None:
        """A bulk action's outcome: kept for `u` when it changed something (not an undo)."""
        undoable = bool(outcome.changes) and not text.startswith(UNDONE)
        if undoable:
            self.last_change = (outcome, text)
        self.notify(f"{text}{UNDO_HINT}" if undoable else text, title="Saved", markup=False,
                    severity="warning" if outcome.refused else "information")
        self.reload()
