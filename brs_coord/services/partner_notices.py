"""No notice storms from a sync (issue 20): the events a sync (or one review decision batch) creates
reach each subscriber in one new-event notice listing the first ``DIGEST_LINES`` (its
``sessions``, the first as its event) and counting the others (``more``), not one notice per
event; the other changes (a move, a cancellation) are noticed to their registrants as any change
is."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..domain import Event, EventChange
from ..payloads import EventSnapshot, NewEventPayload, NewNotice, SessionLine
from ..records import NoticeKind
from .notices import ANNOUNCED
from .subscriptions import reached_values

if TYPE_CHECKING:
    from .notices import NoticeService

DIGEST_LINES = 10  # new events a digest names; the others are counted


def write_imported(notices: NoticeService, changes: list[EventChange]) -> int:
    """The batch writer of ``NoticeService.batched`` for a sync; returns the notices written."""
    store = notices.store
    now = store.clock.now()
    created: list[Event] = []
    for change in changes:
        if change.action == "created" and change.after is not None:
            if change.after.status in ANNOUNCED and change.after.ends_at > now:
                created.append(change.after)
        else:
            notices.on_change(store, change)
    readers: dict[int, list[Event]] = {}
    for event in created:
        for participant_id in store.partner_sources.subscribers(reached_values(event, store.catalogue)):
            readers.setdefault(participant_id, []).append(event)
    written = 0
    for participant_id, events in readers.items():
        events.sort(key=lambda e: (e.starts_at, e.id))
        many = len(events) > 1
        listed = events[:DIGEST_LINES] if many else []
        lines = tuple(SessionLine(EventSnapshot.of(e, with_link=False)) for e in listed)
        payload = NewEventPayload(EventSnapshot.of(events[0], with_link=False), len(events) - len(listed)
                                  if many else 0, sessions=lines)
        written += store.outbox.add(NewNotice(
            participant_id=participant_id, event_id=events[0].id, kind=NoticeKind.NEW_EVENT, payload=payload,
            dedupe_key=f"new-event:{events[0].id}:{participant_id}",
            due_at=now + timedelta(seconds=notices.batch_seconds),
        ))
    return written
