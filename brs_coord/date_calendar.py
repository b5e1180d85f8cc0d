"""Calendar arithmetic of date phrases, in local days: months, weeks in a locale, quarters, Easter
and the spans of the holidays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
WEEK = timedelta(days=7)

Days = tuple[date | None, date | None]


@dataclass(frozen=True)
class Context:
    """What a phrase is read against: the asker's local date and the first day of their week."""

    today: date
    first_weekday: int = 0  # 0 = Monday (date_words.FIRST_WEEKDAY)


def valid(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist or lies outside 1900-2200."""
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def next_month(day: date) -> date:
    """Return the first day of the month after day's month."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def add(day: date, count: int, unit: str) -> date:
    """Return day moved on by count units of day, week, month or year."""
    if unit in ("day", "week"):
        return day + timedelta(days=count * (7 if unit == "week" else 1))
    months = day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    last = (next_month(date(year, month, 1)) - ONE_DAY).day
    return date(year, month, min(day.day, last))


def nearest(
    year: int | None, month: int, day: int, today: date, end_of: Callable[[date], date]
) -> date | None:
    """Return the given date, or without a year the nearest one whose period has not ended."""
    if year is not None:
        return valid(year, month, day)
    for candidate_year in range(today.year, today.year + 9):
        candidate = valid(candidate_year, month, day)
        if candidate is not None and end_of(candidate) > today:
            return candidate
    return None


def next_day(day: date) -> date:
    """Return the day after day."""
    return day + ONE_DAY


def week_start(day: date, first_weekday: int = 0) -> date:
    """Return the first day of day's week, weeks starting on first_weekday (0 = Monday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def quarter_of(day: date) -> tuple[date, date]:
    """Return the quarter (three months from January, April, July or October) holding day."""
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return first, next_month(next_month(next_month(first)))


def following(kind: str, days: Days) -> Days:
    """Return the period of this kind ('day', 'week', 'weekend', 'month', 'year') that follows
    days, the period offered when what is left of days is too short."""
    end = days[1]
    assert end is not None
    if kind == "day":
        return end, end + ONE_DAY
    if kind == "week":
        return end, end + WEEK
    if kind == "weekend":  # this weekend ends on a Monday
        return end + timedelta(days=5), end + WEEK
    if kind == "month":
        return end, next_month(end)
    return end, date(end.year + 1, 1, 1)


def easter(year: int) -> date:
    """Return Easter Sunday of a Gregorian year (the anonymous computus of Meeus, Jones and
    Butcher: the first Sunday after the ecclesiastical full moon on or after 21 March)."""
    golden = year % 19
    century, of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    lunar_correction = (century + 8) // 25
    solar_correction = (century - lunar_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - solar_correction + 15) % 30
    leap_years, year_rest = divmod(of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


# The days each holiday word stands for, first day and the day after the last:
# - Easter (« Pâques », "Pascua", "Easter weekend"): Good Friday to Easter Monday, the four days
#   of the holiday in the countries of the Secretariat's offices;
# - "Easter week", "Holy Week", « semaine sainte », "Semana Santa": the Monday before Easter to
#   Easter Monday, the week people mean and the holiday Monday after it;
# - Christmas (« Noël », "Navidad", "Christmas holidays"): 24 to 26 December;
#   "Christmas Eve"/« veille de Noël »/"Nochebuena" 24 December, "Christmas Day" 25 December;
# - "New Year" (« Nouvel An », "Año Nuevo"): 1 January; "New Year's Eve"/« Saint-Sylvestre »/
#   "Nochevieja": 31 December.
# "before X" ends where the span starts, "after X" starts the day after it ends.
HOLIDAY_SPANS: dict[str, Callable[[int], tuple[date, date]]] = {
    "easter": lambda y: (easter(y) - 2 * ONE_DAY, easter(y) + 2 * ONE_DAY),
    "easterweek": lambda y: (easter(y) - 6 * ONE_DAY, easter(y) + 2 * ONE_DAY),
    "xmas": lambda y: (date(y, 12, 24), date(y, 12, 27)),
    "xmaseve": lambda y: (date(y, 12, 24), date(y, 12, 25)),
    "xmasday": lambda y: (date(y, 12, 25), date(y, 12, 26)),
    "nye": lambda y: (date(y, 12, 31), date(y + 1, 1, 1)),
    "newyear": lambda y: (date(y, 1, 1), date(y, 1, 2)),
}
