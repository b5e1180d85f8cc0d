"""Series rules as staff type them (issue 19), in English, French and Spanish: the dates of every
session, wall-clock times kept across daylight-saving changes, and refusals naming what was not
understood."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brs_coord.date_series import RuleNotUnderstood, read_rule

TODAY = date(2026, 11, 21)  # a Saturday (tests/clocks.NOW)
PLACES = {"geneva": "Europe/Zurich", "geneve": "Europe/Zurich", "ginebra": "Europe/Zurich"}


def days(text: str, zone: str = "UTC", **kwargs: object) -> list[str]:
    plan = read_rule(text, today=TODAY, zone=zone, places=PLACES, **kwargs)  # type: ignore[arg-type]
    return [day.isoformat() for day in plan.days]


def test_every_tuesday_in_geneva_for_six_weeks() -> None:
    plan = read_rule("every Tuesday 14:00 Geneva for 6 weeks", today=TODAY, zone="UTC", places=PLACES)
    assert plan.zone == "Europe/Zurich" and plan.clock == time(14)
    assert [d.isoformat() for d in plan.days] == [
        "2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29"]


def test_first_thursday_of_each_month_until_june() -> None:
    assert days("first Thursday of each month until June 10:00") == [
        "2026-12-03", "2027-01-07", "2027-02-04", "2027-03-04", "2027-04-01", "2027-05-06", "2027-06-03"]
    assert days("first Thursday of each month until June", default_clock=time(10))[-1] == "2027-06-03"


def test_french_every_tuesday_for_four_weeks() -> None:
    plan = read_rule("tous les mardis à 10h pendant 4 semaines", today=TODAY, zone="Europe/Paris")
    assert plan.clock == time(10) and len(plan.days) == 4
    assert {d.weekday() for d in plan.days} == {1}
    assert days("le premier jeudi de chaque mois jusqu'en juin à 14h")[0] == "2026-12-03"


def test_spanish_phrases() -> None:
    assert days("todos los martes a las 10:00 durante 4 semanas") == [
        "2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15"]
    assert days("el primer jueves de cada mes hasta junio a las 10:00")[-1] == "2027-06-03"


@pytest.mark.parametrize(("text", "expected"), [
    # several weekdays a week
    ("every Tuesday and Thursday at 14:00 for 2 weeks", ["11-24", "11-26", "12-01", "12-03"]),
    ("every Monday, Wednesday and Friday 08:30 for 1 week", ["11-23", "11-25", "11-27"]),
    ("tous les mardis et jeudis à 10h pendant 2 semaines", ["11-24", "11-26", "12-01", "12-03"]),
    ("todos los martes y jueves a las 10:00 durante 2 semanas", ["11-24", "11-26", "12-01", "12-03"]),
    # every other week, every n weeks
    ("every other Wednesday 15:00 until December", ["11-25", "12-09", "12-23"]),
    ("every two weeks on Thursday at 9:30 for 6 weeks", ["11-26", "12-10", "12-24"]),
    ("fortnightly on Fridays 11:00 for 3 sessions", ["11-27", "12-11", "12-25"]),
    ("every 3 weeks on Monday 10:00 for 3 sessions", ["11-23", "12-14", "01-04"]),
    ("un mardi sur deux à 10h pendant 6 semaines", ["11-24", "12-08", "12-22"]),
    ("toutes les deux semaines le mardi à 10h pendant 6 semaines", ["11-24", "12-08", "12-22"]),
    ("cada dos semanas los martes a las 10:00 durante 6 semanas", ["11-24", "12-08", "12-22"]),
    ("weekly on Tuesdays at 2pm for 3 weeks", ["11-24", "12-01", "12-08"]),
    # working days, every day
    ("every weekday at 9:00 for 1 week", ["11-23", "11-24", "11-25", "11-26", "11-27"]),
    ("du lundi au vendredi à 9h pendant 1 semaine", ["11-23", "11-24", "11-25", "11-26", "11-27"]),
    ("daily at 9:00 for 3 days", ["11-22", "11-23", "11-24"]),
    ("todos los días a las 9:00 durante 3 días", ["11-22", "11-23", "11-24"]),
])
def test_weekly_rules_with_several_days_or_weeks_apart(text: str, expected: list[str]) -> None:
    """From the day after TODAY (Saturday 21 November 2026)."""
    assert [day[5:] for day in days(text)] == expected


def test_a_place_followed_by_time_is_its_zone() -> None:
    plan = read_rule("every Tuesday 14:00 Geneva time for 2 weeks", today=TODAY, zone="UTC", places=PLACES)
    assert plan.zone == "Europe/Zurich" and len(plan.days) == 2


def test_a_list_of_dates_and_a_start_date() -> None:
    assert days("12 January, 19 January and 2 February 2027 14:00") == [
        "2027-01-12", "2027-01-19", "2027-02-02"]
    assert days("every Monday 09:00 from 4 January 2027 for 3 sessions") == [
        "2027-01-04", "2027-01-11", "2027-01-18"]


def test_wall_clock_time_kept_across_the_dst_change() -> None:
    """Geneva leaves summer time on 25 October 2026 and enters it on 28 March 2027: 14:00 stays 14:00."""
    plan = read_rule("every Tuesday 14:00 for 3 weeks from 16 March 2027", today=TODAY, zone="Europe/Zurich")
    starts = plan.starts()
    assert [s.astimezone(ZoneInfo("Europe/Zurich")).hour for s in starts] == [14, 14, 14]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(hours=1), timedelta(hours=2)]


@pytest.mark.parametrize(("text", "named"), [
    ("every Tuesday for 6 weeks", "No time of day"),
    ("every Tuesday 14:00", "Say how long"),
    ("every Tuesday 14:00 for 6 weeks with cake", "'with', 'cake'"),
    ("every blursday 14:00 for 3 weeks", "'blursday'"),
    ("tous les mardis à 10h pendant 4 semaines sauf juillet", "'sauf', 'juillet'"),
    ("todos los martes a las 10:00 durante 4 semanas excepto", "'excepto'"),
    ("every Sunday 02:30 Europe/Paris until April", "2027-03-28: 02:30 does not exist"),
    ("every Tuesday 14:00 Mars/Olympus for 2 weeks", "Unknown time zone 'mars/olympus'"),
    ("every day 14:00 for 100 weeks", "more than 60 sessions"),
    ("every 40 weeks on Monday 10:00 for 80 weeks", "every 1 to 26 weeks"),
    ("every Monday 09:00 for 80 weeks", "more than 60 sessions"),
    ("", "empty"),
])
def test_refused_phrases_say_what_was_not_understood(text: str, named: str) -> None:
    with pytest.raises(RuleNotUnderstood) as caught:
        read_rule(text, today=TODAY, zone="UTC", places=PLACES)
    assert named in caught.value.message


WEEKDAY_WORDS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
                 "fr": ["lundis", "mardis", "mercredis", "jeudis", "vendredis", "samedis", "dimanches"],
                 "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábados", "domingos"]}
FORMS = {"en": "every {day} {h}:00 for {n} weeks", "fr": "tous les {day} à {h}h pendant {n} semaines",
         "es": "todos los {day} a las {h}:00 durante {n} semanas"}


@settings(max_examples=60, deadline=None)
@given(lang=st.sampled_from(sorted(FORMS)), weekday=st.integers(0, 6), hour=st.integers(7, 20),
       weeks=st.integers(1, 20),
       zone=st.sampled_from(["Europe/Zurich", "America/Santiago", "Africa/Nairobi"]))
def test_weekly_rules_properties(lang: str, weekday: int, hour: int, weeks: int, zone: str) -> None:
    """n weeks of one weekday: n sessions, in order, a week apart, on that weekday, at that local time."""
    text = FORMS[lang].format(day=WEEKDAY_WORDS[lang][weekday], h=hour, n=weeks)
    plan = read_rule(text, today=TODAY, zone=zone)
    assert len(plan.days) == weeks
    assert all(b - a == timedelta(weeks=1) for a, b in zip(plan.days, plan.days[1:], strict=False))
    assert all(day.weekday() == weekday and day > TODAY for day in plan.days)
    assert all(s.astimezone(ZoneInfo(zone)).hour == hour for s in plan.starts())
