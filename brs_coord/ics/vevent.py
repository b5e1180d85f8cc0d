"""One event as VEVENT text: deterministic (no clock), folded, escaped, CRLF-terminated."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..domain import LANGUAGES, DatePrecision, Event, EventKind, Status
from .text import escape_text, fold, param_value

# Bump when the VEVENT text changes shape: it invalidates every cached VEVENT.
FORMAT_VERSION = 1

UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Universal", "Zulu"})

ICAL_STATUS: dict[Status, str] = {
    Status.PLANNED: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
    Status.HELD: "CONFIRMED",
}

SUMMARY_PREFIX: dict[Status, str] = {
    Status.CANCELLED: "CANCELLED: ",
    Status.POSTPONED: "POSTPONED: ",
}


@dataclass(frozen=True)
class Names:
    """Display names of the catalogue entries an event refers to, by slug."""

    programmes: dict[str, str] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    conventions: dict[str, str] = field(default_factory=dict)
    centres: dict[str, str] = field(default_factory=dict)
    # where events are held: titles of filtered feeds name them; VEVENTs do not (not in the digest)
    countries: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)

    def digest(self, *extra: object) -> str:
        """A short hash of the names (and ``extra`` options): cached VEVENTs depend on them."""
        payload = json.dumps(
            [FORMAT_VERSION, self.programmes, self.audiences, self.regions, self.conventions,
             self.centres, list(map(str, extra))],
            sort_keys=True, ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def utc_stamp(instant: datetime) -> str:
    """An instant as a UTC DATE-TIME value (``20261203T090000Z``)."""
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_utc_zone(name: str) -> bool:
    return name in UTC_ZONES


def all_day_dates(event: Event) -> tuple[date, date]:
    """The first day and the exclusive end day of an all-day (or month/year precision) event."""
    zone = _zone(event.timezone)
    start_local = event.starts_at.astimezone(zone)
    end_local = event.ends_at.astimezone(zone)
    first = start_local.date()
    end = end_local.date()
    if end_local.time() != datetime.min.time():
        end += timedelta(days=1)
    if end <= first:
        end = first + timedelta(days=1)
    return first, end


def _time_lines(event: Event) -> list[str]:
    if event.all_day or event.date_precision is not DatePrecision.DAY:
        first_day, end_day = all_day_dates(event)
        return [
            f"DTSTART;VALUE=DATE:{first_day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{end_day.strftime('%Y%m%d')}",
        ]
    if is_utc_zone(event.timezone):
        return [f"DTSTART:{utc_stamp(event.starts_at)}", f"DTEND:{utc_stamp(event.ends_at)}"]
    zone = _zone(event.timezone)
    tzid = param_value(event.timezone)
    start = event.starts_at.astimezone(zone).strftime("%Y%m%dT%H%M%S")
    end = event.ends_at.astimezone(zone).strftime("%Y%m%dT%H%M%S")
    return [f"DTSTART;TZID={tzid}:{start}", f"DTEND;TZID={tzid}:{end}"]


def _named(slugs: tuple[str, ...], names: dict[str, str]) -> list[str]:
    return [names.get(slug, slug) for slug in slugs]


def _precision_note(event: Event) -> str | None:
    if event.date_precision is DatePrecision.MONTH:
        return f"Date: {event.starts_at.strftime('%B %Y')} (exact days not recorded)"
    if event.date_precision is DatePrecision.YEAR:
        return f"Date: {event.starts_at.year} (exact dates not recorded)"
    return None


def describe(event: Event, names: Names, *, private: bool) -> str:
    """The DESCRIPTION text: the event's own text, then programme, audiences, languages, links."""
    parts: list[str] = []
    if event.description.strip():
        parts.append(event.description.strip())
    facts: list[str] = []
    if event.status in SUMMARY_PREFIX:
        reason = f": {event.status_reason}" if event.status_reason else ""
        facts.append(f"{event.status.value.capitalize()}{reason}")
    note = _precision_note(event)
    if note:
        facts.append(note)
    facts.append(f"Kind: {EventKind(event.kind).label}")
    if event.programme:
        facts.append(f"Programme: {names.programmes.get(event.programme, event.programme)}")
    if event.audiences:
        facts.append(f"Audiences: {', '.join(_named(event.audiences, names.audiences))}")
    if event.conventions:
        facts.append(f"Conventions: {', '.join(_named(event.conventions, names.conventions))}")
    if event.regions:
        facts.append(f"Regions: {', '.join(_named(event.regions, names.regions))}")
    if event.languages:
        facts.append(f"Languages: {', '.join(LANGUAGES.get(code, code) for code in event.languages)}")
    if event.organiser:
        facts.append(f"Organiser: {names.centres.get(event.organiser, event.organiser)}")
    if event.registration_url:
        facts.append(f"Registration: {event.registration_url}")
    if private and event.online_url:
        facts.append(f"Join online: {event.online_url}")
    parts.append("\n".join(facts))
    return "\n\n".join(parts)


def _location(event: Event, private: bool) -> str | None:
    location = (event.location or "").strip()
    if event.online_url and not private and event.online_url in location:
        location = location.replace(event.online_url, "").strip(" -–—,;") or "Online"
    if not location and event.online_url:
        location = "Online"
    return location or None


def categories(event: Event, names: Names) -> list[str]:
    """Kind, programme, audiences and conventions, as CATEGORIES values."""
    values = [EventKind(event.kind).label]
    if event.programme:
        values.append(names.programmes.get(event.programme, event.programme))
    values += _named(event.audiences, names.audiences)
    values += _named(event.conventions, names.conventions)
    return list(dict.fromkeys(values))


def build_vevent(
    event: Event, names: Names, *, private: bool = False, alarm_minutes: int | None = None
) -> str:
    """The VEVENT for ``event`` (``private`` adds the join link, for registered participants only)."""
    if event.status is Status.DRAFT:
        raise ValueError("drafts never appear in a feed")
    changed = event.updated_at or event.created_at or event.starts_at
    created = event.created_at or changed
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{utc_stamp(changed)}",
        f"CREATED:{utc_stamp(created)}",
        f"LAST-MODIFIED:{utc_stamp(changed)}",
        f"SEQUENCE:{max(event.version - 1, 0)}",
        f"STATUS:{ICAL_STATUS[event.status]}",
        *_time_lines(event),
        f"SUMMARY:{escape_text(SUMMARY_PREFIX.get(event.status, '') + event.title)}",
        f"DESCRIPTION:{escape_text(describe(event, names, private=private))}",
    ]
    location = _location(event, private)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    url = event.registration_url or (event.online_url if private else None)
    if url:
        lines.append(f"URL:{url}")
    lines.append("CATEGORIES:" + ",".join(escape_text(v) for v in categories(event, names)))
    lines.append("CLASS:PUBLIC" if not private else "CLASS:PRIVATE")
    lines.append("TRANSP:TRANSPARENT" if event.all_day else "TRANSP:OPAQUE")
    if alarm_minutes is not None and event.status is not Status.CANCELLED:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.title)}",
            f"TRIGGER:-PT{int(alarm_minutes)}M",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return "".join(map(fold, lines))
