"""Read dates and periods in questions (the six languages) and typed start times.

The phrase patterns and what each period means are in ``date_rules``; this module finds them in
text, maps them to UTC in the asker's zone, and asks dateparser (imported lazily) about the rest.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from brs_coord import date_typos
from brs_coord import date_words as w
from brs_coord.date_calendar import ONE_DAY, Context, Days, following, nearest, next_day
from brs_coord.date_han import GATE as HAN_GATE
from brs_coord.date_han import HAN_RULES
from brs_coord.date_rules import RULES, Found, best
from brs_coord.folding import ARABIC_FOLDS
from brs_coord.languages import CODES
from brs_coord.zones import is_valid_timezone

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGES: tuple[str, ...] = CODES  # the interface languages (languages.py)
_WITH_HAN = (*RULES, *HAN_RULES)  # a question holding Chinese; typed start times read RULES only
_HAN = re.compile(HAN_GATE)
_FALLBACK_MAX_CHARS = 300
# An offer of the following period is made when less than this is left of the period asked
# about; of "today" only in the last hours, as any "today" has less than a day left.
OFFER_WITHIN: dict[str, timedelta] = {"day": timedelta(hours=3)}


@dataclass(frozen=True)
class DateRange:
    """A half-open span of time in UTC; None on either side means open."""

    start: datetime | None
    end: datetime | None
    phrase: str


@dataclass(frozen=True)
class PeriodMatch:
    """A period found in a question, with the question minus the period phrase.

    ``offer``: when less than a day is left of the period asked about from now ("this week" on a
    Sunday evening, "this month" on its last evening, "today" in its last hours), the period that
    follows it with its phrase in the asker's language ("next week"), for the faces to offer.
    ``corrections``: (written, read) for each misspelt date word of the phrase that was read as
    a date word ("tomorow" -> "tomorrow").
    """

    range: DateRange
    remainder: str
    offer: DateRange | None = None
    corrections: tuple[tuple[str, str], ...] = ()


def _fold(text: str) -> tuple[str, list[int]]:
    """Return text lowercased without accents, and each folded character's original index."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        if char in "\u2019\u2018`\u00b4":
            char = "'"
        if "\u0600" <= char <= "\u06ff":  # Arabic letter variants and digits (folding.ARABIC_FOLDS)
            char = char.translate(ARABIC_FOLDS)
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
    next month') and return its range and the leftover text; the asker's language (the first
    of languages) sets the first day of their week."""
    zone = _zone(tz)
    today = _today(now, zone)
    if not isinstance(text, str):
        return None
    folded, index = _fold(text)
    slips = date_typos.find(text, folded, index)
    if slips:
        folded, index, slips = _corrected(folded, index, slips)
    if not w.TRIGGER.search(folded):
        return None
    first_weekday = w.FIRST_WEEKDAY.get(languages[0], 0) if languages else 0
    rules = _WITH_HAN if _HAN.search(folded) else RULES
    found = best(folded, rules, Context(today, first_weekday))
    found = found or _fallback_period(text, folded, index, today, languages)
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
    corrections = tuple(
        (text[written_start:written_end], date_typos.WRITTEN.get(target, target))
        for slip_start, slip_end, target in slips
        if found.start <= slip_start and slip_end <= end
        for written_start, written_end in [_original_span(index, slip_start, slip_end, len(text))]
    )
    offer = _offer(found, date_range, now, zone, languages)
    return PeriodMatch(date_range, remainder, offer, corrections)


def _corrected(
    folded: str, index: list[int], slips: list[tuple[int, int, str]]
) -> tuple[str, list[int], list[tuple[int, int, str]]]:
    """Return folded text with each misspelt date word replaced by the word it is read as, the
    original index of each character, and the corrected words' spans in the new text."""
    pieces: list[str] = []
    new_index: list[int] = []
    spans: list[tuple[int, int, str]] = []
    last = 0
    for start, end, target in slips:
        pieces.append(folded[last:start])
        new_index.extend(index[last:start])
        new_start = len(new_index)
        pieces.append(target)
        new_index.extend(index[start] if i == 0 else index[end - 1] for i in range(len(target)))
        spans.append((new_start, len(new_index), target))
        last = end
    pieces.append(folded[last:])
    new_index.extend(index[last:])
    return "".join(pieces), new_index, spans


def _offer(
    found: Found, asked: DateRange, now: datetime, zone: tzinfo, languages: Sequence[str]
) -> DateRange | None:
    """Return the period after the one asked about when less of it is left than OFFER_WITHIN."""
    kind = found.rule.offer if found.rule is not None else None
    if kind is None or asked.end is None or asked.end - now >= OFFER_WITHIN.get(kind, ONE_DAY):
        return None
    first, after = following(kind, found.days)
    phrases = w.OFFER_PHRASES[kind]
    language = next((code for code in languages if code in phrases), "en")
    return DateRange(_utc_bound(first, zone), _utc_bound(after, zone), phrases[language])


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


clock_of = _clock  # the time of day of a date_words.TIME match, for the series rules (date_series)


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
    first_weekday = w.FIRST_WEEKDAY.get(languages[0], 0) if languages else 0
    found = best(folded, RULES, Context(today, first_weekday))
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


def _only_filler(folded: str, found: Found) -> bool:
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
    day = nearest(year, parsed.month, parsed.day, today, next_day)
    if day is None:
        return None
    return day, parsed.time() if "time" in parts else None


def _fallback_period(
    text: str, folded: str, index: list[int], today: date, languages: Sequence[str]
) -> Found | None:
    """Find an explicit date our patterns missed, asking dateparser about date-like runs."""
    if len(text) > _FALLBACK_MAX_CHARS or not re.search(r"\d", folded):
        return None
    for m in list(w.DATE_LIKE_RUN.finditer(folded))[:3]:
        start, end = _original_span(index, m.start(), m.end(), len(text))
        result = _dateparser_day(text[start:end].strip(), today, languages)
        if result is not None:
            end_folded = m.start() + len(m.group().rstrip())
            return Found(m.start(), end_folded, (result[0], result[0] + ONE_DAY), None)
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
