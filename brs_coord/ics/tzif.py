"""A zone's offset changes read from the same TZif file zoneinfo reads: the explicit transitions
and the POSIX TZ rule of its footer (RFC 8536), which governs every instant after the last one.

Zoneinfo does not expose its transitions; VTIMEZONE blocks (ics.vtimezone) need them exactly.
"""

from __future__ import annotations

import calendar
import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HEADER = struct.Struct(">4sc15x6l")


@dataclass(frozen=True)
class State:
    """What a zone's clocks show between two transitions."""

    offset: timedelta
    dst: bool
    name: str


@dataclass(frozen=True)
class Transition:
    """At ``instant`` the zone's clocks go from ``before`` to ``after``."""

    instant: datetime
    before: State
    after: State

    @property
    def onset(self) -> datetime:
        """The naive wall time of the change on the clocks before it (RFC 5545's DTSTART)."""
        return (self.instant + self.before.offset).replace(tzinfo=None)


@dataclass(frozen=True)
class RuleDate:
    """A POSIX rule day: ``Mm.w.d`` (``week`` 5 = last; ``julian`` None) or ``Jn`` / ``n``."""

    month: int = 0
    week: int = 0
    weekday: int = 0  # 0 = Sunday, as in POSIX
    julian: int | None = None
    leap_counted: bool = False  # ``n`` counts 29 February, ``Jn`` does not
    at: timedelta = timedelta(hours=2)  # local time on the clocks before the change; may be < 0 or >= 24 h

    def day(self, year: int) -> date:
        if self.julian is not None:
            if self.leap_counted:
                return date(year, 1, 1) + timedelta(days=self.julian)
            day = date(year, 1, 1) + timedelta(days=self.julian - 1)
            return day + timedelta(days=1) if calendar.isleap(year) and self.julian >= 60 else day
        first = date(year, self.month, 1)
        shift = (self.weekday - (first.isoweekday() % 7)) % 7
        day = first + timedelta(days=shift + 7 * (self.week - 1))
        while day.month != self.month:  # week 5: the last such weekday
            day -= timedelta(days=7)
        return day

    def wall(self, year: int) -> datetime:
        return datetime.combine(self.day(year), datetime.min.time()) + self.at


@dataclass(frozen=True)
class Rule:
    """The footer: standard time, and daylight time with its yearly start and end (when any)."""

    standard: State
    daylight: State | None = None
    start: RuleDate | None = None
    end: RuleDate | None = None

    def transitions(self, year: int) -> list[Transition]:
        """The year's two changes in instant order (none without daylight time)."""
        if self.daylight is None or self.start is None or self.end is None:
            return []
        std, dst = self.standard, self.daylight
        begin = (self.start.wall(year) - std.offset).replace(tzinfo=UTC)
        finish = (self.end.wall(year) - dst.offset).replace(tzinfo=UTC)
        pair = [Transition(begin, std, dst), Transition(finish, dst, std)]
        return sorted(pair, key=lambda t: t.instant)


@dataclass(frozen=True)
class ZoneData:
    """A zone's explicit transitions (instant order), its first state and its trailing rule."""

    transitions: tuple[Transition, ...]
    initial: State
    rule: Rule

    def changes(self, until: datetime) -> list[Transition]:
        """Every transition up to ``until``: the explicit ones, then the rule's, as zoneinfo reads them."""
        found = list(self.transitions)
        last = found[-1].instant if found else datetime.min.replace(tzinfo=UTC)
        state = found[-1].after if found else self.rule.standard
        start_year = max(last.year, 1900) if found else 1900
        for year in range(start_year, until.year + 2):
            for change in self.rule.transitions(year):
                if change.instant <= last or change.instant > until:
                    continue
                if change.after != state:
                    found.append(Transition(change.instant, state, change.after))
                    state = change.after
        return found


def _tzif_bytes(zone: str) -> bytes:
    """The TZif file zoneinfo would load: the first on TZPATH, else the tzdata package."""
    for folder in zoneinfo.TZPATH:
        candidate = Path(folder) / zone
        if candidate.is_file():
            return candidate.read_bytes()
    return resources.files("tzdata.zoneinfo").joinpath(*zone.split("/")).read_bytes()


