"""Series rules typed as staff say them (issue 19), in English, French and Spanish, read into the
dates of every session: "every Tuesday 14:00 Geneva for 6 weeks", "first Thursday of each month
until June", « tous les mardis à 10h pendant 4 semaines », «el primer jueves de cada mes hasta
junio», or a list of dates ("12 January, 19 January and 2 February 14:00").

The words are date_words' (month and weekday names, numbers, times, zones, "until", "from"); no I/O.
Sessions keep their wall-clock time in the series' zone across daylight-saving changes (a time the
clocks skip that day is refused, naming the day). A phrase that is not understood is refused with
a message naming the words that were not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import date_words as w
from .date_calendar import next_month, valid
from .dates import clock_of
from .errors import InvalidInput
from .folding import fold
from .wall_times import normalised, wall_time_problem
from .zones import is_valid_timezone

MAX_SESSIONS = 60
_EVERY = r"every|each|tous\s+les|toutes\s+les|chaque|todos\s+los|todas\s+las|cada"
_ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": -1, "premier": 1, "1er": 1, "deuxieme": 2, "2e": 2, "troisieme": 3, "3e": 3,
    "quatrieme": 4, "4e": 4, "dernier": -1, "primer": 1, "primero": 1, "segundo": 2, "tercer": 3,
    "tercero": 3, "cuarto": 4, "ultimo": -1,
}  # fmt: skip
_OF_MONTH = (
    r"(?:of\s+(?:each|every|the)\s+month|de\s+chaque\s+mois|du\s+mois|de\s+cada\s+mes|del\s+mes)"
)
_WEEKDAY = rf"(?P<wd>{w.WEEKDAY})s?"
_ONE_DAY = rf"(?:{w.WEEKDAY})s?"
_DAY_GLUE = r"\s*(?:,|&|\band\b|\bet\b|\by\b)\s*(?:(?:le|les|el|los|on)\s+)?"
_OTHER = r"other|alternate|second|autre"
# "every Tuesday", "every other Wednesday", "every Monday, Wednesday and Friday", « tous les mardis
# et jeudis », "todos los martes y jueves", « un mardi sur deux »
WEEKLY = re.compile(
    rf"(?<!\w)(?:(?:{_EVERY})\s+(?:(?P<other>{_OTHER})\s+)?(?P<days>{_ONE_DAY}(?:{_DAY_GLUE}{_ONE_DAY})*)"
    rf"|un\s+(?P<one_of_two>{_ONE_DAY})\s+sur\s+deux)(?!\w)"
)
# The weekdays after a fortnightly phrase: "every two weeks on Thursday", « toutes les deux
# semaines le mardi », "cada dos semanas los martes"
ON_DAYS = re.compile(
    rf"(?<!\w)(?:on|le|les|el|los)\s+(?P<days>{_ONE_DAY}(?:{_DAY_GLUE}{_ONE_DAY})*)(?!\w)"
)
EVERY_N_WEEKS = re.compile(
    rf"(?<!\w)(?:(?:every|toutes\s+les|cada)\s+(?P<n>{w.NUMBER})\s+(?:weeks|semaines|semanas)"
    r"|(?P<two>fortnightly|biweekly|bi-weekly|every\s+other\s+week|tous\s+les\s+quinze\s+jours"
    r"|cada\s+quince\s+dias)"
    r"|(?P<one>weekly|every\s+week|each\s+week|chaque\s+semaine|toutes\s+les\s+semaines|cada\s+semana"
    r"|semanalmente))(?!\w)"
)
_DAY_NAME = re.compile(rf"{w.WEEKDAY}")
# Every working day, or every day: "every weekday", "Monday to Friday", « du lundi au vendredi »,
# "de lunes a viernes"; "daily", « tous les jours », "todos los dias"
WORKING_DAYS = re.compile(
    r"(?<!\w)(?:(?:every|each)\s+weekday|(?:on\s+)?weekdays|(?:from\s+)?monday\s+to\s+friday"
    r"|du\s+lundi\s+au\s+vendredi|(?:de\s+)?lunes\s+a\s+viernes|(?:tous\s+les|chaque)\s+jours?\s+ouvrables?"
    r"|(?:todos\s+los|cada)\s+dias?\s+(?:laborables?|habiles?))(?!\w)"
)
EVERY_DAY = re.compile(
    r"(?<!\w)(?:daily|every\s+day|each\s+day|tous\s+les\s+jours|chaque\s+jour|todos\s+los\s+dias"
    r"|cada\s+dia)(?!\w)"
)
MONTHLY = re.compile(
    rf"(?<!\w)(?:(?:{_EVERY})\s+)?{w.ARTICLE}(?P<nth>{w.alternation(_ORDINALS)})\s+{_WEEKDAY}\s+{_OF_MONTH}"
)
_COUNT_UNITS: dict[str, str] = {
    "weeks": "week", "week": "week", "semaines": "week", "semaine": "week", "semanas": "week",
    "semana": "week", "months": "month", "month": "month", "mois": "month", "meses": "month",
    "mes": "month", "sessions": "session", "session": "session", "seances": "session",
    "seance": "session", "sesiones": "session", "sesion": "session", "times": "session",
    "fois": "session", "veces": "session", "modules": "session", "modulos": "session",
    "days": "day", "day": "day", "jours": "day", "jour": "day", "dias": "day", "dia": "day",
}  # fmt: skip
COUNT = re.compile(
    rf"(?<!\w)(?:for|pendant|durant|durante|over)\s+(?P<n>{w.NUMBER})\s+(?P<u>{w.alternation(_COUNT_UNITS)})(?!\w)"
)
UNTIL = re.compile(
    rf"(?<!\w)(?:{w.UNTIL})\s+{w.ARTICLE}(?:(?P<date>{w.date_re('u')})|(?P<month>{w.MONTH_FULL})"
    rf"(?:\s+(?P<year>(?:19|20|21)\d\d))?)(?!\w)"
)
SINCE = re.compile(rf"(?<!\w)(?:{w.SINCE})\s+{w.ARTICLE}{w.date_re('s')}")
ONE_DATE = re.compile(w.date_re("l"))
_LIST_GLUE = re.compile(r"^(?:[\s,;.]|and|et|y|on|le|el|the|les|los|de|at|a|las|h)*$")
_FILLER = frozenset({*w.FILLER_WORDS, "and", "et", "y", "in", "starting", "from", "les", "los", "of", "time",
                     "heure", "hora"})
_SPLIT = re.compile(r"\w+(?:['/+-]\w+)*")


@dataclass(frozen=True)
class SeriesPlan:
    """The sessions of a rule: their local dates, the time of day, the end time when given, the zone."""

    days: tuple[date, ...]
    clock: time
    zone: str
    end_clock: time | None = None
    clock_given: bool = True  # False: the phrase named no time, the sessions are at the default one

    def starts(self) -> tuple[datetime, ...]:
        """Each session's start: the same wall-clock time in the zone on every day (DST or not)."""
        tz = ZoneInfo(self.zone)
        return tuple(normalised(datetime.combine(day, self.clock), tz) for day in self.days)


