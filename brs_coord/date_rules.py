"""Date phrase rules: each pattern of date_words with the resolver of its period, in local days."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from brs_coord import date_words as w
from brs_coord.date_calendar import (
    HOLIDAY_SPANS,
    ONE_DAY,
    WEEK,
    Context,
    Days,
    add,
    nearest,
    next_day,
    next_month,
    quarter_of,
    valid,
    week_start,
)

Resolver = Callable[[re.Match[str], Context], Days | None]


@dataclass(frozen=True)
class Rule:
    """One phrase pattern (compiled when first needed) and how to turn a match into local days."""

    source: str
    resolve: Resolver
    weekly: bool = False  # a bare weekday: an instant in the past moves on one week
    gate: str | None = None  # a part every match holds: no match of it in a text, no match there
    offer: str | None = None  # the kind of period that follows ("week"...): see following()

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @functools.cached_property
    def gate_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.gate) if self.gate is not None else None

    def may_match(self, folded: str, seen: dict[str, bool] | None = None) -> bool:
        """False when the text cannot hold this phrase (its gate is missing): the big range and
        bound patterns are then neither compiled nor run. ``seen`` remembers each gate's answer
        for one text, as several rules share a gate."""
        gate = self.gate_pattern
        if gate is None or self.gate is None:
            return True
        if seen is None:
            return gate.search(folded) is not None
        if self.gate not in seen:
            seen[self.gate] = gate.search(folded) is not None
        return seen[self.gate]


@dataclass(frozen=True)
class Found:
    """The best phrase found in folded text."""

    start: int
    end: int
    days: Days
    rule: Rule | None


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
    start = valid(year1, month1, day1)
    if start is None or start >= end_of(anchor):
        return None
    return start, end_of(anchor)


def _week(c: Context, weeks_ahead: int) -> tuple[date, date]:
    """Return the whole week weeks_ahead weeks after this one in the asker's locale."""
    first = week_start(c.today, c.first_weekday) + weeks_ahead * WEEK
    return first, first + WEEK


def _this_week(c: Context) -> Days:
    """Return today to the end of this week in the asker's locale."""
    return c.today, _week(c, 0)[1]


def _this_weekend(c: Context) -> Days:
    """Return this week's Saturday and Sunday, from today when already in the weekend."""
    saturday = week_start(c.today) + timedelta(days=5)  # a weekend is Saturday-Sunday everywhere
    return max(c.today, saturday), saturday + timedelta(days=2)


def _next_weekend(c: Context) -> Days:
    """Return the Saturday and Sunday after this weekend."""
    saturday = week_start(c.today) + timedelta(days=12)
    return saturday, saturday + timedelta(days=2)


def _fixed(fn: Callable[[Context], Days]) -> Resolver:
    """Wrap a resolver that only needs the context."""
    return lambda _m, c: fn(c)


def _weekday(which: str) -> Resolver:
    """Return a resolver for a weekday: 'this' (today or later), 'next', 'last' or 'nextweek'."""

    def resolve(m: re.Match[str], c: Context) -> Days | None:
        name = next(v for k, v in m.groupdict().items() if k.startswith("wd") and v)
        target, today = w.WEEKDAYS[name], c.today
        if which == "nextweek":
            day = _week(c, 1)[0] + timedelta(days=(target - c.first_weekday) % 7)
        elif which == "last":
            day = today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
        else:
            ahead = (target - today.weekday()) % 7
            day = today + timedelta(days=ahead or (7 if which == "next" else 0))
        return day, day + ONE_DAY

    return resolve


def _explicit_date(m: re.Match[str], c: Context) -> Days | None:
    """Resolve one explicit date to its day."""
    parts = w.date_parts(m, "a")
    day = nearest(*parts, c.today, next_day) if parts else None
    return (day, day + ONE_DAY) if day else None


