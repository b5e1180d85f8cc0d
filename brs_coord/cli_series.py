"""`brs-coord series …` (issue 19): plan a series from a rule typed as staff say it, list series,
show one session a line. Sessions are moved and cancelled with `event reschedule/cancel UID
--scope this|following|series`."""

from __future__ import annotations

import sys
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

import click

from .errors import InvalidInput
from .series_domain import SeriesData, SeriesKind
from .zones import is_valid_timezone


def _services(ctx: click.Context) -> Any:
    return ctx.find_root().obj.services()


def _clock(text: str | None) -> time | None:
    if text is None:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--time is a time of day such as 14:00, not {text!r}", "time") from None


_KIND_WORDS = {"webinar": SeriesKind.WEBINAR_SERIES, "webinars": SeriesKind.WEBINAR_SERIES,
               "courses": SeriesKind.COURSE, "e-learning": SeriesKind.COURSE,
               "meeting": SeriesKind.RECURRING_MEETING, "meetings": SeriesKind.RECURRING_MEETING}


def _kind(text: str) -> SeriesKind:
    """A series kind as typed: 'webinar-series', 'Webinar series', 'webinar_series', 'webinars'."""
    words = "-".join(text.strip().lower().replace("_", " ").split())
    try:
        return _KIND_WORDS.get(words) or SeriesKind(words)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a series kind: say "
                                 + ", ".join(k.value for k in SeriesKind)) from None


@click.group()
def series() -> None:
    """Series and courses: sessions planned once, each a real event."""


@series.command(name="add")
@click.option("--title", required=True, help="The series' title; sessions are 'Title (2/6)'.")
@click.option("--kind", required=True, callback=lambda _ctx, _param, value: _kind(value),
              help=f"{', '.join(k.value for k in SeriesKind)} (spaces or _ for - are fine).")
@click.option("--rule", required=True,
              help="'every Tuesday 14:00 Geneva for 6 weeks', 'first Thursday of each month until June',"
                   " « tous les mardis à 10h pendant 4 semaines », or a list of dates.")
@click.option("--tz", "timezone", required=True, help="The series' zone (IANA name).")
@click.option("--programme", help="Programme slug.")
@click.option("--capacity", type=click.IntRange(1, 100_000))
@click.option("--audience", "audiences", multiple=True, help="Audience slug (repeatable).")
@click.option("--organiser", help="Organising centre slug.")
@click.option("--registration", "registration_mode", default="both", show_default=True,
              type=click.Choice(["per-session", "whole-series", "both"]))
@click.option("--completion", "completion_share", type=click.FloatRange(0.01, 1), default=0.75,
              show_default=True, help="Share of sessions to attend to complete the series.")
@click.option("--minutes", type=click.IntRange(1, 24 * 60), default=90, show_default=True,
              help="Length of each session, when the rule gives no end time.")
@click.option("--time", "clock_text", help="Time of the sessions when the rule gives none (14:00).")
@click.option("--url", "online_url", help="The join link of the sessions (https://…).")
@click.option("--yes", is_flag=True, help="Create without asking after the preview.")
@click.pass_context
def add_series(ctx: click.Context, /, minutes: int, clock_text: str | None, online_url: str | None,
               yes: bool, **fields: Any) -> None:
    """Preview the sessions of a rule (closure days and clashes flagged), then create them."""
    if not is_valid_timezone(fields["timezone"]):
        raise InvalidInput(f"Unknown time zone {fields['timezone']!r} (use an IANA name such as"
                           " Europe/Zurich)", "timezone")
    services = _services(ctx)
    data = SeriesData(**fields)
    preview = services.series.preview(data, minutes=minutes, default_clock=_clock(clock_text))
    if online_url:
        from dataclasses import replace

        preview = replace(preview, template=replace(preview.template, online_url=online_url))
    zone = ZoneInfo(preview.plan.zone)
    lines = [f"{data.title}: {len(preview.sessions)} sessions, {preview.plan.zone}"]
    if not preview.plan.clock_given and clock_text is None:
        lines.append(f"  (no time in the rule: sessions at {preview.plan.clock:%H:%M}; add one to the rule,"
                     " or give --time)")
    for planned in preview.sessions:
        start, end = planned.starts_at.astimezone(zone), planned.ends_at.astimezone(zone)
        notes = ([f"closed: {planned.holiday}"] if planned.holiday else []) + [
            f"same time as “{e.title}”" for e in planned.conflicts]
        line = f"  {planned.number:>2}. {start:%a %d %b %Y %H:%M}–{end:%H:%M}"
        lines.append(line + (f"  ! {'; '.join(notes)}" if notes else ""))
    asking = not yes and sys.stdin.isatty()  # not in a terminal (a script, cron): nobody to ask
    if asking:  # the preview, then the question; otherwise a refusal is the only line
        click.echo("\n".join(lines))
        if not click.confirm("Create this series?", default=True):
            click.echo("Nothing created.")
            return
    created, _sessions = services.series.create(preview)
    if not asking:
        click.echo("\n".join(lines))
    click.echo(created.slug)


@series.command(name="list")
@click.pass_context
def list_series(ctx: click.Context) -> None:
    """Every series: slug, kind, sessions, title."""
    for item, count in _services(ctx).series.all():
        click.echo(f"{item.slug}  {item.kind.value:<17} {count:>3} sessions  {item.title}")


@series.command(name="show")
@click.argument("slug")
@click.pass_context
def show_series(ctx: click.Context, slug: str) -> None:
    """One line per session: date (in the series' zone), UID, status."""
    services = _services(ctx)
    item = services.series.get(slug)
    zone = ZoneInfo(item.timezone)
    for session in services.series.sessions(item):
        when = session.starts_at.astimezone(zone)
        click.echo(f"{when:%Y-%m-%d %H:%M}  {session.uid}  {session.status.value}")
