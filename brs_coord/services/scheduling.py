"""Scheduling use cases shared by every face: create, edit, move, postpone, cancel, delete events.

Each change reads the event at the version the caller saw (else Conflict), applies the rule of
brs_coord/rules.py to it and writes the result, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from ..domain import Event, EventChange, EventData, HistoryEntry, Status
from ..errors import ValidationFailed
from ..permissions import Action, Role, StaffMember, may, needs_proposal
from ..proposals import ProposalState
from ..rules import (
    check_deletable,
    check_undoable,
    copied,
    edited,
    place_problems,
    rescheduled,
    validate_event,
    with_status,
)
from ..store import Store
from .acting import Acting

ChangeListener = Callable[[Store, EventChange], None]


class SchedulingService:
    """Every change of an event goes through here, so listeners (notices, caches) see it."""

    def __init__(self, store: Store, acting: Acting) -> None:
        self._store = store
        self.acting = acting
        self._listeners: list[ChangeListener] = []

    @property
    def staff_name(self) -> str:
        """The login recorded as 'changed by' (the acting person's)."""
        return self.acting.login

    # ---- who may change what ---------------------------------------------------------------

    def _proposed(self, actor: StaffMember, programme: str | None) -> bool:
        """Whether ``actor``'s event for ``programme`` is a proposal (permissions.needs_proposal;
        the programme's organisers are read for centre editors only)."""
        if actor.role is not Role.CENTRE_EDITOR or programme is None:
            return False
        return needs_proposal(actor, self._store.proposals.programme_organisers(programme))

    def _may_edit(self, *events: EventData) -> StaffMember:
        """The actor when they may change events organised as ``events`` are (a centre editor:
        only their centres' events), else PermissionDenied."""
        return self.acting.require(Action.EDIT_EVENTS, [event.organiser for event in events])

    def _pending(self, event_id: int) -> bool:
        proposal = self._store.proposals.get(event_id)
        return proposal is not None and proposal.state is not ProposalState.APPROVED

    def _checked_change(self, actor: StaffMember, current: Event, new: EventData) -> EventData:
        """``new`` as ``actor`` may write it over ``current``: a centre editor may not move an event
        into a programme that is not their centres' (they propose a new one instead), and their
        change of a proposal not yet approved keeps it a draft, proposed again with its new status."""
        if actor.role is not Role.CENTRE_EDITOR:
            return new
        if new.programme != current.programme and self._proposed(actor, new.programme) and not self._pending(
                current.id):
            self.acting.require(Action.MOVE_TO_PROGRAMME)  # refused: only admins and editors may
        if self._pending(current.id) and not may(actor.role, Action.APPROVE_PROPOSALS):
            self._store.proposals.propose(current.id, actor.login, new.status)
            return replace(new, status=Status.DRAFT)
        return new

    def add_listener(self, listener: ChangeListener) -> None:
        """Run ``listener`` inside the same transaction as every change (e.g. to write notices)."""
        self._listeners.append(listener)

    def _run(self, write: Callable[[], EventChange]) -> EventChange:
        with self._store.transaction():
            change = write()
            if change.changes or change.action in {"created", "deleted"}:
                for listener in self._listeners:
                    listener(self._store, change)
        return change

    def get(self, event_id: int) -> Event:
        return self._store.events.get(event_id)

    def get_by_uid(self, uid: str) -> Event:
        return self._store.events.get_by_uid(uid)

    def history(self, event_id: int) -> list[HistoryEntry]:
        return self._store.events.history(event_id)

    def check_place(self, data: EventData) -> None:
        """Raise ValidationFailed unless the event's country and city are the catalogue's."""
        if data.country is None and data.city is None:
            return
        catalogue = self._store.catalogue
        cities = {city.slug: city.country for city in catalogue.cities()}
        problems = place_problems(data, {country.code for country in catalogue.countries()}, cities)
        if problems:
            raise ValidationFailed(problems)

    def create(self, data: EventData) -> EventChange:
        """Write a new event; a centre editor's for a programme that is not their centres' is saved
        as a draft in the proposals queue, to get the status it was given when approved."""
        actor = self._may_edit(data)
        validate_event(data)
        self.check_place(data)
        if not self._proposed(actor, data.programme):
            return self._run(lambda: self._store.events.create(data, actor.login))

        def propose() -> EventChange:
            change = self._store.events.create(replace(data, status=Status.DRAFT), actor.login)
            self._store.proposals.propose(change.event.id, actor.login, data.status)
            return change

        return self._run(propose)

    def duplicate(self, event_id: int) -> EventChange:
        """A copy of an event as a new draft, to be edited before it is announced (rules.copied)."""
        return self.create(copied(self.get(event_id).data()))

    def _change(
        self, event_id: int, expected_version: int, action: str, make: Callable[[Event], EventData],
        by: str | None = None,
    ) -> EventChange:
        """Read the event at ``expected_version``, make its new data by a rule, write it."""

        def write() -> EventChange:
            current = self._store.events.current(event_id, expected_version)
            new = make(current)
            actor = self._may_edit(current, new)
            return self._store.events.update(
                event_id, self._checked_change(actor, current, new), expected_version=expected_version,
                by=by or actor.login, action=action,
            )

        return self._run(write)

    def update(self, event_id: int, data: EventData, *, expected_version: int) -> EventChange:
        self.check_place(data)
        now = self._store.clock.now()
        return self._change(event_id, expected_version, "updated", lambda cur: edited(cur, data, now=now))

    def reschedule(
        self, event_id: int, starts_at: datetime, ends_at: datetime | None = None, *,
        expected_version: int,
    ) -> EventChange:
        """Move an event; without a new end it keeps its duration; a postponed one is planned again."""
        now = self._store.clock.now()
        return self._change(
            event_id, expected_version, "rescheduled",
            lambda current: rescheduled(current, starts_at, ends_at, now=now),
        )

    def set_status(
        self, event_id: int, status: Status, *, expected_version: int, reason: str | None = None,
        by: str | None = None,
    ) -> EventChange:
        """Change the status as the status rules allow, recorded as changed by ``by`` (default: the
        staff name)."""
        now = self._store.clock.now()
        return self._change(
            event_id, expected_version, status.value,
            lambda current: with_status(current, status, reason=reason, now=now), by=by,
        )

    def postpone(self, event_id: int, reason: str, *, expected_version: int) -> EventChange:
        return self.set_status(
            event_id, Status.POSTPONED, expected_version=expected_version, reason=reason
        )

    def cancel(self, event_id: int, reason: str, *, expected_version: int) -> EventChange:
        return self.set_status(
            event_id, Status.CANCELLED, expected_version=expected_version, reason=reason
        )

    def cancel_by_uid(self, uid: str, reason: str, *, by: str | None = None) -> EventChange:
        """Cancel the event with this UID (the CLI's and the bot's staff command); refused when it
        is cancelled already (rules.with_status)."""
        event = self.get_by_uid(uid)
        return self.set_status(
            event.id, Status.CANCELLED, expected_version=event.version, reason=reason, by=by
        )

    def mark_held(self, event_id: int, *, expected_version: int) -> EventChange:
        return self.set_status(event_id, Status.HELD, expected_version=expected_version)

    def delete(self, event_id: int, *, expected_version: int) -> EventChange:
        """Delete a draft (anything else must be cancelled instead)."""

        def write() -> EventChange:
            current = self._store.events.current(event_id, expected_version)
            actor = self._may_edit(current)
            check_deletable(current.status)
            return self._store.events.delete(event_id, expected_version=expected_version, by=actor.login)

        return self._run(write)

    def undo(self, change: EventChange) -> EventChange:
        """Take back one change made here (the staff UI's last action): an edit, a move or a status
        change writes the data from before it again (action "undone"), a deleted draft is created
        again with its uid, a created draft is deleted. Raises Conflict when the event changed
        since, NotAllowed for what cannot be taken back (rules.check_undoable)."""
        check_undoable(change.action, change.before, change.after)
        before, after = change.before, change.after
        if change.action == "deleted":
            assert before is not None
            actor = self._may_edit(before)
            return self._run(
                lambda: self._store.events.create(before.data(), actor.login, uid=before.uid))
        assert after is not None
        if change.action == "created":
            return self.delete(after.id, expected_version=after.version)
        assert before is not None
        return self._change(after.id, after.version, "undone", lambda _current: before.data())
