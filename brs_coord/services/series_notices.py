"""One notice per participant for a change to several sessions of a series (issue 19), not one per
session: the sessions the participant is registered for (or asked a reminder of) are listed in the
notice's ``sessions``; a cancellation of them all is a "cancelled" notice, anything else "changed"."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..domain import EventChange, Status
from ..payloads import CancelledPayload, ChangedPayload, EventSnapshot, NewNotice, NoticePayload, SessionLine
from ..records import NoticeKind
from .notices import URGENT_WITHIN, notifiable_changes

if TYPE_CHECKING:
    from .notices import NoticeService

_SUPERSEDED_BY_CANCEL = (NoticeKind.CHANGED, NoticeKind.REMINDER, NoticeKind.NEW_EVENT, NoticeKind.MESSAGE)


def _cancelling(change: EventChange) -> bool:
    before, after = change.before, change.after
    return (after is not None and before is not None and after.status is Status.CANCELLED
            and before.status is not Status.CANCELLED)


def _line(change: EventChange, seat: bool) -> SessionLine:
    assert change.after is not None and change.before is not None
    moved = change.before.starts_at if change.before.starts_at != change.after.starts_at else None
    return SessionLine(EventSnapshot.of(change.after, with_link=seat), moved)


def write_batched(notices: NoticeService, changes: list[EventChange]) -> int:
    """Write one notice per involved participant for ``changes`` (same transaction); returns how many."""
    store = notices.store
    relevant = [c for c in changes if c.after is not None and c.before is not None and c.after.is_public
                and c.before.is_public and (c.notifiable or _cancelling(c))]
    if not relevant:
        return 0
    outbox = notices.outbox
    for change in relevant:
        assert change.after is not None
        kinds = _SUPERSEDED_BY_CANCEL if _cancelling(change) else (NoticeKind.REMINDER, NoticeKind.CHANGED)
        outbox.drop_pending(change.after.id, kinds)
    by_id = {c.after.id: c for c in relevant if c.after is not None}
    now = store.clock.now()
    written = 0
    for participant_id, seats in store.series.involved(list(by_id)).items():
        mine = [by_id[event_id] for event_id in by_id if event_id in seats]
        if not mine:
            continue
        seat = any(seats[c.after.id] for c in mine if c.after is not None)
        payload = _payload(mine, seat)
        first = mine[0].after
        assert first is not None
        urgent = all(_cancelling(c) for c in mine) or first.starts_at - now <= URGENT_WITHIN
        versions = ",".join(f"{c.after.id}v{c.after.version}" for c in mine if c.after is not None)
        written += outbox.add(NewNotice(
            participant_id=participant_id, event_id=first.id, kind=payload.KIND, payload=payload,
            dedupe_key=f"series:{payload.KIND}:{versions}:{participant_id}",
            due_at=now if urgent else now + timedelta(seconds=notices.batch_seconds), urgent=urgent,
        ))
    return written


def _payload(mine: list[EventChange], seat: bool) -> NoticePayload:
    first = mine[0].after
    assert first is not None
    lines = tuple(_line(c, seat) for c in mine)
    if all(_cancelling(c) for c in mine):
        return CancelledPayload(EventSnapshot.of(first, with_link=seat), first.status_reason, sessions=lines)
    return ChangedPayload(EventSnapshot.of(first, with_link=seat),
                          notifiable_changes(mine[0], with_link=seat), seat, first.status_reason,
                          sessions=lines)

