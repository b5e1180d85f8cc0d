"""`brs-coord source preview`: a CSV/XLSX workplan's mapping and every row's outcome, nothing written
(a command of the `source` group of cli_sources, added to it in cli.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import InvalidInput

if TYPE_CHECKING:
    from .partners.workplan import ColumnMapping

TITLE_WIDTH = 34
WHEN_WIDTH = 26


def mapping_text(text: str | None) -> str | None:
    """The JSON of a --mapping option: given inline, or read from the .json file it names."""
    if text is None or text.lstrip().startswith("{"):
        return text
    path = Path(text)
    if not path.is_file():
        raise InvalidInput(f"--mapping is a JSON object or a .json file ({text!r} is neither)", "mapping")
    return path.read_text(encoding="utf-8-sig")


def _mapping(text: str | None, source_id: int | None, ctx: click.Context) -> ColumnMapping | None:
    """The mapping to preview with: --mapping, else the saved one of --source, else None (guessed)."""
    from .partners.workplan import ColumnMapping

    given = mapping_text(text)
    if given is not None:
        return ColumnMapping.from_json(given)
    if source_id is None:
        return None
    from .services.partner_sync import saved_mapping

    return saved_mapping(ctx.find_root().obj.services().partner_sync.source(source_id))


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command(name="preview")
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The workplan: a .csv (comma, semicolon or tab) or an .xlsx workbook (its first sheet).")
@click.option("--mapping", "mapping_given", default=None, metavar="JSON",
              help='The column mapping, as JSON or a .json file: {"title": "Activity", "start": "Date",'
                   ' "date_order": "month-first"}; guessed from the header row when left out.')
@click.option("--source", "source_id", type=int, default=None,
              help="Preview with the column mapping saved for this source (unless --mapping is given).")
@click.pass_context
def preview(ctx: click.Context, path: Path, mapping_given: str | None, source_id: int | None) -> None:
    """Show how a workplan would import: the mapping and each row's outcome (ok with its dates,
    rejected with the column and why, blank row, header). Nothing is written."""
    from .services.workplan_preview import preview_workplan, when

    today = ctx.find_root().obj.clock.now().date()
    shown = preview_workplan(path.read_bytes(), _mapping(mapping_given, source_id, ctx), today)
    origin = "guessed from the header row" if shown.guessed else "as given"
    click.echo(f"Mapping ({origin}): {shown.mapping.to_json()}")
    if shown.month_columns:
        click.echo(f"Month columns: {', '.join(shown.month_columns)}")
    click.echo(f"{'Row':>4}  {'Outcome':<14}  {'Title':<{TITLE_WIDTH}}  {'When':<{WHEN_WIDTH}}  Id or reason")
    for row in shown.rows:
        outcome = row.outcome
        if not outcome.events:
            column = f"column {outcome.column!r}: " if outcome.column else ""
            reason = f"{column}{outcome.reason}" if outcome.reason else ""
            click.echo(f"{outcome.row:>4}  {row.label:<14}  {reason}".rstrip())
            continue
        for number, event in enumerate(outcome.events):
            first = f"{outcome.row:>4}  {row.label:<14}" if number == 0 else " " * 20
            click.echo(f"{first}  {_clip(event.title, TITLE_WIDTH):<{TITLE_WIDTH}}"
                       f"  {when(event):<{WHEN_WIDTH}}  {event.external_uid}")
    click.echo(shown.summary() + "; nothing written")
