"""`brs-coord source …` and `brs-coord review …` (issue 20): partner calendars added, listed,
synced (one, or every due one: for cron or a systemd timer) and removed; the review queue listed
and applied. The names and the report's words are a contract."""

from __future__ import annotations

from typing import Any

import click

from .cli_workplan import mapping_text
from .domain import EventKind
from .partner_records import (
    MAX_GRACE_HOURS,
    MAX_INTERVAL_MINUTES,
    PartnerSourceData,
    Review,
    RunReport,
    SourceKind,
    field_label,
)


def _services(ctx: click.Context) -> Any:
    return ctx.find_root().obj.services()


def report_line(report: RunReport) -> str:
    return f"source {report.source_id}: {report.line()}"


@click.group()
def source() -> None:
    """Partner calendars imported into the BRS calendar (.ics, Indico, workplans)."""


@source.command(name="add")
@click.option("--kind", required=True, type=click.Choice([k.value for k in SourceKind]))
@click.option("--url", help="The source's address (https; http only with --local).")
@click.option("--file", "path", type=click.Path(dir_okay=False), help="A file to read instead of a URL.")
@click.option("--centre", required=True, help="Slug of the centre that owns the source.")
@click.option("--kind-default", "default_kind", default=EventKind.WORKSHOP.value, show_default=True,
              type=click.Choice([k.value for k in EventKind]), help="The kind of the events it brings.")
@click.option("--audience", "audiences", multiple=True, help="Audience slug of its events (repeatable).")
@click.option("--convention", help="Convention slug of its events.")
@click.option("--language", default="en", show_default=True)
@click.option("--tz", "timezone", default="UTC", show_default=True,
              help="Zone of its floating times (left at UTC: the feed's X-WR-TIMEZONE, if any).")
@click.option("--word", "filter_words", multiple=True, help="Import only events with this word (repeatable).")
@click.option("--category", "filter_categories", multiple=True,
              help="Import only this category (repeatable).")
@click.option("--every", "interval_minutes", type=click.IntRange(1, MAX_INTERVAL_MINUTES), default=360,
              show_default=True, help="Minutes between scheduled syncs.")
@click.option("--grace", "grace_hours", type=click.IntRange(0, MAX_GRACE_HOURS), default=48,
              show_default=True,
              help="Hours an event may be missing before it counts as gone.")
@click.option("--mapping", default=None, metavar="JSON",
              help='A workplan\'s column mapping, as JSON or a .json file ({"title": "Activity", "start":'
                   ' "Date"}; see `source preview`); guessed from the header row at each sync when left out.')
@click.option("--trusted", is_flag=True, help="Apply its changes without the review queue.")
@click.option("--local", is_flag=True, help="Allow plain http and local addresses.")
@click.pass_context
def add_source(ctx: click.Context, /, kind: str, url: str | None, path: str | None, **fields: Any) -> None:
    """Add a source; its id is printed on the last line."""
    if (url is None) == (path is None):
        raise click.UsageError("give either --url or --file")
    values: dict[str, Any] = dict(fields)
    values["mapping"] = mapping_text(values.get("mapping"))
    data = PartnerSourceData(kind=SourceKind(kind), url=url, file=path, **values)
    added = _services(ctx).partner_sync.add_source(data)
    click.echo(f"Added {added.kind.value} source of {added.centre}: {added.location}"
               + (" (trusted)" if added.trusted else ""))
    click.echo(str(added.id))


@source.command(name="list")
@click.pass_context
def list_sources(ctx: click.Context) -> None:
    """One source a line: id, kind, centre, where, flags, last sync (and, failing, when it is tried
    again)."""
    sync = _services(ctx).partner_sync
    sources = sync.sources()
    if not sources:
        click.echo("No partner sources.")
    for item in sources:
        last = f"{item.last_sync_at:%Y-%m-%d %H:%M} UTC" if item.last_sync_at else "never synced"
        flags = ", ".join(f for f, on in (("trusted", item.trusted), ("local", item.local),
                                          ("unstable UIDs", item.unstable_uids),
                                          ("saved mapping", item.mapping is not None)) if on)
        failing = ""
        if item.failures and (retry := item.next_sync_at()) is not None:
            failing = (f"\tfailing: {item.failures} failed run{'s' if item.failures != 1 else ''} in a row,"
                       f" next try {retry:%Y-%m-%d %H:%M} UTC")
        where = f"{item.id}\t{item.kind.value}\t{item.centre}\t{item.location}"
        click.echo(f"{where}\t{flags or '-'}\t{last}{failing}")


