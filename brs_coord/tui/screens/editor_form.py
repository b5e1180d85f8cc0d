"""What the event editor reads from typed text: durations, start and end times (no widgets)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from ...domain import FundingStatus
from ...wall_times import Duration, end_after, read_typed
from ...zones import is_valid_timezone

DURATION_RE = re.compile(
    r"^\s*(?:(?P<d>\d+)\s*(?:d|days?|jours?|d[ií]as?)\s*)?(?:(?P<h>\d+)\s*(?:h|hours?|heures?|horas?)\s*)?"
    r"(?:(?P<m>\d+)\s*(?:m|min|mins|minutes?|minutos?)?\s*)?$",
    re.IGNORECASE,
)
END_HINT = "type an end ('16:00', '3 March 17:00') or a duration ('2h', '3 days')"
FIELD_ORDER = (
    "title", "kind", "status", "status_reason", "starts_at", "ends_at", "timezone", "programme",
    "organiser", "audiences", "regions", "conventions", "languages", "location", "country", "city",
    "online_url", "registration_url", "capacity", "funding_status", "description", "translations",
    "results",
)
def parse_duration(text: str) -> Duration | None:
    """'2h', '90 min', '1h30' (elapsed time), '3 days' (calendar days) as a duration (None when not
    a duration)."""
    match = DURATION_RE.match(text)
    if not match or not any(match.groupdict().values()):
        return None
    if match["m"] and not (match["h"] or match["d"]) and not re.search(r"[a-z]", text, re.I):
        return None  # a bare number is not a duration
    days, hours, minutes = (int(match[name] or 0) for name in ("d", "h", "m"))
    return Duration(days, timedelta(hours=hours, minutes=minutes))


def parse_times(
    start_text: str, end_text: str, zone: str, now: datetime
) -> tuple[datetime | None, datetime | None, dict[str, str]]:
    """The start and end typed in the form, with a problem per field when unreadable."""
    problems: dict[str, str] = {}
    if not is_valid_timezone(zone):
        return None, None, {"timezone": f"unknown time zone {zone!r}"}
    start, problem = read_typed(start_text, now=now, zone=zone) if start_text.strip() else (None, None)
    if start is None:
        problems["starts_at"] = problem or ("type a date and time, e.g. 'next Tuesday 14:00'"
                                            if start_text.strip() else "a start is required")
        return None, None, problems
    duration = parse_duration(end_text)
    end = end_after(start, duration) if duration is not None else None
    if end is None and end_text.strip():
        end, problem = read_typed(end_text, now=start - timedelta(seconds=1), zone=zone)
    if end is None:
        problems["ends_at"] = problem or END_HINT
    return start, end, problems


def funding(value: str | None) -> FundingStatus | None:
    """The funding status chosen in the form (None when left unknown)."""
    return FundingStatus(value) if value else None


def duration_text(delta: timedelta) -> str:
    """A duration as the end preview shows it: '1 d 2 h 30 min'."""
    days, seconds = delta.days, delta.seconds
    parts = [f"{days} d"] if days else []
    if seconds >= 3600:
        parts.append(f"{seconds // 3600} h")
    if seconds % 3600:
        parts.append(f"{seconds % 3600 // 60} min")
    return " ".join(parts) or "0 min"
