"""A whole VCALENDAR: calendar properties, one VTIMEZONE per zone used, then the VEVENTs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from .text import escape_text, fold
from .vevent import is_utc_zone
from .vtimezone import vtimezone

PRODID = "-//BRS Secretariat//brs-coord//EN"
HEADER_END = "END:VCALENDAR\r\n"


@dataclass(frozen=True)
class CalendarMeta:
    """What a feed calls itself and how often clients should look again."""

    name: str
    description: str = ""
    refresh: timedelta = timedelta(hours=6)
    source: str = ""  # where this feed is read from (RFC 7986 SOURCE): clients refresh from it
    url: str = ""  # the page about it (the index page)


def iso_duration(delta: timedelta) -> str:
    """A positive duration as RFC 5545 text (``PT6H``, ``P1D``, ``PT90M``)."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        raise ValueError("a refresh interval must be positive")
    days, rest = divmod(seconds, 86400)
    if rest == 0:
        return f"P{days}D"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs else "")


def calendar_header(meta: CalendarMeta) -> str:
    duration = iso_duration(meta.refresh)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(meta.name)}",
        f"X-WR-CALNAME:{escape_text(meta.name)}",
    ]
    if meta.description:
        lines += [
            f"DESCRIPTION:{escape_text(meta.description)}",
            f"X-WR-CALDESC:{escape_text(meta.description)}",
        ]
    lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{duration}", f"X-PUBLISHED-TTL:{duration}"]
    if meta.source:
        lines.append(f"SOURCE;VALUE=URI:{meta.source}")
    if meta.url:
        lines.append(f"URL:{meta.url}")
    return "".join(map(fold, lines))


def timezones(zones: Iterable[str], years: tuple[int, int]) -> str:
    """VTIMEZONEs for every non-UTC zone, in name order."""
    first, last = years
    return "".join(vtimezone(z, first, last) for z in sorted(set(zones)) if not is_utc_zone(z))


def quiet_component() -> str:
    """The component of a calendar with no event yet (RFC 5545 wants at least one): UTC's
    VTIMEZONE, which no client shows."""
    return vtimezone("Etc/UTC", 1970, 1970)


def assemble(
    meta: CalendarMeta, vevents: Sequence[str], zones: Iterable[str] = (),
    years: tuple[int, int] | None = None, *, header: str | None = None,
) -> bytes:
    """The calendar as UTF-8 bytes: header, VTIMEZONEs (over ``years``), VEVENTs, footer."""
    zone_text = timezones(zones, years) if years else ""
    if not vevents and not zone_text:
        zone_text = quiet_component()
    head = header if header is not None else calendar_header(meta)
    return (head + zone_text + "".join(vevents) + HEADER_END).encode("utf-8")
