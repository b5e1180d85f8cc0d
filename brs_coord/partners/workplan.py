"""CSV/XLSX workplans read with a column mapping: every row's outcome, nothing silently skipped.

Two shapes: a row per event with start (and end) columns, or the 2013–2015 programme's month/year
table (a row per activity, a column per month holding an X or the days). The mapping is guessed
from the header row (English, French, Spanish) or given (saved as JSON on the source). A row is
``ok`` (its events), ``rejected`` (a reason naming the row and the column), ``blank`` or
``header`` (the header row and any title lines above it). Pure code: bytes in, outcomes out.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import InvalidInput
from ..folding import fold
from .decoding import decode_lines
from .upstream import ParsedSource, Precision, Rejected, UpstreamEvent
from .workplan_dates import Cell, DateOrder, DateProblem, Span, day_marks, month_header, read_date

MAX_FILE_BYTES = 20_000_000
MAX_ROWS = 50_000
# A quote left open swallows at most this many lines before the row is called broken.
MAX_LINES_PER_ROW = 50
ROW_KEY_PREFIX = "wp-"
UNCLOSED_QUOTE = "broken quoting: a quote opened on this line is never closed"
DELIMITERS = ",;\t"
# A timed start with no end cell: the event is given this length (the review queue shows it).
TIMED_WITHOUT_END = timedelta(hours=1)

# The header words each field is guessed from, folded (English, French, Spanish).
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titre", "titulo", "activity", "activite", "actividad", "event", "evenement",
              "evento", "name", "nom", "nombre", "intitule", "subject", "objet", "asunto"),
    "start": ("start", "start date", "starts", "begins", "from", "date", "dates", "when", "debut",
              "date de debut", "du", "quand", "inicio", "fecha", "fecha de inicio", "desde", "cuando"),
    "end": ("end", "end date", "ends", "to", "until", "fin", "date de fin", "au", "jusqu au",
            "fecha de fin", "fecha fin", "hasta", "termino"),
    "kind": ("kind", "type", "format", "modality", "modalite", "tipo", "modalidad", "category",
             "categorie", "categoria"),
    "audience": ("audience", "target audience", "public", "public cible", "participants", "publico",
                 "publico objetivo", "destinatarios", "beneficiaries", "beneficiaires", "beneficiarios"),
    "language": ("language", "languages", "langue", "langues", "idioma", "idiomas", "lengua"),
    "location": ("location", "place", "venue", "city", "where", "country", "lieu", "ville", "pays",
                 "ou", "lugar", "sede", "ciudad", "pais", "donde"),
    "url": ("url", "link", "website", "web", "lien", "site", "site web", "enlace", "sitio web"),
    "description": ("description", "details", "summary", "notes", "comments", "objectives", "resume",
                    "remarques", "commentaires", "objectifs", "descripcion", "resumen",
                    "observaciones", "comentarios", "objetivos"),
    "external_id": ("id", "uid", "ref", "reference", "code", "no", "number", "identifiant", "numero",
                    "identificador", "referencia", "codigo"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which header is which field (None: not in the file), how numeric dates are ordered, and the
    zone of timed cells. Month columns of a month/year table are found from their headers."""

    title: str | None = None
    start: str | None = None
    end: str | None = None
    kind: str | None = None
    audience: str | None = None
    language: str | None = None
    location: str | None = None
    url: str | None = None
    description: str | None = None
    external_id: str | None = None
    date_order: DateOrder = DateOrder.DAY_FIRST
    zone: str = "UTC"

    @staticmethod
    def field_names() -> tuple[str, ...]:
        return tuple(f.name for f in fields(ColumnMapping) if f.name not in ("date_order", "zone"))

    def columns(self) -> dict[str, str]:
        """Field -> header, for the mapped fields."""
        return {name: header for name in self.field_names() if (header := getattr(self, name))}

    def to_json(self, *, zone: bool = True) -> str:
        """The mapping as JSON (``zone=False``: without the zone, which a source declares itself)."""
        values = {k: v for k, v in asdict(self).items() if v is not None and (zone or k != "zone")}
        return json.dumps(values, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, base: ColumnMapping | None = None) -> ColumnMapping:
        """The mapping a JSON object names; what it leaves out (the zone, the date order) from
        ``base`` (a source's declared zone), else the defaults. InvalidInput when it is no mapping."""
        base = base or cls()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"The column mapping is not JSON ({exc.msg})", "mapping") from None
        if not isinstance(data, dict):
            raise InvalidInput("The column mapping is a JSON object such as {\"title\": \"Activity\"}",
                               "mapping")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(f"The column mapping has no field {', '.join(unknown)} (it knows"
                               f" {', '.join(sorted(known))})", "mapping")
        if not all(isinstance(v, str) or v is None for v in data.values()):
            raise InvalidInput("Every value of the column mapping is a header text", "mapping")
        data = {k: v for k, v in data.items() if v is not None}  # null: not in the file, or the default
        try:
            order = DateOrder(data.pop("date_order", base.date_order))
        except ValueError:
            raise InvalidInput("date_order is day-first or month-first", "mapping") from None
        mapping = replace(base, date_order=order, **data)
        mapping.tzinfo()
        return mapping

    def tzinfo(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"{self.zone!r} is not a time zone (such as Europe/Paris)",
                               "mapping") from None


