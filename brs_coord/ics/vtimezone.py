"""VTIMEZONE blocks from the zone's own transitions (ics.tzif), exact over the years a feed spans.

Each onset (DTSTART, RDATE) is the wall time on the clocks *before* the change, as RFC 5545
§3.6.5 reads it (TZOFFSETFROM time). The regular trailing rule of the zone, where it already
governs the end of the span, is one RRULE per observance; earlier or irregular changes (Morocco's
Ramadan, a rule change) are RDATE lists, one sub-component per offset pair and name. The last change
before the span is kept, so the offset in force when the span opens is defined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from .text import escape_text, fold
from .tzif import Rule, RuleDate, Transition, zone_data

WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX numbering: 0 = Sunday
ONE_DAY = timedelta(days=1)
_SHORTEST = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}  # a month's fewest days


@dataclass(frozen=True)
class Observance:
    """One STANDARD or DAYLIGHT sub-component: its onsets (first, then RDATEs) or first onset and RRULE."""

    daylight: bool
    offset_from: timedelta
    offset_to: timedelta
    name: str
    onsets: tuple[datetime, ...]
    rrule: str | None = None

    def lines(self) -> list[str]:
        kind = "DAYLIGHT" if self.daylight else "STANDARD"
        lines = [f"BEGIN:{kind}", f"DTSTART:{_local(self.onsets[0])}"]
        if self.rrule:
            lines.append(f"RRULE:{self.rrule}")
        if len(self.onsets) > 1:
            lines.append("RDATE:" + ",".join(_local(onset) for onset in self.onsets[1:]))
        lines += [
            f"TZOFFSETFROM:{utc_offset(self.offset_from)}",
            f"TZOFFSETTO:{utc_offset(self.offset_to)}",
            f"TZNAME:{escape_text(self.name)}",
            f"END:{kind}",
        ]
        return lines


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def utc_offset(delta: timedelta) -> str:
    """A UTC-OFFSET value: ``+0100``, ``-0330``, ``+001932`` (seconds only when there are any)."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def rule_rrule(day: RuleDate) -> str | None:
    """The RRULE of a POSIX rule day, or None when RFC 5545 cannot say it simply (``Jn``, a day
    shifted across a month's edge). A time past 24 h or below 0 moves the day (Chile's ``/24``)."""
    if day.julian is not None:
        return None
    shift, at = divmod(day.at, ONE_DAY)
    if at.seconds % 60:
        return None
    base = f"FREQ=YEARLY;BYMONTH={day.month}"
    if shift == 0:
        return f"{base};BYDAY={day.week if day.week < 5 else -1}{WEEKDAYS[day.weekday]}"
    weekday = WEEKDAYS[(day.weekday + shift) % 7]
    if day.week < 5:
        first, last = 7 * (day.week - 1) + 1 + shift, 7 * day.week + shift
        if first < 1 or last > _SHORTEST.get(day.month, 31):
            return None
    else:
        first, last = -7 + shift, -1 + shift
        if first < -28 or last > -1:
            return None
    days = ",".join(str(d) for d in range(first, last + 1))
    return f"{base};BYMONTHDAY={days};BYDAY={weekday}"


def _trailing(changes: list[Transition], rule: Rule, end: datetime) -> int:
    """How many of ``changes`` (the last ones) the zone's yearly rule produces, when the rule can
    be written as RRULEs and covers both changes of a year at least; else 0."""
    if rule.daylight is None or rule.start is None or rule.end is None:
        return 0
    if rule_rrule(rule.start) is None or rule_rrule(rule.end) is None:
        return 0
    predicted = [
        change for year in range(changes[0].instant.year, end.year + 1)
        for change in rule.transitions(year) if changes[0].instant <= change.instant <= end
    ]
    count = 0
    while (
        count < min(len(changes), len(predicted))
        and changes[-1 - count] == predicted[-1 - count]
    ):
        count += 1
    return count if count >= 2 else 0


def observances(zone: str, first_year: int, last_year: int) -> list[Observance]:
    """The sub-components of ``zone``'s VTIMEZONE over 1 January ``first_year`` to the end of
    ``last_year`` (with a day's margin either side for local dates near the edges)."""
    data = zone_data(zone)
    start = datetime(first_year, 1, 1, tzinfo=UTC) - ONE_DAY
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC) + ONE_DAY
    every = data.changes(end)
    before = [index for index, change in enumerate(every) if change.instant < start]
    chosen = [c for c in every[before[-1] if before else 0 :] if c.instant <= end]
    if not chosen:
        state = data.rule.standard
        return [Observance(False, state.offset, state.offset, state.name, (datetime(1970, 1, 1),))]
    trailing = _trailing(chosen, data.rule, end)
    found: list[Observance] = []
    if trailing:
        ruled = chosen[len(chosen) - trailing :]
        chosen = chosen[: len(chosen) - trailing]
        for day in (data.rule.start, data.rule.end):
            assert day is not None
            first = next(c for c in ruled if c.after.dst == (day is data.rule.start))
            found.append(_observance(first, (first.onset,), rule_rrule(day)))
    groups: dict[tuple[bool, timedelta, timedelta, str], list[Transition]] = {}
    for change in chosen:
        key = (change.after.dst, change.before.offset, change.after.offset, change.after.name)
        groups.setdefault(key, []).append(change)
    for members in groups.values():
        found.append(_observance(members[0], tuple(c.onset for c in members), None))
    return sorted(found, key=lambda o: (o.onsets[0], o.daylight))


def _observance(change: Transition, onsets: tuple[datetime, ...], rrule: str | None) -> Observance:
    return Observance(
        change.after.dst, change.before.offset, change.after.offset, change.after.name, onsets, rrule
    )


@lru_cache(maxsize=1024)
def vtimezone(zone: str, first_year: int, last_year: int) -> str:
    """The VTIMEZONE of an IANA zone, exact from 1 January ``first_year`` to the end of
    ``last_year`` (cached per zone and span)."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    for observance in observances(zone, first_year, last_year):
        lines += observance.lines()
    lines.append("END:VTIMEZONE")
    return "".join(map(fold, lines))
