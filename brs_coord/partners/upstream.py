"""What a partner source says about one event, before any matching: the parsers' common output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Precision(StrEnum):
    """How exactly the source dates the event: a timed start, a whole day, or only a month."""

    TIMED = "timed"
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class UpstreamEvent:
    """One event as a source states it.

    `starts`/`ends` are aware datetimes for TIMED (floating times already given the source's
    declared zone); for DAY and MONTH they are midnight UTC of the first and the day after the last
    day (MONTH: the first of the month and the first of the next). `external_uid` is the source's
    own identity (UID, Indico id, a workplan's row key); it may be unstable, which the sync engine
    detects. `cancelled` is METHOD:CANCEL / STATUS:CANCELLED upstream. `sequence` and
    `last_modified` are the upstream versioning, kept as provenance.
    """

    external_uid: str
    title: str
    starts: datetime
    ends: datetime
    precision: Precision = Precision.TIMED
    zone: str | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    cancelled: bool = False
    sequence: int | None = None
    last_modified: datetime | None = None
    recurrence_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def local_day(self) -> date:
        return self.starts.date()


@dataclass(frozen=True, slots=True)
class Rejected:
    """A part of the source the parser could not read, and why (kept in the run report, never dropped)."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """Everything a parser read from one fetch: the events and each part it had to reject."""

    events: tuple[UpstreamEvent, ...]
    rejected: tuple[Rejected, ...] = ()
    partial: bool = False  # an iTIP METHOD:CANCEL message: only its own events, the rest not gone
    past: tuple[tuple[str, int], ...] = ()  # (UID, how many) occurrences of a rule over already
