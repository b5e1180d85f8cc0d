"""An .ics feed read into UpstreamEvents (icalendar 7): recurrences expanded into sessions up to a
horizon (a local or date UNTIL read in DTSTART's zone), RECURRENCE-ID overrides applied, floating
times in the source's declared zone (or the feed's X-WR-TIMEZONE for a source left in UTC), all-day
events, METHOD:CANCEL and STATUS:CANCELLED; a component that cannot be read is rejected with its
reason, and no input makes the parser raise."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar, Component
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from ..zones import is_valid_timezone
from .decoding import decode_text
from .html_text import plain_text
from .upstream import ParsedSource, Precision, Rejected, UpstreamEvent

MAX_OCCURRENCES = 1000  # per recurring event from now on, whatever its rule says
MAX_SCANNED = 200_000  # occurrences of one rule looked at, past ones included


class _Unreadable(ValueError):
    """A component the parser rejects, with the reason."""


def parse_ics(body: bytes, *, zone: str, horizon: datetime, since: datetime | None = None) -> ParsedSource:
    """Every event of ``body`` from now's point of view of the caller (``horizon``: the last start
    a recurrence is expanded to; ``since``: a recurrence's occurrences over by then are not
    expanded, only counted in ``ParsedSource.past``, so a daily rule begun years ago still
    reaches the future); ``zone``: the source's declared zone for floating times."""
    text = decode_text(body)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return ParsedSource((), (Rejected("calendar", f"not an iCalendar document ({_opening(text)})"),))
    try:
        calendar = Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises ValueError and others on broken documents
        return ParsedSource((), (Rejected("calendar", f"not an iCalendar document ({_short(exc)})"),))
    if not isinstance(calendar, Calendar):
        return ParsedSource((), (Rejected("calendar", "not a VCALENDAR"),))
    cancel_all = str(calendar.get("METHOD", "")).upper() == "CANCEL"
    tz = ZoneInfo(_declared_zone(calendar, zone))
    masters: dict[str, Component] = {}
    overrides: dict[str, list[Component]] = {}
    rejected: list[Rejected] = []
    for index, component in enumerate(calendar.walk("VEVENT")):
        uid = str(component.get("UID", "")).strip()
        if not uid:
            rejected.append(Rejected(f"VEVENT #{index + 1} ({_summary(component)})", "it has no UID"))
            continue
        if component.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(component)
        elif uid in masters:
            rejected.append(Rejected(f"VEVENT {uid}", "a second VEVENT with the same UID"))
        else:
            masters[uid] = component
    events: list[UpstreamEvent] = []
    past: list[tuple[str, int]] = []
    for uid, master in masters.items():
        try:
            moved = overrides.pop(uid, [])
            events.extend(_expand(uid, master, moved, tz, (since, horizon), cancel_all, past))
        except _Unreadable as exc:
            rejected.append(Rejected(f"VEVENT {uid}", str(exc)))
        except Exception as exc:  # a broken value deep in a property: rejected, never a crash
            rejected.append(Rejected(f"VEVENT {uid}", f"unreadable ({_short(exc)})"))
    for uid, lone in overrides.items():  # a moved occurrence whose series is not in the feed
        for component in lone:
            try:
                events.append(_one(component, _occurrence_uid(uid, _instant(component, "RECURRENCE-ID", tz)),
                                   tz, cancel_all, recurrence=True))
            except Exception as exc:
                rejected.append(Rejected(f"VEVENT {uid} (RECURRENCE-ID)", f"unreadable ({_short(exc)})"))
    return ParsedSource(tuple(events), tuple(rejected), partial=cancel_all, past=tuple(past))


def _declared_zone(calendar: Calendar, zone: str) -> str:
    """The zone of the feed's floating times: the source's, or, for a source left in UTC (no zone
    declared), the calendar's own X-WR-TIMEZONE (Google Calendar and Outlook exports write it)."""
    own = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    return own if zone == "UTC" and is_valid_timezone(own) else zone


def _opening(text: str) -> str:
    """What a document that is no calendar starts with, in words (printable characters only)."""
    start = text.lstrip()
    if not start:
        return "it is empty"
    if start[:1] == "<":
        return "an HTML or XML page"
    if start[:1] in "{[":
        return "JSON: an Indico export is added with --kind indico"
    sample = start[:512]
    if sum(ch < " " and ch not in "\t\r\n" for ch in sample) * 20 > len(sample):
        return "binary data, not text"
    shown = "".join(ch if ch.isprintable() else "?" for ch in start[:40])
    return f"it begins {shown!r}"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return "".join(ch if ch.isprintable() else "?" for ch in text[:160])


