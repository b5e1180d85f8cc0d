"""One action on several events at once (the staff UI's marked rows): each event in its own
transaction through the scheduling service, so one refused event (changed by someone else, already
cancelled) does not stop the others, and the outcome says what happened to each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..domain import Event, EventChange
from ..errors import BrsCoordError, Conflict, NotAllowed
from ..permissions import Action
from .scheduling import SchedulingService

CHANGED_ELSEWHERE = "changed by someone else"


@dataclass(frozen=True)
class BulkOutcome:
    """What one bulk action did: the changes written (for undo) and the events refused, with why."""

    verb: str  # past participle: "cancelled", "postponed", "tagged", "undone"
    changes: tuple[EventChange, ...] = ()
    refused: tuple[tuple[Event, str], ...] = ()

    def words(self) -> str:
        """'12 cancelled, 1 changed by someone else — not cancelled'."""
        parts = [f"{len(self.changes)} {self.verb}"]
        for reason, count in Counter(reason for _, reason in self.refused).items():
            parts.append(f"{count} {reason} — not {self.verb}")
        return ", ".join(parts)


class BulkService:
    """Cancel, postpone, tag and undo for several events, one outcome for all."""

    def __init__(self, scheduling: SchedulingService) -> None:
        self._scheduling = scheduling

    def _each(self, verb: str, events: Sequence[Event], write: Callable[[Event], EventChange]) -> BulkOutcome:
        """``write`` each event; refused as a whole (PermissionDenied) when the acting person may
        not change one of them, before any is written."""
        self._scheduling.acting.require(Action.EDIT_EVENTS, [event.organiser for event in events])
        changes: list[EventChange] = []
        refused: list[tuple[Event, str]] = []
        for event in events:
            try:
                changes.append(write(event))
            except Conflict:
                refused.append((event, CHANGED_ELSEWHERE))
            except BrsCoordError as exc:
                refused.append((event, exc.message.replace(f"“{event.title}” ", "").removeprefix("is ")))
        return BulkOutcome(verb, tuple(changes), tuple(refused))

    def cancel(self, events: Sequence[Event], reason: str) -> BulkOutcome:
        """Cancel each event as it was seen (its version), with the one reason."""
        scheduling = self._scheduling
        return self._each("cancelled", events,
                          lambda e: scheduling.cancel(e.id, reason, expected_version=e.version))

    def postpone(self, events: Sequence[Event], reason: str) -> BulkOutcome:
        scheduling = self._scheduling
        return self._each("postponed", events,
                          lambda e: scheduling.postpone(e.id, reason, expected_version=e.version))

    def tag(self, events: Sequence[Event], audience: str) -> BulkOutcome:
        """Add an audience to each event that does not have it yet (those that have it are left)."""
        scheduling = self._scheduling

        def add(event: Event) -> EventChange:
            if audience in event.audiences:
                raise NotAllowed("has it already")
            data = replace(event.data(), audiences=(*event.audiences, audience))
            return scheduling.update(event.id, data, expected_version=event.version)

        return self._each("tagged", events, add)

    def undo(self, outcome: BulkOutcome) -> BulkOutcome:
        """Take back every change of ``outcome`` (the last first); an event changed since is
        refused, the others are undone."""
        scheduling = self._scheduling
        done = {change.event.id: change for change in outcome.changes}
        events = [change.event for change in reversed(outcome.changes)]
        return self._each("undone", events, lambda e: scheduling.undo(done[e.id]))
