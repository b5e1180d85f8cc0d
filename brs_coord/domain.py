"""The domain: events, catalogue entries and their vocabularies (no I/O); the rules are in rules.py."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .errors import ValidationFailed
from .facets import FIELDS, FacetFilters
from .languages import EVENT_LANGUAGES

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
TEXT_FIELD_MAX = 500
URL_MAX = 2_000
CAPACITY_MAX = 1_000_000
YEAR_MIN, YEAR_MAX = 1900, 2199  # beyond these, date arithmetic and ISO text break
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_E = TypeVar("_E", bound=StrEnum)


class EventKind(StrEnum):
    """What sort of activity an event is; the values are contract slugs."""

    WEBINAR = "webinar"
    WORKSHOP = "workshop"
    TRAINING = "training"
    E_LEARNING = "e-learning"
    ONLINE_MEETING = "online-meeting"
    EXPERT_MEETING = "expert-meeting"
    PILOT_PROJECT = "pilot-project"
    DIRECTORS_MEETING = "directors-meeting"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def plural_label(self) -> str:
        return KIND_PLURAL_LABELS[self]


KIND_LABELS: dict[EventKind, str] = {
    EventKind.WEBINAR: "Webinar",
    EventKind.WORKSHOP: "Workshop",
    EventKind.TRAINING: "Training",
    EventKind.E_LEARNING: "E-learning course",
    EventKind.ONLINE_MEETING: "Online meeting",
    EventKind.EXPERT_MEETING: "Expert meeting",
    EventKind.PILOT_PROJECT: "Pilot project",
    EventKind.DIRECTORS_MEETING: "Directors' meeting",
}
KIND_PLURAL_LABELS: dict[EventKind, str] = {
    EventKind.WEBINAR: "Webinars",
    EventKind.WORKSHOP: "Workshops",
    EventKind.TRAINING: "Trainings",
    EventKind.E_LEARNING: "E-learning courses",
    EventKind.ONLINE_MEETING: "Online meetings",
    EventKind.EXPERT_MEETING: "Expert meetings",
    EventKind.PILOT_PROJECT: "Pilot projects",
    EventKind.DIRECTORS_MEETING: "Directors' meetings",
}


class Status(StrEnum):
    """Where an event stands (DESIGN.md, "Event status")."""

    DRAFT = "draft"
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    HELD = "held"

    @property
    def is_public(self) -> bool:
        return self is not Status.DRAFT


class FundingStatus(StrEnum):
    """Funding of an activity, as the synergies status report records it."""

    NOT_YET = "not-yet-funded"
    PARTLY = "partly-funded"
    FULLY = "fully-funded"


class DatePrecision(StrEnum):
    """How precisely the date of an event is known (historical lines are month or year)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


LANGUAGES: dict[str, str] = EVENT_LANGUAGES  # the languages an event may be held in (languages.py)

# Fields whose change participants must hear about (and that raise SEQUENCE in feeds).
NOTIFIABLE_FIELDS = ("starts_at", "ends_at", "timezone", "location", "online_url", "status")


@dataclass(frozen=True)
class EventData:
    """The editable fields of an event, as staff fill them in."""

    title: str
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    timezone: str
    description: str = ""
    programme: str | None = None
    all_day: bool = False
    date_precision: DatePrecision = DatePrecision.DAY
    location: str | None = None
    online_url: str | None = None
    registration_url: str | None = None
    languages: tuple[str, ...] = ("en",)
    status: Status = Status.PLANNED
    funding_status: FundingStatus | None = None
    organiser: str | None = None
    capacity: int | None = None
    audiences: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    conventions: tuple[str, ...] = ()
    status_reason: str | None = None
    is_demo: bool = False
    country: str | None = None  # ISO 3166 alpha-2 code of where it is held (online: None)
    city: str | None = None  # slug of the catalogue city where it is held
    # its title and description in other languages than the first of ``languages``, each
    # (language code, title, description); the participant's one is shown where there is one
    translations: tuple[tuple[str, str, str], ...] = ()

    def title_in(self, lang: str | None) -> str:
        """The title in ``lang`` when the event has one in it, else its own."""
        return next((title for code, title, _ in self.translations if code == lang and title), self.title)

    def description_in(self, lang: str | None) -> str:
        """The description in ``lang`` when the event has one in it, else its own."""
        return next((text for code, _, text in self.translations if code == lang and text), self.description)

    def __post_init__(self) -> None:
        """Accept plain strings and lists from forms and scripts; store enums and tuples."""
        coerce = object.__setattr__
        coerce(self, "kind", _enum(EventKind, self.kind, "kind"))
        coerce(self, "status", _enum(Status, self.status, "status"))
        coerce(self, "date_precision", _enum(DatePrecision, self.date_precision, "date_precision"))
        if self.funding_status is not None:
            coerce(self, "funding_status", _enum(FundingStatus, self.funding_status, "funding"))
        for name in ("languages", "audiences", "regions", "conventions"):
            coerce(self, name, tuple(getattr(self, name)))
        coerce(self, "translations", _translations(self.translations))


def _translations(value: object) -> tuple[tuple[str, str, str], ...]:
    """Translations as (code, title, description) triples, from triples or a mapping code -> title
    or code -> (title, description) (forms and JSON)."""
    items = value.items() if isinstance(value, dict) else value
    found: list[tuple[str, str, str]] = []
    for item in items:  # type: ignore[attr-defined]
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], (list, tuple)):
            item = (item[0], *item[1])
        elif isinstance(item, tuple) and len(item) == 2:
            item = (item[0], item[1], "")
        code, title, description = (str(part) for part in item)
        found.append((code, title, description))
    return tuple(found)


