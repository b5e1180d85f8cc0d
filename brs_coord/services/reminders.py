"""Reminders before registered and "remind me" events, at each participant's lead times.

Reminders are derived, not stored ahead: every few seconds ``plan`` writes the reminders that are due
now (dedupe key: event, participant, lead and the event's start), so a moved event is reminded at its
new time, and a cancelled event or a participant who left it gets none. Only the nearest due lead is
sent (no "tomorrow" and "in an hour" together), and never one that came due before the participant
registered. The sender drops a reminder that stopped being true between writing and sending.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..errors import InvalidInput
from ..payloads import EventSnapshot, NewNotice, ReminderPayload
from ..records import NoticeKind, iso_utc
from ..repositories import Outbox, Participants
from ..store import Store

MAX_LEAD_MINUTES = 7 * 24 * 60
MIN_LEAD_MINUTES = 5
MAX_LEADS = 4
URGENT_LEAD_MINUTES = 180
DEFAULT_LEADS = (24 * 60, 60)  # a new participant's reminder times (the schema's default too)


def due_lead(leads: tuple[int, ...], starts_at: datetime, since: datetime, now: datetime) -> int | None:
    """The nearest lead (minutes) whose reminder time has come, and came after ``since``; else None."""
    due = [
        lead for lead in leads
        if since <= starts_at - timedelta(minutes=lead) <= now < starts_at
    ]
    return min(due) if due else None


class ReminderService:
    """Plans due reminders into the outbox; synchronous (call off the event loop)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._outbox: Outbox = store.outbox
        self._participants: Participants = store.participants

    def plan(self) -> int:
        """Write the reminders due now; returns how many were new."""
        now = self._store.clock.now()
        horizon = now + timedelta(minutes=MAX_LEAD_MINUTES)
        written = 0
        with self._store.transaction():
            events = {}
            for row in self._outbox.reminder_candidates(now, horizon):
                lead = due_lead(row.leads, row.starts_at, row.since, now)
                if lead is None:
                    continue
                event_id, participant_id = row.event_id, row.participant_id
                if event_id not in events:
                    events[event_id] = self._store.events.get(event_id)
                payload = ReminderPayload(EventSnapshot.of(events[event_id], with_link=row.seat), lead=lead)
                written += self._outbox.add(NewNotice(
                    participant_id=participant_id, event_id=event_id, kind=NoticeKind.REMINDER,
                    payload=payload,
                    dedupe_key=f"reminder:{event_id}:{participant_id}:{lead}:{iso_utc(row.starts_at)}",
                    due_at=now, urgent=lead <= URGENT_LEAD_MINUTES,
                ))
        return written

    def set_leads(self, participant_id: int, leads: list[int]) -> tuple[int, ...]:
        """Change a participant's lead times (minutes before the start; empty: no reminders)."""
        chosen = tuple(sorted({int(v) for v in leads}, reverse=True))
        if len(chosen) > MAX_LEADS:
            raise InvalidInput(f"At most {MAX_LEADS} reminder times", field="reminder_leads")
        if any(not MIN_LEAD_MINUTES <= v <= MAX_LEAD_MINUTES for v in chosen):
            raise InvalidInput(
                "Reminders are between 5 minutes and 7 days before the start", field="reminder_leads"
            )
        self._participants.get(participant_id)
        self._participants.update(participant_id, reminder_leads=list(chosen))
        return chosen
