"""Table-driven tests of date phrases and typed start times at fixed clocks."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from brs_coord import dates
from brs_coord.dates import (
    find_period,
    from_utc_iso,
    parse_instant,
    to_utc_iso,
)
from brs_coord.zones import is_valid_timezone

ZURICH = "Europe/Zurich"
# Clocks: a Saturday, a Monday, New Year's Eve, the end of January, and two zones whose
# local date differs from UTC (Auckland is already Sunday 22 Nov, Los Angeles still Saturday).
CLOCKS: dict[str, tuple[datetime, str]] = {
    "sat": (datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo(ZURICH)), ZURICH),
    "mon": (datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo(ZURICH)), ZURICH),
    "nye": (datetime(2026, 12, 31, 15, 0, tzinfo=ZoneInfo(ZURICH)), ZURICH),
    "jan31": (datetime(2027, 1, 31, 12, 0, tzinfo=ZoneInfo(ZURICH)), ZURICH),
    "akl": (datetime(2026, 11, 21, 23, 30, tzinfo=UTC), "Pacific/Auckland"),
    "la": (datetime(2026, 11, 22, 5, 0, tzinfo=UTC), "America/Los_Angeles"),
    "july": (datetime(2026, 7, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris")), "Europe/Paris"),
}

# (clock, question, first local day, day after the last local day); None = open side.
PERIODS: list[tuple[str, str, str | None, str | None]] = [
    ("sat", "today", "2026-11-21", "2026-11-22"),
    ("sat", "tomorrow", "2026-11-22", "2026-11-23"),
    ("sat", "yesterday", "2026-11-20", "2026-11-21"),
    ("sat", "the day after tomorrow", "2026-11-23", "2026-11-24"),
    ("sat", "this week", "2026-11-21", "2026-11-23"),
    ("sat", "next week", "2026-11-23", "2026-11-30"),
    ("sat", "last week", "2026-11-09", "2026-11-16"),
    ("sat", "this month", "2026-11-21", "2026-12-01"),
    ("sat", "next month", "2026-12-01", "2027-01-01"),
    ("sat", "in December", "2026-12-01", "2027-01-01"),
    ("sat", "December", "2026-12-01", "2027-01-01"),
    ("sat", "November", "2026-11-01", "2026-12-01"),
    ("sat", "March", "2027-03-01", "2027-04-01"),
    ("sat", "in March 2027", "2027-03-01", "2027-04-01"),
    ("sat", "between 3 and 10 March", "2027-03-03", "2027-03-11"),
    ("sat", "from 3 to 10 March", "2027-03-03", "2027-03-11"),
    ("sat", "March 3-10", "2027-03-03", "2027-03-11"),
    ("sat", "from 20 December to 5 January", "2026-12-20", "2027-01-06"),
    ("sat", "from March to May", "2027-03-01", "2027-06-01"),
    ("sat", "before the end of the year", "2026-11-21", "2027-01-01"),
    ("sat", "by the end of the month", "2026-11-21", "2026-12-01"),
    ("sat", "until 10 March", "2026-11-21", "2027-03-11"),
    ("sat", "before 3 March", "2026-11-21", "2027-03-03"),
    ("sat", "after 3 March", "2027-03-04", None),
    ("sat", "from 3 March", "2027-03-03", None),
    ("sat", "this year", "2026-11-21", "2027-01-01"),
    ("sat", "next year", "2027-01-01", "2028-01-01"),
    ("sat", "in 2027", "2027-01-01", "2028-01-01"),
    ("sat", "next Monday", "2026-11-23", "2026-11-24"),
    ("sat", "friday", "2026-11-27", "2026-11-28"),
    ("sat", "on Saturday", "2026-11-21", "2026-11-22"),
    ("sat", "friday next week", "2026-11-27", "2026-11-28"),
    ("sat", "this weekend", "2026-11-21", "2026-11-23"),
    ("sat", "next weekend", "2026-11-28", "2026-11-30"),
    ("sat", "in the next 30 days", "2026-11-21", "2026-12-22"),
    ("sat", "next 30 days", "2026-11-21", "2026-12-22"),
    ("sat", "within 2 weeks", "2026-11-21", "2026-12-06"),
    ("sat", "within a month", "2026-11-21", "2026-12-22"),
    ("sat", "over the next two weeks", "2026-11-21", "2026-12-06"),
    ("sat", "3 March", "2027-03-03", "2027-03-04"),
    ("sat", "March 3rd", "2027-03-03", "2027-03-04"),
    ("sat", "the 3rd of Dec.", "2026-12-03", "2026-12-04"),
    ("sat", "2027-03-03", "2027-03-03", "2027-03-04"),
    ("sat", "03/03/2027", "2027-03-03", "2027-03-04"),
    ("sat", "01/02/2027", "2027-02-01", "2027-02-02"),
    ("sat", "Wednesday 3 March 2027", "2027-03-03", "2027-03-04"),
    ("sat", "in May", "2027-05-01", "2027-06-01"),
    ("sat", "May 2027", "2027-05-01", "2027-06-01"),
    ("sat", "3 May", "2027-05-03", "2027-05-04"),
    ("sat", "May 3", "2027-05-03", "2027-05-04"),
    ("sat", "tomorrow at 10", "2026-11-22", "2026-11-23"),
    # French
    ("sat", "la semaine prochaine", "2026-11-23", "2026-11-30"),
    ("sat", "cette semaine", "2026-11-21", "2026-11-23"),
    ("sat", "le mois prochain", "2026-12-01", "2027-01-01"),
    ("sat", "ce mois-ci", "2026-11-21", "2026-12-01"),
    ("sat", "le mois dernier", "2026-10-01", "2026-11-01"),
    ("sat", "en décembre", "2026-12-01", "2027-01-01"),
    ("sat", "decembre", "2026-12-01", "2027-01-01"),
    ("sat", "DÉCEMBRE", "2026-12-01", "2027-01-01"),
    ("sat", "lundi prochain", "2026-11-23", "2026-11-24"),
    ("sat", "prochain lundi", "2026-11-23", "2026-11-24"),
    ("sat", "vendredi", "2026-11-27", "2026-11-28"),
    ("sat", "demain", "2026-11-22", "2026-11-23"),
    ("sat", "après-demain", "2026-11-23", "2026-11-24"),
    ("sat", "aujourd'hui", "2026-11-21", "2026-11-22"),
    ("sat", "aujourd’hui", "2026-11-21", "2026-11-22"),
    ("sat", "d'ici la fin de l'année", "2026-11-21", "2027-01-01"),
    ("sat", "d'ici la fin du mois", "2026-11-21", "2026-12-01"),
    ("sat", "entre le 3 et le 10 mars", "2027-03-03", "2027-03-11"),
    ("sat", "du 3 au 10 mars", "2027-03-03", "2027-03-11"),
    ("sat", "de mars à mai", "2027-03-01", "2027-06-01"),
    ("sat", "jusqu'au 10 mars", "2026-11-21", "2027-03-11"),
    ("sat", "3 mars", "2027-03-03", "2027-03-04"),
    ("sat", "le 1er mars", "2027-03-01", "2027-03-02"),
    ("sat", "cette année", "2026-11-21", "2027-01-01"),
    ("sat", "l'année prochaine", "2027-01-01", "2028-01-01"),
    ("sat", "ce week-end", "2026-11-21", "2026-11-23"),
    ("sat", "dans les 30 prochains jours", "2026-11-21", "2026-12-22"),
    ("sat", "d'ici 2 semaines", "2026-11-21", "2026-12-06"),
    ("sat", "vendredi de la semaine prochaine", "2026-11-27", "2026-11-28"),
    # Spanish
    ("sat", "el próximo mes", "2026-12-01", "2027-01-01"),
    ("sat", "el mes que viene", "2026-12-01", "2027-01-01"),
    ("sat", "la próxima semana", "2026-11-23", "2026-11-30"),
    ("sat", "la semana que viene", "2026-11-23", "2026-11-30"),
    ("sat", "esta semana", "2026-11-21", "2026-11-23"),
    ("sat", "el próximo lunes", "2026-11-23", "2026-11-24"),
    ("sat", "el lunes próximo", "2026-11-23", "2026-11-24"),
    ("sat", "el lunes que viene", "2026-11-23", "2026-11-24"),
    ("sat", "el lunes", "2026-11-23", "2026-11-24"),
    ("sat", "mañana", "2026-11-22", "2026-11-23"),
    ("sat", "pasado mañana", "2026-11-23", "2026-11-24"),
    ("sat", "hoy", "2026-11-21", "2026-11-22"),
    ("sat", "en diciembre", "2026-12-01", "2027-01-01"),
    ("sat", "Diciembre", "2026-12-01", "2027-01-01"),
    ("sat", "el 3 de marzo", "2027-03-03", "2027-03-04"),
    ("sat", "3 de marzo de 2027", "2027-03-03", "2027-03-04"),
    ("sat", "antes de fin de año", "2026-11-21", "2027-01-01"),
    ("sat", "antes del fin de año", "2026-11-21", "2027-01-01"),
    ("sat", "entre el 3 y el 10 de marzo", "2027-03-03", "2027-03-11"),
    ("sat", "del 3 al 10 de marzo", "2027-03-03", "2027-03-11"),
    ("sat", "hasta el 10 de marzo", "2026-11-21", "2027-03-11"),
    ("sat", "este año", "2026-11-21", "2027-01-01"),
    ("sat", "el año que viene", "2027-01-01", "2028-01-01"),
    ("sat", "este fin de semana", "2026-11-21", "2026-11-23"),
    ("sat", "en los próximos 30 días", "2026-11-21", "2026-12-22"),
    ("sat", "dentro de 2 semanas", "2026-11-30", "2026-12-07"),  # "in two weeks": that week
    # Asked on a Monday
    ("mon", "next Monday", "2026-11-30", "2026-12-01"),
    ("mon", "lundi prochain", "2026-11-30", "2026-12-01"),
    ("mon", "el próximo lunes", "2026-11-30", "2026-12-01"),
    ("mon", "on Monday", "2026-11-23", "2026-11-24"),
    ("mon", "tuesday", "2026-11-24", "2026-11-25"),
    ("mon", "sunday", "2026-11-29", "2026-11-30"),
    ("mon", "last Monday", "2026-11-16", "2026-11-17"),
    ("mon", "el lunes pasado", "2026-11-16", "2026-11-17"),
    ("mon", "this week", "2026-11-23", "2026-11-30"),
    ("mon", "next week", "2026-11-30", "2026-12-07"),
    ("mon", "this weekend", "2026-11-28", "2026-11-30"),
    ("mon", "next weekend", "2026-12-05", "2026-12-07"),
    # New Year's Eve: the year rolls over
    ("nye", "tomorrow", "2027-01-01", "2027-01-02"),
    ("nye", "this week", "2026-12-31", "2027-01-04"),
    ("nye", "next week", "2027-01-04", "2027-01-11"),
    ("nye", "this month", "2026-12-31", "2027-01-01"),
    ("nye", "next month", "2027-01-01", "2027-02-01"),
    ("nye", "next year", "2027-01-01", "2028-01-01"),
    ("nye", "before the end of the year", "2026-12-31", "2027-01-01"),
    ("nye", "December", "2026-12-01", "2027-01-01"),
    ("nye", "January", "2027-01-01", "2027-02-01"),
    ("nye", "30 December", "2027-12-30", "2027-12-31"),
    ("nye", "in the next 30 days", "2026-12-31", "2027-01-31"),
    ("nye", "from 20 December to 5 January", "2026-12-20", "2027-01-06"),
    # 31 January: month boundaries
    ("jan31", "next month", "2027-02-01", "2027-03-01"),
    ("jan31", "this month", "2027-01-31", "2027-02-01"),
    ("jan31", "within a month", "2027-01-31", "2027-03-01"),
    ("jan31", "this week", "2027-01-31", "2027-02-01"),
    ("jan31", "this weekend", "2027-01-31", "2027-02-01"),
    ("jan31", "next week", "2027-02-01", "2027-02-08"),
    ("jan31", "le mois dernier", "2026-12-01", "2027-01-01"),
    ("jan31", "January", "2027-01-01", "2027-02-01"),
    ("jan31", "29 February", "2028-02-29", "2028-03-01"),
    # Local date differs from UTC
    ("akl", "today", "2026-11-22", "2026-11-23"),
    ("akl", "tomorrow", "2026-11-23", "2026-11-24"),
    ("akl", "this week", "2026-11-22", "2026-11-23"),
    ("akl", "next week", "2026-11-23", "2026-11-30"),
    ("la", "today", "2026-11-21", "2026-11-22"),
    ("la", "tomorrow", "2026-11-22", "2026-11-23"),
    ("la", "next Monday", "2026-11-23", "2026-11-24"),
]


def _local_midnight_utc(day: str | None, tz: str) -> datetime | None:
    """Return local midnight of an ISO day in tz, as UTC."""
    if day is None:
        return None
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), ZoneInfo(tz)).astimezone(
        UTC
    )


@pytest.mark.parametrize(("clock", "question", "first", "after_last"), PERIODS)
def test_find_period(clock: str, question: str, first: str | None, after_last: str | None) -> None:
    """Each phrase covers the whole period a person means, in the asker's zone."""
    now, tz = CLOCKS[clock]
    found = find_period(question, now=now, tz=tz)
    assert found is not None, question
    assert found.range.start == _local_midnight_utc(first, tz)
    assert found.range.end == _local_midnight_utc(after_last, tz)
    assert found.remainder == ""


