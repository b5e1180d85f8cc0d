"""Read dates and periods in English, French and Spanish questions and typed start times."""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from brs_coord import date_words as w

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

ONE_DAY = timedelta(days=1)
WEEK = timedelta(days=7)
DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
_FALLBACK_MAX_CHARS = 300

Days = tuple[date | None, date | None]
Resolver = Callable[[re.Match[str], date], Days | None]


@dataclass(frozen=True)
class DateRange:
    """A half-open span of time in UTC; None on either side means open."""

    start: datetime | None
    end: datetime | None
    phrase: str


@dataclass(frozen=True)
class PeriodMatch:
    """A period found in a question, with the question minus the period phrase."""

    range: DateRange
    remainder: str


@dataclass(frozen=True)
class _Rule:
    """One phrase pattern (compiled when first needed) and how to turn a match into local days."""

    source: str
    resolve: Resolver
    weekly: bool = False  # a bare weekday: an instant in the past moves on one week
    gate: str | None = None  # a part every match holds: no match of it in a text, no match there

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @functools.cached_property
    def gate_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.gate) if self.gate is not None else None

    def may_match(self, folded: str) -> bool:
        """False when the text cannot hold this phrase (its gate is missing): the big range and
        bound patterns are then neither compiled nor run."""
        gate = self.gate_pattern
        return gate is None or gate.search(folded) is not None


@dataclass(frozen=True)
class _Found:
    """The best phrase found in folded text."""

    start: int
    end: int
    days: Days
    rule: _Rule | None


