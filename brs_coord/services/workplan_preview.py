"""A CSV/XLSX workplan's preview: the mapping used and every row's outcome, before anything is written.

Staff see which header became which field (guessed, or the source's saved mapping), each row as
ok (its events, with their dates as the calendar will show them), rejected (the row, the column
and why), blank or header, and which ok rows lie wholly in the past. Writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..partner_records import PartnerSourceData, SourceKind
from ..partners.upstream import Precision, UpstreamEvent
from ..partners.workplan import ColumnMapping, RowOutcome, RowStatus, read_workplan


@dataclass(frozen=True, slots=True)
class PreviewRow:
    outcome: RowOutcome
    past: bool

    @property
    def label(self) -> str:
        """ok, ok (past), rejected, blank row, header."""
        status = self.outcome.status.value
        return f"{status} (past)" if self.past else status


@dataclass(frozen=True, slots=True)
class WorkplanPreview:
    mapping: ColumnMapping
    guessed: bool
    month_columns: tuple[str, ...]
    rows: tuple[PreviewRow, ...]

    @property
    def events(self) -> tuple[UpstreamEvent, ...]:
        return tuple(e for r in self.rows for e in r.outcome.events)

    def summary(self) -> str:
        """'12 rows: 9 ok (2 in the past) giving 10 events, 1 rejected, 2 blank rows, 1 header'."""
        counts = {s: sum(1 for r in self.rows if r.outcome.status is s) for s in RowStatus}
        past = sum(1 for r in self.rows if r.past)
        parts = [f"{counts[RowStatus.OK]} ok" + (f" ({past} in the past)" if past else "")
                 + f" giving {len(self.events)} event{'s' if len(self.events) != 1 else ''}"]
        parts += [f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s is not RowStatus.REJECTED else ''}"
                  for s in (RowStatus.REJECTED, RowStatus.BLANK, RowStatus.HEADER) if counts[s]]
        return f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}: " + ", ".join(parts)


def preview_workplan(data: bytes, mapping: ColumnMapping | None, today: date) -> WorkplanPreview:
    """The workplan read with `mapping` (None: guessed from its header row), rows ending before
    `today` marked past (they would import as past events)."""
    plan = read_workplan(data, mapping)
    rows = tuple(PreviewRow(o, bool(o.events) and all(e.ends.date() <= today for e in o.events))
                 for o in plan.outcomes)
    return WorkplanPreview(plan.mapping, plan.guessed, plan.month_columns, rows)


def source_draft(file: str, preview: WorkplanPreview, zone: str) -> PartnerSourceData:
    """A workplan source as staff would add it after its preview: the file, its kind (.xlsx or CSV)
    and the mapping previewed saved with it (its columns and date order; times in the source's
    ``zone``), the centre left to choose."""
    kind = SourceKind.XLSX if file.lower().endswith(".xlsx") else SourceKind.CSV
    return PartnerSourceData(kind=kind, centre="", file=file, timezone=zone,
                             mapping=preview.mapping.to_json(zone=False))


def when(event: UpstreamEvent) -> str:
    """The event's dates as the preview shows them: 'Mar 2027', 'Apr – Jun 2027', '12 Mar 2027',
    '12 – 14 Mar 2027', '12 Mar 2027 09:30 – 11:00 (Europe/Paris)'."""
    if event.precision is Precision.MONTH:
        first, last = event.starts.date(), event.ends.date() - timedelta(days=1)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%b %Y}"
        return f"{first:%b} – {last:%b %Y}" if first.year == last.year else f"{first:%b %Y} – {last:%b %Y}"
    if event.precision is Precision.DAY:
        first, last = event.starts.date(), event.ends.date() - timedelta(days=1)
        if first == last:
            return _day(first)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day} – {_day(last)}"
        return f"{_day(first)} – {_day(last)}"
    starts, ends = event.starts, event.ends
    end = f"{ends:%H:%M}" if ends.date() == starts.date() else f"{_day(ends.date())} {ends:%H:%M}"
    return f"{_day(starts.date())} {starts:%H:%M} – {end} ({event.zone or 'UTC'})"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
