"""The COP table of a results report, written as CSV, XLSX, Markdown or HTML.

One row per indicator with the contract columns ``code``, ``unit``, ``value``, ``baseline``,
``target``, ``events`` and then what a reader needs to trust the figure: the Parties counted, the
non-Party States and the countries of unrecorded status (never counted), and the disaggregations.
Every cell that counts people is suppressed under five (``<5``) in every format.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from pathlib import Path

from ..results import IndicatorValue, shown
from .evaluation_report import (
    COMMENT_COLUMNS,
    EVENT_COLUMNS,
    INDICATOR_COLUMNS,
    comment_rows,
    event_rows,
    indicator_cells,
)
from .reports import spreadsheet_safe
from .results import ResultsReport

COLUMNS = (
    "code", "unit", "value", "baseline", "target", "events", "parties", "non_parties",
    "status_not_recorded", "country_not_recorded", "breakdown", "indicator", *INDICATOR_COLUMNS,
)
FORMATS = ("csv", "xlsx", "md", "html")


def _optional(number: int | None) -> str:
    return "" if number is None else str(number)


def _breakdown(value: IndicatorValue) -> str:
    people = value.counts_people
    parts = []
    for what, cells in value.breakdown.items():
        if cells:
            shown_cells = ", ".join(f"{bucket} {shown(n, people=people)}" for bucket, n in cells.items())
            parts.append(f"{what.value}: {shown_cells}")
    return "; ".join(parts)


def _events(value: IndicatorValue) -> str:
    return "; ".join(f"{e.uid} {e.starts_on.isoformat()} {e.organiser or '-'}" for e in value.events)


def row_of(value: IndicatorValue) -> dict[str, str]:
    """One indicator's row, every cell as text (people counts under five suppressed)."""
    people = value.counts_people
    return {
        "code": value.indicator.code,
        "unit": value.indicator.unit.value,
        "value": shown(value.value, people=people),
        "baseline": _optional(value.target.baseline),
        "target": _optional(value.target.target),
        "events": _events(value),
        "parties": " ".join(value.parties),
        "non_parties": " ".join(value.non_parties),
        "status_not_recorded": " ".join(value.unrecorded),
        "country_not_recorded": shown(value.unknown_country, people=True) if value.unknown_country else "",
        "breakdown": _breakdown(value),
        "indicator": value.indicator.text,
    }


def rows_of(report: ResultsReport) -> list[dict[str, str]]:
    return [{**row_of(value), **indicator_cells(value, report.evaluations)} for value in report.values]


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue()


def to_csv(report: ResultsReport) -> str:
    return _csv(COLUMNS, rows_of(report))


def evaluations_csv(report: ResultsReport) -> str:
    """The evaluations per event (the CSV report's second file)."""
    return _csv(EVENT_COLUMNS, event_rows(report.evaluations))


def comments_csv(report: ResultsReport) -> str:
    """The comments (the CSV report's third file): event and text, nothing about who wrote them."""
    return _csv(COMMENT_COLUMNS, comment_rows(report.evaluations))


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


MD_COLUMNS = ("code", "unit", "value", "baseline", "target", "parties", "events")


def to_markdown(report: ResultsReport) -> str:
    lines = [f"# {report.title}", "", "| " + " | ".join(MD_COLUMNS) + " |",
             "|" + "|".join("---" for _ in MD_COLUMNS) + "|"]
    for row in rows_of(report):
        row = {**row, "events": str(len(row["events"].split("; "))) if row["events"] else "0"}
        lines.append("| " + " | ".join(_md_cell(row[c]) for c in MD_COLUMNS) + " |")
    lines += ["", "Parties count once per indicator however many of their people attended; non-Party"
              " States and countries whose status is not recorded are listed but never counted;"
              " counts of fewer than five people are shown as <5.", ""]
    return "\n".join(lines + _markdown_evaluations(report))


def _md_table(columns: tuple[str, ...], rows: list[dict[str, str]]) -> list[str]:
    return ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|",
            *("| " + " | ".join(_md_cell(row[c]) for c in columns) + " |" for row in rows)]


def _markdown_evaluations(report: ResultsReport) -> list[str]:
    if not report.evaluations:
        return []
    lines = ["## Evaluations", "", *_md_table(EVENT_COLUMNS[:-1], event_rows(report.evaluations)), "",
             "Answers are anonymous; no figure is drawn from fewer than five answers.", ""]
    by_indicator = [row for row in rows_of(report) if row["evaluation_answers"]]
    if by_indicator:
        lines += ["### By indicator", "", *_md_table(("code", *INDICATOR_COLUMNS), by_indicator), ""]
    comments = comment_rows(report.evaluations)
    if comments:
        lines += ["### Comments", ""]
        lines += [f"- {_md_cell(c['event'])}: {_md_cell(c['comment'])}" for c in comments] + [""]
    return lines


