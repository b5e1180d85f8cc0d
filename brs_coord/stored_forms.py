"""How values are written in the database and in payloads: instants as ISO-8601 UTC text, JSON
text, and the ``StrEnum`` members of the stored state strings (``RegistrationStatus``, ``NoticeKind``)
with their groups. A member equals its stored text, so rows written before the enums existed read back
unchanged. No I/O here; ``records`` re-exports all of it (the store's rows and the rules import it from
here, so a question does not load the records' classes).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum


def iso_utc(instant: datetime) -> str:
    """An aware datetime as ISO-8601 UTC text ending in Z (the stored and the payload form)."""
    utc = instant if instant.tzinfo is UTC else instant.astimezone(UTC)
    return utc.isoformat(timespec="seconds")[:19] + "Z"  # twice as fast as strftime (54k per cold export)


def parse_iso_utc(text: str) -> datetime:
    """Stored ISO-8601 UTC text back to an aware datetime."""
    parsed = datetime.fromisoformat(text)  # reads a final "Z" as UTC itself (Python 3.11)
    return parsed if parsed.tzinfo is UTC else parsed.astimezone(UTC)


def dump(value: object) -> str:
    """Deterministic, compact JSON (for a column or a payload)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class RegistrationStatus(StrEnum):
    """``registrations.status``: a seat (registered, offered, attended, no-show), a queue place, or none."""

    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"  # holds a seat until ``offered_until`` (waiting-list promotion)
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no-show"


# Seats taken = registered + offered + attended + no-show; active = still in play for the participant.
SEAT_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED, RegistrationStatus.ATTENDED,
                 RegistrationStatus.NO_SHOW)
ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)
# Who hears about an event they are involved in, and who of them holds a seat right now.
SEAT_HOLDING = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)
ATTENDANCE_STATUS = {True: RegistrationStatus.ATTENDED, False: RegistrationStatus.NO_SHOW,
                     None: RegistrationStatus.REGISTERED}


class NoticeKind(StrEnum):
    """``outbox.kind``: what a notice tells its participant."""

    NEW_EVENT = "new-event"
    CHANGED = "changed"
    CANCELLED = "cancelled"
    REMINDER = "reminder"
    MESSAGE = "message"
    OFFER = "offer"
    EVALUATION = "evaluation"  # the questions after an event (m016_evaluations)
    SERIES_SEATS = "series-seats"  # a series' waiting list moved: a seat in every session (m026)
    PROPOSAL = "proposal"  # to a staff approver linked by Telegram id: a proposal waits (m028)
