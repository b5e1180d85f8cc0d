"""`brs-coord event …`: list, show and add events from scripts, through the same services as the TUI."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

import click

from .domain import Event, EventData, EventQuery
from .permissions import Action
from .wall_times import Duration, end_after, parse_when


def _services(ctx: click.Context) -> Any:
    return ctx.find_root().obj.services()


def event_line(event: Event, zone: ZoneInfo) -> str:
    """One readable line for an event, in the staff zone."""
    when = event.starts_at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
    status = "" if event.status.value in {"planned", "confirmed"} else f" [{event.status.value.upper()}]"
    return f"{when}  {event.kind.value:<16} {event.title}{status}  ({event.uid})"


@click.group()
def event() -> None:
    """List, show and add events from scripts (same rules, history and notices as the TUI)."""


@event.command(name="list")
@click.argument("question", required=False)
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--all", "include_drafts", is_flag=True, help="Include drafts.")
@click.pass_context
def list_events(ctx: click.Context, question: str | None, limit: int, include_drafts: bool) -> None:
    """List upcoming events, soonest first; QUESTION filters them ("webinars in Africa next month")."""
    services = _services(ctx)
    zone = ZoneInfo(services.settings.staff_tz)
    if question:
        understood = services.query.parse(question, tz=services.settings.staff_tz)
        for note in services.query.describe(understood).splitlines()[1:]:  # not understood, read as
            click.echo(note, err=True)
        query = replace(understood.to_query(limit=limit), include_drafts=include_drafts)
        events = services.find(query) if understood.answerable else []
    else:
        events = services.find(EventQuery(limit=limit, include_drafts=include_drafts))
    for item in events:
        click.echo(event_line(item, zone))
    if not events:
        click.echo("No upcoming events.")


@event.command(name="show")
@click.argument("uid")
@click.pass_context
def show_event(ctx: click.Context, uid: str) -> None:
    """Show one event by its UID."""
    services = _services(ctx)
    item = services.scheduling.get_by_uid(uid)
    zone = ZoneInfo(services.settings.staff_tz)
    click.echo(event_line(item, zone))
    for name in ("programme", "location", "country", "city", "registration_url", "capacity", "status_reason"):
        value = getattr(item, name)
        if value not in (None, ""):
            click.echo(f"  {name}: {value}")
    for name in ("audiences", "regions", "conventions", "languages"):
        click.echo(f"  {name}: {', '.join(getattr(item, name)) or '-'}")
    click.echo(f"  version {item.version}, last changed by {item.updated_by}")


@event.command(name="add")
@click.option("--title", required=True, help="Title (1–200 characters).")
@click.option("--kind", required=True, help="webinar, workshop, training, e-learning, online-meeting, ...")
@click.option("--start", "start_text", required=True, help="'2027-03-03 10:00' or 'next Tuesday 14:00'.")
@click.option("--end", "end_text", help="End time (default: start + duration).")
@click.option("--duration", type=click.IntRange(1, 60 * 24 * 365), default=60, show_default=True,
              help="Minutes, when no --end is given.")
@click.option("--tz", "timezone", default="Europe/Zurich", show_default=True, help="The event's zone.")
@click.option("--programme", help="Programme slug.")
@click.option("--audience", "audiences", multiple=True, help="Audience slug (repeatable).")
@click.option("--region", "regions", multiple=True, help="Region slug (repeatable).")
@click.option("--convention", "conventions", multiple=True, help="basel, rotterdam or stockholm.")
@click.option("--language", "languages", multiple=True, default=("en",), show_default=True)
@click.option("--location")
@click.option("--country", callback=lambda _c, _p, v: _code(v), help="Where it is held: ISO code (KE).")
@click.option("--city", help="Where it is held: a catalogue city slug (nairobi), in --country.")
@click.option("--url", "registration_url", help="Registration page (https://…).")
@click.option("--capacity", type=int)
@click.option("--status", default="planned", show_default=True)
@click.option("--organiser", help="Organising centre slug (default: the Secretariat).")
@click.pass_context
def add_event(ctx: click.Context, /, start_text: str, end_text: str | None, duration: int,
              **fields: Any) -> None:
    """Add an event."""
    services = _services(ctx)
    now = services.clock.now()
    start = parse_when(start_text, fields["timezone"], now)
    end = (  # --duration is elapsed time: 60 minutes are 60 minutes across a daylight-saving change
        parse_when(end_text, fields["timezone"], now) if end_text
        else end_after(start, Duration.of_minutes(duration))
    )
    data = EventData(starts_at=start, ends_at=end, **fields)
    created = services.scheduling.create(data).event
    proposed = services.proposals.of_event(created.id) is not None
    click.echo(f"Added {created.uid}: {created.title}"
               + (" (a proposal: it waits for a secretariat editor's approval)" if proposed else ""))


def _code(value: str | None) -> str | None:
    """A country code as typed ("ke") in capitals; "" or "none" clears it."""
    if value is None:
        return None
    return value.strip().upper() or ""


_CLEAR = ("", "NONE", "none")


@event.command(name="edit")
@click.argument("uid")
@click.option("--title", help="New title.")
@click.option("--location", help="New location text ('' clears it).")
@click.option("--country", callback=lambda _c, _p, v: _code(v),
              help="Where it is held: ISO code (KE); 'none' for no country.")
@click.option("--city", help="A catalogue city slug (nairobi) in the country; 'none' for no city.")
@click.pass_context
def edit_event(ctx: click.Context, uid: str, title: str | None, location: str | None,
               country: str | None, city: str | None) -> None:
    """Change an event's title or place (the other fields stay as they are)."""
    services = _services(ctx)
    item = services.scheduling.get_by_uid(uid)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if location is not None:
        changes["location"] = location or None
    if country is not None:
        changes["country"] = None if country in _CLEAR else country
    if city is not None:
        changes["city"] = None if city in _CLEAR else city
    edited = services.scheduling.update(item.id, replace(item.data(), **changes),
                                        expected_version=item.version).event
    click.echo(f"Changed {uid}: {edited.title}")


