"""The rules of the domain, each stated once (no I/O); every face and service calls these.

Events: their fields (validation), status changes, deletion and rescheduling. Catalogue entries:
their fields (a used slug needs the store: ``CatalogueService`` adds it). Registrations: who holds
a seat, how many are left, and who may see the join link. The store applies none of them: it keeps
SQL and the optimistic-locking version check.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from .characters import invisible_only, unsafe_characters
from .date_calendar import easter
from .domain import (
    CAPACITY_MAX,
    DESCRIPTION_MAX,
    LANGUAGES,
    SLUG_RE,
    TEXT_FIELD_MAX,
    TITLE_MAX,
    YEAR_MAX,
    YEAR_MIN,
    Audience,
    Centre,
    DatePrecision,
    Event,
    EventData,
    Programme,
    Status,
    is_valid_url,
)
from .errors import NotAllowed, ValidationFailed
from .folding import fold
from .stored_forms import SEAT_HOLDING, RegistrationStatus
from .wall_times import elapsed
from .zones import is_valid_timezone

# ---- events: fields ------------------------------------------------------------------------

def _check_text(problems: dict[str, str], name: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        problems[name] = f"at most {limit} characters (got {len(value)})"
    if value is not None and any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        problems[name] = "contains control characters"


def _translation_problems(data: EventData) -> dict[str, str]:
    """Each translation: a known language, once, with a one-line title and texts within the limits."""
    codes = [code for code, _, _ in data.translations]
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown:
        return {"translations": f"unknown language code(s): {', '.join(unknown)}"}
    if len(set(codes)) != len(codes):
        return {"translations": "one title per language"}
    problems: dict[str, str] = {}
    for code, title, description in data.translations:
        if not title.strip() or "\n" in title or "\r" in title:
            problems["translations"] = f"{code}: a one-line title is required"
        else:
            _check_text(problems, "translations", title, TITLE_MAX)
            _check_text(problems, "translations", description, DESCRIPTION_MAX)
    return problems


def validation_problems(data: EventData) -> dict[str, str]:
    """Every problem with the event's fields, by field name (empty when valid)."""
    problems: dict[str, str] = {}
    title = data.title.strip()
    if not title:
        problems["title"] = "a title is required"
    elif len(title) > TITLE_MAX:
        problems["title"] = f"at most {TITLE_MAX} characters (got {len(title)})"
    elif "\n" in title or "\r" in title:
        problems["title"] = "must be a single line"
    elif (unsafe := unsafe_characters(title, allowed_controls="\t")) is not None:
        problems["title"] = f"contains {unsafe}"
    elif invisible_only(title):
        problems["title"] = "a title is required (this one has only invisible characters)"
    _check_text(problems, "description", data.description, DESCRIPTION_MAX)
    _check_text(problems, "location", data.location, TEXT_FIELD_MAX)
    _check_text(problems, "status_reason", data.status_reason, TEXT_FIELD_MAX)
    problems.update(_time_problems(data))
    for name in ("online_url", "registration_url"):
        url = getattr(data, name)
        if url is not None and not is_valid_url(url):
            problems[name] = "must be a full http:// or https:// address"
    if data.capacity is not None and not 0 <= data.capacity <= CAPACITY_MAX:
        problems["capacity"] = f"must be between 0 and {CAPACITY_MAX}"
    unknown_languages = [code for code in data.languages if code not in LANGUAGES]
    if not data.languages:
        problems["languages"] = "choose at least one language"
    elif unknown_languages:
        problems["languages"] = f"unknown language code(s): {', '.join(unknown_languages)}"
    problems.update(_translation_problems(data))
    for name in ("audiences", "regions", "conventions"):
        bad = [slug for slug in getattr(data, name) if not SLUG_RE.match(slug)]
        if bad:
            problems[name] = f"not a slug: {', '.join(bad)}"
    problems.update(_place_problems(data))
    return problems


# Location texts that mean "held online" (folded: lowercase, no accents).
ONLINE_LOCATIONS = frozenset({"online", "en ligne", "en linea", "virtual", "virtuel", "web"})


def is_online(data: EventData) -> bool:
    """True for an event held online only: a join link and no place (or a location saying online)."""
    location = (data.location or "").strip()
    return data.online_url is not None and (not location or fold(location) in ONLINE_LOCATIONS)


def _place_problems(data: EventData) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.country is not None and not COUNTRY_RE.match(data.country):
        problems["country"] = "a two-letter ISO country code (e.g. KE)"
    elif data.country is not None and is_online(data):
        problems["country"] = "an online event is held in no country"
    if data.city is not None and not SLUG_RE.match(data.city):
        problems["city"] = f"not a slug: {data.city}"
    elif data.city is not None and data.country is None:
        problems["city"] = "a city needs its country"
    return problems


