"""Series and courses (issue 19): a webinar series, a course in modules or a recurring meeting,
planned once, whose sessions are ordinary events (their own UID, version and SEQUENCE); no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SeriesKind(StrEnum):
    WEBINAR_SERIES = "webinar-series"
    COURSE = "course"
    RECURRING_MEETING = "recurring-meeting"


class RegistrationMode(StrEnum):
    """How participants register: for each session, for the whole series at once, or either."""

    PER_SESSION = "per-session"
    WHOLE_SERIES = "whole-series"
    BOTH = "both"


class EditScope(StrEnum):
    """Which sessions a change of one session applies to."""

    THIS = "this"
    FOLLOWING = "following"
    SERIES = "series"


class SeriesRegistrationStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


DEFAULT_COMPLETION_SHARE = 0.75


@dataclass(frozen=True)
class SeriesData:
    """What staff give for a new series (its sessions come from its rule)."""

    title: str
    kind: SeriesKind
    timezone: str
    programme: str | None = None
    audiences: tuple[str, ...] = ()
    organiser: str | None = None
    registration_mode: RegistrationMode = RegistrationMode.BOTH
    completion_share: float = DEFAULT_COMPLETION_SHARE
    capacity: int | None = None
    rule: str = ""
    translations: tuple[tuple[str, str], ...] = ()  # (language code, title)
    is_demo: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SeriesKind(self.kind))
        object.__setattr__(self, "registration_mode", RegistrationMode(self.registration_mode))
        object.__setattr__(self, "audiences", tuple(self.audiences))
        object.__setattr__(self, "translations", tuple(tuple(t) for t in self.translations))

    def title_in(self, lang: str | None) -> str:
        return next((title for code, title in self.translations if code == lang and title), self.title)


@dataclass(frozen=True)
class Series(SeriesData):
    """A stored series."""

    id: int = 0
    slug: str = ""
    uid: str = ""
    created_at: datetime | None = None
    created_by: str = ""


@dataclass(frozen=True)
class SeriesRegistration:
    series_id: int
    participant_id: int
    status: SeriesRegistrationStatus
    created_at: datetime


@dataclass(frozen=True)
class Completion:
    """A participant who attended at least the series' completion share of its held sessions."""

    series_id: int
    participant_id: int
    attended: int
    sessions: int
    completed_at: datetime