def test_period_bounds_are_utc() -> None:
    """Range bounds are aware UTC datetimes at local midnight, DST included."""
    now, tz = CLOCKS["sat"]
    week = find_period("next week", now=now, tz=tz)
    assert week is not None
    assert to_utc_iso(week.range.start) == "2026-11-22T23:00:00Z"  # type: ignore[arg-type]
    assert to_utc_iso(week.range.end) == "2026-11-29T23:00:00Z"  # type: ignore[arg-type]
    march = find_period("in March 2027", now=now, tz=tz)
    assert march is not None and march.range.start is not None and march.range.end is not None
    assert march.range.start.tzinfo is UTC
    assert to_utc_iso(march.range.start) == "2027-02-28T23:00:00Z"
    assert to_utc_iso(march.range.end) == "2027-03-31T22:00:00Z"
    akl_now, akl_tz = CLOCKS["akl"]
    today = find_period("today", now=akl_now, tz=akl_tz)
    assert today is not None and today.range.start is not None
    assert to_utc_iso(today.range.start) == "2026-11-21T11:00:00Z"


@pytest.mark.parametrize(
    ("question", "phrase", "remainder"),
    [
        ("webinars on e-waste next month?", "next month", "webinars on e-waste?"),
        ("ateliers sur les déchets en décembre", "en décembre", "ateliers sur les déchets"),
        ("¿talleres el próximo lunes sobre mercurio?", "el próximo lunes",
         "¿talleres sobre mercurio?"),
        ("workshops in the next 30 days on POPs", "in the next 30 days", "workshops on POPs"),
        ("trainings  between 3 and 10 March  in Geneva", "between 3 and 10 March",
         "trainings in Geneva"),
        ("meeting tomorrow at 10:00 please", "tomorrow at 10:00", "meeting please"),
        ("Mercury webinar 3 mars", "3 mars", "Mercury webinar"),
    ],
)  # fmt: skip
def test_phrase_and_remainder(question: str, phrase: str, remainder: str) -> None:
    """The phrase is quoted as written and the rest of the question is kept, tidied."""
    now, tz = CLOCKS["sat"]
    found = find_period(question, now=now, tz=tz)
    assert found is not None
    assert (found.range.phrase, found.remainder) == (phrase, remainder)