def _month_context_ok(m: re.Match[str], word: str, has_year: bool) -> bool:
    """Tell whether a month word is a month here ('may' needs 'in May', 'until May' or a year)."""
    if word not in w.CONTEXT_ONLY_MONTHS or has_year:
        return True
    lead = m["lead"].split()
    if lead:
        return word == "may" and lead[0] in w.LEAD_PREPOSITIONS
    return word == "may" and w.BOUND_WORD_BEFORE.search(m.string, 0, m.start()) is not None


def _month(m: re.Match[str], c: Context) -> Days | None:
    """Resolve a month name, with or without a year, to the whole month."""
    word, year = m["mo"], m["y"]
    if not _month_context_ok(m, word, bool(year)):
        return None
    first = nearest(int(year) if year else None, w.MONTH_WORDS[word], 1, c.today, next_month)
    return (first, next_month(first)) if first else None


def _year(m: re.Match[str], _c: Context) -> Days | None:
    """Resolve 'in 2027' to the whole year."""
    year = int(m["y"])
    return date(year, 1, 1), date(year + 1, 1, 1)


def _connector_ok(m: re.Match[str]) -> bool:
    """Tell whether a range connector is allowed ('and' needs 'between')."""
    return m["conn"].strip() not in w.CONNECTORS_NEEDING_START or bool(m["pre"])


