"""Which days an event covers in the calendar and how it is labelled on each: a multi-day event is a
span (its start time on the first day, "…" on the days it continues), never its start time repeated."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..domain import DatePrecision, Event
from .formatting import event_when_of

CONTINUES = "…"  # the mark of a day an event started before
ONWARD = "→"  # the mark of an event going on after this day


@dataclass(frozen=True)
class DayEntry:
    """One event as one day of the calendar shows it."""

    event: Event
    first: bool  # the event starts this day
    last: bool  # the event ends this day


def event_days(event: Event, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last day an event covers: in the staff zone for timed events, in the event's own
    zone for all-day ones (the days it is held), its start day for a year- or month-precision line
    (a historical '2014' is not drawn across a whole year)."""
    if event.date_precision is not DatePrecision.DAY:
        day = event.starts_at.astimezone(ZoneInfo(event.timezone)).date()
        return day, day
    local = ZoneInfo(event.timezone) if event.all_day else zone
    first = event.starts_at.astimezone(local).date()
    last = (event.ends_at - timedelta(seconds=1)).astimezone(local).date()
    return first, max(first, last)


def by_day(
    events: Iterable[Event], zone: ZoneInfo, first_day: date, last_day: date
) -> dict[date, list[DayEntry]]:
    """The entries of every day from ``first_day`` to ``last_day``, in order of start (so the events
    continuing from earlier days come first)."""
    days: dict[date, list[DayEntry]] = defaultdict(list)
    for event in sorted(events, key=lambda e: (e.starts_at, e.id)):
        first, last = event_days(event, zone)
        day = max(first, first_day)
        while day <= min(last, last_day):
            days[day].append(DayEntry(event, first=day == first, last=day == last))
            day += timedelta(days=1)
    return days


def _clock(instant: datetime, zone: ZoneInfo) -> str:
    return f"{instant.astimezone(zone):%H:%M}"


def span_time(entry: DayEntry, zone: ZoneInfo) -> str:
    """The time part of a day's entry: '09:00–10:30', '09:00 →' (goes on), '… →', '… –17:00' (ends),
    'all day', '… all day', or the precision a historical line is known to ('2014', 'Mar 2027')."""
    event = entry.event
    if event.date_precision is not DatePrecision.DAY:
        return event_when_of(event)
    if event.all_day:
        text = "all day" if entry.first else f"{CONTINUES} all day"
        return text if entry.last else f"{text} {ONWARD}"
    start = _clock(event.starts_at, zone) if entry.first else CONTINUES
    if not entry.last:
        return f"{start} {ONWARD}"
    end = _clock(event.ends_at, zone)
    return f"{start}–{end}" if entry.first else f"{CONTINUES} –{end}"


def cell_label(entry: DayEntry, zone: ZoneInfo) -> str:
    """A day's entry in the month grid: '09:00 Title' on the day it starts (the title alone when all
    day), '… Title' on the days it continues."""
    event = entry.event
    if not entry.first:
        return f"{CONTINUES} {event.title}"
    if event.date_precision is not DatePrecision.DAY or event.all_day:
        return event.title
    return f"{_clock(event.starts_at, zone)} {event.title}"


def agenda_time(event: Event, zone: ZoneInfo) -> str:
    """An event's time in the agenda, once, its whole span: '09:00–10:30', '09:00 → Wed 09 Dec 17:00',
    'all day', 'all day → Wed 09 Dec'."""
    first, last = event_days(event, zone)
    if event.date_precision is not DatePrecision.DAY:
        return event_when_of(event)
    if event.all_day:
        return "all day" if first == last else f"all day {ONWARD} {last:%a %d %b}"
    start, end = _clock(event.starts_at, zone), _clock(event.ends_at, zone)
    return f"{start}–{end}" if first == last else f"{start} {ONWARD} {last:%a %d %b} {end}"