def place_problems(
    data: EventData, countries: Collection[str], city_countries: Mapping[str, str]
) -> dict[str, str]:
    """The problems of an event's place against the catalogue: a known country code, a known city
    of that country (``city_countries``: city slug -> its country code)."""
    problems: dict[str, str] = {}
    if data.country is not None and COUNTRY_RE.match(data.country) and data.country not in countries:
        problems["country"] = f"unknown country code {data.country!r}"
    if data.city is not None and data.city not in city_countries:
        problems["city"] = f"unknown city {data.city!r}"
    elif data.city is not None and data.country is not None and city_countries[data.city] != data.country:
        problems["city"] = f"{data.city} is not in {data.country}"
    return problems


def _time_problems(data: EventData) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not is_valid_timezone(data.timezone):
        problems["timezone"] = f"unknown time zone {data.timezone!r} (use an IANA name)"
    for name in ("starts_at", "ends_at"):
        if getattr(data, name).tzinfo is None:
            problems[name] = "needs a time zone"
        elif not YEAR_MIN <= getattr(data, name).year <= YEAR_MAX:
            problems[name] = f"must be between the years {YEAR_MIN} and {YEAR_MAX}"
    length = elapsed(data.starts_at, data.ends_at) if not problems else timedelta(0)
    timed = not data.all_day and data.date_precision is DatePrecision.DAY
    if not problems and length < timedelta(0):
        problems["ends_at"] = "the end is before the start"
    elif not problems and timed and length == timedelta(0):
        problems["ends_at"] = "the end must be after the start (the event would last 0 minutes)"
    elif not problems and length > timedelta(days=366 * 3):
        problems["ends_at"] = "an event cannot last more than three years"
    return problems


def validate_event(data: EventData) -> None:
    """Raise ValidationFailed naming every invalid field."""
    problems = validation_problems(data)
    if problems:
        raise ValidationFailed(problems)


# ---- events: status, deletion, rescheduling ------------------------------------------------

# Allowed status changes made through set_status; rescheduling and editing are separate.
STATUS_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PLANNED, Status.CONFIRMED}),
    Status.PLANNED: frozenset({Status.CONFIRMED, Status.POSTPONED, Status.CANCELLED, Status.HELD}),
    Status.CONFIRMED: frozenset({Status.PLANNED, Status.POSTPONED, Status.CANCELLED, Status.HELD}),
    Status.POSTPONED: frozenset({Status.PLANNED, Status.CONFIRMED, Status.CANCELLED}),
    Status.CANCELLED: frozenset({Status.PLANNED, Status.CONFIRMED}),
    Status.HELD: frozenset(),
}

NEW_EVENT_STATUSES = (Status.DRAFT, Status.PLANNED, Status.CONFIRMED)


def check_transition(current: Status, target: Status, *, ends_at: datetime, now: datetime) -> None:
    """Raise NotAllowed unless an event may move from ``current`` to ``target`` now."""
    if current == target:
        return
    if target not in STATUS_TRANSITIONS[current]:
        raise NotAllowed(f"A {current.value} event cannot become {target.value}")
    if target is Status.HELD and ends_at > now:
        raise NotAllowed("An event can be marked as held only after it has ended")


def check_deletable(status: Status) -> None:
    """Only drafts may be deleted; everything else is cancelled instead."""
    if status is not Status.DRAFT:
        raise NotAllowed(f"Only drafts can be deleted; cancel this {status.value} event instead")


UNDOABLE_ACTIONS = frozenset({"created", "updated", "rescheduled", "deleted", *(s.value for s in Status)})


def check_undoable(action: str, before: Event | None, after: Event | None) -> None:
    """Raise NotAllowed unless one change can be taken back: an edit, a move or a status change
    (its data before is written again), a deleted draft (created again) or a created draft
    (deleted); a created event that is no longer a draft is cancelled instead."""
    if action not in UNDOABLE_ACTIONS:
        raise NotAllowed(f"A change of kind {action!r} cannot be undone")
    if action == "created" and after is not None:
        check_deletable(after.status)
    if action not in {"created", "deleted"} and before is None:
        raise NotAllowed("Nothing to go back to")


def check_reschedulable(status: Status) -> None:
    """Cancelled and held events keep their dates."""
    if status in {Status.CANCELLED, Status.HELD}:
        raise NotAllowed(f"A {status.value} event cannot be rescheduled")


def status_choices(current: Status | None) -> list[Status]:
    """The statuses an event may be given in a form: its own and those it may move to (new: the first)."""
    if current is None:
        return list(NEW_EVENT_STATUSES)
    return [current, *sorted(STATUS_TRANSITIONS[current], key=list(Status).index)]