@pytest.mark.parametrize(
    "question",
    ["", "5", "top 5 workshops", "the 3 conventions", "you may attend the webinar",
     "Room 101, 2 hours", "e-waste webinars", "mayonnaise and marzipan", "list events",
     "SELECT * FROM events; --", 'title:"e-waste" OR 1=1', "🙂🙂", "\x00\x1b[2J"],
)  # fmt: skip
def test_no_period(question: str) -> None:
    """Questions without a date phrase give None, bare numbers included."""
    now, tz = CLOCKS["sat"]
    assert find_period(question, now=now, tz=tz) is None


# (clock, typed text, expected wall time in the clock's zone as ISO)
INSTANTS: list[tuple[str, str, str]] = [
    ("sat", "next Tuesday 14:00", "2026-11-24T14:00"),
    ("sat", "3 March 10:00", "2027-03-03T10:00"),
    ("sat", "demain 9h", "2026-11-22T09:00"),
    ("sat", "mañana a las 10", "2026-11-22T10:00"),
    ("sat", "mañana a las 10h", "2026-11-22T10:00"),
    ("sat", "mañana a las 3 de la tarde", "2026-11-22T15:00"),
    ("sat", "2027-03-03 09:30", "2027-03-03T09:30"),
    ("sat", "tomorrow 14:00", "2026-11-22T14:00"),
    ("sat", "tomorrow at 2pm", "2026-11-22T14:00"),
    ("sat", "demain à 14h", "2026-11-22T14:00"),
    ("sat", "demain 14h30", "2026-11-22T14:30"),
    ("sat", "noon tomorrow", "2026-11-22T12:00"),
    ("sat", "friday", "2026-11-27T00:00"),
    ("sat", "next friday", "2026-11-27T00:00"),
    ("sat", "vendredi", "2026-11-27T00:00"),
    ("sat", "monday 9am", "2026-11-23T09:00"),
    ("sat", "friday next week 10:00", "2026-11-27T10:00"),
    ("sat", "le 3 mars à 10h", "2027-03-03T10:00"),
    ("sat", "3 de marzo a las 10:00", "2027-03-03T10:00"),
    ("sat", "el 3 de marzo", "2027-03-03T00:00"),
    ("sat", "el próximo lunes", "2026-11-23T00:00"),
    ("sat", "lundi prochain 9h", "2026-11-23T09:00"),
    ("sat", "prochain lundi", "2026-11-23T00:00"),
    ("sat", "14:00", "2026-11-21T14:00"),
    ("sat", "09:00", "2026-11-22T09:00"),
    ("sat", "01/02/2027", "2027-02-01T00:00"),
    ("sat", "2026-12-01 09:00 +05:00", "2026-12-01T05:00"),
    ("sat", "2027-03-03T09:30Z", "2027-03-03T10:30"),
    ("sat", "tomorrow 14:00 Europe/London", "2026-11-22T15:00"),
    ("sat", "tomorrow 14:00 CET", "2026-11-22T14:00"),
    ("sat", "March 3rd, 2027 at 9:30 am", "2027-03-03T09:30"),
    ("sat", "2027 March the 3rd 09:30", "2027-03-03T09:30"),
    ("mon", "monday 8am", "2026-11-30T08:00"),
    ("mon", "monday 10am", "2026-11-23T10:00"),
    ("july", "tomorrow 14:00 CET", "2026-07-16T14:00"),
    ("akl", "tomorrow 09:00", "2026-11-23T09:00"),
    ("la", "today 22:00", "2026-11-21T22:00"),
]


