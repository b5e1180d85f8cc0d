"""No notice storms from a sync (issue 20): the events a sync (or one review decision batch) creates
reach each subscriber in one new-event notice listing the first ``DIGEST_LINES`` (its
``sessions``, the first as its event; a series' new sessions are one line) and counting the
others (``more``), not one notice per event; the other changes (a move, a cancellation) are
noticed to their registrants as any change is."""

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
    created.sort(key=lambda e: (e.starts_at, e.id))  # each reader's list is in date order as it is made
    readers: dict[int, list[Event]] = {}
    followers: dict[tuple[tuple[str, tuple[str, ...]], ...], set[int]] = {}  # one query per distinct reach
    for event in created:
        reached = reached_values(event, store.catalogue)
        key = tuple(sorted((facet, tuple(sorted(values))) for facet, values in reached.items()))
        if key not in followers:
            followers[key] = store.partner_sources.subscribers(reached)
        for participant_id in followers[key]:
            readers.setdefault(participant_id, []).append(event)
    series_of = store.series.series_of([event.id for event in created]) if readers else {}
    written = 0
    for participant_id, events in readers.items():
        listed = _lines(events, series_of, DIGEST_LINES) if len(events) > 1 else []
        more = len(events) - sum(line.count for line in listed) if listed else 0
        payload = NewEventPayload(EventSnapshot.of(events[0], with_link=False), more, sessions=tuple(listed))
        written += store.outbox.add(NewNotice(
            participant_id=participant_id, event_id=events[0].id, kind=NoticeKind.NEW_EVENT, payload=payload,
            dedupe_key=f"new-event:{events[0].id}:{participant_id}",
            due_at=now + timedelta(seconds=notices.batch_seconds),
        ))
    return written


def _lines(events: list[Event], series_of: dict[int, int], limit: int) -> list[SessionLine]:
    """The digest's first ``limit`` lines, in date order: an event alone, or a series' new sessions
    named once (at its first, with how many there are and when the last starts). Only the lines
    listed are made (a first sync of thousands reaches hundreds of readers)."""
    sessions: dict[int, list[Event]] = {}
    if series_of:
        for event in events:
            if event.id in series_of:
                sessions.setdefault(series_of[event.id], []).append(event)
    lines: list[SessionLine] = []
    for event in events:
        group = sessions.get(series_of.get(event.id, -1), [event]) if sessions else [event]
        if group[0] is event:
            lines.append(SessionLine(EventSnapshot.of(event, with_link=False), count=len(group),
                                     until=group[-1].starts_at if len(group) > 1 else None))
            if len(lines) == limit:
                break
    return lines
