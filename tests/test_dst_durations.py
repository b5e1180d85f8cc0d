"""Durations across daylight-saving changes: elapsed time for hours and minutes, calendar days for
day counts, in six zones (whole-hour, half-hour and 45-minute zones, Chile's midnight change,
Morocco's Ramadan change, Tehran's last DST); typed wall times that are skipped or happen twice are
refused with a message; reschedule keeps the elapsed length; the feed writes repeated-hour instants
in UTC."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import icalendar
import pytest

from brs_coord.domain import Event, EventData
from brs_coord.errors import ValidationFailed
from brs_coord.ics import Names, build_vevent
from brs_coord.rules import validation_problems
from brs_coord.services import Services
from brs_coord.wall_times import Duration, elapsed, end_after, read_typed
from tests.cli_helpers import invoke
from tests.clocks import NOW
from tests.conftest import make_event


class Row(NamedTuple):
    zone: str
    start: tuple[int, int, int, int, int, int]  # wall time and fold
    duration: Duration
    end: tuple[int, int, int, int, int, int]  # expected wall time and fold
    note: str


def wall(parts: tuple[int, int, int, int, int, int], zone: str) -> datetime:
    *date_time, fold = parts
    return datetime(*date_time, tzinfo=ZoneInfo(zone), fold=fold)  # type: ignore[misc]


MIN = timedelta(minutes=1)
ROWS = [
    Row("America/Santiago", (2026, 9, 5, 23, 30, 0), Duration(0, 60 * MIN), (2026, 9, 6, 1, 30, 0),
        "spring forward at Saturday 24:00: 60 min end 01:30, not 00:30 (0 min)"),
    Row("America/Santiago", (2026, 4, 4, 22, 30, 0), Duration(0, 120 * MIN), (2026, 4, 4, 23, 30, 1),
        "fall back at 24:00: 2 h end at the second 23:30"),
    Row("Australia/Lord_Howe", (2026, 10, 4, 1, 45, 0), Duration(0, 60 * MIN), (2026, 10, 4, 3, 15, 0),
        "half-hour spring forward"),
    Row("Australia/Lord_Howe", (2026, 4, 5, 1, 0, 0), Duration(0, 60 * MIN), (2026, 4, 5, 1, 30, 1),
        "half-hour fall back: the second 01:30"),
    Row("Europe/Zurich", (2027, 3, 28, 1, 30, 0), Duration(0, 60 * MIN), (2027, 3, 28, 3, 30, 0),
        "spring forward"),
    Row("Europe/Zurich", (2027, 10, 31, 1, 30, 0), Duration(0, 90 * MIN), (2027, 10, 31, 2, 0, 1),
        "fall back: 90 min end at the second 02:00"),
    Row("Europe/Zurich", (2027, 3, 27, 10, 0, 0), Duration(1), (2027, 3, 28, 10, 0, 0),
        "a day count stays on the calendar (23 h elapsed)"),
    Row("Africa/Casablanca", (2027, 2, 7, 2, 30, 0), Duration(0, 60 * MIN), (2027, 2, 7, 2, 30, 1),
        "Ramadan change back to +00: the second 02:30"),
    Row("Africa/Casablanca", (2027, 3, 14, 1, 30, 0), Duration(0, 60 * MIN), (2027, 3, 14, 3, 30, 0),
        "after Ramadan, +00 to +01"),
    Row("Asia/Tehran", (2021, 3, 21, 23, 30, 0), Duration(0, 60 * MIN), (2021, 3, 22, 1, 30, 0),
        "Tehran's last spring forward (midnight)"),
    Row("Asia/Tehran", (2021, 9, 21, 23, 30, 0), Duration(0, 60 * MIN), (2021, 9, 21, 23, 30, 1),
        "Tehran's last fall back (midnight to 23:00)"),
    Row("Pacific/Chatham", (2026, 9, 27, 2, 15, 0), Duration(0, 60 * MIN), (2026, 9, 27, 4, 15, 0),
        "+12:45 to +13:45 at 02:45"),
    Row("Pacific/Chatham", (2026, 4, 5, 3, 0, 0), Duration(0, 60 * MIN), (2026, 4, 5, 3, 0, 1),
        "+13:45 to +12:45 at 03:45: the second 03:00"),
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.zone}-{r.start[1]:02d}{r.start[2]:02d}")
def test_duration_across_a_change(row: Row) -> None:
    start = wall(row.start, row.zone)
    end = end_after(start, row.duration)
    expected = wall(row.end, row.zone)
    assert end.astimezone(UTC) == expected.astimezone(UTC), row.note
    assert (end.replace(tzinfo=None), end.fold) == (expected.replace(tzinfo=None), expected.fold), row.note
    if row.duration.days:  # calendar days: the same wall time, so not 24 h per day here
        assert elapsed(start, end) != timedelta(days=row.duration.days), row.note
    else:
        assert elapsed(start, end) == row.duration.elapsed, row.note
    assert start.utcoffset() != end.utcoffset(), "every row crosses a change"


@pytest.mark.parametrize(
    ("zone", "text", "message"),
    [
        ("Europe/Zurich", "28 March 2027 02:30", "02:30 does not exist on that day in Zurich"),
        ("Europe/Zurich", "31 October 2027 02:30",
         "02:30 happens twice on that day in Zurich: first or second?"),
        ("America/Santiago", "4 April 2026 23:30", "23:30 happens twice on that day in Santiago"),
        ("Australia/Lord_Howe", "4 October 2026 02:10", "02:10 does not exist on that day in Lord Howe"),
    ],
)
def test_typed_times_that_are_skipped_or_repeated_are_refused(zone: str, text: str, message: str) -> None:
    instant, problem = read_typed(text, now=NOW, zone=zone)
    assert instant is None and problem is not None and message in problem


def test_first_or_second_picks_the_occurrence() -> None:
    first, _ = read_typed("31 October 2027 02:30 first", now=NOW, zone="Europe/Zurich")
    second, _ = read_typed("31 October 2027 02:30 second", now=NOW, zone="Europe/Zurich")
    assert first is not None and second is not None
    assert first.utcoffset() == timedelta(hours=2) and second.utcoffset() == timedelta(hours=1)
    assert elapsed(first, second) == timedelta(hours=1)


def test_a_timed_event_must_end_after_its_start() -> None:
    start = datetime(2027, 3, 3, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
    timed = make_event(starts_at=start, ends_at=start)
    assert "after the start" in validation_problems(timed)["ends_at"]
    day = make_event(starts_at=start, ends_at=start, all_day=True)
    assert "ends_at" not in validation_problems(day)


def test_the_same_wall_time_an_hour_apart_is_not_zero_length() -> None:
    """01:30 first to 01:30 second: Python's wall-clock comparison calls them equal."""
    zone = ZoneInfo("Europe/Zurich")
    start = datetime(2027, 10, 31, 2, 30, tzinfo=zone)
    end = start.replace(fold=1)
    assert end - start == timedelta(0)  # what the old check saw
    assert "ends_at" not in validation_problems(make_event(starts_at=start, ends_at=end))