@pytest.mark.parametrize(("clock", "typed", "expected"), INSTANTS)
def test_parse_instant(clock: str, typed: str, expected: str) -> None:
    """Typed starts give the wall time a person means, in the asker's zone."""
    now, tz = CLOCKS[clock]
    parsed = parse_instant(typed, now=now, tz=tz)
    assert parsed is not None, typed
    assert parsed.tzinfo == ZoneInfo(tz)
    assert parsed.replace(tzinfo=None) == datetime.fromisoformat(expected)


def test_cet_in_summer_is_the_real_zone() -> None:
    """'CET' in July is Central European summer time, not a fixed +01:00."""
    now = datetime(2026, 7, 15, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    parsed = parse_instant("tomorrow 14:00 CET", now=now, tz="America/New_York")
    assert parsed is not None and to_utc_iso(parsed) == "2026-07-16T12:00:00Z"


def test_dst_gap_moves_forward_and_fold_takes_first() -> None:
    """A time in the spring gap moves on by the gap; an ambiguous autumn time is the first."""
    now, tz = CLOCKS["sat"]
    gap = parse_instant("2027-03-28 02:30", now=now, tz=tz)
    assert gap is not None and gap.hour == 3 and gap.utcoffset() == timedelta(hours=2)
    fold = parse_instant("2027-10-31 02:30", now=now, tz=tz)
    assert fold is not None and fold.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    "typed",
    ["", "5", "2", "10", "hello", "in 2 hours", "call bob tomorrow", "next week 10:00",
     "31 February 10:00", "25:00", "tomorrow 14:00 Mars/Olympus", "x" * 10_000],
)  # fmt: skip
def test_parse_instant_rejects(typed: str) -> None:
    """Bare numbers, durations, periods and nonsense are not start times."""
    now, tz = CLOCKS["sat"]
    assert parse_instant(typed, now=now, tz=tz) is None


