"""Staff reports: registrations and attendance, the outbox, events per month and region, CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ..clock import Clock
from ..domain import Event, EventData, EventQuery, TimeScope
from ..errors import InvalidInput
from ..records import OutboxLine, RegistrationLine
from ..repositories import Reports
from ..store import Store

__all__ = ["MonthlyCounts", "OutboxLine", "RegistrationLine", "ReportsService", "overlapping_events"]

CSV_COLUMNS = (
    "event_uid", "event_title", "kind", "starts_at", "programme", "participant", "country", "region",
    "audience", "status",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads these as a formula


def spreadsheet_safe(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a ``'`` before it
    (names come from Telegram: anyone can be called ``=HYPERLINK(...)``)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


JOINT = "joint"  # the series of events of more than one convention
NO_CONVENTION = "none"


@dataclass(frozen=True)
class MonthlyCounts:
    """Events per month (YYYY-MM) for each facet value (a convention code or a kind)."""

    months: list[str]
    series: dict[str, list[int]]


def month_starts(first: date, count: int) -> list[date]:
    """The first days of ``count`` months from ``first``'s month."""
    months, year, month = [], first.year, first.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class ReportsService:
    """Read models for the registrations, notices and overview screens (writes live elsewhere)."""

    def __init__(self, store: Store, clock: Clock, staff_tz: str) -> None:
        self._store = store
        self._reports: Reports = store.reports
        self._clock = clock
        self._zone = ZoneInfo(staff_tz)

    def registrations(self, event_id: int) -> list[RegistrationLine]:
        return self._reports.registrations(event_id)

    def registration_counts(self, by: str, event_id: int | None = None) -> list[tuple[str, int, int]]:
        return self._reports.registration_counts(by, event_id)

    def outbox(self, state: str = "all", limit: int = 500) -> list[OutboxLine]:
        return self._reports.outbox(state, limit)

    def outbox_counts(self) -> dict[str, int]:
        return self._reports.outbox_counts()

    def _month_bounds(self, months: int) -> tuple[list[date], list[datetime]]:
        """The first days of the next ``months`` months (this one included) and the instants
        those months begin and the last one ends, in the staff zone."""
        firsts = month_starts(self._clock.now().astimezone(self._zone).date(), months + 1)
        return firsts[:-1], [datetime.combine(first, time(), self._zone) for first in firsts]

    def events_per_month(self, by: str, months: int = 12) -> MonthlyCounts:
        """Events (not drafts) starting in each of the next ``months`` months of the staff zone,
        by kind or by convention; each event counted once, so every series adds up to the same
        month totals (an event of several conventions is in the JOINT series)."""
        firsts, bounds = self._month_bounds(months)
        labels = [f"{d:%Y-%m}" for d in firsts]
        series: dict[str, list[int]] = {}
        for index, facet, count in self._reports.events_per_month(bounds, by):
            name = facet if by == "kind" or "+" not in facet else JOINT
            series.setdefault(name or NO_CONVENTION, [0] * len(labels))[index] += count
        return MonthlyCounts(labels, series)

    def events_by_region(self, months: int = 12) -> list[tuple[str, int]]:
        """Events (not drafts) of the next ``months`` staff-zone months per region (an event of
        several regions is counted in each)."""
        _, bounds = self._month_bounds(months)
        return self._reports.events_by_region(bounds[0], bounds[-1])

    def registrations_csv(
        self, start: date, end: date, programme: str | None = None, event_ids: Sequence[int] | None = None
    ) -> str:
        """Registrations to events starting in [start, end] (staff-zone days; of ``event_ids`` only,
        when given) as CSV text."""
        if end < start:
            raise InvalidInput("The period ends before it starts", field="period")
        rows = self._reports.registrations_in_period(
            datetime.combine(start, time(), self._zone),
            datetime.combine(end + timedelta(days=1), time(), self._zone), programme or None, event_ids,
        )
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
        return out.getvalue()

    def export_registrations(
        self, target: Path, start: date, end: date, programme: str | None = None,
        event_ids: Sequence[int] | None = None,
    ) -> int:
        """Write the CSV to ``target``; returns the number of registrations written."""
        text = self.registrations_csv(start, end, programme, event_ids)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return text.count("\n") - 1


def overlapping_events(
    find: Callable[[EventQuery], list[Event]], data: EventData, exclude_id: int | None = None,
    limit: int = 20,
) -> list[Event]:
    """Other announced events at the same time for one of the same audiences or regions."""
    if not (data.audiences or data.regions):
        return []
    found: dict[int, Event] = {}
    for facet in ("audiences", "regions"):
        slugs = getattr(data, facet)
        if not slugs:
            continue
        query = EventQuery(
            starts_from=data.starts_at, ends_before=data.ends_at, scope=TimeScope.ALL,
            statuses=("planned", "confirmed"), limit=limit, **{facet: slugs},
        )
        for event in find(query):
            if event.id != exclude_id:
                found[event.id] = event
    return sorted(found.values(), key=lambda event: (event.starts_at, event.id))
