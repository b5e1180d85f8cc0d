"""Change notices through the outbox: written in the transaction of the change, delivered by the bot's sender.

Rules (issue #8):

- creating or publishing a public event → "new-event" to every subscriber of a matching audience,
  programme, convention, region (a Global event matches every region) or kind; drafts never;
- a change of time, place, link or status → "changed" to registered (waitlisted, offered) and "remind
  me" participants, with the before/after values (language-neutral; the bot words them in each
  participant's zone and language). Edits within ``batch_seconds`` of a pending notice are folded
  into it (edits that undo each other leave nothing); only seat holders see link changes;
- a cancellation → "cancelled" at once (urgent), superseding pending change notices and reminders;
- staff messages → "message" to the registrants of an event;
- delivery: ``claim_due`` hands out due rows (quiet hours defer non-urgent ones), the sender reports
  ``mark_sent`` / ``retry`` / ``fail`` / ``blocked``; a claim not settled within the lease is retried.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..characters import invisible_only
from ..domain import NOTIFIABLE_FIELDS, Event, EventChange, Status
from ..errors import InvalidInput, NotAllowed, NotFound
from ..payloads import (
    CancelledPayload,
    Change,
    ChangedPayload,
    EventSnapshot,
    MessagePayload,
    NewEventPayload,
    NewNotice,
    NoticePayload,
    PayloadError,
    parse_payload,
)
from ..permissions import Action
from ..records import NoticeKind, OutboxEntry, iso_utc
from ..repositories import Outbox, Participants
from ..store import Store
from .acting import Acting
from .subscriptions import reached_values

log = logging.getLogger(__name__)
BatchWriter = Callable[["NoticeService", list[EventChange]], int]

BATCH_MAX_SECONDS = 60
URGENT_WITHIN = timedelta(hours=48)
MESSAGE_MAX = 1000
ANNOUNCED = (Status.PLANNED, Status.CONFIRMED, Status.POSTPONED)


@dataclass(frozen=True)
class Notice:
    """A claimed notice, as the sender renders and sends it."""

    id: int
    kind: NoticeKind
    participant_id: int
    event_id: int | None
    chat_id: int
    language: str
    timezone: str
    payload: NoticePayload
    urgent: bool
    attempts: int


@dataclass(frozen=True)
class ChangeItem:
    """One line of a change notice: ``what`` is time, place, link or status (times in the reader's zone)."""

    what: str
    old: Any
    new: Any


def _plain(value: object) -> object:
    return value.value if isinstance(value, Status) else value


def notifiable_changes(change: EventChange, *, with_link: bool) -> dict[str, Change]:
    """The before/after pairs participants hear about (times stay aware datetimes, statuses their text)."""
    names = [n for n in NOTIFIABLE_FIELDS if n in change.changes and (with_link or n != "online_url")]
    return {name: (_plain(change.changes[name][0]), _plain(change.changes[name][1])) for name in names}


def merge_changes(older: dict[str, Change], newer: dict[str, Change]) -> dict[str, Change]:
    """Fold two change sets: the oldest "before", the newest "after"; fields back where they were drop out."""
    merged = dict(older)
    for name, (old, new) in newer.items():
        merged[name] = (merged[name][0] if name in merged else old, new)
    return {name: pair for name, pair in merged.items() if pair[0] != pair[1]}


def change_items(payload: ChangedPayload, zone: str) -> list[ChangeItem]:
    """The changes of a "changed" notice, times turned into the reader's zone."""
    tz = ZoneInfo(zone)
    changes = payload.changes
    items: list[ChangeItem] = []
    if "starts_at" in changes or "ends_at" in changes or "timezone" in changes:
        start = changes.get("starts_at", (payload.event.starts_at, payload.event.starts_at))
        old, new = (value.astimezone(tz) for value in start)
        items.append(ChangeItem("time", old, new))
    for name, what in (("location", "place"), ("online_url", "link"), ("status", "status")):
        if name in changes:
            items.append(ChangeItem(what, changes[name][0], changes[name][1]))
    return items


def quiet_until(start: str | None, end: str | None, zone: str, now: datetime) -> datetime | None:
    """When the participant's quiet hours (local "22:00"–"07:00") end, if ``now`` falls inside them."""
    if not start or not end or start == end:
        return None
    local = now.astimezone(ZoneInfo(zone))
    begin, finish, clock_time = time.fromisoformat(start), time.fromisoformat(end), local.time()
    inside = begin <= clock_time < finish if begin < finish else (clock_time >= begin or clock_time < finish)
    if not inside:
        return None
    day = local.date() if clock_time < finish else local.date() + timedelta(days=1)
    return datetime.combine(day, finish, tzinfo=local.tzinfo).astimezone(UTC)


def backoff(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failures: 5, 10, 20 ... at most 10 minutes."""
    return float(min(5 * 2 ** max(attempts - 1, 0), 600))


class NoticeService:
    """Writes notices for event changes and hands them to the sender; synchronous (not on the event loop)."""

    def __init__(
        self, store: Store, *, acting: Acting, batch_seconds: int = 30, lease_seconds: int = 60,
        max_attempts: int = 8,
    ) -> None:
        self._store = store
        self._acting = acting
        self._outbox: Outbox = store.outbox
        self._participants: Participants = store.participants
        self.batch_seconds = max(0, min(batch_seconds, BATCH_MAX_SECONDS))
        self.lease = timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self._collecting: list[EventChange] | None = None

    @property
    def outbox(self) -> Outbox:
        return self._outbox

    def _now(self) -> datetime:
        return self._store.clock.now()

    # ---- writing: the scheduling listener ----------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store

    @contextmanager
    def batched(self, write: BatchWriter) -> Iterator[list[EventChange]]:
        """Changes made inside are collected instead of noticed one by one; on leaving (without an
        error, inside the caller's transaction) ``write`` gives each participant one notice for all
        of them (series_notices: a change to several sessions of a series); one change alone is
        noticed as ever."""
        collected: list[EventChange] = []
        self._collecting = collected
        try:
            yield collected
        finally:
            self._collecting = None
        if len(collected) == 1:
            self.on_change(self._store, collected[0])
        elif collected:
            write(self, collected)

    def on_change(self, store: Store, change: EventChange) -> None:
        """Scheduling listener: write the notices one event change calls for (same transaction)."""
        if self._collecting is not None:
            self._collecting.append(change)
            return
        before, after = change.before, change.after
        if after is None or not after.is_public:
            return
        if before is None or not before.is_public:
            self._announce(after)
        elif after.status is Status.CANCELLED and before.status is not Status.CANCELLED:
            self._cancelled(after)
        elif after.status is not Status.HELD and change.notifiable:
            self._changed(change, after)

    def _announce(self, event: Event) -> int:
        if event.status not in ANNOUNCED or event.ends_at <= self._now():
            return 0
        facets = reached_values(event, self._store.catalogue)
        payload = NewEventPayload(EventSnapshot.of(event, with_link=False))
        return self._outbox.add_for_subscribers(event.id, facets, payload, self._now())

    def _cancelled(self, event: Event) -> int:
        self._outbox.drop_pending(
            event.id, (NoticeKind.CHANGED, NoticeKind.REMINDER, NoticeKind.NEW_EVENT, NoticeKind.MESSAGE,
                       NoticeKind.EVALUATION),
        )
        payloads = tuple(
            CancelledPayload(EventSnapshot.of(event, with_link=seat), event.status_reason)
            for seat in (True, False)
        )
        return self._outbox.add_for_involved(
            event.id, NoticeKind.CANCELLED, f"cancelled:{event.id}:v{event.version}",
            (payloads[0], payloads[1]), self._now(), urgent=True,
        )

    def _changed(self, change: EventChange, event: Event) -> int:
        if {"starts_at", "ends_at", "status"} & set(change.changes):
            self._outbox.drop_pending(event.id, (NoticeKind.REMINDER,))
        variants = {seat: notifiable_changes(change, with_link=seat) for seat in (True, False)}
        for text in self._outbox.pending_payloads(event.id, NoticeKind.CHANGED):
            try:
                pending = parse_payload(NoticeKind.CHANGED, text)
            except PayloadError:  # unreadable: left for the sender, which fails it
                continue
            assert isinstance(pending, ChangedPayload)
            merged = merge_changes(pending.changes, variants[pending.seat])
            folded = self._change_payload(event, merged, pending.seat)
            self._outbox.replace_pending_payload(event.id, NoticeKind.CHANGED, text, folded)
        soon = min(event.starts_at, change.before.starts_at if change.before else event.starts_at)
        urgent = soon - self._now() <= URGENT_WITHIN
        due = self._now() + timedelta(seconds=self.batch_seconds)
        seat_payload = self._change_payload(event, variants[True], True)
        other_payload = self._change_payload(event, variants[False], False) if variants[False] else None
        written = self._outbox.add_for_involved(
            event.id, NoticeKind.CHANGED, f"changed:{event.id}:v{event.version}",
            (seat_payload, other_payload), due, urgent=urgent, without_pending=NoticeKind.CHANGED,
        )
        self._outbox.drop_pending_without_changes(event.id)  # edits that undid each other
        return written

    @staticmethod
    def _change_payload(event: Event, changes: dict[str, Change], seat: bool) -> ChangedPayload:
        return ChangedPayload(EventSnapshot.of(event, with_link=seat), changes, seat, event.status_reason)

    # ---- writing: staff messages ----------------------------------------------------------------------

    def message_registrants(self, event_id: int, text: str) -> int:
        """Queue a short staff message to everyone registered (or waiting) for the event; returns how many."""
        text = text.strip()
        if not text or invisible_only(text):  # a zero-width space alone would be sent as nothing
            raise InvalidInput("The message is empty", field="text")
        self._acting.require(Action.MESSAGE_REGISTRANTS, [self._store.events.get(event_id).organiser])
        if len(text) > MESSAGE_MAX:
            raise InvalidInput(f"The message is longer than {MESSAGE_MAX} characters", field="text")
        with self._store.transaction():
            event = self._store.events.get(event_id)
            if not event.is_public:
                raise NotAllowed(f"“{event.title}” is a draft; nobody is registered")
            now = self._now()
            digest = hashlib.sha256(text.encode()).hexdigest()[:12]
            seat, waiting = (
                MessagePayload(EventSnapshot.of(event, with_link=link), text) for link in (True, False)
            )
            return self._outbox.add_for_involved(
                event.id, NoticeKind.MESSAGE, f"message:{event.id}:{iso_utc(now)}:{digest}", (seat, waiting),
                now, urgent=False, registrants_only=True,
            )

    def add(self, notice: NewNotice) -> bool:
        """Write one notice (reminders, offers); False when its dedupe key exists already."""
        return self._outbox.add(notice)

    # ---- delivery ----------------------------------------------------------------------------------

    def claim_due(self, limit: int = 50, *, held_since: datetime | None = None) -> list[Notice]:
        """Take up to ``limit`` due notices for sending (quiet hours push non-urgent ones later).

        A sender holding the notice-sender lease since ``held_since`` takes again only the claims
        made before it (by a previous holder, gone); without it, claims older than the lease."""
        now = self._now()
        if held_since is None:
            stale_before = now - self.lease
        else:
            # claims are stored to the second: every claim stored in or before the second the lease
            # was taken in is a previous holder's (one made just before a quick restart included),
            # and this holder claims nothing until that second is over, so none of its own is
            stale_before = held_since.replace(microsecond=0) + timedelta(seconds=1)
            if now < stale_before:
                return []
        claimed: list[tuple[OutboxEntry, NoticePayload]] = []
        with self._store.transaction():
            deferred: dict[datetime, list[int]] = {}
            for entry in self._outbox.due(now, stale_before, limit):
                try:
                    payload = parse_payload(entry.kind, entry.payload_json)
                except PayloadError as exc:  # another version's or a damaged notice: fail it alone
                    log.warning("notice %d: unreadable payload (%s)", entry.id, exc)
                    self._outbox.mark_failed(entry.id, f"unreadable payload: {exc}", now)
                    continue
                if not entry.active or entry.chat_id is None:
                    self._outbox.mark_failed(entry.id, "participant inactive", now)
                elif entry.attempts >= self.max_attempts:
                    self._outbox.mark_failed(entry.id, f"gave up after {entry.attempts} attempts", now)
                elif payload.KIND is NoticeKind.REMINDER and not self._reminder_still_due(entry, payload):
                    self._outbox.delete(entry.id)
                elif not entry.urgent and (until := self._quiet_until(entry, now)) is not None:
                    deferred.setdefault(until, []).append(entry.id)
                else:
                    claimed.append((entry, payload))
            for until, ids in deferred.items():
                self._outbox.defer(ids, until)
            self._outbox.claim([e.id for e, _ in claimed], now)
        return [
            Notice(e.id, payload.KIND, e.participant_id, e.event_id, int(e.chat_id or 0), e.language,
                   e.timezone, payload, e.urgent, e.attempts + 1)
            for e, payload in claimed
        ]

    @staticmethod
    def _quiet_until(entry: OutboxEntry, now: datetime) -> datetime | None:
        try:
            return quiet_until(entry.quiet_start, entry.quiet_end, entry.timezone, now)
        except ValueError:
            return None

    def _reminder_still_due(self, entry: OutboxEntry, payload: NoticePayload) -> bool:
        """A reminder is dropped if the event moved or was cancelled, or the participant left it."""
        if entry.event_id is None:
            return False
        try:
            event = self._store.events.get(entry.event_id)
        except NotFound:
            return False
        seat, mark = self._outbox.still_involved(entry.participant_id, entry.event_id)
        return (
            (seat or mark) and event.status in (Status.PLANNED, Status.CONFIRMED)
            and event.starts_at == payload.event.starts_at
            and event.starts_at > self._now()
        )

    def mark_sent(self, notice_id: int) -> None:
        self._outbox.mark_sent(notice_id, self._now())

    def retry(
        self, notice: Notice, error: str, *, after: float | None = None, count_attempt: bool = True
    ) -> bool:
        """Try again later (``after`` seconds, else backoff); True when it was marked failed instead."""
        if count_attempt and notice.attempts >= self.max_attempts:
            self._outbox.mark_failed(notice.id, f"{error} (after {notice.attempts} attempts)", self._now())
            return True
        delay = after if after is not None else backoff(notice.attempts)
        due = self._now() + timedelta(seconds=delay)
        self._outbox.release(notice.id, due, error, count_attempt=count_attempt)
        return False

    def fail(self, notice_id: int, error: str) -> None:
        self._outbox.mark_failed(notice_id, error, self._now())

    def retry_failed(self, notice_id: int) -> None:
        """Staff: send a failed notice again, due now, its attempts counted from zero."""
        self._acting.require(Action.MANAGE_OUTBOX)
        if self._outbox.reopen_failed(notice_id, self._now()):
            return
        if not self._outbox.exists(notice_id):
            raise NotFound(f"No notice with id {notice_id}")
        raise NotAllowed(f"Notice {notice_id} has not failed; only failed notices are retried")

    def blocked(self, participant_id: int, error: str) -> int:
        """The participant blocked the bot: inactive, and their pending notices failed."""
        return self._outbox.deactivate(participant_id, error, self._now())

    def counts(self) -> dict[str, int]:
        return self._outbox.counts()

    # ---- participant choices ------------------------------------------------------------------------

    def set_quiet_hours(self, participant_id: int, start: str | None, end: str | None) -> None:
        """Quiet hours in the participant's zone ("22:00", "07:00"); None, None switches them off."""
        if (start is None) != (end is None):
            raise InvalidInput("Give both the start and the end of the quiet hours", field="quiet_hours")
        try:
            values = [time.fromisoformat(v).strftime("%H:%M") if v else None for v in (start, end)]
        except ValueError as exc:
            raise InvalidInput("Quiet hours are times such as 22:00 and 07:00", field="quiet_hours") from exc
        self._participants.update(participant_id, quiet_start=values[0], quiet_end=values[1])

    def mute_event(self, participant_id: int, event_id: int) -> bool:
        """Stop change notices, reminders and messages about one event for this participant."""
        return self._outbox.mute(participant_id, event_id)

    def entry(self, notice_id: int) -> OutboxEntry | None:
        return self._outbox.get(notice_id)