@source.command(name="sync")
@click.argument("source_id", required=False, type=int)
@click.pass_context
def sync_sources(ctx: click.Context, source_id: int | None) -> None:
    """Sync one source, or every due source without an ID; prints each run's report."""
    sync = _services(ctx).partner_sync
    reports = [sync.sync(source_id)] if source_id is not None else sync.sync_due()
    if not reports:
        click.echo("No source is due.")
    for report in reports:
        click.echo(report_line(report))
        for drop in report.drops:
            click.echo(f"  dropped {drop.where}: {drop.reason}")
        for rejected in report.rejections:
            click.echo(f"  rejected {rejected.where}: {rejected.reason}")
        for mine, other in report.same_as:
            click.echo(f"  same as: event {mine} and event {other} (another source), linked, both kept")
    if any(r.outcome.value == "failed" or r.unreadable for r in reports):
        ctx.exit(1)  # a source that failed, or whose document is no calendar or export at all


@source.command(name="mapping")
@click.argument("source_id", type=int)
@click.argument("mapping", required=False, metavar="[JSON|FILE]")
@click.option("--guess", is_flag=True, help="Forget the saved mapping: guess it from the header row again.")
@click.pass_context
def source_mapping(ctx: click.Context, source_id: int, mapping: str | None, guess: bool) -> None:
    """Show a workplan source's saved column mapping, save a new one (JSON or a .json file), or
    forget it (--guess); the next sync reads the file with it."""
    sync = _services(ctx).partner_sync
    if mapping is not None and guess:
        raise click.UsageError("give either a mapping or --guess")
    if mapping is None and not guess:
        saved = sync.source(source_id).mapping
        click.echo(saved or "No saved mapping: guessed from the header row at each sync")
        return
    updated = sync.save_mapping(source_id, None if guess else mapping_text(mapping))
    click.echo(f"Source {source_id}: " + (f"mapping saved: {updated.mapping}" if updated.mapping
                                          else "no saved mapping; guessed from the header row"))


@source.command(name="remove")
@click.argument("source_id", type=int)
@click.pass_context
def remove_source(ctx: click.Context, source_id: int) -> None:
    """Forget a source (the events it imported stay, as ordinary events)."""
    _services(ctx).partner_sync.remove(source_id)
    click.echo(f"Removed source {source_id}")


@click.group()
def review() -> None:
    """The partner calendars' review queue: new, changed, cancelled and vanished events."""


def _review_line(item: Review) -> str:
    title = item.upstream.get("values", {}).get("title") or item.local.get("title", "")
    diff = ", ".join(field_label(name) + (" (locked)" if name in item.locked else "") for name in item.fields)
    event = f" event {item.event_id}" if item.event_id else ""
    return f"{item.id}\t{item.change.value}\tsource {item.source_id}{event}\t{title}" + (
        f"\t{diff}" if diff else "")


@review.command(name="list")
@click.option("--diff", is_flag=True, help="Show the upstream value beside the local one.")
@click.pass_context
def list_reviews(ctx: click.Context, diff: bool) -> None:
    """The items waiting for a decision."""
    items = _services(ctx).partner_sync.pending()
    if not items:
        click.echo("Nothing to review.")
    for item in items:
        click.echo(_review_line(item))
        if diff:
            for name in item.fields:
                local, upstream = item.local.get(name), item.upstream["values"].get(name)
                click.echo(f"    {field_label(name)}: {local!r} -> {upstream!r}"
                           + (" (locked: staff edited)" if name in item.locked else ""))


@review.command(name="apply")
@click.argument("review_id", required=False, type=int)
@click.option("--all", "everything", is_flag=True, help="Apply every waiting item.")
@click.pass_context
def apply_reviews(ctx: click.Context, review_id: int | None, everything: bool) -> None:
    """Apply one item (by ID) or every waiting one (--all)."""
    if (review_id is None) == (not everything):
        raise click.UsageError("give either a review ID or --all")
    sync = _services(ctx).partner_sync
    done = sync.apply_all() if everything else [sync.apply(review_id)]
    for line in done:
        click.echo(f"Applied {line}")
    if not done:
        click.echo("Nothing to review.")


@review.command(name="reject")
@click.argument("review_id", type=int)
@click.pass_context
def reject_review(ctx: click.Context, review_id: int) -> None:
    """Refuse an item: the same upstream version is not asked about again."""
    _services(ctx).partner_sync.reject(review_id)
    click.echo(f"Rejected {review_id}")