REASON_REQUIRED = {Status.POSTPONED: "postpone", Status.CANCELLED: "cancel"}


def status_reason_problem(current: Status | None, data: EventData) -> str | None:
    """Postponing or cancelling needs a reason (participants are told it), however it is done."""
    verb = REASON_REQUIRED.get(data.status)
    if verb is None or data.status is current or (data.status_reason or "").strip():
        return None
    return f"a reason is required to {verb} (participants are told it)"


def edited(current: Event, data: EventData, *, now: datetime) -> EventData:
    """``current`` edited into ``data``: a status change must be allowed (postponing and cancelling
    with a reason) and the result valid."""
    if data.status is not current.status:
        check_transition(current.status, data.status, ends_at=data.ends_at, now=now)
    problems = validation_problems(data)
    if reason := status_reason_problem(current.status, data):
        problems["status_reason"] = reason
    if problems:
        raise ValidationFailed(problems)
    return data


def copied(source: EventData) -> EventData:
    """A copy of an event as a new draft, to be edited before it is announced."""
    return replace(source, title=f"Copy of {source.title}"[:TITLE_MAX], status=Status.DRAFT,
                   status_reason=None, is_demo=False)


def with_status(current: Event, target: Status, *, reason: str | None, now: datetime) -> EventData:
    """Postpone, cancel, confirm, reinstate or mark held, as the status rules allow; an event is
    cancelled once."""
    if target is Status.CANCELLED and current.status is Status.CANCELLED:
        raise NotAllowed(f"“{current.title}” is already cancelled")
    check_transition(current.status, target, ends_at=current.ends_at, now=now)
    return edited(current, replace(current.data(), status=target, status_reason=reason), now=now)


def end_keeping_duration(event: EventData, starts_at: datetime) -> datetime:
    """The end of ``event`` moved to ``starts_at``: start + its duration in absolute time (UTC), so a
    move across a daylight-saving change keeps the hours it lasts, not the wall-clock end."""
    duration = event.ends_at.astimezone(UTC) - event.starts_at.astimezone(UTC)
    return (starts_at.astimezone(UTC) + duration).astimezone(starts_at.tzinfo)


def rescheduled(
    current: Event, starts_at: datetime, ends_at: datetime | None = None, *, now: datetime
) -> EventData:
    """``current`` moved to new dates (without a new end it keeps its duration); a postponed event
    becomes planned again. Cancelled and held events keep their dates."""
    check_reschedulable(current.status)
    end = ends_at if ends_at is not None else end_keeping_duration(current, starts_at)
    status = Status.PLANNED if current.status is Status.POSTPONED else current.status
    moved = replace(
        current.data(), starts_at=starts_at, ends_at=end, status=status,
        status_reason=None if status is not current.status else current.status_reason,
    )
    return edited(current, moved, now=now)


# ---- catalogue entries ---------------------------------------------------------------------

COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
CatalogueEntry = Programme | Audience | Centre


def timezone_problem(zone: str) -> str | None:
    """What is wrong with a typed time zone, or None."""
    if not zone:
        return "a time zone is required"
    return None if is_valid_timezone(zone) else f"unknown time zone {zone!r}"


def catalogue_problems(entry: CatalogueEntry) -> dict[str, str]:
    """Every problem with a programme, audience or centre found without the store, by field."""
    problems: dict[str, str] = {}
    if not SLUG_RE.match(entry.slug or ""):
        problems["slug"] = "lowercase letters, digits and hyphens only"
    name = entry.name.strip()
    if not name:
        problems["name"] = "a name is required"
    elif len(name) > TEXT_FIELD_MAX:
        problems["name"] = f"at most {TEXT_FIELD_MAX} characters"
    if isinstance(entry, Programme):
        if len(entry.cluster) > TEXT_FIELD_MAX:
            problems["cluster"] = f"at most {TEXT_FIELD_MAX} characters"
        if not entry.conventions:
            problems["conventions"] = "choose at least one convention"
    elif isinstance(entry, Audience):
        for lang, text in entry.names.items():
            if len(text) > TEXT_FIELD_MAX:
                problems[f"name_{lang}"] = f"at most {TEXT_FIELD_MAX} characters"
    else:
        if not COUNTRY_RE.match(entry.country):
            problems["country"] = "a two-letter ISO country code"
        if not entry.region:
            problems["region"] = "choose a region"
        if zone := timezone_problem(entry.timezone):
            problems["timezone"] = zone
    return problems


# ---- registrations: seats and the join link -------------------------------------------------

# The states themselves are in stored_forms.py: SEAT_HOLDING (registered, offered: a seat now) and
# SEAT_STATUSES (those and attended, no-show: seats taken, counted against the capacity).


