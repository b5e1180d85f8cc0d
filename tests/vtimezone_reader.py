"""A strict RFC 5545 reader of one VTIMEZONE, independent of the project's code: icalendar parses
the block, dateutil expands RRULEs, and every onset (DTSTART, RDATE, RRULE instance) is read as a
wall time on the clocks of TZOFFSETFROM (§3.6.5). Tests compare what it computes with zoneinfo."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar
from dateutil.rrule import rrulestr


@dataclass(frozen=True)
class ReadZone:
    """The onsets (UTC instants, in order) and the offset each brings in."""

    instants: list[datetime]
    offsets: list[timedelta]
    before_first: timedelta

    def offset_at(self, instant: datetime) -> timedelta:
        index = bisect.bisect_right(self.instants, instant)
        return self.offsets[index - 1] if index else self.before_first


def read_vtimezone(block: str, until: datetime) -> ReadZone:
    """Read ``block``; RRULEs are expanded up to ``until`` (UTC)."""
    component = icalendar.Component.from_ical(block)
    assert component.name == "VTIMEZONE"
    onsets: list[tuple[datetime, timedelta, timedelta]] = []
    for sub in component.subcomponents:
        assert sub.name in ("STANDARD", "DAYLIGHT"), sub.name
        start = sub.decoded("DTSTART")
        assert isinstance(start, datetime) and start.tzinfo is None, "onsets are local times"
        offset_from, offset_to = sub.decoded("TZOFFSETFROM"), sub.decoded("TZOFFSETTO")
        local = [start]
        rdates = sub.get("RDATE")
        for group in rdates if isinstance(rdates, list) else [rdates] if rdates is not None else []:
            local += [value.dt for value in group.dts]
        if "RRULE" in sub:
            rule = rrulestr(sub["RRULE"].to_ical().decode("ascii"), dtstart=start)
            first = next(iter(rule))
            assert first == start, f"DTSTART {start} is not the rule's first instance {first}"
            local += rule.between(start, (until + offset_from).replace(tzinfo=None), inc=False)
        onsets += [((moment - offset_from).replace(tzinfo=UTC), offset_from, offset_to) for moment in local]
    onsets.sort()
    return ReadZone(
        [instant for instant, _, _ in onsets], [to for _, _, to in onsets],
        onsets[0][1] if onsets else timedelta(0),
    )