def _valid(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist or lies outside 1900-2200."""
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_month(day: date) -> date:
    """Return the first day of the month after day's month."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _add(day: date, count: int, unit: str) -> date:
    """Return day moved on by count units of day, week, month or year."""
    if unit in ("day", "week"):
        return day + timedelta(days=count * (7 if unit == "week" else 1))
    months = day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    last = (_next_month(date(year, month, 1)) - ONE_DAY).day
    return date(year, month, min(day.day, last))


def _nearest(
    year: int | None, month: int, day: int, today: date, end_of: Callable[[date], date]
) -> date | None:
    """Return the given date, or without a year the nearest one whose period has not ended."""
    if year is not None:
        return _valid(year, month, day)
    for candidate_year in range(today.year, today.year + 9):
        candidate = _valid(candidate_year, month, day)
        if candidate is not None and end_of(candidate) > today:
            return candidate
    return None


def _next_day(day: date) -> date:
    """Return the day after day."""
    return day + ONE_DAY


def _pair(first: tuple[int | None, int, int], last: tuple[int | None, int, int], today: date,
          end_of: Callable[[date], date]) -> Days | None:  # fmt: skip
    """Return the span from first to last, years chosen so that the span has not ended."""
    (year1, month1, day1), (year2, month2, day2) = first, last
    if year2 is None and year1 is not None:
        year2 = year1 if (month2, day2) >= (month1, day1) else year1 + 1
    anchor = _nearest(year2, month2, day2, today, end_of)
    if anchor is None:
        return None
    if year1 is None:
        year1 = anchor.year if (month1, day1) <= (month2, day2) else anchor.year - 1
    start = _valid(year1, month1, day1)
    if start is None or start >= end_of(anchor):
        return None
    return start, end_of(anchor)


def _week_start(today: date) -> date:
    """Return the Monday of today's week."""
    return today - timedelta(days=today.weekday())


def _this_weekend(today: date) -> Days:
    """Return this week's Saturday and Sunday, from today when already in the weekend."""
    saturday = _week_start(today) + timedelta(days=5)
    return max(today, saturday), saturday + timedelta(days=2)


def _fixed(fn: Callable[[date], Days]) -> Resolver:
    """Wrap a resolver that only needs today."""
    return lambda _m, today: fn(today)


def _weekday(which: str) -> Resolver:
    """Return a resolver for a weekday: 'this' (today or later), 'next', 'last' or 'nextweek'."""

    def resolve(m: re.Match[str], today: date) -> Days | None:
        name = next(v for k, v in m.groupdict().items() if k.startswith("wd") and v)
        target = w.WEEKDAYS[name]
        if which == "nextweek":
            day = _week_start(today) + timedelta(days=7 + target)
        elif which == "last":
            day = today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
        else:
            ahead = (target - today.weekday()) % 7
            day = today + timedelta(days=ahead or (7 if which == "next" else 0))
        return day, day + ONE_DAY

    return resolve


def _explicit_date(m: re.Match[str], today: date) -> Days | None:
    """Resolve one explicit date to its day."""
    parts = w.date_parts(m, "a")
    day = _nearest(*parts, today, _next_day) if parts else None
    return (day, day + ONE_DAY) if day else None


def _month_context_ok(word: str, lead: str, has_year: bool) -> bool:
    """Tell whether a month word is a month here ('may' needs 'in May' or a year)."""
    if word not in w.CONTEXT_ONLY_MONTHS or has_year:
        return True
    first = lead.split()[0] if lead.split() else ""
    return word == "may" and first in w.LEAD_PREPOSITIONS


def _month(m: re.Match[str], today: date) -> Days | None:
    """Resolve a month name, with or without a year, to the whole month."""
    word, year = m["mo"], m["y"]
    if not _month_context_ok(word, m["lead"] or "", bool(year)):
        return None
    first = _nearest(int(year) if year else None, w.MONTH_WORDS[word], 1, today, _next_month)
    return (first, _next_month(first)) if first else None


def _year(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'in 2027' to the whole year."""
    year = int(m["y"])
    return date(year, 1, 1), date(year + 1, 1, 1)


def _connector_ok(m: re.Match[str]) -> bool:
    """Tell whether a range connector is allowed ('and' needs 'between')."""
    return m["conn"].strip() not in w.CONNECTORS_NEEDING_START or bool(m["pre"])


def _date_range(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'from <date> to <date>'."""
    first, last = w.date_parts(m, "a"), w.date_parts(m, "b")
    if not _connector_ok(m) or first is None or last is None:
        return None
    return _pair(first, last, today, _next_day)


def _day_first_range(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'between 3 and 10 March', the first day taking the second's month."""
    last = w.date_parts(m, "b")
    if not _connector_ok(m) or last is None:
        return None
    return _pair((None, last[1], int(m["d1"])), last, today, _next_day)


def _month_first_range(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'March 3-10'."""
    if not _connector_ok(m):
        return None
    year = int(m["y2"]) if m["y2"] else None
    month = w.MONTH_WORDS[m["m1"]]
    return _pair((None, month, int(m["d1"])), (year, month, int(m["d2"])), today, _next_day)


def _month_range(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'from March to May'."""
    first = (int(m["y1"]) if m["y1"] else None, w.MONTH_WORDS[m["m1"]], 1)
    last = (int(m["y2"]) if m["y2"] else None, w.MONTH_WORDS[m["m2"]], 1)
    return _pair(first, last, today, _next_month)


def _bound_target(m: re.Match[str], today: date) -> Days | None:
    """Resolve the date, month or end of period after 'before', 'until', 'from'..."""
    if m["eoy"]:
        return (date(today.year + 1, 1, 1),) * 2
    if m["eom"]:
        return (_next_month(today),) * 2
    parts = w.date_parts(m, "t")
    if parts:
        day = _nearest(*parts, today, _next_day)
        return (day, day + ONE_DAY) if day else None
    year = int(m["byear"]) if m["byear"] else None
    word = m["bmonth"]
    if word in w.MONTH_ABBREVIATIONS and year is None:
        return None
    first = _nearest(year, w.MONTH_WORDS[word], 1, today, _next_month)
    return (first, _next_month(first)) if first else None


def _bound(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'before X', 'until X', 'after X' and 'from X' to half-open spans."""
    target = _bound_target(m, today)
    if target is None or target[0] is None or target[1] is None:
        return None
    if m["after"]:
        return target[1], None
    if m["since"]:
        return target[0], None
    end = target[0] if m["before"] else target[1]
    return (today, end) if today < end else None


def _duration(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'in the next 30 days' to today up to and including the last day."""
    count_text = next(v for k, v in m.groupdict().items() if k.startswith("n") and v)
    unit_text = next(v for k, v in m.groupdict().items() if k.startswith("u") and v)
    count = int(count_text) if count_text.isdigit() else w.NUMBER_WORDS[count_text]
    if not 0 < count <= 1000:
        return None
    return today, _add(today, count, w.UNITS[unit_text]) + ONE_DAY


def _build_rules() -> tuple[_Rule, ...]:
    """Compile every phrase pattern with the resolver of its period."""
    fixed: list[tuple[str, Callable[[date], Days]]] = [
        (w.TODAY, lambda t: (t, t + ONE_DAY)),
        (w.TOMORROW, lambda t: (t + ONE_DAY, t + 2 * ONE_DAY)),
        (w.DAY_AFTER_TOMORROW, lambda t: (t + 2 * ONE_DAY, t + 3 * ONE_DAY)),
        (w.YESTERDAY, lambda t: (t - ONE_DAY, t)),
        (w.THIS_WEEK, lambda t: (t, _week_start(t) + timedelta(days=7))),
        (w.NEXT_WEEK, lambda t: (_week_start(t) + timedelta(7), _week_start(t) + timedelta(14))),
        (w.LAST_WEEK, lambda t: (_week_start(t) - timedelta(days=7), _week_start(t))),
        (w.THIS_WEEKEND, _this_weekend),
        (w.NEXT_WEEKEND, lambda t: (_week_start(t) + timedelta(12), _week_start(t) + 2 * WEEK)),
        (w.THIS_MONTH, lambda t: (t, _next_month(t))),
        (w.NEXT_MONTH, lambda t: (_next_month(t), _next_month(_next_month(t)))),
        (w.LAST_MONTH, lambda t: ((t.replace(day=1) - ONE_DAY).replace(day=1), t.replace(day=1))),
        (w.THIS_YEAR, lambda t: (t, date(t.year + 1, 1, 1))),
        (w.NEXT_YEAR, lambda t: (date(t.year + 1, 1, 1), date(t.year + 2, 1, 1))),
        (w.LAST_YEAR, lambda t: (date(t.year - 1, 1, 1), date(t.year, 1, 1))),
    ]
    # gates: a range holds a connector ('-', 'to', 'au', ...); a bound starts with its word
    ranges = w.CONNECTOR
    bounds = f"(?:{w.BEFORE})|(?:{w.UNTIL})|(?:{w.AFTER})|(?:{w.SINCE})"
    others: list[tuple[str, Resolver, bool, str | None]] = [
        (w.NEXT_WEEKDAY, _weekday("next"), False, None),
        (w.WEEKDAY_NEXT_WEEK, _weekday("nextweek"), False, None),
        (w.LAST_WEEKDAY, _weekday("last"), False, None),
        (w.THIS_WEEKDAY, _weekday("this"), True, None),
        (w.date_re("a"), _explicit_date, False, None),
        (w.MONTH_NAME, _month, False, None),
        (w.YEAR_NUMBER, _year, False, None),
        (w.RANGE_DATES, _date_range, False, ranges),
        (w.RANGE_DAY_FIRST, _day_first_range, False, ranges),
        (w.RANGE_MONTH_FIRST, _month_first_range, False, ranges),
        (w.RANGE_MONTHS, _month_range, False, ranges),
        (w.BOUND, _bound, False, bounds),
        (w.DURATION, _duration, False, None),
    ]
    rules = [(core, _fixed(fn), False, None) for core, fn in fixed] + others
    return tuple(
        _Rule(rf"(?<!\w)(?P<lead>{w.LEAD})(?:{core})(?![\w'])", resolve, weekly, gate)
        for core, resolve, weekly, gate in rules
    )


_RULES = _build_rules()



def _fold(text: str) -> tuple[str, list[int]]:
    """Return text lowercased without accents, and each folded character's original index."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        if char in "\u2019\u2018`\u00b4":
            char = "'"
        for piece in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(piece):
                continue
            for lowered in piece.lower():
                chars.append(lowered)
                index.append(position)
    return "".join(chars), index


def _original_span(index: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    """Map a span of folded text back to the original text."""
    if start >= end:
        return (index[start] if start < len(index) else length,) * 2
    return index[start], index[end - 1] + 1


def _best(folded: str, rules: Sequence[_Rule], today: date) -> _Found | None:
    """Return the leftmost, then longest, phrase that resolves to a period."""
    best: _Found | None = None
    for rule in rules:
        if not rule.may_match(folded):
            continue
        for m in rule.pattern.finditer(folded):
            if best is not None and m.start() > best.start:
                break
            days = rule.resolve(m, today)
            if days is None:
                continue
            found = _Found(m.start(), m.end(), days, rule)
            if best is None or (found.start, -found.end) < (best.start, -best.end):
                best = found
            break
    return best


def _zone(tz: str) -> ZoneInfo:
    """Return the zone named tz, raising ValueError for an unknown name."""
    if not is_valid_timezone(tz):
        raise ValueError(f"unknown time zone: {tz!r}")
    return ZoneInfo(tz)


def _today(now: datetime, zone: tzinfo) -> date:
    """Return the asker's local date, refusing a naive now."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(zone).date()


def _at(day: date, clock: time, zone: tzinfo) -> datetime:
    """Return the wall time in zone, a time in a DST gap moved forward by the gap."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC).astimezone(zone)


def _utc_bound(day: date | None, zone: tzinfo) -> datetime | None:
    """Return local midnight of day in UTC."""
    return None if day is None else _at(day, time(), zone).astimezone(UTC)


def find_period(
    text: str, *, now: datetime, tz: str, languages: Sequence[str] = DEFAULT_LANGUAGES
) -> PeriodMatch | None:
    """Find the first date/period phrase in a free-text question (e.g. 'webinars on e-waste
    next month') and return its range and the leftover text."""
    zone = _zone(tz)
    today = _today(now, zone)
    if not isinstance(text, str):
        return None
    folded, index = _fold(text)
    if not w.TRIGGER.search(folded):
        return None
    found = _best(folded, _RULES, today) or _fallback_period(text, folded, today, languages)
    if found is None:
        return None
    end = found.end
    clock = w.TIME.match(folded, end + len(folded[end:]) - len(folded[end:].lstrip(" \t,")))
    if clock and _clock(clock) is not None:
        end = clock.end()
    start, stop = _original_span(index, found.start, end, len(text))
    remainder = " ".join(f"{text[:start]} {text[stop:]}".split())
    remainder = re.sub(r"\s+([?!.,;:])", r"\1", remainder)
    date_range = DateRange(
        _utc_bound(found.days[0], zone), _utc_bound(found.days[1], zone), text[start:stop].strip()
    )
    return PeriodMatch(date_range, remainder)


def _clock(m: re.Match[str]) -> time | None:
    """Return the time of day of a time match, or None when it is not clearly a time."""
    if m["noon"] or m["midnight"]:
        return time(12) if m["noon"] else time(0)
    if not (m["pre"] or m["sep"] or m["ampm"] or m["hword"]):
        return None
    hour, minute, second = int(m["h"]), int(m["mi"] or 0), int(m["s"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"] == "p" else 0)
    elif m["pm"] and hour < 12:
        hour += 12
    return time(hour, minute, second) if hour <= 23 else None


def parse_instant(
    text: str, *, now: datetime, tz: str, languages: Sequence[str] = DEFAULT_LANGUAGES
) -> datetime | None:
    """Parse a typed start such as 'next Tuesday 14:00', '3 March 10:00', 'demain 9h',
    'mañana a las 10' or '2027-03-03 09:30' into an aware datetime in zone tz, preferring the
    future, moving DST-gap times forward and rejecting bare numbers (None if not a date/time)."""
    zone = _zone(tz)
    today = _today(now, zone)
    if not isinstance(text, str) or len(text) > _FALLBACK_MAX_CHARS:
        return None
    folded, index = _fold(text)
    wall_zone, folded = _take_zone(text, folded, index, zone)
    if wall_zone is None or w.RELATIVE_DURATION.search(folded):
        return None
    clock_match = next((m for m in w.TIME.finditer(folded) if _clock(m) is not None), None)
    clock = _clock(clock_match) if clock_match else None
    if clock_match is not None:
        wall_zone = _offset_zone(clock_match["offset"]) or wall_zone
        folded = _blank(folded, clock_match.start(), clock_match.end())
    found = _best(folded, _RULES, today)
    if found is None and clock is not None and not w.WORD.search(folded.replace("_", " ")):
        instant = _at(today, clock, wall_zone)
        return (instant if instant > now else _at(today + ONE_DAY, clock, wall_zone)).astimezone(
            zone
        )
    if found is not None and _is_single_day(found.days) and _only_filler(folded, found):
        day = found.days[0]
        assert day is not None
        instant = _at(day, clock or time(), wall_zone)
        if found.rule is not None and found.rule.weekly and instant <= now:
            instant = _at(day + timedelta(days=7), clock or time(), wall_zone)
        return instant.astimezone(zone)
    return _fallback_instant(text, folded, today, wall_zone, languages, zone)


def _is_single_day(days: Days) -> bool:
    """Tell whether a span of days is exactly one day."""
    return days[0] is not None and days[1] is not None and days[1] - days[0] == ONE_DAY


def _only_filler(folded: str, found: _Found) -> bool:
    """Tell whether nothing but filler words surrounds the date phrase."""
    rest = folded[: found.start] + " " + folded[found.end :]
    return all(word in w.FILLER_WORDS for word in w.WORD.findall(rest))


def _blank(folded: str, start: int, end: int) -> str:
    """Replace a span with spaces, keeping every other index in place."""
    return folded[:start] + " " * (end - start) + folded[end:]


def _offset_zone(offset: str | None) -> tzinfo | None:
    """Return the fixed zone of a '+05:00' or 'Z' suffix."""
    if not offset:
        return None
    if offset == "z":
        return UTC
    digits = offset[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:])
    if minutes >= 24 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if offset[0] == "-" else minutes))


def _take_zone(
    text: str, folded: str, index: list[int], zone: tzinfo
) -> tuple[tzinfo | None, str]:
    """Find a zone name (IANA or abbreviation) in a typed time, returning it and the rest."""
    for m in w.ZONE_NAME.finditer(folded):
        start, end = _original_span(index, m.start(), m.end(), len(text))
        written = text[start:end]
        if m["iana"]:
            if "/" in written and is_valid_timezone(written):
                return ZoneInfo(written), _blank(folded, m.start(), m.end())
            return None, folded  # a path-like word that is no zone: not a time
        if written.isupper() or m["abbr"] in ("utc", "gmt"):
            return ZoneInfo(w.ZONE_ABBREVIATIONS[m["abbr"]]), _blank(folded, m.start(), m.end())
    return zone, folded


@functools.lru_cache(maxsize=8)
def _parser(languages: tuple[str, ...]) -> DateDataParser:
    """Return the dateparser parser for these languages, built once; imported lazily (slow)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": "UTC",
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    return DateDataParser(languages=list(languages), settings=settings)


def _dateparser_day(
    text: str, today: date, languages: Sequence[str]
) -> tuple[date, time | None] | None:
    """Read an explicit date (and time) with dateparser; relative words are handled above."""
    if not w.MONTH_OR_NUMERIC_DATE.search(_fold(text)[0]) or not re.search(r"\d", text):
        return None
    try:
        data = _parser(tuple(dict.fromkeys(languages))).get_date_data(text)
    except Exception:  # a third-party parser meeting arbitrary user text must never crash us
        logger.debug("dateparser failed on %r", text, exc_info=True)
        return None
    parts = set(getattr(data, "parts", None) or ())
    parsed = data.date_obj
    if parsed is None or not {"day", "month"} <= parts:
        return None
    if "year" in parts and re.search(r"\d{4}", text) and str(parsed.year) not in text:
        return None  # a year dateparser made up from digits the user did not write
    year = parsed.year if "year" in parts else None
    day = _nearest(year, parsed.month, parsed.day, today, _next_day)
    if day is None:
        return None
    return day, parsed.time() if "time" in parts else None


def _fallback_period(
    text: str, folded: str, today: date, languages: Sequence[str]
) -> _Found | None:
    """Find an explicit date our patterns missed, asking dateparser about date-like runs."""
    if len(text) > _FALLBACK_MAX_CHARS or not re.search(r"\d", folded):
        return None
    _, index = _fold(text)
    for m in list(w.DATE_LIKE_RUN.finditer(folded))[:3]:
        start, end = _original_span(index, m.start(), m.end(), len(text))
        result = _dateparser_day(text[start:end].strip(), today, languages)
        if result is not None:
            end_folded = m.start() + len(m.group().rstrip())
            return _Found(m.start(), end_folded, (result[0], result[0] + ONE_DAY), None)
    return None


def _fallback_instant(
    text: str, folded: str, today: date, wall_zone: tzinfo, languages: Sequence[str],
    zone: tzinfo,
) -> datetime | None:  # fmt: skip
    """Read a typed start with dateparser when our own patterns do not account for all of it."""
    result = _dateparser_day(text, today, languages)
    if result is None:
        return None
    return _at(result[0], result[1] or time(), wall_zone).astimezone(zone)


def warm_up(languages: Sequence[str] = DEFAULT_LANGUAGES) -> None:
    """Build the dateparser parser now (about 0.1 s), so that the first user does not wait."""
    _dateparser_day("3 March 2027", date(2026, 1, 1), languages)


def is_valid_timezone(name: str) -> bool:
    """Tell whether name is an IANA time zone known to zoneinfo."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def to_utc_iso(dt: datetime) -> str:
    """Format an aware datetime as UTC ISO 8601 with a Z suffix ('2026-12-03T09:00:00Z')."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("to_utc_iso needs an aware datetime")
    utc = dt.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds" if utc.microsecond else "seconds") + "Z"


def from_utc_iso(text: str) -> datetime:
    """Parse an ISO 8601 timestamp into an aware UTC datetime (naive text is read as UTC)."""
    parsed = datetime.fromisoformat(text.strip())
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