def takes_registrations(status: Status) -> bool:
    """True for a status under which seats are given (public, neither cancelled nor held)."""
    return status.is_public and status not in (Status.CANCELLED, Status.HELD)


def registration_closed(event: Event, *, now: datetime) -> str | None:
    """Why no seat (nor a waiting-list place) may be taken for ``event`` now; None when one may."""
    if not takes_registrations(event.status):
        return f"“{event.title}” is {event.status.value}; registration is closed"
    if event.ends_at <= now:
        return f"“{event.title}” has ended; registration is closed"
    return None


def check_registration_open(event: Event, *, now: datetime) -> None:
    """Raise NotAllowed unless a seat (or a waiting-list place) may be taken for ``event`` now."""
    if reason := registration_closed(event, now=now):
        raise NotAllowed(reason)


def holds_seat(status: str | None) -> bool:
    """True for a registration that holds a seat now (registered, or offered one)."""
    return status in SEAT_HOLDING


def may_see_join_link(status: str | None) -> bool:
    """Who may see an event's join link (cards, notices, feeds): seat holders only."""
    return holds_seat(status)


def is_reminded(status: str | None, marked: bool) -> bool:
    """Who is reminded of an event (at their own lead times): seat holders and "remind me" marks."""
    return holds_seat(status) or marked


# ---- where personal actions happen ------------------------------------------------------------

PRIVATE_CHAT = "private"  # Telegram's chat type of a one-to-one chat with the bot


def is_personal_chat(chat_type: str | None) -> bool:
    """Whether a chat may register, ask reminders, show a participant's state or an event's join link:
    only a private chat with the bot. In a group or channel everyone reads the answer and shares the
    keyboard, and a member who never opened the bot cannot be sent notices; there, such actions are
    finished in the private chat (a t.me deep link)."""
    return chat_type == PRIVATE_CHAT


GROUP_LANGUAGE_SETTERS = frozenset({"creator", "administrator"})  # Telegram's chat member statuses


def may_set_chat_language(member_status: str | None) -> bool:
    """Whether a member of a group may set the group's language: its creator and administrators only
    (everyone reads the bot's answers there)."""
    return member_status in GROUP_LANGUAGE_SETTERS


def reply_language(chat_language: str | None, sender_language: str) -> str:
    """The language of an answer posted in a group: the group's own when it has one, else the
    language of the person who asked (in a private chat there is no chat language)."""
    return chat_language or sender_language


def unreachable(chat_id: int | None) -> str | None:
    """Why a participant may not be registered (nor ask a reminder): no private chat with the bot, so
    no notice (change, cancellation, reminder) could reach them; None when they can be reached."""
    if chat_id is None:
        return "open a private chat with the bot first: notices could not reach you"
    return None


def check_reachable(chat_id: int | None) -> None:
    """Raise NotAllowed for a participant the bot cannot write to (``unreachable``)."""
    if reason := unreachable(chat_id):
        raise NotAllowed(reason)


def free_seats(capacity: int | None, taken: int) -> int | None:
    """Seats left for a capacity (None: no limit)."""
    return None if capacity is None else max(capacity - taken, 0)


def registration_status(
    current: RegistrationStatus | None, capacity: int | None, taken: int
) -> RegistrationStatus:
    """The status registering gives: a registration that is not cancelled stays as it is (one tap,
    idempotent); otherwise a seat, or the waiting list when no seat is free."""
    if current is not None and current != RegistrationStatus.CANCELLED:
        return current
    free = free_seats(capacity, taken)
    return RegistrationStatus.WAITLISTED if free == 0 else RegistrationStatus.REGISTERED


# ---- series and courses (issue 19) ----------------------------------------------------------------

LONG_COURSE = timedelta(days=30)


def is_ongoing(starts_at: datetime, ends_at: datetime, *, now: datetime) -> bool:
    """A long course (more than 30 days) that has started and not ended: answers and lists show it
    as "ongoing" rather than among what is upcoming."""
    return ends_at - starts_at > LONG_COURSE and starts_at <= now < ends_at


def holiday_name(day: date) -> str | None:
    """The day the secretariat is closed, if ``day`` is one (a session planned on it is flagged)."""
    fixed = {(1, 1): "New Year's Day", (12, 25): "Christmas Day", (12, 26): "Boxing Day",
             (5, 1): "Labour Day"}
    if (day.month, day.day) in fixed:
        return fixed[(day.month, day.day)]
    sunday = easter(day.year)
    movable = {sunday - timedelta(days=2): "Good Friday", sunday + timedelta(days=1): "Easter Monday",
               sunday + timedelta(days=39): "Ascension Day", sunday + timedelta(days=50): "Whit Monday"}
    return movable.get(day)
