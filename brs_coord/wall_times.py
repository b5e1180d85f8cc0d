"""Wall-clock times against instants: durations added in elapsed time, and typed local times that
happen twice (the hour the clocks go back) or never (the hour they skip), said so in every face.

Python adds a timedelta to a zone-aware datetime on the wall clock: 60 minutes from 00:30 on a
night the clocks skip an hour gives a 0-minute event. Here an elapsed duration ("2 h", "90 min",
``--duration``) is added in UTC; only whole days ("3 days") stay calendar arithmetic.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .domain import YEAR_MAX, YEAR_MIN
from .errors import InvalidInput
from .zones import is_valid_timezone

ZERO = timedelta(0)
# "01:30 second", "01:30 (first)": which of the two 01:30s of a night the clocks go back
_OCCURRENCE = re.compile(
    r"\s*\(?\b(?P<word>first|second|premi[eè]re?|seconde?|deuxi[eè]me|primer[oa]?|segund[oa])\b\)?\s*$",
    re.IGNORECASE,
)
_SECOND_WORDS = ("second", "deux", "segund")


class Duration(NamedTuple):
    """A typed duration: whole calendar days, then elapsed time."""

    days: int = 0
    elapsed: timedelta = ZERO

    @classmethod
    def of_minutes(cls, minutes: int) -> Duration:
        return cls(0, timedelta(minutes=minutes))


def end_after(start: datetime, duration: Duration) -> datetime:
    """``start`` + ``duration``: days on the calendar (same wall time; a skipped hour moves on),
    the rest in elapsed time, so 2 h is 2 h across a daylight-saving change. Same zone as start."""
    zone = start.tzinfo
    moved = start
    if duration.days:
        moved = normalised(start.replace(tzinfo=None) + timedelta(days=duration.days), zone, start.fold)
    return (moved.astimezone(UTC) + duration.elapsed).astimezone(zone)


def normalised(wall: datetime, zone: tzinfo | None, fold: int = 0) -> datetime:
    """A naive wall time in ``zone`` as an existing instant (a skipped time moves forward)."""
    return wall.replace(tzinfo=zone, fold=fold).astimezone(UTC).astimezone(zone)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The time between two instants (Python's ``end - start`` reads the wall clock in one zone)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def split_occurrence(text: str) -> tuple[str, int | None]:
    """``text`` without a trailing "first"/"second" and the fold it asks for (None when absent)."""
    match = _OCCURRENCE.search(text)
    if match is None:
        return text, None
    word = match["word"].lower()
    return text[: match.start()], 1 if word.startswith(_SECOND_WORDS) else 0


def place_of(zone: str) -> str:
    """"America/Santiago" → "Santiago": the zone as people name it."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def is_ambiguous(moment: datetime) -> bool:
    """True when ``moment``'s wall time happens twice in its zone (the hour the clocks go back)."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset() and exists(moment)


def exists(moment: datetime) -> bool:
    """False when ``moment``'s wall time is skipped in its zone (the hour the clocks go forward)."""
    wall = moment.replace(tzinfo=None)
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == wall


def wall_time_problem(wall: datetime, zone: str, fold: int | None) -> str | None:
    """What is wrong with a typed naive ``wall`` time in ``zone``: it does not exist, or it happens
    twice and ``fold`` (0 first, 1 second) does not say which; None when it names one instant."""
    moment = wall.replace(tzinfo=ZoneInfo(zone))
    clock = wall.strftime("%H:%M")
    if not exists(moment):
        return f"{clock} does not exist on that day in {place_of(zone)} (the clocks skip it)"
    if fold is None and is_ambiguous(moment):
        return (
            f"{clock} happens twice on that day in {place_of(zone)}: first or second? "
            f"(type '{clock} first' or '{clock} second')"
        )
    return None


def resolved(wall: datetime, zone: str, fold: int | None) -> datetime:
    """The instant of a typed wall time that ``wall_time_problem`` accepts."""
    return wall.replace(tzinfo=ZoneInfo(zone), fold=fold or 0)


def read_typed(text: str, *, now: datetime, zone: str) -> tuple[datetime | None, str | None]:
    """A typed start or end ('next Tuesday 14:00', '25 October 02:30 second') as an instant in
    ``zone``, or the problem of its wall time (skipped, or twice without first/second)."""
    from .dates import parse_instant  # the date phrases load only when a time is typed

    rest, fold = split_occurrence(text)
    instant = parse_instant(rest, now=now, tz=zone)
    if instant is None:
        return None, None
    # the wall time as typed: the same phrase read on this zone's wall clock in UTC, where no hour
    # is skipped or repeated (parse_instant moves skipped times on and picks the first of two)
    wall_clock_now = now.astimezone(ZoneInfo(zone)).replace(tzinfo=UTC)
    as_typed = parse_instant(rest, now=wall_clock_now, tz="UTC")
    if as_typed is None:
        return instant, None
    wall = as_typed.replace(tzinfo=None)
    if instant not in (normalised(wall, ZoneInfo(zone), 0), normalised(wall, ZoneInfo(zone), 1)):
        return instant, None  # another zone or offset was typed: the phrase names one instant
    problem = wall_time_problem(wall, zone, fold)
    if problem is not None:
        return None, problem
    return resolved(wall, zone, fold), None


def parse_when(text: str, tz: str, now: datetime) -> datetime:
    """A typed date and time: ISO-8601 ('2027-03-03 10:00') or a phrase ('next Tuesday 14:00'); a
    wall time the clocks skip, or one they show twice without 'first'/'second', is refused."""
    if not is_valid_timezone(tz):
        raise InvalidInput(f"Unknown time zone {tz!r} (use an IANA name such as Europe/Zurich)", "timezone")
    rest, fold = split_occurrence(text.strip())
    try:
        parsed = datetime.fromisoformat(rest.strip())
    except ValueError:
        found, problem = read_typed(text, now=now, zone=tz)
        if problem is not None:
            raise InvalidInput(f"{text!r}: {problem}", "starts_at") from None
        if found is None:
            raise InvalidInput(f"Cannot read {text!r} as a date and time", "starts_at") from None
        parsed = found
    if not YEAR_MIN <= parsed.year <= YEAR_MAX:
        raise InvalidInput(f"{text!r} is not between the years {YEAR_MIN} and {YEAR_MAX}", "starts_at")
    if parsed.tzinfo is not None:
        return parsed
    problem = wall_time_problem(parsed, tz, fold)
    if problem is not None:
        raise InvalidInput(f"{text!r}: {problem}", "starts_at")
    return resolved(parsed, tz, fold)
