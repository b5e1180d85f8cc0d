"""Domain values the store hands to the services: participants, registrations, outbox entries, report lines,
the feeds' light event rows (``FeedEvent``, ``FeedMember``).

Frozen dataclasses with aware datetimes (never stored ISO text) and the bare strings of the database as
``StrEnum`` members (``RegistrationStatus``, ``NoticeKind``): a member equals its stored text, so rows
written before the enums existed read back unchanged. No I/O here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple


def iso_utc(instant: datetime) -> str:
    """An aware datetime as ISO-8601 UTC text ending in Z (the stored and the payload form)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


Links = tuple[tuple[str, ...], ...]  # the slugs of each LINK facet of an event (facets.LINK_FACETS order)


class FeedEvent(NamedTuple):
    """What a feed needs of an event to place it and to reuse its cached VEVENT (instants in UTC)."""

    id: int
    kind: str
    programme: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: str
    status_changed_at: datetime | None
    version: int
    updated_at: datetime
    vevent: str | None  # the cached VEVENT of the requested variant, None when missing or stale
    # the LINK facets (facets.LINK_FACETS), filled when the store is asked for them
    audiences: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    conventions: tuple[str, ...] = ()


class FeedMember(NamedTuple):
    """What deciding a feed's members needs of an event: no text, no links (instants in UTC)."""

    id: int
    uid: str
    kind: str
    programme: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: str
    status_changed_at: datetime | None
    version: int
    updated_at: datetime


@dataclass(frozen=True)
class Participant:
    """A participant of the bot (``audience`` is the audience slug, None when not chosen)."""

    id: int
    telegram_id: int
    chat_id: int | None
    first_name: str
    language: str
    timezone: str
    country: str | None
    audience: str | None
    reminder_leads: tuple[int, ...]
    active: bool
    feed_token: str | None
    quiet_start: str | None = None  # quiet hours in the participant's zone ("22:00"), None when off
    quiet_end: str | None = None


@dataclass(frozen=True)
class Registration:
    """One participant's registration to one event."""

    id: int
    event_id: int
    participant_id: int
    status: RegistrationStatus
    created_at: datetime
    updated_at: datetime
    offered_until: datetime | None


@dataclass(frozen=True)
class Subscription:
    """One thing a participant follows: a facet (audience, programme, …) and its value."""

    facet: str
    value: str


@dataclass(frozen=True)
class OutboxEntry:
    """One stored notice with what the sender needs of its participant; ``payload_json`` is read by
    :func:`brs_coord.payloads.parse_payload` (a bad one fails that notice alone)."""

    id: int
    participant_id: int
    event_id: int | None
    kind: NoticeKind | str  # a kind this version does not know stays text (and fails when parsed)
    payload_json: str
    urgent: bool
    due_at: datetime
    attempts: int
    chat_id: int | None
    language: str
    timezone: str
    quiet_start: str | None
    quiet_end: str | None
    active: bool


@dataclass(frozen=True)
class ReminderCandidate:
    """A participant with a seat (or a "remind me" mark) for an event starting soon."""

    participant_id: int
    event_id: int
    seat: bool
    since: datetime  # when they registered or asked: no reminder that came due before
    leads: tuple[int, ...]
    starts_at: datetime


@dataclass(frozen=True)
class RegistrationLine:
    """One participant's registration to an event, as staff see it."""

    id: int
    event_id: int
    participant_id: int
    name: str
    country: str
    region: str
    audience: str
    status: RegistrationStatus | str
    registered_at: datetime


@dataclass(frozen=True)
class OutboxLine:
    """One notice in the outbox, as staff see it: pending, sent or failed."""

    id: int
    kind: NoticeKind | str
    participant: str
    event_title: str
    created_at: datetime
    due_at: datetime
    attempts: int
    sent_at: datetime | None
    failed_at: datetime | None
    last_error: str | None

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        if self.failed_at:
            return "failed"
        return "retrying" if self.attempts else "due"


def known_kind(text: str) -> NoticeKind | str:
    """The enum member for stored kind text, the text itself when this version does not know it."""
    try:
        return NoticeKind(text)
    except ValueError:
        return text


def known_status(text: str) -> RegistrationStatus | str:
    try:
        return RegistrationStatus(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class Lease:
    """Who holds a named job of the database (``notice-sender``): since when, until when unless renewed."""

    name: str
    holder: str
    since: datetime
    expires_at: datetime

    def live(self, now: datetime) -> bool:
        return self.expires_at > now
