"""VTIMEZONE blocks made from the zone data: every zone in tzdata, read by a strict RFC reader
(tests/vtimezone_reader.py), gives zoneinfo's offset at every instant of the span and at each
change; the trailing yearly rule is an RRULE, irregular changes (Morocco's Ramadan) are RDATEs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import icalendar
import pytest

from brs_coord.ics import vtimezone
from brs_coord.ics.tzif import parse_rule
from brs_coord.ics.vtimezone import rule_rrule, utc_offset
from tests.vtimezone_reader import read_vtimezone

SPANS = ((2025, 2029), (1995, 1999))
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


def zoneinfo_offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def zoneinfo_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """The instants (to the second) where zoneinfo's offset changes, found from daily samples."""
    changes: list[datetime] = []
    moment, offset = start, zoneinfo_offset(zone, start)
    while moment < end:
        after = moment + DAY
        if zoneinfo_offset(zone, after) != offset:
            low, high = moment, after  # offset(low) is the old one, offset(high) the new one
            while high - low > SECOND:
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if zoneinfo_offset(zone, middle) == offset:
                    low = middle
                else:
                    high = middle
            changes.append(high)
            offset = zoneinfo_offset(zone, after)
        moment = after
    return changes


@pytest.mark.parametrize("span", SPANS, ids=lambda s: f"{s[0]}-{s[1]}")
def test_every_zone_reads_as_zoneinfo_at_every_change(span: tuple[int, int]) -> None:
    first, last = span
    start, end = datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC)
    wrong: list[str] = []
    changes_checked = 0
    for name in sorted(available_timezones()):
        zone = ZoneInfo(name)
        block = vtimezone(name, first, last)
        if name in ("UTC", "Etc/UTC"):
            continue
        read = read_vtimezone(block, end)
        for change in zoneinfo_changes(zone, start, end):
            changes_checked += 1
            for instant in (change - SECOND, change):
                if read.offset_at(instant) != zoneinfo_offset(zone, instant):
                    wrong.append(f"{name} at {instant:%Y-%m-%d %H:%M:%S}Z")
        for day in range(0, (end - start).days, 3):
            instant = start + timedelta(days=day, hours=day % 24)
            if read.offset_at(instant) != zoneinfo_offset(zone, instant):
                wrong.append(f"{name} at {instant:%Y-%m-%d %H:%M}Z (sample)")
    assert not wrong, f"{len(wrong)} instants differ, first: {wrong[:10]}"
    assert changes_checked > 1500  # the sweep did meet changes (about 140 zones change twice a year)


def test_morocco_ramadan_change_is_exact_in_every_window() -> None:
    """The ~5-week change before Eid: lost by 64-day sampling, kept here whatever the span."""
    zone = ZoneInfo("Africa/Casablanca")
    for first in range(2024, 2031):
        end = datetime(first + 2, 1, 1, tzinfo=UTC)
        read = read_vtimezone(vtimezone("Africa/Casablanca", first, first + 1), end)
        changes = zoneinfo_changes(zone, datetime(first, 1, 1, tzinfo=UTC), end)
        assert len(changes) >= 3
        for change in changes:
            assert read.offset_at(change) == zoneinfo_offset(zone, change)
            assert read.offset_at(change - SECOND) == zoneinfo_offset(zone, change - SECOND)


def test_onsets_are_wall_times_before_the_change() -> None:
    """RFC 5545's example: DAYLIGHT starts 02:00 in TZOFFSETFROM time, STANDARD 03:00 (Europe)."""
    text = vtimezone("Europe/Zurich", 2026, 2027)
    block = icalendar.Component.from_ical(text)
    by_kind = {sub.name: sub for sub in block.subcomponents}
    assert by_kind["DAYLIGHT"].decoded("DTSTART") == datetime(2026, 3, 29, 2, 0)
    assert by_kind["STANDARD"].decoded("DTSTART") == datetime(2025, 10, 26, 3, 0)
    assert "DTSTART:20260329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" in text
    assert "RDATE" not in by_kind["DAYLIGHT"]


def test_trailing_rule_is_an_rrule_and_irregular_years_rdates() -> None:
    morocco = vtimezone("Africa/Casablanca", 2026, 2027)
    assert "RRULE" not in morocco and "RDATE:" in morocco
    chile = vtimezone("America/Santiago", 2026, 2027)  # 24:00 on the first Saturday: Sunday 00:00
    assert "RRULE:FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU" in chile
    # the US rule changed in 2007: the old dates are RDATEs, the current rule an RRULE from 2007
    new_york = vtimezone("America/New_York", 2005, 2008)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in new_york and "RDATE:" in new_york


def test_a_zone_without_changes_has_one_fixed_observance() -> None:
    block = vtimezone("Asia/Kolkata", 2026, 2027)
    assert "TZOFFSETTO:+0530" in block and "RRULE" not in block
    assert "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500" in vtimezone("Etc/GMT+5", 2026, 2026)


@pytest.mark.parametrize(
    ("rule", "start", "end"),
    [
        ("CET-1CEST,M3.5.0,M10.5.0/3", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
         "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
        ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-8,-7,-6,-5,-4,-3,-2;BYDAY=SA",
         "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
        ("IST-2IDT,M3.4.4/26,M10.5.0", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=23,24,25,26,27,28,29;BYDAY=FR",
         "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
        ("XXX3YYY,J60/2,J300/2", None, None),
    ],
)
def test_posix_rule_days_as_rrules(rule: str, start: str | None, end: str | None) -> None:
    parsed = parse_rule(rule)
    assert parsed.start is not None and parsed.end is not None
    assert rule_rrule(parsed.start) == start
    assert rule_rrule(parsed.end) == end


def test_utc_offsets_keep_seconds_only_when_there_are_some() -> None:
    assert utc_offset(timedelta(hours=-3, minutes=-30)) == "-0330"
    assert utc_offset(timedelta(hours=12, minutes=45)) == "+1245"
    assert utc_offset(timedelta(minutes=19, seconds=32)) == "+001932"