def _enum(enum: type[_E], value: object, field_name: str) -> _E:
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    choices = ", ".join(member.value for member in enum)
    raise ValidationFailed({field_name: f"{value!r} is not one of {choices}"})


@dataclass(frozen=True)
class Event(EventData):
    """A stored event: its data plus identity, version and audit fields."""

    id: int = 0
    uid: str = ""
    version: int = 1
    created_at: datetime | None = None
    created_by: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""
    status_changed_at: datetime | None = None
    registered_count: int = 0
    series_uid: str | None = None  # the UID of the series it is a session of (RELATED-TO in feeds)
    session_number: int | None = None  # its place in that series, from 1
    # the plan's outputs and indicators it serves (codes, read with it; edited through the results
    # service, not with its data: see ResultsService.save_tags)
    results: tuple[str, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.status.is_public

    @property
    def duration(self) -> timedelta:
        """How long it lasts in absolute time (across a daylight-saving change too)."""
        return self.ends_at.astimezone(UTC) - self.starts_at.astimezone(UTC)

    def data(self) -> EventData:
        """The editable part of this event, e.g. to prefill a form."""
        names = EventData.__dataclass_fields__
        return EventData(**{name: getattr(self, name) for name in names})


@dataclass(frozen=True)
class Convention:
    id: int
    slug: str
    code: str
    name: str
    aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Region:
    id: int
    slug: str
    name: str
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Country:
    id: int
    code: str
    name: str
    region: str
    aliases: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The value of the country facet: the ISO 3166 alpha-2 code."""
        return self.code


@dataclass(frozen=True)
class City:
    id: int
    slug: str
    name: str
    country: str  # ISO code
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Audience:
    id: int
    slug: str
    name: str
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    conventions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Centre:
    id: int
    slug: str
    name: str
    country: str
    city: str
    region: str
    timezone: str
    conventions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    id: int
    slug: str
    name: str
    cluster: str = ""
    background: str = ""
    objectives: str = ""
    conventions: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    aliases: dict[str, list[str]] = field(default_factory=dict)
    planned_activities: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # language -> name (the catalogue languages)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    event_id: int
    changed_at: datetime
    changed_by: str
    action: str
    changes: dict[str, list[object]]


def is_valid_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and no whitespace."""
    if len(url) > URL_MAX or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def slugify(text: str) -> str:
    """A lowercase, hyphenated ASCII slug for a name."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


class TimeScope(StrEnum):
    """Which part of the calendar a query looks at."""

    UPCOMING = "upcoming"  # not ended yet (default)
    PAST = "past"  # ended already
    ALL = "all"


@dataclass(frozen=True)
class EventQuery(FacetFilters):
    """Filters for listing events; every facet is a tuple of slugs (empty = any, see FacetFilters)."""

    organisers: tuple[str, ...] = ()
    starts_from: datetime | None = None  # overlapping [starts_from, ends_before)
    ends_before: datetime | None = None
    scope: TimeScope = TimeScope.UPCOMING
    text: str = ""  # words for full-text search
    title_phrases: tuple[str, ...] = ()  # with programmes: a title holding one of these matches too
    uids: tuple[str, ...] = ()  # only these events (a uid typed as the question)
    include_drafts: bool = False
    demo_only: bool = False
    online_only: bool = False  # only events held online (no country, a join link)
    newest_first: bool = False
    sort: str = "starts_at"
    limit: int | None = 50
    offset: int = 0

    def with_facets(self, facets: Mapping[str, tuple[str, ...]]) -> EventQuery:
        """A copy with the named facets (``kinds``, ``regions``, ...) replaced; others kept."""
        unknown = set(facets) - set(QUERY_FACETS)
        if unknown:
            raise ValueError(f"not a query facet: {', '.join(sorted(unknown))}")
        changes: dict[str, Any] = dict(facets)  # facet fields only (checked above)
        return replace(self, **changes)


QUERY_FACETS = (*FIELDS, "organisers")


@dataclass(frozen=True)
class EventChange:
    """What one write did to an event: before (None when created) and after (None when deleted)."""

    action: str
    before: Event | None
    after: Event | None
    changes: dict[str, tuple[object, object]]

    @property
    def event(self) -> Event:
        current = self.after or self.before
        assert current is not None
        return current

    @property
    def notifiable(self) -> bool:
        """True when participants must hear of it (time, place, link or status changed)."""
        return any(name in self.changes for name in NOTIFIABLE_FIELDS)


def diff_events(before: EventData, after: EventData) -> dict[str, tuple[object, object]]:
    """Field-by-field differences between two versions of an event's data."""
    changes: dict[str, tuple[object, object]] = {}
    for name in EventData.__dataclass_fields__:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes[name] = (old, new)
    return changes


@dataclass(frozen=True)
class Merge:
    """Two edits of the same version of an event, field by field: what each side changed."""

    base: EventData
    theirs: EventData
    mine: EventData

    @property
    def both_changed(self) -> tuple[str, ...]:
        """Fields both sides changed, to different values: the only ones someone must choose."""
        ours, other = diff_events(self.base, self.mine), diff_events(self.base, self.theirs)
        return tuple(name for name in ours if name in other and ours[name][1] != other[name][1])

    def merged(self, take_theirs: Collection[str] = ()) -> EventData:
        """Their version with my changes laid over it (a field only they changed keeps theirs); of
        the fields both changed, those in ``take_theirs`` keep theirs, the others take mine."""
        chosen = set(take_theirs) & set(self.both_changed)
        mine: dict[str, Any] = {  # field names of EventData only (from diff_events)
            name: new for name, (_, new) in diff_events(self.base, self.mine).items() if name not in chosen
        }
        return replace(self.theirs, **mine)
