"""One event as VEVENT text: deterministic (no clock), folded, escaped, CRLF-terminated."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..deep_links import event_link
from ..domain import LANGUAGES, DatePrecision, Event, EventKind, Status
from ..partner_records import ImportNote
from ..wall_times import is_ambiguous
from .text import escape_text, fold, fold_lines, param_value

# Bump when the VEVENT text changes shape: it invalidates every cached VEVENT.
FORMAT_VERSION = 2

UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Universal", "Zulu"})

ICAL_STATUS: dict[Status, str] = {
    Status.PLANNED: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
    Status.HELD: "CONFIRMED",
}

MEMO_SIZE = 65536  # texts a Names keeps (see Names.remembered; a Names lives for one build)
STAMP_MEMO = 2048  # instants' texts kept for the whole process (events come in start order)

# statuses a SUMMARY and a DESCRIPTION name (in capitals before the title: "CANCELLED: ...")
STATUS_WORDS: dict[Status, str] = {Status.CANCELLED: "Cancelled", Status.POSTPONED: "Postponed"}


@dataclass(frozen=True)
class Names:
    """Display names of the catalogue entries an event refers to, by slug, and the bot's public
    username (``bot``; blank: no link to the bot)."""

    programmes: dict[str, str] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    conventions: dict[str, str] = field(default_factory=dict)
    centres: dict[str, str] = field(default_factory=dict)
    # where events are held: titles of filtered feeds name them; VEVENTs do not (not in the digest)
    countries: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    # the plan's outputs and indicators (code -> "BC-2-v: its text"): feeds' titles name them
    results: dict[str, str] = field(default_factory=dict)
    bot: str = ""  # the bot's username: each event's description carries its t.me link
    # A feed in another language than English: its words (English text -> translation: labels,
    # statuses, kinds), the twelve month names and the names of events' languages (code -> name).
    words: dict[str, str] = field(default_factory=dict)
    language: str = ""  # events' titles and descriptions in it where they have one ("": their own)
    months: tuple[str, ...] = ()
    languages: dict[str, str] = field(default_factory=dict)
    # imported events' provenance by event id (not in the digest: a note changes only with its
    # event's version, which a cached VEVENT is checked against)
    imported: dict[int, ImportNote] = field(default_factory=dict)
    # the text of VEVENT parts made of these names alone (an event's categories, its audiences...),
    # by what they were made of: a build meets the same few thousand combinations again and again
    memo: dict[tuple[object, ...], str] = field(
        default_factory=dict, init=False, compare=False, repr=False, hash=False
    )

    def remembered(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        """The text for ``key``, made by ``make`` the first time (at most MEMO_SIZE are kept)."""
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            found = self.memo[key] = make()
        return found

    def word(self, text: str) -> str:
        """``text`` in the feed's language (itself in English or when it has no translation)."""
        return self.words.get(text, text)

    def digest(self, *extra: object) -> str:
        """A short hash of the names (and ``extra`` options): cached VEVENTs depend on them."""
        fields: list[object] = [FORMAT_VERSION, self.programmes, self.audiences, self.regions,
                                self.conventions, self.centres, self.bot, list(map(str, extra))]
        if self.words or self.months or self.languages or self.language:  # English's as they were
            fields.append([self.words, list(self.months), self.languages, self.language])
        payload = json.dumps(fields, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


_stamps: dict[datetime, str] = {}  # events share their instants (a bulk import's, every DTSTAMP)


def utc_stamp(instant: datetime) -> str:
    """An instant as a UTC DATE-TIME value (``20261203T090000Z``)."""
    found = _stamps.get(instant)
    if found is None:
        if len(_stamps) >= STAMP_MEMO:
            _stamps.clear()
        found = _stamps[instant] = instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return found


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_utc_zone(name: str) -> bool:
    return name in UTC_ZONES


def all_day_dates(event: Event) -> tuple[date, date]:
    """The first day and the exclusive end day of an all-day event; a month-precision event is the
    whole month (a year-precision one the whole year), whatever its stored times."""
    zone = _zone(event.timezone)
    start_local = event.starts_at.astimezone(zone)
    end_local = event.ends_at.astimezone(zone)
    first = start_local.date()
    if event.date_precision is DatePrecision.MONTH:
        first = first.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1)
    if event.date_precision is DatePrecision.YEAR:
        return first.replace(month=1, day=1), date(first.year + 1, 1, 1)
    end = end_local.date()
    if end_local.time() != datetime.min.time():
        end += timedelta(days=1)
    if end <= first:
        end = first + timedelta(days=1)
    return first, end