class RowStatus(StrEnum):
    OK = "ok"
    REJECTED = "rejected"
    BLANK = "blank row"
    HEADER = "header"


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """One row of the file (its 1-based line or sheet row) and what became of it."""

    row: int
    status: RowStatus
    events: tuple[UpstreamEvent, ...] = ()
    column: str | None = None
    reason: str = ""

    @property
    def where(self) -> str:
        return f"row {self.row}" + (f", column {self.column!r}" if self.column else "")


@dataclass(frozen=True, slots=True)
class Workplan:
    """A workplan read: the mapping used (guessed or given), its month columns, each row's outcome."""

    mapping: ColumnMapping
    guessed: bool
    outcomes: tuple[RowOutcome, ...]
    month_columns: tuple[str, ...] = ()

    def parsed(self) -> ParsedSource:
        """The parsers' common output: the events, and every rejected row with its reason."""
        return ParsedSource(
            tuple(e for o in self.outcomes for e in o.events),
            tuple(Rejected(o.where, o.reason) for o in self.outcomes if o.status is RowStatus.REJECTED))

    def counts(self) -> dict[RowStatus, int]:
        return {status: sum(1 for o in self.outcomes if o.status is status) for status in RowStatus}


class _Problem(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@dataclass(slots=True)
class _Rows:
    """The file as rows of cells, each with its row number; rows the CSV reader could not split."""

    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    broken: list[RowOutcome] = field(default_factory=list)


def read_workplan(data: bytes, mapping: ColumnMapping | None = None, *,
                  base: ColumnMapping = ColumnMapping()) -> Workplan:
    """Every row of a CSV or XLSX workplan and its outcome (InvalidInput when the file is no workplan);
    without ``mapping``, it is guessed from the header row over ``base`` (its date order and zone)."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"The workplan is over {MAX_FILE_BYTES // 1_000_000} MB", "file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput("This is an old Excel .xls file: save it as .xlsx or CSV and try again", "file")
    table = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    if len(table.rows) > MAX_ROWS:
        raise InvalidInput(f"The workplan has over {MAX_ROWS:,} rows", "file")
    header_at, headers = _header(table.rows, mapping)
    guessed = mapping is None
    used = mapping if mapping is not None else guess_mapping(headers, base)
    index = _index(headers, used)
    months = {i: ym for i, h in enumerate(headers) if i not in index.values() and (ym := month_header(h))}
    if "title" not in index:
        raise InvalidInput("No column holds the titles: name it Title, Titre or Título, or give the"
                           " mapping (--mapping '{\"title\": \"…\"}')", "mapping")
    if "start" not in index and not months:
        raise InvalidInput("No column holds the dates: name it Start, Date, Début or Fecha, use month"
                           " columns (Jan 2027, Feb 2027 …), or give the mapping", "mapping")
    outcomes: list[RowOutcome] = list(table.broken)
    for number, cells in table.rows:
        if number <= header_at:
            blank = not any(_text(c) for c in cells)
            outcomes.append(RowOutcome(number, RowStatus.BLANK if blank else RowStatus.HEADER))
        else:
            outcomes.append(_outcome(number, cells, headers, index, months, used))
    outcomes = _without_repeats(sorted(outcomes, key=lambda o: o.row), used)
    return Workplan(used, guessed, tuple(outcomes), tuple(str(headers[i]) for i in months))


def _without_repeats(outcomes: list[RowOutcome], mapping: ColumnMapping) -> list[RowOutcome]:
    """A row whose event has the identity of an earlier row's (the same id, or the same title on
    the same day) is rejected, naming that row: one upstream identity is one event."""
    first_row: dict[str, int] = {}
    kept: list[RowOutcome] = []
    for outcome in outcomes:
        repeats = [e.external_uid for e in outcome.events if e.external_uid in first_row]
        if repeats:
            by_key = repeats[0].startswith(ROW_KEY_PREFIX)
            column = mapping.title if by_key else mapping.external_id
            what = "the title and day" if by_key else "the id"
            kept.append(RowOutcome(outcome.row, RowStatus.REJECTED, column=column,
                                   reason=f"repeats row {first_row[repeats[0]]} ({what} of the same event)"))
            continue
        first_row.update((e.external_uid, outcome.row) for e in outcome.events)
        kept.append(outcome)
    return kept


def _header_key(value: Cell) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", fold(_text(value)))).strip()


def guess_mapping(headers: Sequence[Cell], base: ColumnMapping = ColumnMapping()) -> ColumnMapping:
    """The mapping a header row suggests: each field the first unused header among its words."""
    taken: set[int] = set()
    chosen: dict[str, Any] = {}
    keys = [_header_key(h) for h in headers]
    for name in ColumnMapping.field_names():
        for i, key in enumerate(keys):
            if i not in taken and key in HEADER_WORDS[name]:
                taken.add(i)
                chosen[name] = _text(headers[i]).strip()
                break
    return replace(base, **chosen)


def _index(headers: Sequence[Cell], mapping: ColumnMapping) -> dict[str, int]:
    by_key: dict[str, int] = {}
    for i, header in enumerate(headers):
        by_key.setdefault(_header_key(header), i)
    index: dict[str, int] = {}
    for name, header in mapping.columns().items():
        found = by_key.get(_header_key(header))
        if found is None:
            raise InvalidInput(f"The mapping's {name} column {header!r} is not in the header row"
                               f" ({', '.join(repr(_text(h)) for h in headers if _text(h))})", "mapping")
        index[name] = found
    return index


def _header(rows: list[tuple[int, list[Cell]]], mapping: ColumnMapping | None) -> tuple[int, list[Cell]]:
    """The header row: the first of the first 20 with a title header (the mapping's, or one the
    guess knows) and a start header or month columns."""
    for number, cells in rows[:20]:
        if mapping is not None:
            keys = {_header_key(c) for c in cells}
            if mapping.title is not None and _header_key(mapping.title) in keys:
                return number, cells
            continue
        guess = guess_mapping(cells)
        if guess.title and (guess.start or any(month_header(c) for c in cells)):
            return number, cells
    wanted = f"the mapping's title column {mapping.title!r}" if mapping and mapping.title else (
        "a title column and a date column (Title and Start, Titre and Date, Título and Fecha)")
    raise InvalidInput(f"No header row found in the first 20 rows: expected {wanted}", "mapping")


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _outcome(number: int, cells: list[Cell], headers: list[Cell], index: dict[str, int],
             months: dict[int, tuple[int, int]], mapping: ColumnMapping) -> RowOutcome:
    def cell(name: str) -> Cell:
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    if not any(_text(c) for c in cells):
        return RowOutcome(number, RowStatus.BLANK)
    try:
        title = _text(cell("title"))
        if not title:
            raise _Problem(mapping.title, "has no title")
        spans = _spans(cell, cells, headers, months, mapping)
        base = {name: _text(cell(name)) for name in ("kind", "audience", "language")}
        own_id = _text(cell("external_id"))
        events = tuple(
            _event(title, span, own_id, len(spans) > 1, cell, {k: v for k, v in base.items() if v}, mapping)
            for span in spans)
    except _Problem as problem:
        return RowOutcome(number, RowStatus.REJECTED, column=problem.column, reason=problem.reason)
    return RowOutcome(number, RowStatus.OK, events)


def _spans(cell: Any, cells: list[Cell], headers: list[Cell], months: dict[int, tuple[int, int]],
           mapping: ColumnMapping) -> list[Span]:
    if mapping.start is not None and _text(cell("start")):
        return [_start_end(cell("start"), cell("end"), mapping)]
    spans: list[Span] = []
    for i, (year, month) in months.items():
        mark = _text(cells[i]) if i < len(cells) else ""
        if mark:
            try:
                spans.extend(day_marks(mark, year, month))
            except DateProblem as exc:
                raise _Problem(_text(headers[i]), str(exc)) from None
    if not spans:
        if months and mapping.start is None:
            raise _Problem(None, "has no date: no month column is marked")
        raise _Problem(mapping.start, "has no start date")
    return spans


def _start_end(start: Cell, end: Cell, mapping: ColumnMapping) -> Span:
    try:
        first = read_date(start, mapping.date_order)
    except DateProblem as exc:
        raise _Problem(mapping.start, str(exc)) from None
    if not _text(end):
        return first
    try:
        last = read_date(end, mapping.date_order)
    except DateProblem as exc:
        raise _Problem(mapping.end, str(exc)) from None
    if first.at is not None and last.at is not None:
        if last.at <= first.at:
            raise _Problem(mapping.end, f"ends ({_text(end)}) before it starts ({_text(start)})")
        return Span(first.first, last.after, Precision.TIMED, first.at, last.at)
    precision = Precision.MONTH if Precision.MONTH in (first.precision, last.precision) else Precision.DAY
    if precision is Precision.MONTH:
        first = Span.month(first.first.year, first.first.month)
        last = Span.month(last.first.year, last.first.month, months=1 if last.precision is Precision.DAY
                          else _months_between(last.first, last.after))
    if last.after <= first.first:
        raise _Problem(mapping.end, f"ends ({_text(end)}) before it starts ({_text(start)})")
    return Span(first.first, last.after, precision)


def _months_between(first: date, after: date) -> int:
    return (after.year - first.year) * 12 + after.month - first.month


def _event(title: str, span: Span, own_id: str, several: bool, cell: Any, extra: dict[str, str],
           mapping: ColumnMapping) -> UpstreamEvent:
    if span.at is not None:
        zone = mapping.tzinfo()
        starts = span.at.replace(tzinfo=zone)
        ends = span.until.replace(tzinfo=zone) if span.until is not None else starts + TIMED_WITHOUT_END
        precision = Precision.TIMED
    else:
        starts = datetime.combine(span.first, time(0), UTC)
        ends = datetime.combine(span.after, time(0), UTC)
        precision = span.precision
    day = span.first
    if own_id:
        uid = f"{own_id}#{day:%Y-%m-%d}" if several else own_id
    else:
        uid = row_key(title, day)
    return UpstreamEvent(
        external_uid=uid, title=title, starts=starts, ends=ends, precision=precision,
        zone=mapping.zone if precision is Precision.TIMED else None,
        description=_text(cell("description")), location=_text(cell("location")), url=_text(cell("url")),
        categories=(extra["kind"],) if "kind" in extra else (), extra=extra)


def row_key(title: str, day: date) -> str:
    """A row's identity when the workplan has no id column: a hash of its folded title and its day
    (stable across re-exports and re-orderings; a rescheduled row gets a new one, which the sync
    engine's unstable-UID fallback then matches)."""
    normal = " ".join(re.sub(r"[^\w]+", " ", fold(title)).split())
    return ROW_KEY_PREFIX + hashlib.sha256(f"{normal}|{day.isoformat()}".encode()).hexdigest()[:20]


# -- reading the bytes -------------------------------------------------------------------------------


def _delimiter(lines: list[str]) -> str:
    """The one of , ; tab that splits the first non-blank lines most consistently and most often."""
    sample = [line for line in lines[:30] if line.strip()][:10]
    best, best_score = ",", (-1, -1)
    for candidate in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=candidate), [])) for line in sample]
        if not counts:
            continue
        score = (sum(1 for c in counts if c == max(counts) and c > 1), max(counts))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _record(lines: list[str], start: int) -> tuple[str | None, int]:
    """The record beginning at line `start` and how many lines it takes (None: its quote never closes)."""
    text, used = lines[start], 1
    while text.count('"') % 2 and used < MAX_LINES_PER_ROW and start + used < len(lines):
        text += lines[start + used]
        used += 1
    return (None, 1) if text.count('"') % 2 else (text, used)


