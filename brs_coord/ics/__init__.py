"""Events to iCalendar: a pure builder (events and catalogue names in, bytes out); no I/O here.

VEVENTs are written by hand (fast, deterministic, folded and escaped per RFC 5545) and cached
per event by the feed service; VTIMEZONEs are made from the zone data itself (vtimezone, tzif).
"""

from __future__ import annotations

from .calendar import PRODID, CalendarMeta, assemble, calendar_header, iso_duration, timezones
from .text import escape_text, fold, param_value
from .vevent import (
    FORMAT_VERSION,
    ICAL_STATUS,
    STATUS_WORDS,
    Names,
    all_day_dates,
    build_vevent,
    describe,
    is_utc_zone,
    utc_stamp,
)
from .vtimezone import vtimezone

__all__ = [
    "FORMAT_VERSION",
    "ICAL_STATUS",
    "PRODID",
    "STATUS_WORDS",
    "CalendarMeta",
    "Names",
    "all_day_dates",
    "assemble",
    "build_vevent",
    "calendar_header",
    "describe",
    "escape_text",
    "fold",
    "is_utc_zone",
    "iso_duration",
    "param_value",
    "timezones",
    "utc_stamp",
    "vtimezone",
]