_local_stamps: dict[tuple[datetime, str], str | None] = {}


def _local_stamp(instant: datetime, zone: ZoneInfo) -> str | None:
    """The local DATE-TIME text of ``instant``, or None when that wall time happens twice (the hour
    the clocks go back): a TZID time cannot say which, so such instants are written in UTC."""
    key = (instant, zone.key)
    if key in _local_stamps:
        return _local_stamps[key]
    if len(_local_stamps) >= STAMP_MEMO:
        _local_stamps.clear()
    local = instant.astimezone(zone)
    found = _local_stamps[key] = None if is_ambiguous(local) else local.strftime("%Y%m%dT%H%M%S")
    return found


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
    lines = []
    for name, instant in (("DTSTART", event.starts_at), ("DTEND", event.ends_at)):
        local = _local_stamp(instant, zone)
        lines.append(f"{name};TZID={tzid}:{local}" if local else f"{name}:{utc_stamp(instant)}")
    return lines


def is_free(event: Event) -> bool:
    """Whether the event leaves its attendees' time free: cancelled, postponed, all-day (a course
    open for weeks) or known only to the month or year."""
    return (
        event.status in (Status.CANCELLED, Status.POSTPONED)
        or event.all_day or event.date_precision is not DatePrecision.DAY
    )