SCOPE = click.option(
    "--scope", type=click.Choice(["this", "following", "series"]), default="this", show_default=True,
    help="A session of a series: this one, this and the following, or the whole series.")


@event.command(name="cancel")
@click.argument("uid")
@click.option("--reason", required=True, help="Why (shown to participants).")
@SCOPE
@click.pass_context
def cancel_event(ctx: click.Context, uid: str, reason: str, scope: str) -> None:
    """Cancel an event; registered participants are told at once (one notice for a scope)."""
    services = _services(ctx)
    if scope == "this":
        cancelled = services.scheduling.cancel_by_uid(uid, reason).event
        click.echo(f"Cancelled {uid}: {cancelled.title}")
        return
    from .series_domain import EditScope

    for change in services.series.cancel(uid, reason, EditScope(scope)):
        assert change.after is not None
        click.echo(f"Cancelled {change.after.uid}: {change.after.title}")


@event.command(name="postpone")
@click.argument("uid")
@click.option("--reason", required=True, help="Why (shown to participants).")
@click.pass_context
def postpone_event(ctx: click.Context, uid: str, reason: str) -> None:
    """Postpone an event (new date not yet fixed); participants are told."""
    services = _services(ctx)
    item = services.scheduling.get_by_uid(uid)
    services.scheduling.postpone(item.id, reason, expected_version=item.version)
    click.echo(f"Postponed {uid}: {item.title}")


@event.command(name="reschedule")
@click.argument("uid")
@click.option("--to", "to_text", required=True, help="New start: '2027-03-03 10:00' or 'next Tuesday 14:00'.")
@SCOPE
@click.pass_context
def reschedule_event(ctx: click.Context, uid: str, to_text: str, scope: str) -> None:
    """Move an event to a new start (same duration), in the event's zone; participants are told
    (one notice for a scope: the other sessions move by as much, on the series' wall clock)."""
    from .series_domain import EditScope

    services = _services(ctx)
    item = services.scheduling.get_by_uid(uid)
    services.acting.require(Action.EDIT_EVENTS, [item.organiser])  # a refusal before a date's problems
    start = parse_when(to_text, item.timezone, services.clock.now())
    if scope == "this":
        moved = [services.scheduling.reschedule(item.id, start, expected_version=item.version).event]
    else:
        moved = [c.after for c in services.series.reschedule(uid, start, EditScope(scope)) if c.after]
    zone = ZoneInfo(services.settings.staff_tz)
    for event_moved in moved:
        when = event_moved.starts_at.astimezone(zone)
        click.echo(f"Moved {event_moved.uid} to {when:%a %d %b %Y %H:%M}: {event_moved.title}")


@event.command(name="message")
@click.argument("uid")
@click.argument("text")
@click.pass_context
def message_event(ctx: click.Context, uid: str, text: str) -> None:
    """Send a short message to everyone registered for the event (through the bot)."""
    services = _services(ctx)
    item = services.scheduling.get_by_uid(uid)
    count = services.notices.message_registrants(item.id, text)
    click.echo(f"Message queued for {count} participant{'s' if count != 1 else ''} of {item.title}")


@event.command(name="tag")
@click.argument("uid")
@click.argument("codes", nargs=-1, required=True)
@click.option("--replace", "replace_tags", is_flag=True, help="Replace the event's tags instead of adding.")
@click.pass_context
def tag_event(ctx: click.Context, uid: str, codes: tuple[str, ...], replace_tags: bool) -> None:
    """Tag an event with the plan's indicators or outputs it serves (BC-2-v, BC-1-out-iii)."""
    tags = _services(ctx).results.tag_event(uid, codes, replace=replace_tags)
    click.echo(f"{uid}: {' '.join(tags) or 'no results tags'}")
