"""Domain values the store hands to the services: participants, registrations, outbox entries, report lines,
the feeds' light event rows (``FeedEvent``, ``FeedMember``).

Frozen dataclasses with aware datetimes (never stored ISO text) and the bare strings of the database as
``StrEnum`` members (``RegistrationStatus``, ``NoticeKind``, defined with the stored text forms in
``stored_forms`` and re-exported here). No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from .stored_forms import (
    ACTIVE_STATUSES,
    ATTENDANCE_STATUS,
    SEAT_HOLDING,
    SEAT_STATUSES,
    NoticeKind,
    RegistrationStatus,
    dump,
    iso_utc,
    parse_iso_utc,
)

__all__ = [  # the stored forms re-exported, then the records' own values
    "ACTIVE_STATUSES", "ATTENDANCE_STATUS", "SEAT_HOLDING", "SEAT_STATUSES", "NoticeKind",
    "RegistrationStatus", "dump", "iso_utc", "parse_iso_utc",
    "Links", "FeedEvent", "FeedMember", "Participant", "Registration", "Subscription", "OutboxEntry",
    "ReminderCandidate", "RegistrationLine", "OutboxLine", "Lease", "known_kind", "known_status",
]


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
    results: tuple[str, ...] = ()  # the plan's codes (results tags)


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


@dataclass(frozen=True)
class SavedFilter:
    """A staff member's search and filters of the events view, kept under a name."""

    name: str
    search: str = ""
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()  # facet -> chosen values
    scope: str = "upcoming"
    sort: str = "starts_at"
    descending: bool = False


@dataclass(frozen=True)
class Certificate:
    """A certificate of attendance as issued: the figures printed on it, under its verification code
    (``minutes`` None for an all-day event; ``starts_on``/``ends_on`` dates in ``timezone``)."""

    code: str
    event_id: int
    participant_id: int
    language: str
    holder: str
    event_title: str
    starts_on: str
    ends_on: str
    minutes: int | None
    share: float
    organiser: str
    timezone: str
    issued_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