def test_cli_duration_is_elapsed_and_skipped_times_are_refused(
    tmp_path: Path, catalogue_template: Path
) -> None:
    db = tmp_path / "brs.db"
    db.write_bytes(catalogue_template.read_bytes())
    added = invoke("--db", str(db), "event", "add", "--title", "Night webinar", "--kind", "webinar",
                   "--start", "2027-04-03 22:30", "--tz", "America/Santiago", "--duration", "120")
    assert added.exit_code == 0, added.output
    uid = re.search(r"Added (\S+):", added.output)
    assert uid is not None
    starts, ends = sqlite3.connect(db).execute(
        "SELECT starts_at, ends_at FROM events WHERE uid = ?", [uid.group(1)]
    ).fetchone()
    length = datetime.fromisoformat(ends) - datetime.fromisoformat(starts)
    assert length == timedelta(minutes=120)  # to the second 23:30 (on the wall clock: 00:30, 3 h)
    refused = invoke("--db", str(db), "event", "add", "--title", "Gap", "--kind", "webinar",
                     "--start", "2027-03-28 02:30", "--tz", "Europe/Zurich")
    assert refused.exit_code != 0 and "02:30 does not exist on that day in Zurich" in refused.output
    twice = invoke("--db", str(db), "event", "add", "--title", "Twice", "--kind", "webinar",
                   "--start", "2027-10-31 02:30", "--tz", "Europe/Zurich")
    assert twice.exit_code != 0 and "first or second?" in twice.output
    second = invoke("--db", str(db), "event", "add", "--title", "Twice", "--kind", "webinar",
                    "--start", "2027-10-31 02:30 second", "--tz", "Europe/Zurich", "--duration", "30")
    assert second.exit_code == 0, second.output


def test_cli_duration_across_spring_forward_is_stored_elapsed(services: Services) -> None:
    start = datetime(2027, 9, 4, 23, 30, tzinfo=ZoneInfo("America/Santiago"))
    end = end_after(start, Duration.of_minutes(60))
    created = services.scheduling.create(
        make_event(starts_at=start, ends_at=end, timezone="America/Santiago")
    )
    stored = services.scheduling.get_by_uid(created.event.uid)
    assert stored.duration == timedelta(minutes=60)
    assert stored.ends_at.astimezone(ZoneInfo("America/Santiago")).hour == 1


def test_reschedule_across_a_change_keeps_the_elapsed_length(services: Services) -> None:
    zone = ZoneInfo("Europe/Zurich")
    start = datetime(2027, 3, 20, 9, 0, tzinfo=zone)
    created = services.scheduling.create(make_event(starts_at=start, ends_at=start + timedelta(hours=2)))
    moved = services.scheduling.reschedule(
        created.event.id, datetime(2027, 3, 28, 1, 0, tzinfo=zone), expected_version=created.event.version
    ).event
    assert moved.duration == timedelta(hours=2)
    assert moved.ends_at.astimezone(zone).replace(tzinfo=None) == datetime(2027, 3, 28, 4, 0)


def test_zero_length_is_refused_by_the_service(services: Services) -> None:
    start = datetime(2027, 3, 3, 9, 0, tzinfo=UTC)
    with pytest.raises(ValidationFailed):
        services.scheduling.create(make_event(starts_at=start, ends_at=start))


def test_feed_writes_instants_of_a_repeated_hour_in_utc() -> None:
    zone = ZoneInfo("Europe/Zurich")
    start = datetime(2027, 10, 31, 2, 30, tzinfo=zone, fold=1)  # the second 02:30 (+01:00)
    event = make_event(starts_at=start, ends_at=start + timedelta(hours=1))
    stored = _stored(event)
    text = build_vevent(stored, Names())
    assert "DTSTART:20271031T013000Z\r\n" in text  # not DTSTART;TZID=...:T023000 (read as the first)
    assert "DTEND;TZID=Europe/Zurich:20271031T033000\r\n" in text
    parsed = icalendar.Event.from_ical(text)
    assert parsed.decoded("DTSTART") == start.astimezone(UTC)


def _stored(data: EventData) -> Event:
    values = {field.name: getattr(data, field.name) for field in fields(EventData)}
    return Event(**values, id=1, uid="dst@brs-coord", version=1, created_at=NOW, updated_at=NOW,
                 status_changed_at=NOW)
