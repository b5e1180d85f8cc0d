"""Unit tests of the date rules: Easter, holidays, quarters, parts of months, open ranges, counted
weeks, the week's first day and the offer of the following period."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from dateutil.easter import easter as dateutil_easter

from brs_coord import date_words
from brs_coord.date_calendar import Context, easter, week_start
from brs_coord.date_rules import RULES, best
from brs_coord.dates import find_period
from brs_coord.languages import CODES

PARIS = "Europe/Paris"
SAT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)

# Easter Sunday from published tables (the extremes 22 March and 25 April included).
KNOWN_EASTERS = {
    1818: (3, 22), 1900: (4, 15), 1943: (4, 25), 1961: (4, 2), 2000: (4, 23), 2001: (4, 15),
    2002: (3, 31), 2003: (4, 20), 2004: (4, 11), 2005: (3, 27), 2006: (4, 16), 2007: (4, 8),
    2008: (3, 23), 2009: (4, 12), 2010: (4, 4), 2011: (4, 24), 2012: (4, 8), 2013: (3, 31),
    2014: (4, 20), 2015: (4, 5), 2016: (3, 27), 2017: (4, 16), 2018: (4, 1), 2019: (4, 21),
    2020: (4, 12), 2021: (4, 4), 2022: (4, 17), 2023: (4, 9), 2024: (3, 31), 2025: (4, 20),
    2026: (4, 5), 2027: (3, 28), 2028: (4, 16), 2029: (4, 1), 2030: (4, 21), 2031: (4, 13),
    2032: (3, 28), 2033: (4, 17), 2034: (4, 9), 2035: (3, 25), 2036: (4, 13), 2037: (4, 5),
    2038: (4, 25), 2039: (4, 10), 2040: (4, 1), 2100: (3, 28), 2285: (3, 22),
}  # fmt: skip


def _days(question: str, now: datetime = SAT, tz: str = PARIS, lang: str = "en") -> tuple[
    date | None, date | None
]:  # fmt: skip
    """The local first day and the day after the last of the period read in a question."""
    found = find_period(question, now=now, tz=tz, languages=(lang,))
    assert found is not None, question
    zone = ZoneInfo(tz)
    start, end = found.range.start, found.range.end
    return (start.astimezone(zone).date() if start else None,
            end.astimezone(zone).date() if end else None)  # fmt: skip


@pytest.mark.parametrize(("year", "month_day"), sorted(KNOWN_EASTERS.items()))
def test_easter_matches_the_published_dates(year: int, month_day: tuple[int, int]) -> None:
    assert easter(year) == date(year, *month_day)


def test_easter_agrees_with_dateutil_for_every_year_read() -> None:
    """The computus against an independent implementation, every year from 1900 to 2200."""
    assert [easter(y) for y in range(1900, 2201)] == [dateutil_easter(y) for y in range(1900, 2201)]


@pytest.mark.parametrize(
    ("question", "now", "first", "after_last"),
    [
        ("Easter", SAT, date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday to Easter Monday
        ("Easter", datetime(2027, 3, 29, 12, tzinfo=UTC), date(2027, 3, 26), date(2027, 3, 30)),
        ("Easter", datetime(2027, 3, 30, 12, tzinfo=UTC), date(2028, 4, 14), date(2028, 4, 18)),
        ("Easter 2028", SAT, date(2028, 4, 14), date(2028, 4, 18)),
        ("holy week", SAT, date(2027, 3, 22), date(2027, 3, 30)),
        ("semaine sainte", SAT, date(2027, 3, 22), date(2027, 3, 30)),
        ("Christmas Eve", SAT, date(2026, 12, 24), date(2026, 12, 25)),
        ("jour de Noël", SAT, date(2026, 12, 25), date(2026, 12, 26)),
        ("Nochebuena", SAT, date(2026, 12, 24), date(2026, 12, 25)),
        ("Christmas 2027", SAT, date(2027, 12, 24), date(2027, 12, 27)),
        ("la Saint-Sylvestre", SAT, date(2026, 12, 31), date(2027, 1, 1)),
        ("Nochevieja", SAT, date(2026, 12, 31), date(2027, 1, 1)),
        ("Nouvel An", SAT, date(2027, 1, 1), date(2027, 1, 2)),
        ("Año Nuevo", datetime(2027, 1, 1, 9, tzinfo=UTC), date(2027, 1, 1), date(2027, 1, 2)),
        ("vacaciones de Navidad", SAT, date(2026, 12, 24), date(2026, 12, 27)),
    ],
)  # fmt: skip
def test_holiday_spans(question: str, now: datetime, first: date, after_last: date) -> None:
    assert _days(question, now) == (first, after_last)


@pytest.mark.parametrize(
    ("question", "now", "first", "after_last"),
    [
        ("Q1", SAT, date(2027, 1, 1), date(2027, 4, 1)),  # over this year: next year's
        ("Q3", SAT, date(2027, 7, 1), date(2027, 10, 1)),
        ("Q4", SAT, date(2026, 10, 1), date(2027, 1, 1)),  # not over: this year's
        ("Q4", datetime(2027, 1, 1, 12, tzinfo=UTC), date(2027, 10, 1), date(2028, 1, 1)),
        ("Q1", datetime(2027, 3, 31, 12, tzinfo=UTC), date(2027, 1, 1), date(2027, 4, 1)),
        ("Q1", datetime(2027, 4, 1, 12, tzinfo=UTC), date(2028, 1, 1), date(2028, 4, 1)),
        ("Q2 2026", SAT, date(2026, 4, 1), date(2026, 7, 1)),
        ("the third quarter of 2027", SAT, date(2027, 7, 1), date(2027, 10, 1)),
        ("le 4e trimestre", SAT, date(2026, 10, 1), date(2027, 1, 1)),
        ("el tercer trimestre de 2027", SAT, date(2027, 7, 1), date(2027, 10, 1)),
        ("next quarter", datetime(2026, 12, 31, 12, tzinfo=UTC), date(2027, 1, 1), date(2027, 4, 1)),
        ("last quarter", SAT, date(2026, 7, 1), date(2026, 10, 1)),
        ("este trimestre", SAT, date(2026, 11, 21), date(2027, 1, 1)),
    ],
)  # fmt: skip
def test_quarters_roll_over(question: str, now: datetime, first: date, after_last: date) -> None:
    assert _days(question, now) == (first, after_last)


@pytest.mark.parametrize(
    ("question", "first", "after_last"),
    [
        ("early February 2028", date(2028, 2, 1), date(2028, 2, 11)),
        ("mid-February 2028", date(2028, 2, 11), date(2028, 2, 21)),
        ("late February 2028", date(2028, 2, 21), date(2028, 3, 1)),  # 29 February included
        ("fin février 2028", date(2028, 2, 21), date(2028, 3, 1)),
        ("a finales de febrero de 2028", date(2028, 2, 21), date(2028, 3, 1)),
        ("late February 2027", date(2027, 2, 21), date(2027, 3, 1)),
        ("début d'avril", date(2027, 4, 1), date(2027, 4, 11)),
        ("au milieu du mois de mai", date(2027, 5, 11), date(2027, 5, 21)),
        ("the beginning of June", date(2027, 6, 1), date(2027, 6, 11)),
        ("late November", date(2026, 11, 21), date(2026, 12, 1)),  # not over yet
        ("mid November", date(2027, 11, 11), date(2027, 11, 21)),  # over: next year's
    ],
)  # fmt: skip
def test_parts_of_months(question: str, first: date, after_last: date) -> None:
    assert _days(question) == (first, after_last)


@pytest.mark.parametrize(
    ("question", "first", "after_last"),
    [
        ("before Easter", date(2026, 11, 21), date(2027, 3, 26)),
        ("until Easter", date(2026, 11, 21), date(2027, 3, 30)),
        ("after Easter", date(2027, 3, 30), None),
        ("from Easter", date(2027, 3, 26), None),
        ("after Christmas", date(2026, 12, 27), None),  # the day after the Christmas days
        ("until March", date(2026, 11, 21), date(2027, 4, 1)),  # March included
        ("before March", date(2026, 11, 21), date(2027, 3, 1)),
        ("from March", date(2027, 3, 1), None),
        ("avant fin février", date(2026, 11, 21), date(2027, 3, 1)),  # not "February only"
        ("before the end of March", date(2026, 11, 21), date(2027, 4, 1)),
        ("before late March", date(2026, 11, 21), date(2027, 3, 21)),
        ("after mid-March", date(2027, 3, 21), None),
        ("until Q1", date(2026, 11, 21), date(2027, 4, 1)),
        ("after next week", date(2026, 11, 30), None),
        ("antes del 3 de marzo", date(2026, 11, 21), date(2027, 3, 3)),
        ("desde Navidad", date(2026, 12, 24), None),
        ("jusqu'à Noël", date(2026, 11, 21), date(2026, 12, 27)),
        ("until May", date(2026, 11, 21), date(2027, 6, 1)),
        ("by Friday", date(2026, 11, 21), date(2026, 11, 28)),
    ],
)  # fmt: skip
def test_open_ranges(question: str, first: date, after_last: date | None) -> None:
    found = find_period(question, now=SAT, tz=PARIS)
    assert found is not None and found.range.phrase == question and found.remainder == ""
    assert _days(question) == (first, after_last)


def test_a_bound_before_a_day_already_past_reads_no_range() -> None:
    """'before yesterday' has no future part: only 'yesterday' is read."""
    found = find_period("before yesterday", now=SAT, tz=PARIS)
    assert found is not None and found.range.phrase == "yesterday"


@pytest.mark.parametrize(
    ("question", "first", "after_last"),
    [
        ("in two weeks", date(2026, 11, 30), date(2026, 12, 7)),  # the week of today + 14 days
        ("in two weeks' time", date(2026, 11, 30), date(2026, 12, 7)),
        ("in a fortnight", date(2026, 11, 30), date(2026, 12, 7)),
        ("in a week", date(2026, 11, 23), date(2026, 11, 30)),
        ("dans huit jours", date(2026, 11, 23), date(2026, 11, 30)),
        ("en quince días", date(2026, 11, 30), date(2026, 12, 7)),
        ("in 3 days", date(2026, 11, 24), date(2026, 11, 25)),  # that one day
        ("en 3 días", date(2026, 11, 24), date(2026, 11, 25)),
        ("in 15 days", date(2026, 12, 6), date(2026, 12, 7)),
        ("in two months", date(2027, 1, 1), date(2027, 2, 1)),
        ("dans un an", date(2027, 1, 1), date(2028, 1, 1)),
        ("the week after next", date(2026, 11, 30), date(2026, 12, 7)),
        ("within 2 weeks", date(2026, 11, 21), date(2026, 12, 6)),  # a rolling span, unchanged
    ],
)  # fmt: skip
def test_counted_ahead(question: str, first: date, after_last: date) -> None:
    assert _days(question) == (first, after_last)


def test_first_weekday_table_agrees_with_babel() -> None:
    """The table the question path reads instead of importing Babel holds every interface
    language, with the first day CLDR gives for it."""
    assert set(date_words.FIRST_WEEKDAY) == set(CODES)
    for code in CODES:
        assert date_words.FIRST_WEEKDAY[code] == Locale.parse(code).first_week_day, code


def test_week_phrases_follow_the_first_weekday() -> None:
    """A week starting on Sunday (as en_US) moves this, next and 'in two weeks' with it."""
    saturday = Context(date(2026, 11, 21), first_weekday=6)
    assert week_start(date(2026, 11, 21), 6) == date(2026, 11, 15)
    for text, days in (
        ("this week", (date(2026, 11, 21), date(2026, 11, 22))),
        ("next week", (date(2026, 11, 22), date(2026, 11, 29))),
        ("in two weeks", (date(2026, 11, 29), date(2026, 12, 6))),
        ("friday next week", (date(2026, 11, 27), date(2026, 11, 28))),
        ("this weekend", (date(2026, 11, 21), date(2026, 11, 23))),  # Saturday-Sunday anyway
    ):
        found = best(text, RULES, saturday)
        assert found is not None and found.days == days, text


def test_the_question_path_does_not_import_babel() -> None:
    code = (
        "import sys; from datetime import datetime, UTC; from brs_coord.dates import find_period;"
        "find_period('this week', now=datetime(2026, 11, 22, 19, tzinfo=UTC), tz='Europe/Paris');"
        "print('babel' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


SUNDAY_EVENING = datetime(2026, 11, 22, 19, 0, tzinfo=UTC)  # 20:00 in Paris


@pytest.mark.parametrize(
    ("question", "now", "lang", "offer"),
    [
        ("this week", SUNDAY_EVENING, "en", ("next week", date(2026, 11, 23), date(2026, 11, 30))),
        ("cette semaine", SUNDAY_EVENING, "fr",
         ("la semaine prochaine", date(2026, 11, 23), date(2026, 11, 30))),
        ("this weekend", SUNDAY_EVENING, "es",
         ("el próximo fin de semana", date(2026, 11, 28), date(2026, 11, 30))),
        ("this month", datetime(2026, 11, 30, 19, tzinfo=UTC), "en",
         ("next month", date(2026, 12, 1), date(2027, 1, 1))),
        ("today", datetime(2026, 11, 21, 22, tzinfo=UTC), "fr",
         ("demain", date(2026, 11, 22), date(2026, 11, 23))),
    ],
)  # fmt: skip
def test_offer_when_less_than_a_day_is_left(
    question: str, now: datetime, lang: str, offer: tuple[str, date, date]
) -> None:
    found = find_period(question, now=now, tz=PARIS, languages=(lang,))
    assert found is not None and found.offer is not None
    zone = ZoneInfo(PARIS)
    assert found.offer.start is not None and found.offer.end is not None
    got = (found.offer.phrase, found.offer.start.astimezone(zone).date(),
           found.offer.end.astimezone(zone).date())  # fmt: skip
    assert got == offer


@pytest.mark.parametrize(
    ("question", "now"),
    [
        ("this week", SAT),  # Saturday morning: a day and a half left
        ("this week", datetime(2026, 11, 21, 22, 30, tzinfo=UTC)),  # 25.5 hours left
        ("today", SAT),  # 13 hours of today left
        ("this month", datetime(2026, 11, 29, 22, tzinfo=UTC)),
        ("next week", SUNDAY_EVENING),
        ("until next week", SUNDAY_EVENING),
    ],
)
def test_no_offer_while_a_day_is_left(question: str, now: datetime) -> None:
    found = find_period(question, now=now, tz=PARIS)
    assert found is not None and found.offer is None