def _summary(component: Component) -> str:
    return str(component.get("SUMMARY", "untitled"))[:60]


def _value(component: Component, name: str) -> Any:
    prop = component.get(name)
    return None if prop is None else getattr(prop, "dt", prop)


def _aware(value: datetime, tz: tzinfo) -> datetime:
    return value.replace(tzinfo=tz) if value.tzinfo is None else value


def _instant(component: Component, name: str, tz: ZoneInfo) -> datetime:
    value = _value(component, name)
    if isinstance(value, datetime):
        return _aware(value, tz)
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC)
    raise _Unreadable(f"its {name} is not a date or a time")


def _span(component: Component, tz: ZoneInfo) -> tuple[datetime, datetime, Precision]:
    start = _value(component, "DTSTART")
    if start is None:
        raise _Unreadable("it has no DTSTART")
    end = _value(component, "DTEND")
    duration = _value(component, "DURATION")
    if isinstance(start, datetime):
        begins = _aware(start, tz)
        if isinstance(end, datetime):
            ends = _aware(end, tz)
        elif isinstance(duration, timedelta):
            ends = begins + duration
        else:
            ends = begins
        if ends < begins:
            raise _Unreadable("it ends before it starts")
        return begins, ends, Precision.TIMED
    if isinstance(start, date):
        first = datetime.combine(start, time(), UTC)
        if isinstance(end, date) and not isinstance(end, datetime):
            last = datetime.combine(end, time(), UTC)
        elif isinstance(duration, timedelta):
            last = first + max(duration, timedelta(days=1))
        else:
            last = first + timedelta(days=1)
        if last == first:  # DTEND on the start day (not RFC 5545, but some exporters): that day
            last = first + timedelta(days=1)
        if last < first:
            raise _Unreadable("it ends before it starts")
        return first, last, Precision.DAY
    raise _Unreadable("its DTSTART is not a date or a time")


def _text(component: Component, name: str) -> str:
    value = component.get(name)
    return "" if value is None else str(value).strip()


def _categories(component: Component) -> tuple[str, ...]:
    found: list[str] = []
    values = component.get("CATEGORIES")
    for item in values if isinstance(values, list) else [values] if values is not None else []:
        cats = getattr(item, "cats", None)
        found.extend(str(c).strip() for c in (cats if cats is not None else [item]))
    return tuple(c for c in found if c)


def _one(component: Component, uid: str, tz: ZoneInfo, cancel_all: bool, *, recurrence: bool = False,
         span: tuple[datetime, datetime, Precision] | None = None) -> UpstreamEvent:
    starts, ends, precision = span or _span(component, tz)
    title = _text(component, "SUMMARY")
    if not title:
        raise _Unreadable("it has no SUMMARY")
    sequence = _value(component, "SEQUENCE")
    modified = _value(component, "LAST-MODIFIED")
    zone = _zone_name(component) or tz.key
    return UpstreamEvent(
        external_uid=uid, title=title, starts=starts, ends=ends, precision=precision, zone=zone,
        description=plain_text(_text(component, "DESCRIPTION")), location=_text(component, "LOCATION"),
        url=_text(component, "URL"), categories=_categories(component),
        cancelled=cancel_all or _text(component, "STATUS").upper() == "CANCELLED",
        sequence=int(sequence) if isinstance(sequence, int) else None,
        last_modified=_aware(modified, UTC) if isinstance(modified, datetime) else None,
        recurrence_id=uid.partition("#")[2] or None if recurrence else None,
    )


def _zone_name(component: Component) -> str | None:
    """The IANA name of the zone DTSTART is in: its own, or the one its TZID names when the feed's
    VTIMEZONE defined it (Outlook/Exchange: "W. Europe Standard Time" is Europe/Berlin); None for
    a floating, all-day or unnamed zone (the source's zone is used)."""
    start = component.get("DTSTART")
    tzinfo = getattr(getattr(start, "dt", None), "tzinfo", None)
    if tzinfo is None:
        return None
    key = getattr(tzinfo, "key", None)
    if isinstance(key, str) and key:
        return key
    tzid = str(start.params.get("TZID", "")).strip().strip("/")
    parts = tzid.split("/")  # also a "globally unique" /vendor/.../Europe/Berlin
    names = [WINDOWS_TO_OLSON.get(tzid), *("/".join(parts[i:]) for i in range(len(parts)))]
    return next((name for name in names if name and is_valid_timezone(name)), None)


def _occurrence_uid(uid: str, start: datetime) -> str:
    return f"{uid}#{start.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}"


