"""Date phrase rules: each pattern of date_words with the resolver of its period, in local days."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from brs_coord import date_words as w

ONE_DAY = timedelta(days=1)
WEEK = timedelta(days=7)

Days = tuple[date | None, date | None]
Resolver = Callable[[re.Match[str], date], Days | None]


@dataclass(frozen=True)
class Rule:
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
class Found:
    """The best phrase found in folded text."""

    start: int
    end: int
    days: Days
    rule: Rule | None



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


def nearest(
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


def next_day(day: date) -> date:
    """Return the day after day."""
    return day + ONE_DAY


def _pair(first: tuple[int | None, int, int], last: tuple[int | None, int, int], today: date,
          end_of: Callable[[date], date]) -> Days | None:  # fmt: skip
    """Return the span from first to last, years chosen so that the span has not ended."""
    (year1, month1, day1), (year2, month2, day2) = first, last
    if year2 is None and year1 is not None:
        year2 = year1 if (month2, day2) >= (month1, day1) else year1 + 1
    anchor = nearest(year2, month2, day2, today, end_of)
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
    day = nearest(*parts, today, next_day) if parts else None
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
    first = nearest(int(year) if year else None, w.MONTH_WORDS[word], 1, today, _next_month)
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
    return _pair(first, last, today, next_day)


def _day_first_range(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'between 3 and 10 March', the first day taking the second's month."""
    last = w.date_parts(m, "b")
    if not _connector_ok(m) or last is None:
        return None
    return _pair((None, last[1], int(m["d1"])), last, today, next_day)


def _month_first_range(m: re.Match[str], today: date) -> Days | None:
    """Resolve 'March 3-10'."""
    if not _connector_ok(m):
        return None
    year = int(m["y2"]) if m["y2"] else None
    month = w.MONTH_WORDS[m["m1"]]
    return _pair((None, month, int(m["d1"])), (year, month, int(m["d2"])), today, next_day)


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
        day = nearest(*parts, today, next_day)
        return (day, day + ONE_DAY) if day else None
    year = int(m["byear"]) if m["byear"] else None
    word = m["bmonth"]
    if word in w.MONTH_ABBREVIATIONS and year is None:
        return None
    first = nearest(year, w.MONTH_WORDS[word], 1, today, _next_month)
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


def _build_rules() -> tuple[Rule, ...]:
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
        Rule(rf"(?<!\w)(?P<lead>{w.LEAD})(?:{core})(?![\w'])", resolve, weekly, gate)
        for core, resolve, weekly, gate in rules
    )




RULES = _build_rules()


def best(folded: str, rules: Sequence[Rule], today: date) -> Found | None:
    """Return the leftmost, then longest, phrase that resolves to a period."""
    best: Found | None = None
    for rule in rules:
        if not rule.may_match(folded):
            continue
        for m in rule.pattern.finditer(folded):
            if best is not None and m.start() > best.start:
                break
            days = rule.resolve(m, today)
            if days is None:
                continue
            found = Found(m.start(), m.end(), days, rule)
            if best is None or (found.start, -found.end) < (best.start, -best.end):
                best = found
            break
    return best