def _date_range(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'from <date> to <date>'."""
    first, last = w.date_parts(m, "a"), w.date_parts(m, "b")
    if not _connector_ok(m) or first is None or last is None:
        return None
    return _pair(first, last, c.today, next_day)


def _day_first_range(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'between 3 and 10 March', the first day taking the second's month."""
    last = w.date_parts(m, "b")
    if not _connector_ok(m) or last is None:
        return None
    return _pair((None, last[1], int(m["d1"])), last, c.today, next_day)


def _month_first_range(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'March 3-10'."""
    if not _connector_ok(m):
        return None
    year = int(m["y2"]) if m["y2"] else None
    month = w.MONTH_WORDS[m["m1"]]
    return _pair((None, month, int(m["d1"])), (year, month, int(m["d2"])), c.today, next_day)


def _month_range(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'from March to May'."""
    first = (int(m["y1"]) if m["y1"] else None, w.MONTH_WORDS[m["m1"]], 1)
    last = (int(m["y2"]) if m["y2"] else None, w.MONTH_WORDS[m["m2"]], 1)
    return _pair(first, last, c.today, next_month)


def _holiday(m: re.Match[str], c: Context) -> Days | None:
    """Resolve a holiday to its span in the year given, or the nearest one not yet over."""
    span = HOLIDAY_SPANS[next(kind for kind in HOLIDAY_SPANS if m[kind])]
    if m["hy"]:
        year = int(m["hy"])
        return span(year) if 1900 <= year <= 2200 else None
    return next(days for y in range(c.today.year - 1, c.today.year + 2)
                if (days := span(y))[1] > c.today)  # fmt: skip


def _quarter(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'Q2', 'second quarter' (this year's unless over, then next year's) or 'Q2 2027'."""
    if m["qa"]:
        number = w.ARABIC_QUARTERS[m["qa"]]
    else:
        number = int(m["qn"]) if m["qn"] else w.QUARTER_ORDINALS[m["qo"]]
    if m["qy"]:
        year = int(m["qy"])
        return quarter_of(date(year, 3 * number, 1)) if 1900 <= year <= 2200 else None
    days = quarter_of(date(c.today.year, 3 * number, 1))
    return days if days[1] > c.today else quarter_of(date(c.today.year + 1, 3 * number, 1))


def _this_quarter(c: Context) -> Days:
    """Return today to the end of this quarter."""
    return c.today, quarter_of(c.today)[1]


def _next_quarter(c: Context) -> Days:
    """Return the quarter after this one."""
    end = quarter_of(c.today)[1]
    return quarter_of(end)


def _last_quarter(c: Context) -> Days:
    """Return the quarter before this one."""
    return quarter_of(quarter_of(c.today)[0] - ONE_DAY)


def _month_part_of(m: re.Match[str], first: date) -> tuple[date, date]:
    """Return days 1-10 (early), 11-20 (mid) or 21 to the end (late, end of) of first's month."""
    if m["early"]:
        return first, first + 10 * ONE_DAY
    if m["mid"]:
        return first + 10 * ONE_DAY, first + 20 * ONE_DAY
    return first + 20 * ONE_DAY, next_month(first)


def _month_part(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'early/mid/late March' in the year given, or the nearest one not yet over."""
    year = int(m["py"]) if m["py"] else None
    first = nearest(year, w.MONTH_WORDS[m["pmo"]], 1, c.today,
                    lambda day: _month_part_of(m, day)[1])  # fmt: skip
    return _month_part_of(m, first) if first else None


def _ahead(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'in 3 days' to that day, 'in two weeks' to the week holding today + 14 days (in
    the asker's locale), 'in two months' to the month and 'in a year' to the year it falls in."""
    if m["fortnight"]:
        count, unit = 2, "week"
    elif m["one"] or m["arone"]:
        count, unit = 1, w.ONE_UNIT[m["one"] or m["arone"]]
    elif m["dual"]:
        count, unit = 2, w.DUAL_UNIT[m["dual"]]
    else:
        count_text, unit = m["an"], w.UNITS[m["au"]]
        count = int(count_text) if count_text.isdigit() else w.NUMBER_WORDS[count_text]
        if unit == "day" and count_text in w.DAYS_MEANING_WEEKS:
            count, unit = w.DAYS_MEANING_WEEKS[count_text], "week"
    if not 0 < count <= 1000:
        return None
    target = add(c.today, count, unit)
    if unit == "day":
        return target, target + ONE_DAY
    if unit == "week":
        first = week_start(target, c.first_weekday)
        return first, first + WEEK
    if unit == "month":
        return target.replace(day=1), next_month(target)
    return date(target.year, 1, 1), date(target.year + 1, 1, 1)


def bounded(kind: str, days: Days, today: date, *, to_end: bool = False) -> Days | None:
    """Turn the period after 'before' (up to its start, or its end when to_end: 'before the end
    of February'), 'until' (up to its end), 'after' (from the day after) or 'from' (from its
    start) into a half-open span; a span before or until a day already past is none."""
    first, after = days
    if kind == "after":
        return (after, None) if after is not None else None
    if kind == "since":
        return (first, None) if first is not None else None
    end = after if kind == "until" or to_end else first
    return (today, end) if end is not None and today < end else None


def _bound_kind(m: re.Match[str]) -> str:
    """Return which bound word a match holds: before, until, after or since."""
    return next(kind for kind in ("before", "until", "after", "since") if m[kind])


def _end_bound(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'by the end of the year/month' and the like."""
    point = date(c.today.year + 1, 1, 1) if m["eoy"] else next_month(c.today)
    return bounded(_bound_kind(m), (point, point), c.today)


def _duration(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 'in the next 30 days' to today up to and including the last day."""
    count_text = next(v for k, v in m.groupdict().items() if k.startswith("n") and v)
    unit_text = next(v for k, v in m.groupdict().items() if k.startswith("u") and v)
    count = int(count_text) if count_text.isdigit() else w.NUMBER_WORDS[count_text]
    if not 0 < count <= 1000:
        return None
    return c.today, add(c.today, count, w.UNITS[unit_text]) + ONE_DAY


# The periods that need nothing but today, by name, with the kind of period that follows them (an
# offer: see following()); each language's phrases name one of them (here and in date_han).
PERIODS: dict[str, tuple[Callable[[Context], Days], str | None]] = {
    "today": (lambda c: (c.today, c.today + ONE_DAY), "day"),
    "tomorrow": (lambda c: (c.today + ONE_DAY, c.today + 2 * ONE_DAY), None),
    "day_after_tomorrow": (lambda c: (c.today + 2 * ONE_DAY, c.today + 3 * ONE_DAY), None),
    "yesterday": (lambda c: (c.today - ONE_DAY, c.today), None),
    "this_week": (_this_week, "week"),
    "next_week": (lambda c: _week(c, 1), None),
    "week_after_next": (lambda c: _week(c, 2), None),
    "last_week": (lambda c: _week(c, -1), None),
    "this_weekend": (_this_weekend, "weekend"),
    "next_weekend": (_next_weekend, None),
    "this_month": (lambda c: (c.today, next_month(c.today)), "month"),
    "next_month": (lambda c: (next_month(c.today), next_month(next_month(c.today))), None),
    "last_month": (lambda c: ((c.today.replace(day=1) - ONE_DAY).replace(day=1),
                              c.today.replace(day=1)), None),  # fmt: skip
    "this_quarter": (_this_quarter, None),
    "next_quarter": (_next_quarter, None),
    "last_quarter": (_last_quarter, None),
    "this_year": (lambda c: (c.today, date(c.today.year + 1, 1, 1)), "year"),
    "next_year": (lambda c: (date(c.today.year + 1, 1, 1), date(c.today.year + 2, 1, 1)), None),
    "last_year": (lambda c: (date(c.today.year - 1, 1, 1), date(c.today.year, 1, 1)), None),
    "until_end_of_year": (lambda c: (c.today, date(c.today.year + 1, 1, 1)), None),
    "until_end_of_month": (lambda c: (c.today, next_month(c.today)), None),
}


def period_rule(source: str, name: str, gate: str | None = None) -> Rule:
    """The rule of a phrase naming one of PERIODS."""
    resolve, offer = PERIODS[name]
    return Rule(source, _fixed(resolve), gate=gate, offer=offer)


def _build_rules() -> tuple[Rule, ...]:
    """Compile every phrase pattern with the resolver of its period."""
    fixed: list[tuple[str, str]] = [
        (w.TODAY, "today"), (w.TOMORROW, "tomorrow"), (w.DAY_AFTER_TOMORROW, "day_after_tomorrow"),
        (w.YESTERDAY, "yesterday"), (w.THIS_WEEK, "this_week"), (w.NEXT_WEEK, "next_week"),
        (w.WEEK_AFTER_NEXT, "week_after_next"), (w.LAST_WEEK, "last_week"),
        (w.THIS_WEEKEND, "this_weekend"), (w.NEXT_WEEKEND, "next_weekend"),
        (w.THIS_MONTH, "this_month"), (w.NEXT_MONTH, "next_month"), (w.LAST_MONTH, "last_month"),
        (w.THIS_QUARTER, "this_quarter"), (w.NEXT_QUARTER, "next_quarter"),
        (w.LAST_QUARTER, "last_quarter"), (w.THIS_YEAR, "this_year"), (w.NEXT_YEAR, "next_year"),
        (w.LAST_YEAR, "last_year"),
    ]
    fixed_gates = dict.fromkeys((w.THIS_QUARTER, w.NEXT_QUARTER, w.LAST_QUARTER), w.QUARTER_GATE)
    fixed_gates[w.WEEK_AFTER_NEXT] = w.WEEK_AFTER_NEXT_GATE
    # gates: a range holds a connector ('-', 'to', 'au', ...); an end bound starts with its word
    ranges = w.CONNECTOR
    bounds = f"(?:{w.BEFORE})|(?:{w.UNTIL})|(?:{w.AFTER})|(?:{w.SINCE})"
    # a weekday phrase holds a weekday's name, a date a month's name or a digit and its separator
    # (iso, numeric), a duration a unit, a year four digits: the words' own lists, so a language
    # added to them is added to the gates
    weekday, date_gate = f"(?:{w.WEEKDAY})", rf"(?:{w.MONTH})|\d[-/.]"
    others: list[tuple[str, Resolver, bool, str | None]] = [
        (w.NEXT_WEEKDAY, _weekday("next"), False, weekday),
        (w.WEEKDAY_NEXT_WEEK, _weekday("nextweek"), False, weekday),
        (w.LAST_WEEKDAY, _weekday("last"), False, weekday),
        (w.THIS_WEEKDAY, _weekday("this"), True, weekday),
        (w.date_re("a"), _explicit_date, False, date_gate),
        (w.MONTH_NAME, _month, False, f"(?:{w.MONTH})"),
        (w.MONTH_PART, _month_part, False, w.MONTH_PART_GATE),
        (w.HOLIDAY, _holiday, False, w.HOLIDAY_GATE),
        (w.QUARTER, _quarter, False, w.QUARTER_GATE),
        (w.YEAR_NUMBER, _year, False, r"\d{4}"),
        (w.RANGE_DATES, _date_range, False, ranges),
        (w.RANGE_DAY_FIRST, _day_first_range, False, ranges),
        (w.RANGE_MONTH_FIRST, _month_first_range, False, ranges),
        (w.RANGE_MONTHS, _month_range, False, ranges),
        (w.BOUND, _end_bound, False, bounds),
        (w.DURATION, _duration, False, f"(?:{w.UNIT})"),
        (w.AHEAD, _ahead, False, w.AHEAD_GATE),
    ]
    rules = [  # a fixed phrase is its own gate: its core alone compiles in a third of the time
        period_rule(_wrap(core), name, fixed_gates.get(core, core)) for core, name in fixed
    ]
    rules += [Rule(_wrap(core), resolve, weekly, gate) for core, resolve, weekly, gate in others]
    return tuple(rules)


def _wrap(core: str) -> str:
    """Return a phrase pattern with its leading words and word boundaries."""
    return rf"(?<!\w)(?P<lead>{w.LEAD})(?:{core})(?![\w'])"


RULES = _build_rules()


def best(folded: str, rules: Sequence[Rule], c: Context) -> Found | None:
    """Return the leftmost, then longest, phrase that resolves to a period: one rule's phrase, or
    a bound word ('before', « après », "hasta"...) followed by one (an open range)."""
    found: Found | None = None
    gates: dict[str, bool] = {}
    for rule in rules:
        if not rule.may_match(folded, gates):
            continue
        for m in rule.pattern.finditer(folded):
            if found is not None and m.start() > found.start:
                break
            days = rule.resolve(m, c)
            if days is None:
                continue
            candidate = Found(m.start(), m.end(), days, rule)
            if found is None or (candidate.start, -candidate.end) < (found.start, -found.end):
                found = candidate
            break
    for bound in w.BOUND_WORD.finditer(folded):
        if found is not None and bound.start() > found.start:
            break
        bounded_found = _bounded_at(folded, bound, rules, c, gates)
        if bounded_found is not None and (
            found is None or (bounded_found.start, -bounded_found.end) < (found.start, -found.end)
        ):
            found = bounded_found
    return found


def _bounded_at(
    folded: str, bound: re.Match[str], rules: Sequence[Rule], c: Context, gates: dict[str, bool]
) -> Found | None:
    """Return the open range of a bound word and the longest phrase right after it."""
    longest: tuple[re.Match[str], Days] | None = None
    for rule in rules:
        if not rule.may_match(folded, gates):
            continue
        m = rule.pattern.match(folded, bound.end())
        if m is None or (longest is not None and m.end() <= longest[0].end()):
            continue
        days = rule.resolve(m, c)
        if days is not None and days[0] is not None and days[1] is not None:
            longest = m, days
    if longest is None:
        return None
    m, days = longest
    span = bounded(_bound_kind(bound), days, c.today, to_end=bool(m.groupdict().get("endof")))
    return Found(bound.start(), m.end(), span, None) if span is not None else None