def _bar(value: IndicatorValue) -> str:
    """An inline SVG bar of the value against its target (none without a target)."""
    target = value.target.target
    if not target:
        return ""
    share = min(value.value / target, 1.0)
    return (f'<svg width="120" height="12" role="img" aria-label="{value.value} of {target}">'
            f'<rect width="120" height="12" fill="#e5e7eb"/>'
            f'<rect width="{120 * share:.0f}" height="12" fill="#2563eb"/></svg>')


def to_html(report: ResultsReport) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in (*MD_COLUMNS, "progress"))
    body = []
    for value, row in zip(report.values, rows_of(report), strict=True):
        cells = "".join(f"<td>{html.escape(row[c])}</td>" for c in MD_COLUMNS[:-1])
        events = html.escape(row["events"]).replace("; ", "<br>")
        body.append(f"<tr title=\"{html.escape(row['indicator'])}\">{cells}<td>{events}</td>"
                    f"<td>{_bar(value)}</td></tr>")
    return (
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
        f"<title>{html.escape(report.title)}</title>"
        "<style>body{font-family:system-ui,sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;font-size:14px}</style>"
        f"<h1>{html.escape(report.title)}</h1><table><tr>{head}</tr>{''.join(body)}</table>"
        "<p>Counts of fewer than five people are shown as &lt;5.</p>"
        f"{_html_evaluations(report)}</html>\n"
    )


def _html_table(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(row[c])}</td>" for c in columns) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _html_evaluations(report: ResultsReport) -> str:
    if not report.evaluations:
        return ""
    parts = ["<h2>Evaluations</h2>", _html_table(EVENT_COLUMNS, event_rows(report.evaluations)),
             "<p>Answers are anonymous; no figure is drawn from fewer than five answers.</p>"]
    by_indicator = [row for row in rows_of(report) if row["evaluation_answers"]]
    if by_indicator:
        parts += ["<h3>By indicator</h3>", _html_table(("code", *INDICATOR_COLUMNS), by_indicator)]
    comments = comment_rows(report.evaluations)
    if comments:
        items = "".join(f"<li>{html.escape(c['event'])}: {html.escape(c['comment'])}</li>" for c in comments)
        parts.append(f"<h3>Comments</h3><ul>{items}</ul>")
    return "".join(parts)


def to_xlsx(report: ResultsReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Indicators"
    sheet.append([report.title])
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows_of(report):
        sheet.append([_xlsx_cell(row[c]) for c in COLUMNS])
    for title, columns, rows in (("Evaluations", EVENT_COLUMNS, event_rows(report.evaluations)),
                                 ("Comments", COMMENT_COLUMNS, comment_rows(report.evaluations))):
        extra = book.create_sheet(title)
        extra.append(list(columns))
        for cell in extra[1]:
            cell.font = Font(bold=True)
        for row in rows:
            extra.append([_xlsx_cell(row[c]) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(text: str) -> int | str:
    """Numbers as numbers (a suppressed ``<5`` stays text); text never read as a formula."""
    if text.isdigit():
        return int(text)
    return str(spreadsheet_safe(text))


WRITERS: dict[str, Callable[[ResultsReport], str | bytes]] = {
    "csv": to_csv, "xlsx": to_xlsx, "md": to_markdown, "html": to_html,
}


def file_stem(report: ResultsReport) -> str:
    label = report.period.biennium_label or f"{report.period.start}_{report.period.end}"
    scope = "".join(f"-{part}" for part in (report.convention, report.centre) if part)
    return f"results-{label}{scope}"


def write_report(report: ResultsReport, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write the report in each format into ``out_dir`` (atomically: no half file is left)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        written.append(_write(out_dir / f"{file_stem(report)}.{fmt}", WRITERS[fmt](report)))
        if fmt == "csv" and report.evaluations:  # a CSV file holds one table: the others beside it
            written.append(_write(out_dir / f"{file_stem(report)}-evaluations.csv", evaluations_csv(report)))
            written.append(_write(out_dir / f"{file_stem(report)}-comments.csv", comments_csv(report)))
    return written


def _write(path: Path, content: str | bytes) -> Path:
    temporary = path.with_name(f".{path.name}.tmp")
    if isinstance(content, bytes):
        temporary.write_bytes(content)
    else:
        temporary.write_text(content, encoding="utf-8")
    temporary.replace(path)
    return path