def test_no_dateparser_without_date_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Questions with no digit or date word never reach dateparser; one our patterns miss does.

    A spy records each request for the parser (an exception raised inside it would be swallowed
    by ``_dateparser_day``, so a raising stub could never fail the test).
    """
    calls: list[tuple[str, ...]] = []
    real_parser = dates._parser

    def spy(languages: tuple[str, ...]) -> object:
        calls.append(languages)
        return real_parser(languages)

    monkeypatch.setattr(dates, "_parser", spy)
    now, tz = CLOCKS["sat"]
    for question in ("webinars on e-waste", "Room 101, 2 hours", "top 5 workshops", "next month"):
        find_period(question, now=now, tz=tz)
    assert calls == []
    # A date our own patterns leave to dateparser: the spy sees it, and the answer is its date.
    found = find_period("talks Mar-03-2027", now=now, tz=tz)
    assert len(calls) == 1
    assert found is not None and found.range.phrase == "Mar-03-2027"
    assert found.range.start == datetime(2027, 3, 3, tzinfo=ZoneInfo(ZURICH))


def test_import_does_not_load_dateparser() -> None:
    """Importing the module leaves dateparser unloaded (it is slow to import)."""
    code = "import sys, brs_coord.dates; print('dateparser' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_timezone_and_iso_helpers() -> None:
    """Zone names are checked against zoneinfo; UTC ISO text round-trips."""
    assert is_valid_timezone("Europe/Zurich") and is_valid_timezone("UTC")
    for bad in ("", "Europe", "Mars/Olympus", "../etc/passwd", "a\x00b", "UTC "):
        assert not is_valid_timezone(bad)
    instant = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo(ZURICH))
    assert to_utc_iso(instant) == "2026-12-03T09:00:00Z"
    assert from_utc_iso("2026-12-03T09:00:00Z") == datetime(2026, 12, 3, 9, tzinfo=UTC)
    assert from_utc_iso("2026-12-03T10:00:00+01:00").tzinfo is UTC
    assert from_utc_iso(to_utc_iso(instant)) == instant
    with pytest.raises(ValueError):
        to_utc_iso(datetime(2026, 12, 3, 9))


def test_bad_clock_or_zone_is_a_programming_error() -> None:
    """A naive now or an unknown zone raises ValueError rather than guessing."""
    with pytest.raises(ValueError):
        find_period("tomorrow", now=datetime(2026, 11, 21), tz=ZURICH)
    with pytest.raises(ValueError):
        parse_instant("tomorrow", now=CLOCKS["sat"][0], tz="Mars/Olympus")
