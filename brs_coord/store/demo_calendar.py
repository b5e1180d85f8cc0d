"""When demo events may be held, as a real secretariat plans them: on working days (Monday to
Friday) of the organiser's zone, in business hours, never on 25 December or 1 January; a workshop's
days all working days, an e-learning course starting and ending on one."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OPENS, CLOSES = time(8, 0), time(18, 0)  # business hours, in the organiser's zone
HOLIDAYS = ((12, 25), (1, 1))  # (month, day): no demo event on these days


def is_holiday(day: date) -> bool:
    return (day.month, day.day) in HOLIDAYS


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def covered_days(start: datetime, end: datetime, zone: str) -> list[date]:
    """The days of the organiser's zone an event is held on (its end instant excluded)."""
    local = ZoneInfo(zone)
    first = start.astimezone(local).date()
    last = max(first, (end - timedelta(seconds=1)).astimezone(local).date())
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def block_start(day: date, days: int) -> date:
    """The first day on or after ``day`` that starts ``days`` consecutive working days."""
    while not all(is_working_day(day + timedelta(days=i)) for i in range(days)):
        day += timedelta(days=1)
    return day


def block_start_before(day: date, days: int) -> date:
    """The last day on or before ``day`` that starts ``days`` consecutive working days."""
    while not all(is_working_day(day + timedelta(days=i)) for i in range(days)):
        day -= timedelta(days=1)
    return day


def course_start(day: date, weeks: int) -> date:
    """The first working day on or after ``day`` from which a ``weeks``-long course ends on a working
    day and runs over no 25 December or 1 January."""
    while not is_working_day(day) or any(
        is_holiday(day + timedelta(days=i)) for i in range(weeks * 7 + 1)
    ):
        day += timedelta(days=1)
    return day


def held_in_hours(start: datetime, end: datetime, zone: str, *, course: bool = False) -> bool:
    """The rule the demo follows (and its test checks): starts and ends in business hours of the
    organiser's zone, on working days (every day it covers; a course only its first and last), and
    never on 25 December or 1 January."""
    local = ZoneInfo(zone)
    opens, closes = start.astimezone(local), end.astimezone(local)
    days = covered_days(start, end, zone)
    working = [days[0], days[-1]] if course else days
    return (OPENS <= opens.time() < CLOSES and OPENS < closes.time() <= CLOSES
            and all(is_working_day(day) for day in working) and not any(is_holiday(day) for day in days))