def _csv_rows(data: bytes) -> _Rows:
    """Each record as cells; a record the reader cannot split rejects its first line only, and
    reading goes on at the next line (a stray quote never swallows the rows after it)."""
    lines = decode_lines(data)
    delimiter = _delimiter(lines)
    table = _Rows()
    i = 0
    while i < len(lines):
        text, used = _record(lines, i)
        try:
            if text is None:
                raise csv.Error(UNCLOSED_QUOTE)
            cells: list[Cell] = list(next(csv.reader([text], delimiter=delimiter, strict=True), []))
        except csv.Error as exc:
            reason = UNCLOSED_QUOTE if text is None or used > 1 else f"broken quoting ({exc})"
            table.broken.append(RowOutcome(i + 1, RowStatus.REJECTED, reason=reason))
            i += 1
            continue
        table.rows.append((i + 1, cells))
        i += used
    return table


def _xlsx_rows(data: bytes) -> _Rows:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(f"The file is not a readable .xlsx workbook ({exc})", "file") from None
    try:
        sheet = book.worksheets[0]
        table = _Rows()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise InvalidInput(f"The workplan has over {MAX_ROWS:,} rows", "file")
            table.rows.append((number, [_xlsx_cell(v) for v in values]))
        return table
    finally:
        book.close()


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | datetime | date):
        return value
    if isinstance(value, time):
        return value.isoformat()
    return str(value)
