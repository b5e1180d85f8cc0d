"""Registrations and "remind me" marks of participants for events.

The rules, shared by every face (bot now; notices and waiting-list promotion later, issue #8):

- ``register`` takes a seat, or a place on the waiting list when the event's ``capacity`` seats
  are taken (``status`` ``registered`` or ``waitlisted``); one tap, idempotent. Only public
  events that have not ended and are not cancelled accept registrations (``NotAllowed``).
- ``unregister`` sets the registration to ``cancelled`` (the row stays for the organisers'
  reports). When it gave up a seat, every listener added with ``add_seat_freed_listener`` runs
  with the event id, in the same transaction (waiting-list promotion hooks in there).
- A participant without a private chat with the bot (``chat_id`` None: seen only in a group) is
  never registered and gets no reminder (``rules.check_reachable``: no notice could reach them).
- ``remind`` marks an event for the reminders the notices service delivers; ``forget`` removes it.
- The join link (``Event.online_url``) may be shown only when ``can_see_join_link`` is true
  (``rules.may_see_join_link``: seat holders only).
- ``mark_attendance`` (staff, once the event has started) records attended / no-show for a seat
  holder, or clears the mark; in a reported (locked) period only with an override reason, audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..domain import Event, Status
from ..errors import InvalidInput, NotAllowed, NotFound
from ..permissions import Action
from ..records import (
    ACTIVE_STATUSES,
    ATTENDANCE_STATUS,
    SEAT_STATUSES,
    Registration,
    RegistrationStatus,
)
from ..repositories import Registrations
from ..rules import (
    check_reachable,
    check_registration_open,
    holds_seat,
    may_see_join_link,
    registration_status,
)
from ..store import Store
from .acting import Acting

__all__ = ["ATTENDANCE_STATUS", "MyEvent", "Registration", "RegistrationResult", "RegistrationService",
           "RegistrationStatus"]
SeatFreedListener = Callable[[Store, int], None]
AttendanceListener = Callable[[Store, int], None]  # (store, event id) after attendance is marked
MARKABLE = frozenset(SEAT_STATUSES)


@dataclass(frozen=True)
class RegistrationResult:
    """What a registration did: the event, the new status, the waiting-list place (if waitlisted)."""

    event: Event
    status: RegistrationStatus
    waitlist_position: int | None = None
    already: bool = False

    @property
    def has_seat(self) -> bool:
        return holds_seat(self.status)


@dataclass(frozen=True)
class MyEvent:
    """One line of /myevents: an event the participant registered for and/or asked a reminder of."""

    event: Event
    status: RegistrationStatus | None  # registration status, None when only a reminder
    reminder: bool


class RegistrationService:
    """Registration use cases; synchronous (the bot calls them through ``asyncio.to_thread``)."""

    def __init__(self, store: Store, *, acting: Acting) -> None:
        self._store = store
        self._acting = acting
        self._repo: Registrations = store.registrations
        self._listeners: list[SeatFreedListener] = []
        self._attendance_listeners: list[AttendanceListener] = []

    def add_seat_freed_listener(self, listener: SeatFreedListener) -> None:
        """Run ``listener(store, event_id)`` in the transaction that frees a seat."""
        self._listeners.append(listener)

    def add_attendance_listener(self, listener: AttendanceListener) -> None:
        """Run ``listener(store, event_id)`` in the transaction that marks attendance (completions)."""
        self._attendance_listeners.append(listener)

    def _event(self, event_id: int) -> Event:
        event = self._store.events.get(event_id)
        if not event.is_public:
            raise NotFound(f"No event with id {event_id}")
        return event

    def register(self, participant_id: int, event_id: int) -> RegistrationResult:
        with self._store.transaction():
            event = self._event(event_id)
            check_registration_open(event, now=self._store.clock.now())
            check_reachable(self._store.participants.get(participant_id).chat_id)
            before = self._repo.get(event_id, participant_id)
            current = before.status if before is not None else None
            status = registration_status(current, event.capacity, self._repo.seats_taken(event_id))
            already = before is not None and status == current
            row = before if before is not None and already else self._repo.register(
                event_id, participant_id, status
            )
        waiting = row.status is RegistrationStatus.WAITLISTED
        position = self._repo.waitlist_position(event_id, participant_id) if waiting else None
        return RegistrationResult(self._event(event_id), row.status, position, already)

    def unregister(self, participant_id: int, event_id: int) -> bool:
        """Give up a seat or a waiting-list place; False when there was nothing to give up."""
        with self._store.transaction():
            current = self._repo.get(event_id, participant_id)
            if current is None or current.status not in ACTIVE_STATUSES:
                return False
            self._repo.set_status(event_id, participant_id, RegistrationStatus.CANCELLED)
            if holds_seat(current.status):
                for listener in self._listeners:
                    listener(self._store, event_id)
        return True

    def status(self, participant_id: int, event_id: int) -> RegistrationStatus | None:
        """The active registration status (registered, waitlisted, offered), else None."""
        row = self._repo.get(event_id, participant_id)
        return row.status if row is not None and row.status in ACTIVE_STATUSES else None

    def statuses(self, participant_id: int) -> dict[int, RegistrationStatus]:
        """Active registration status by event id."""
        return {r.event_id: r.status for r in self._repo.for_participant(participant_id)}

    def reminders(self, participant_id: int) -> set[int]:
        return set(self._repo.reminder_event_ids(participant_id))

    def can_see_join_link(self, participant_id: int, event_id: int) -> bool:
        return may_see_join_link(self.status(participant_id, event_id))

    def remind(self, participant_id: int, event_id: int) -> bool:
        """Ask for a reminder of an event; False when it was already asked."""
        event = self._event(event_id)
        if event.ends_at <= self._store.clock.now():
            raise NotAllowed(f"“{event.title}” has ended")
        check_reachable(self._store.participants.get(participant_id).chat_id)
        return self._repo.add_reminder(event_id, participant_id)

    def my_events(self, participant_id: int) -> list[MyEvent]:
        """Active registrations and reminders, soonest first (events that ended are left out)."""
        statuses = self.statuses(participant_id)
        reminders = self.reminders(participant_id)
        now = self._store.clock.now()
        found: list[MyEvent] = []
        for event_id in sorted(set(statuses) | reminders):
            try:
                event = self._store.events.get(event_id)
            except NotFound:
                continue
            if event.is_public and event.ends_at > now:
                found.append(MyEvent(event, statuses.get(event_id), event_id in reminders))
        return sorted(found, key=lambda m: (m.event.starts_at, m.event.id))

    def mark_attendance(
        self, event_id: int, participant_id: int, attended: bool | None, share: float | None = None,
        *, override: str = "",
    ) -> Registration:
        """Record that a registered participant attended (True) or did not come (False) once the event
        has started; None clears the mark. ``share``: the part of the event attended (0 to 1; None
        for the whole), which decides whether the attendance counts for the plan's indicators. An
        event in a reported (locked) period is changed only with an ``override`` reason, audited."""
        by = self._acting.require(Action.RECORD_ATTENDANCE).login
        if share is not None and not 0 <= share <= 1:
            raise InvalidInput(f"The share of an event attended is between 0 and 1 (not {share})", "share")
        event = self._store.events.get(event_id)
        if event.status is Status.CANCELLED:
            raise NotAllowed(f"“{event.title}” was cancelled; there is no attendance to record")
        if event.starts_at > self._store.clock.now():
            raise NotAllowed(f"“{event.title}” has not started; attendance is recorded afterwards")
        with self._store.transaction():
            current = self._repo.get(event_id, participant_id)
            if current is None:
                raise NotFound(f"Participant {participant_id} has no registration for event {event_id}")
            if current.status not in MARKABLE:
                raise NotAllowed(f"This registration is {current.status}; only seat holders are marked")
            local_day = event.starts_at.astimezone(ZoneInfo(event.timezone)).date()
            locked = self._store.results.locked_period(local_day)
            if locked is not None and not override.strip():
                raise NotAllowed(
                    f"The attendance of “{event.title}” was reported with the period {locked}, which is"
                    " locked; change it only with an override and its reason")
            changed = self._repo.set_attendance(event_id, participant_id, attended, share)
            if locked is not None:
                self._store.results.record_override(event_id, participant_id, current.status,
                                                    changed.status, override.strip(), by)
            for listener in self._attendance_listeners:
                listener(self._store, event_id)
            return changed

    def mark_all_attended(self, event_id: int) -> int:
        """Mark every seat holder not yet marked as attended (then staff mark the exceptions); all or
        nothing; returns how many were marked."""
        self._acting.require(Action.RECORD_ATTENDANCE)
        unmarked = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)
        with self._store.transaction():
            people = [r.participant_id for r in self._store.reports.registrations(event_id)
                      if r.status in unmarked]
            for participant_id in people:
                self.mark_attendance(event_id, participant_id, True)
        return len(people)

    def waitlist_position(self, participant_id: int, event_id: int) -> int | None:
        return self._repo.waitlist_position(event_id, participant_id)
