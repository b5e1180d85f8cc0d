"""`brs-coord report …` and `brs-coord results …`: the technical-assistance plan's indicators
counted for a period, and what staff record for them (targets, evidence, Party status)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from .errors import InvalidInput
from .results import Period


def _services(ctx: click.Context) -> Any:
    return ctx.find_root().obj.services()


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"--{name} is a date written as 2019-12-31 (not {text!r})", name) from None


def report_period(biennium: str | None, start: str | None, end: str | None) -> Period:
    """The period of a report: ``--biennium``, or ``--from``/``--to`` (both needed)."""
    if biennium and (start or end):
        raise InvalidInput("Give either --biennium or --from/--to, not both", "period")
    if biennium:
        return Period.biennium(biennium)
    first, last = _day(start, "from"), _day(end, "to")
    if first is None or last is None:
        raise InvalidInput("Name the period: --biennium 2018-2019, or --from 2018-01-01 --to 2019-12-31",
                           "period")
    return Period(first, last)


@click.command(name="report")
@click.option("--biennium", help="Two years, such as 2018-2019.")
@click.option("--from", "start", help="First day of the period (2018-01-01), with --to.")
@click.option("--to", "end", help="Last day of the period (2019-12-31), with --from.")
@click.option("--convention", type=click.Choice(["basel", "rotterdam", "stockholm", "cross-cutting"]),
              help="Only this convention's outcomes.")
@click.option("--centre", help="Only events this centre organised (its slug).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["csv", "xlsx", "md", "html"]),
              help="Output format (repeatable; default: all four).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder the files are written to.")
@click.pass_context
def report_command(
    ctx: click.Context, biennium: str | None, start: str | None, end: str | None,
    convention: str | None, centre: str | None, formats: tuple[str, ...], out_dir: Path,
) -> None:
    """Write the COP table: each indicator of the technical assistance plan with its value, baseline,
    target and contributing events (counts of fewer than five people suppressed)."""
    from .services.results_report import FORMATS, write_report

    period = report_period(biennium, start, end)
    report = _services(ctx).results.report(period, convention=convention, centre=centre)
    for path in write_report(report, out_dir, formats or FORMATS):
        click.echo(str(path))
    counted = sum(1 for v in report.values if v.value)
    click.echo(f"{len(report.values)} indicators, {counted} with a value, {period}", err=True)


@click.group(name="results")
def results_commands() -> None:
    """Targets, evidence and Party status for the technical assistance plan's indicators."""


@results_commands.command(name="list")
@click.pass_context
def list_indicators(ctx: click.Context) -> None:
    """Every indicator of the plan: code, unit, counting rule and text."""
    for indicator in _services(ctx).results.indicators():
        unit, rule = indicator.unit.value, indicator.rule.value
        click.echo(f"{indicator.code:<10} {unit:<14} {rule:<14} {indicator.text}")


@results_commands.command(name="lock")
@click.option("--biennium", help="Two years, such as 2018-2019.")
@click.option("--from", "start", help="First day of the period, with --to.")
@click.option("--to", "end", help="Last day of the period, with --from.")
@click.pass_context
def lock_period(ctx: click.Context, biennium: str | None, start: str | None, end: str | None) -> None:
    """Lock a reported period: later changes to its events' attendance need an override and a reason."""
    period = report_period(biennium, start, end)
    _services(ctx).results.lock(period)
    click.echo(f"{period} locked")


@results_commands.command(name="target")
@click.argument("code")
@click.argument("biennium")
@click.option("--baseline", type=click.IntRange(0, None))
@click.option("--target", type=click.IntRange(0, None))
@click.pass_context
def set_target(
    ctx: click.Context, code: str, biennium: str, baseline: int | None, target: int | None,
) -> None:
    """Set an indicator's baseline and target for a biennium (2018-2019)."""
    _services(ctx).results.set_target(code, biennium, baseline, target)
    click.echo(f"{code} {biennium}: baseline {baseline if baseline is not None else '-'},"
               f" target {target if target is not None else '-'}")


@results_commands.command(name="evidence")
@click.argument("code")
@click.option("--date", "on", required=True, help="When it happened (2019-05-14).")
@click.option("--country", help="The Party it is about: ISO code (KE).")
@click.option("--reference", default="", help="A document symbol or URL.")
@click.option("--note", default="")
@click.pass_context
def add_evidence(
    ctx: click.Context, code: str, on: str, country: str | None, reference: str, note: str,
) -> None:
    """Record evidence for an indicator (a NIP transmitted, a guidance published)."""
    day = _day(on, "date")
    assert day is not None
    number = _services(ctx).results.add_evidence(code, day, country, reference, note)
    click.echo(f"Evidence {number} recorded for {code}")


@results_commands.command(name="parties")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only show what the import would change.")
@click.pass_context
def import_parties(ctx: click.Context, csv_file: Path, dry_run: bool) -> None:
    """Import Party status from a CSV with the columns country, convention, party_since (empty for a
    non-Party State): each line's change is shown, then all are recorded (or none)."""
    results = _services(ctx).results
    preview = results.preview_party_import(csv_file.read_bytes(), csv_file.name)
    count = None if dry_run else results.set_party_status(preview.records)  # a refusal: its one line only
    for change in preview.changes:
        click.echo(f"  {change.words}")
    if count is None:
        click.echo(f"{preview.summary}; nothing recorded (--dry-run)")
        return
    click.echo(f"{count} Party statuses recorded")


@click.group(name="attendance")
def attendance_commands() -> None:
    """Attendance at events, from a meeting's export."""


@attendance_commands.command(name="import")
@click.argument("uid")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Record the matches (without it, only the preview is shown).")
@click.option("--override", default="", help="Why a locked (reported) period's attendance is changed.")
@click.pass_context
def import_attendance(ctx: click.Context, uid: str, csv_file: Path, yes: bool, override: str) -> None:
    """Match a Zoom/Teams attendance export (name or Telegram id, minutes) to the event's registrants,
    show the matches, and with --yes record them with the share of the event each person attended."""
    results = _services(ctx).results
    preview = results.preview_attendance(uid, csv_file.read_bytes())
    count = results.record_attendance(preview, override=override) if yes else None  # a refusal: one line
    for match in preview.matches:
        head = f"  line {match.line.line:<4} {match.who[:30]:<30} {match.line.minutes:6.0f} min"
        seat = match.registration
        click.echo(f"{head}  {match.outcome}" + (f" → {seat.name} ({seat.country or '-'})" if seat else ""))
    summary = preview.summary
    if count is None:
        click.echo(f"{summary}; nothing recorded (add --yes to record the matches)")
        return
    click.echo(f"{summary}; {count} attendances recorded for {preview.event.title}")