@lru_cache(maxsize=1024)
def zone_data(zone: str) -> ZoneData:
    """The parsed TZif data of an IANA zone (KeyError-free: an unknown zone raises ValueError)."""
    try:
        data = _tzif_bytes(zone)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError) as exc:
        raise ValueError(f"unknown time zone {zone!r}") from exc
    # any other OSError (too many open files, a read error) is not a verdict on the zone: it goes up
    return parse_tzif(data)


def parse_tzif(data: bytes) -> ZoneData:
    magic, version, *counts = _HEADER.unpack_from(data, 0)
    if magic != b"TZif":
        raise ValueError("not a TZif file")
    if version == b"\x00":
        return _body(data, _HEADER.size, counts, 4, "")
    # version 2+: skip the 32-bit block, read the 64-bit one and the footer
    isut, isstd, leap, times, types, chars = counts
    offset = _HEADER.size + times * 5 + types * 6 + chars + leap * 8 + isstd + isut
    _, _, *counts = _HEADER.unpack_from(data, offset)
    isut, isstd, leap, times, types, chars = counts
    body_start = offset + _HEADER.size
    footer_start = body_start + times * 9 + types * 6 + chars + leap * 12 + isstd + isut
    footer = data[footer_start:].strip(b"\n").decode("ascii")
    return _body(data, body_start, counts, 8, footer)


def _body(data: bytes, start: int, counts: list[int], width: int, footer: str) -> ZoneData:
    _, _, _, times, types, chars = counts
    instants = struct.unpack_from(f">{times}{'q' if width == 8 else 'l'}", data, start)
    position = start + times * width
    indexes = data[position : position + times]
    position += times
    infos = [struct.unpack_from(">lBB", data, position + 6 * i) for i in range(types)]
    position += 6 * types
    names = data[position : position + chars]
    states = [
        State(timedelta(seconds=offset), bool(dst), names[at : names.index(b"\0", at)].decode("ascii"))
        for offset, dst, at in infos
    ]
    fallback = State(timedelta(0), False, "UTC")
    initial = next((s for s in states if not s.dst), states[0]) if states else fallback
    transitions: list[Transition] = []
    before = initial
    for instant, index in zip(instants, indexes, strict=True):
        after = states[index]
        if after == before:  # a placeholder (fat files end 32-bit time with one)
            continue
        transitions.append(Transition(EPOCH + timedelta(seconds=instant), before, after))
        before = after
    rule = parse_rule(footer) if footer else Rule(before)
    return ZoneData(tuple(transitions), initial, rule)


_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_TIME = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
_RULE = re.compile(
    rf"^(?P<std>{_NAME})(?P<stdoff>{_TIME})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_TIME})?(?:,(?P<start>[^,]+),(?P<end>[^,]+))?)?$"
)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    hours, minutes, seconds = (parts + [0, 0])[:3]
    return sign * (hours * 3600 + minutes * 60 + seconds)


def _rule_date(text: str) -> RuleDate:
    day, _, at = text.partition("/")
    when = timedelta(seconds=_seconds(at)) if at else timedelta(hours=2)
    if day.startswith("M"):
        month, week, weekday = (int(p) for p in day[1:].split("."))
        return RuleDate(month, week, weekday, at=when)
    if day.startswith("J"):
        return RuleDate(julian=int(day[1:]), at=when)
    return RuleDate(julian=int(day), leap_counted=True, at=when)


def parse_rule(text: str) -> Rule:
    """A POSIX TZ string (``CET-1CEST,M3.5.0,M10.5.0/3``); offsets there count west of UTC."""
    match = _RULE.match(text)
    if match is None:
        raise ValueError(f"unreadable TZ rule {text!r}")
    std_offset = timedelta(seconds=-_seconds(match["stdoff"]))
    standard = State(std_offset, False, match["std"].strip("<>"))
    if not match["dst"]:
        return Rule(standard)
    dst_offset = (
        timedelta(seconds=-_seconds(match["dstoff"])) if match["dstoff"] else std_offset + timedelta(hours=1)
    )
    daylight = State(dst_offset, True, match["dst"].strip("<>"))
    if not match["start"]:
        return Rule(standard, daylight, _rule_date("M3.2.0"), _rule_date("M11.1.0"))
    return Rule(standard, daylight, _rule_date(match["start"]), _rule_date(match["end"]))