def busy_lines(event: Event) -> list[str]:
    """TRANSP and Microsoft's busy status (Outlook ignores TRANSP for subscribed calendars)."""
    if is_free(event):
        return ["TRANSP:TRANSPARENT", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"]
    status = "TENTATIVE" if event.status is Status.PLANNED else "BUSY"
    return ["TRANSP:OPAQUE", f"X-MICROSOFT-CDO-BUSYSTATUS:{status}"]


def _named(slugs: tuple[str, ...], names: dict[str, str]) -> list[str]:
    return [names.get(slug, slug) for slug in slugs]


def _precision_note(event: Event, names: Names) -> str | None:
    word = names.word
    if event.date_precision is DatePrecision.MONTH:
        start = event.starts_at
        month = names.months[start.month - 1] if names.months else start.strftime("%B")
        return f"{word('Date')}: {month} {start.year} ({word('exact days not recorded')})"
    if event.date_precision is DatePrecision.YEAR:
        return f"{word('Date')}: {event.starts_at.year} ({word('exact dates not recorded')})"
    return None


def summary(event: Event, names: Names) -> str:
    """The SUMMARY text: the title, after the status in capitals when cancelled or postponed."""
    status = STATUS_WORDS.get(event.status)
    title = event.title_in(names.language or None)
    return f"{names.word(status).upper()}: {title}" if status else title


def language_name(code: str, names: Names) -> str:
    return names.languages.get(code) or LANGUAGES.get(code, code)


def _fact(names: Names, label: str, slugs: tuple[str, ...], table: dict[str, str] | None) -> str:
    """A DESCRIPTION line naming catalogue entries ("Audiences: Customs officers, Port
    authorities"), by their slugs in ``table`` (None: the names of languages)."""
    key = (label, slugs)
    found = names.memo.get(key)
    if found is None:
        named = [language_name(code, names) for code in slugs] if table is None else _named(slugs, table)
        found = names.remembered(key, lambda: f"{names.word(label)}: {', '.join(named)}")
    return found


def describe(event: Event, names: Names, *, private: bool) -> str:
    """The DESCRIPTION text: the event's own text, then programme, audiences, languages, links."""
    parts: list[str] = []
    description = event.description_in(names.language or None)
    if description.strip():
        parts.append(description.strip())
    facts: list[str] = []
    word = names.word
    status = STATUS_WORDS.get(event.status)
    if status:
        reason = f": {event.status_reason}" if event.status_reason else ""
        facts.append(f"{word(status)}{reason}")
    note = _precision_note(event, names)
    if note:
        facts.append(note)
    kind = EventKind(event.kind).label
    facts.append(names.remembered(("kind", kind), lambda: f"{word('Kind')}: {word(kind)}"))
    if event.programme:
        facts.append(_fact(names, "Programme", (event.programme,), names.programmes))
    if event.audiences:
        facts.append(_fact(names, "Audiences", event.audiences, names.audiences))
    if event.conventions:
        facts.append(_fact(names, "Conventions", event.conventions, names.conventions))
    if event.regions:
        facts.append(_fact(names, "Regions", event.regions, names.regions))
    if event.languages:
        facts.append(_fact(names, "Languages", event.languages, None))
    if event.organiser:
        facts.append(_fact(names, "Organiser", (event.organiser,), names.centres))
    if event.registration_url:
        facts.append(f"{word('Registration')}: {event.registration_url}")
    origin = names.imported.get(event.id)
    if origin is not None:
        facts += provenance_lines(origin, names)
    if names.bot:
        facts.append(f"{word('In Telegram')}: {event_link(names.bot, event.id)}")
    if private and event.online_url:
        facts.append(f"{word('Join online')}: {event.online_url}")
    parts.append("\n".join(facts))
    return "\n\n".join(parts)


def provenance_lines(note: ImportNote, names: Names) -> list[str]:
    """Where an imported event comes from: its partner and upstream page, then when it was fetched
    and the upstream SEQUENCE and LAST-MODIFIED of the version the feed carries."""
    word = names.word
    upstream = [f"{word('fetched')} {note.fetched_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"]
    if note.sequence is not None:
        upstream.append(f"SEQUENCE {note.sequence}")
    if note.last_modified is not None:
        upstream.append(f"LAST-MODIFIED {note.last_modified.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    where = f", {note.url}" if note.url.startswith(("https://", "http://")) else ""  # never a file's path
    return [f"{word('Imported from')}: {note.centre}{where}", f"{word('Upstream')}: {', '.join(upstream)}"]


def _location(event: Event, private: bool, online: str = "Online") -> str | None:
    location = (event.location or "").strip()
    if event.online_url and not private and event.online_url in location:
        location = location.replace(event.online_url, "").strip(" -–—,;") or online
    if private and event.online_url and event.online_url not in location:
        # clients that show no CONFERENCE still offer the link in LOCATION
        kept = "" if location.lower() in ("", "online") else location
        location = f"{kept} – {event.online_url}" if kept else event.online_url
    if not location and event.online_url:
        location = online
    return location or None


def conference_line(url: str) -> str:
    """RFC 7986 CONFERENCE: the join link as clients with a "Join" button read it."""
    return f"CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Join online:{url}"


def categories(event: Event, names: Names) -> list[str]:
    """Kind, programme, audiences and conventions, as CATEGORIES values."""
    values = [names.word(EventKind(event.kind).label)]
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
        f"SUMMARY:{escape_text(summary(event, names))}",
        f"DESCRIPTION:{escape_text(describe(event, names, private=private))}",
    ]
    location = _location(event, private, names.word("Online"))
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    url = event.registration_url or (event.online_url if private else None)
    if url:
        lines.append(f"URL:{url}")
    if private and event.online_url:
        lines.append(conference_line(event.online_url))
    if event.series_uid:  # a session of a series: every session its own VEVENT, never an RRULE
        lines.append(f"RELATED-TO;RELTYPE=PARENT:{escape_text(event.series_uid)}")
    lines.append(names.remembered(
        ("categories", event.kind, event.programme, event.audiences, event.conventions),
        lambda: "CATEGORIES:" + ",".join(escape_text(v) for v in categories(event, names)),
    ))
    lines.append("CLASS:PUBLIC" if not private else "CLASS:PRIVATE")
    lines += busy_lines(event)
    if alarm_minutes is not None and event.status is not Status.CANCELLED:
        lines += alarm_lines(event.uid, event.title, (alarm_minutes,))
    lines.append("END:VEVENT")
    return fold_lines(lines)


def lead_text(minutes: int) -> str:
    """A lead time as people say it: '1 day', '2 h', '90 min'."""
    if minutes % 1440 == 0:
        days = minutes // 1440
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"


def alarm_lines(key: str, text: str, leads: tuple[int, ...]) -> list[str]:
    """One VALARM per lead time (minutes before the start), each with a stable UID made of ``key``
    and the lead (RFC 9074), so a client that rereads the feed keeps, not duplicates, its alarms."""
    lines: list[str] = []
    for lead in sorted(set(leads), reverse=True):
        lines += [
            "BEGIN:VALARM",
            f"UID:alarm-{escape_text(key)}-{int(lead)}m@brs-coord",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(text or f'Starts in {lead_text(lead)}')}",
            f"TRIGGER:-PT{int(lead)}M",
            "END:VALARM",
        ]
    return lines


def with_alarms(vevent: bytes, key: str, leads: tuple[int, ...]) -> bytes:
    """A built VEVENT with a participant's alarms added before its end (cached VEVENTs are shared
    by every participant; alarms are one participant's)."""
    if not leads:
        return vevent
    end = b"END:VEVENT\r\n"
    assert vevent.endswith(end)
    alarms = "".join(map(fold, alarm_lines(key, "", leads))).encode("utf-8")
    return vevent[: -len(end)] + alarms + end