class RuleNotUnderstood(InvalidInput):
    """A series rule that could not be read; the message says what was not understood."""


def _refuse(message: str) -> RuleNotUnderstood:
    return RuleNotUnderstood(message, "rule")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else w.NUMBER_WORDS[text]


def _zone(folded: str, default: str, places: Mapping[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """The zone the phrase names (an IANA name, an abbreviation, a place), else ``default``."""
    for m in w.ZONE_NAME.finditer(folded):
        if m["abbr"]:
            return w.ZONE_ABBREVIATIONS[m["abbr"]], [m.span()]
        name = next((z for z in _all_zones() if z.lower() == m["iana"]), None)
        if name is not None:
            return name, [m.span()]
        raise _refuse(f"Unknown time zone {m['iana']!r} (use an IANA name such as Europe/Zurich)")
    for word in _SPLIT.finditer(folded):
        zone = places.get(word.group())
        if zone is not None:
            return zone, [word.span()]
    return default, []


def _all_zones() -> frozenset[str]:
    from .zones import known_zones

    return known_zones()


def _times(folded: str) -> tuple[list[time], list[tuple[int, int]]]:
    found: list[time] = []
    spans: list[tuple[int, int]] = []
    for m in w.TIME.finditer(folded):
        clock = clock_of(m)
        if clock is not None:
            found.append(clock)
            spans.append(m.span())
    return found, spans


def _date_of(m: re.Match[str], p: str, after: date) -> date | None:
    parts = w.date_parts(m, p)
    if parts is None:
        return None
    year, month, day = parts
    if year is not None:
        return valid(year, month, day)
    for candidate_year in (after.year, after.year + 1):
        found = valid(candidate_year, month, day)
        if found is not None and found >= after:
            return found
    return None


def _nth_weekday(first_of_month: date, weekday: int, nth: int) -> date | None:
    if nth > 0:
        day = first_of_month + timedelta(days=(weekday - first_of_month.weekday()) % 7 + 7 * (nth - 1))
        return day if day.month == first_of_month.month else None
    last = next_month(first_of_month) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _unread(folded: str, spans: list[tuple[int, int]]) -> list[str]:
    """The words outside every understood span that are not filler."""
    covered = [False] * len(folded)
    for start, end in spans:
        for i in range(start, end):
            covered[i] = True
    return [m.group() for m in _SPLIT.finditer(folded)
            if not all(covered[m.start():m.end()]) and m.group() not in _FILLER]


def read_rule(
    text: str, *, today: date, zone: str, places: Mapping[str, str] | None = None,
    limit: int = MAX_SESSIONS, default_clock: time | None = None,
) -> SeriesPlan:
    """The sessions ``text`` describes, from the day after ``today`` (or its "from ..." date) in
    ``zone`` (or the zone it names; ``places``: folded place names -> zones, e.g. "geneva").
    ``default_clock``: the time of sessions when the phrase gives none. Raises RuleNotUnderstood
    naming what was not understood."""
    if not is_valid_timezone(zone):
        raise _refuse(f"Unknown time zone {zone!r} (use an IANA name such as Europe/Zurich)")
    folded = fold(text.replace("\u2019", "'")).strip()
    if not folded:
        raise _refuse("The rule is empty; say it as 'every Tuesday 14:00 for 6 weeks' or list the dates")
    series_zone, spans = _zone(folded, zone, places or {})
    clocks, time_spans = _times(folded)
    spans += time_spans
    clock_given = bool(clocks)
    if not clocks and default_clock is not None:
        clocks = [default_clock]
    if not clocks:
        raise _refuse("No time of day in the rule: add one, such as 14:00 (« à 10h », «a las 10:00»)")
    start = today + timedelta(days=1)
    since = SINCE.search(folded)
    if since is not None:
        first = _date_of(since, "s", today)
        if first is None:
            raise _refuse(f"Not a date: {since.group()!r}")
        start, spans = first, spans + [since.span()]
    monthly = MONTHLY.search(folded)
    weekly = _weekly(folded) if monthly is None else None
    if monthly is not None or weekly is not None:
        days = _recurring(folded, monthly, weekly, start, today, spans, limit)
    else:
        days = _listed(folded, today, spans)
    unread = _unread(folded, spans)
    if unread:
        raise _refuse("Not understood in the rule: " + ", ".join(repr(word) for word in unread))
    _check_wall_times(days, clocks[0], series_zone)
    end_clock = clocks[1] if len(clocks) > 1 else None
    return SeriesPlan(tuple(days), clocks[0], series_zone, end_clock, clock_given)


@dataclass(frozen=True)
class _Weekly:
    """The weekdays of a weekly rule (0 = Monday), every ``interval`` weeks; ``spans`` read."""

    weekdays: tuple[int, ...]
    interval: int
    spans: tuple[tuple[int, int], ...]


def _weekly(folded: str) -> _Weekly | None:
    """The weekly part of a rule: "every Tuesday", "every other Wednesday", "every Monday and
    Thursday", "every two weeks on Friday", « un mardi sur deux », "cada dos semanas los martes"."""
    every_days: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = (
        (WORKING_DAYS, (0, 1, 2, 3, 4)), (EVERY_DAY, (0, 1, 2, 3, 4, 5, 6)))
    for every, days in every_days:
        if (found := every.search(folded)) is not None:
            return _Weekly(days, 1, (found.span(),))
    every_n = EVERY_N_WEEKS.search(folded)
    weekly = WEEKLY.search(folded)
    if weekly is None and every_n is not None:
        weekly = ON_DAYS.search(folded, every_n.end())
    if weekly is None:
        return None
    interval = 1
    if every_n is not None:
        interval = 2 if every_n["two"] else 1 if every_n["one"] else _number(every_n["n"])
        if not 1 <= interval <= 26:
            raise _refuse(f"Every {interval} weeks is not a series rule (say every 1 to 26 weeks)")
    named = weekly.groupdict().get("days") or weekly.groupdict().get("one_of_two") or ""
    if weekly.groupdict().get("other") or weekly.groupdict().get("one_of_two"):
        interval = 2
    weekdays = tuple(sorted({w.WEEKDAYS[m.group()] for m in _DAY_NAME.finditer(named)}))
    spans = (weekly.span(),) + ((every_n.span(),) if every_n is not None else ())
    return _Weekly(weekdays, interval, spans)


def _recurring(
    folded: str, monthly: re.Match[str] | None, weekly: _Weekly | None, start: date,
    today: date, spans: list[tuple[int, int]], limit: int,
) -> list[date]:
    count, until = COUNT.search(folded), UNTIL.search(folded)
    if count is None and until is None:
        raise _refuse("Say how long the series runs: 'for 6 weeks', 'until June' "
                      "(« pendant 4 semaines », «hasta junio»)")
    last: date | None = None
    sessions: int | None = None
    if count is not None:
        spans.append(count.span())
        n, unit = _number(count["n"]), _COUNT_UNITS[count["u"]]
        if n < 1:
            raise _refuse(f"A series has at least one session (not {count.group()!r})")
        if unit == "session":
            sessions = n
        elif unit == "week":
            last = start + timedelta(weeks=n) - timedelta(days=1)
        elif unit == "day":
            last = start + timedelta(days=n) - timedelta(days=1)
        else:
            end = start
            for _ in range(n):
                end = next_month(end.replace(day=1))
            last = end - timedelta(days=1) if monthly is None else end - timedelta(days=1)
    if until is not None:
        spans.append(until.span())
        last = _until(until, start, today)
    if monthly is not None:
        spans.append(monthly.span())
        weekday, nth = w.WEEKDAYS[monthly["wd"]], _ORDINALS[monthly["nth"]]
        days = _monthly(start, weekday, nth, last, sessions, limit)
    else:
        assert weekly is not None
        spans.extend(weekly.spans)
        days = _weekly_days(start, weekly, last, sessions, limit)
    if not days:
        raise _refuse("The rule gives no session before its end; check 'until'")
    return days


def _weekly_days(start: date, weekly: _Weekly, last: date | None, sessions: int | None,
                 limit: int) -> list[date]:
    """The days of a weekly rule from ``start``: its weekdays in the week of the first of them,
    then every ``interval`` weeks after."""
    first = min(start + timedelta(days=(weekday - start.weekday()) % 7) for weekday in weekly.weekdays)
    monday = first - timedelta(days=first.weekday())
    days: list[date] = []
    while sessions is None or len(days) < sessions:
        for weekday in weekly.weekdays:
            day = monday + timedelta(days=weekday)
            if day < start:
                continue
            if (last is not None and day > last) or (sessions is not None and len(days) == sessions):
                return days
            days.append(day)
            if len(days) > limit:
                raise _refuse(f"The rule gives more than {limit} sessions; shorten it")
        monday += timedelta(weeks=weekly.interval)
    return days


def _until(m: re.Match[str], start: date, today: date) -> date:
    if m["date"]:
        found = _date_of(m, "u", today)
        if found is None:
            raise _refuse(f"Not a date: {m['date']!r}")
        return found
    month = w.MONTHS[m["month"]]
    year = int(m["year"]) if m["year"] else (start.year if month >= start.month else start.year + 1)
    return next_month(date(year, month, 1)) - timedelta(days=1)  # "until June": June included


def _monthly(start: date, weekday: int, nth: int, last: date | None, sessions: int | None,
             limit: int) -> list[date]:
    days: list[date] = []
    month = start.replace(day=1)
    while sessions is None or len(days) < sessions:
        day = _nth_weekday(month, weekday, nth)
        if last is not None and month > last:
            break
        if day is not None and day >= start and (last is None or day <= last):
            days.append(day)
            if len(days) > limit:
                raise _refuse(f"The rule gives more than {limit} sessions; shorten it")
        month = next_month(month)
    return days


def _listed(folded: str, today: date, spans: list[tuple[int, int]]) -> list[date]:
    """A list of dates: "12 January, 19 January and 2 February 2027"."""
    days: list[date] = []
    for m in ONE_DATE.finditer(folded):
        day = _date_of(m, "l", today + timedelta(days=1))
        if day is None:
            raise _refuse(f"Not a date: {m.group()!r}")
        days.append(day)
        spans.append(m.span())
    if not days:
        unread = _unread(folded, spans)
        named = f"{', '.join(repr(word) for word in unread)} not understood; " if unread else ""
        raise _refuse(
            f"Not a rule ({named}say 'every Tuesday 14:00 for 6 weeks', 'first Thursday of each month until "
            "June' (« tous les mardis à 10h pendant 4 semaines », «el primer jueves de cada mes hasta "
            "junio») or list the dates)")
    if len(set(days)) != len(days):
        raise _refuse("A date is listed twice")
    return sorted(days)


def _check_wall_times(days: list[date], clock: time, zone: str) -> None:
    for day in days:
        problem = wall_time_problem(datetime.combine(day, clock), zone, 0)
        if problem is not None:
            raise _refuse(f"{day.isoformat()}: {problem}")