def _expand(uid: str, master: Component, moved: list[Component], tz: ZoneInfo,
            window: tuple[datetime | None, datetime], cancel_all: bool,
            past: list[tuple[str, int]]) -> Iterator[UpstreamEvent]:
    if master.get("RRULE") is None and master.get("RDATE") is None:
        yield _one(master, uid, tz, cancel_all)
        return
    starts, ends, precision = _span(master, tz)
    length = ends - starts
    by_recurrence = {_occurrence_uid(uid, _instant(c, "RECURRENCE-ID", tz)): c for c in moved}
    occurrences, over = _occurrences(master, starts, tz, window, length)
    if over:
        past.append((uid, over))
    for occurrence in occurrences:
        key = _occurrence_uid(uid, occurrence)
        override = by_recurrence.pop(key, None)
        if override is not None:
            yield _one(override, key, tz, cancel_all, recurrence=True)
        else:
            yield _one(master, key, tz, cancel_all, recurrence=True,
                       span=(occurrence, occurrence + length, precision))
    for key, override in by_recurrence.items():  # an override of an occurrence the rule does not make
        yield _one(override, key, tz, cancel_all, recurrence=True)


def _occurrences(master: Component, starts: datetime, tz: ZoneInfo, window: tuple[datetime | None, datetime],
                 length: timedelta) -> tuple[list[datetime], int]:
    """The rule's occurrences in the window (over at its start: counted only), and that count."""
    since, horizon = window
    first = _value(master, "DTSTART")
    all_day = isinstance(first, date) and not isinstance(first, datetime)
    anchor = starts.replace(tzinfo=None) if all_day else starts.astimezone(_zone_of(master, tz))
    rules = rruleset()
    for prop in _list(master.get("RRULE")):
        text = prop.to_ical().decode()
        text = _naive_until(text) if all_day else _utc_until(text, anchor.tzinfo or tz)
        try:
            rules.rrule(rrulestr(text, dtstart=anchor))
        except (ValueError, TypeError) as exc:
            raise _Unreadable(f"its RRULE cannot be read ({_short(exc)})") from None
    if master.get("RRULE") is None:  # DTSTART is always the first instance
        rules.rdate(anchor)
    for name, add in (("RDATE", rules.rdate), ("EXDATE", rules.exdate)):
        for prop in _list(master.get(name)):
            for item in getattr(prop, "dts", []):
                add(_matching(item.dt, anchor, tz))
    limit = horizon.replace(tzinfo=None) if all_day else horizon
    found: list[datetime] = []
    over = 0
    for scanned, occurrence in enumerate(rules):
        if occurrence > limit or len(found) >= MAX_OCCURRENCES:
            break
        if scanned >= MAX_SCANNED:
            raise _Unreadable(f"its rule makes more than {MAX_SCANNED:,} occurrences before the horizon")
        aware = occurrence.replace(tzinfo=UTC) if all_day else occurrence
        if since is not None and aware + length <= since:
            over += 1
            continue
        found.append(aware)
    return found, over


def _zone_of(master: Component, tz: ZoneInfo) -> Any:
    start = _value(master, "DTSTART")
    return getattr(start, "tzinfo", None) or tz


def _naive_until(text: str) -> str:
    parts = [p if not p.startswith("UNTIL=") else p.rstrip("Z") for p in text.split(";")]
    return ";".join(parts)


def _utc_until(text: str, zone: tzinfo) -> str:
    """A timed rule's UNTIL in UTC, as dateutil wants it beside an aware DTSTART: a local
    (``UNTIL=20270126T100000``) or a date (``UNTIL=20270126``, the whole day) UNTIL, which older
    Outlook, Lotus and hand-made feeds write, read in DTSTART's zone."""
    parts = text.split(";")
    for index, part in enumerate(parts):
        name, _, value = part.partition("=")
        if name.upper() != "UNTIL" or value.upper().endswith("Z"):
            continue
        try:
            if len(value) == 8:  # a date: the whole of that day
                local = datetime.combine(datetime.strptime(value, "%Y%m%d").date(), time(23, 59, 59))
            else:
                local = datetime.strptime(value, "%Y%m%dT%H%M%S")
        except ValueError:
            continue  # dateutil says what is wrong with it
        parts[index] = "UNTIL=" + local.replace(tzinfo=zone).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return ";".join(parts)


def _matching(value: date | datetime, anchor: datetime, tz: ZoneInfo) -> datetime:
    """An RDATE/EXDATE value in the form of the rule's DTSTART (naive for all-day, else aware)."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, anchor.time())
    if anchor.tzinfo is None:
        return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
    return _aware(value, tz)


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
