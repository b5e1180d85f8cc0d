"""How events look in the staff UI: times in two zones, status marks, short labels."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rich.text import Text

from ..domain import DatePrecision, Event, EventData, EventKind, Status

KIND_SHORT: dict[EventKind, str] = {
    EventKind.WEBINAR: "Webinar",
    EventKind.WORKSHOP: "Workshop",
    EventKind.TRAINING: "Training",
    EventKind.E_LEARNING: "E-learning",
    EventKind.ONLINE_MEETING: "Online mtg",
    EventKind.EXPERT_MEETING: "Expert mtg",
    EventKind.PILOT_PROJECT: "Pilot",
    EventKind.DIRECTORS_MEETING: "Directors",
}

STATUS_STYLE: dict[Status, tuple[str, str]] = {
    Status.DRAFT: ("✎ draft", "dim italic"),
    Status.PLANNED: ("○ planned", ""),
    Status.CONFIRMED: ("● confirmed", "green"),
    Status.POSTPONED: ("‖ postponed", "bold yellow"),
    Status.CANCELLED: ("✗ cancelled", "bold red"),
    Status.HELD: ("✓ held", "blue"),
}

CONVENTION_COLOURS = {"basel": "dodger_blue1", "rotterdam": "green3", "stockholm": "dark_orange"}
KIND_COLOURS: dict[str, str] = {
    "webinar": "dodger_blue1", "workshop": "green3", "training": "dark_orange", "e-learning": "magenta",
    "online-meeting": "cyan", "expert-meeting": "yellow", "pilot-project": "red",
    "directors-meeting": "bright_white",
}


def status_text(status: Status) -> Text:
    label, style = STATUS_STYLE[status]
    return Text(label, style=style)


def title_text(event: Event, width: int) -> Text:
    """The title, cut to ``width``; struck through when cancelled, dim when a draft."""
    title = event.title if len(event.title) <= width else event.title[: width - 1] + "…"
    style = {Status.CANCELLED: "strike red", Status.DRAFT: "dim italic", Status.POSTPONED: "yellow"}
    return Text(title, style=style.get(event.status, ""))


def when(instant: datetime, zone: ZoneInfo, *, with_year: bool = False) -> str:
    local = instant.astimezone(zone)
    return local.strftime("%a %d %b %Y %H:%M" if with_year else "%a %d %b %H:%M")


def stamp(instant: datetime | None, zone: ZoneInfo) -> str:
    """A moment something happened (a notice, a change) in the staff zone: '2026-11-21 11:00 CET'."""
    return "—" if instant is None else f"{instant.astimezone(zone):%Y-%m-%d %H:%M %Z}"


WHEN_WIDTH = 17  # "Mon 07 Dec 14:00" this year, "07 Dec 2027 14:00" another


def event_when(event: Event, zone: ZoneInfo, this_year: int) -> str:
    """When an event starts, as precise as it is known: a year ('2014') or a month ('Mar 2027') for
    historical lines, a date for all-day events (in the event's own zone: the day it is held), a time
    in the staff zone otherwise; the year whenever it is not ``this_year``."""
    if event.date_precision is not DatePrecision.DAY:
        return event_when_of(event)
    if event.all_day:
        day = event.starts_at.astimezone(ZoneInfo(event.timezone))
        return f"{day:%a %d %b}" if day.year == this_year else f"{day:%a %d %b %Y}"
    local = event.starts_at.astimezone(zone)
    return f"{local:%a %d %b %H:%M}" if local.year == this_year else f"{local:%d %b %Y %H:%M}"


def under_way_when(event: Event, zone: ZoneInfo, this_year: int) -> str:
    """A long course under way (rules.is_ongoing): until when, instead of its past start ('until Sat
    30 Jan', 'until 30 Jan 2027'); the end's day in the staff zone (all-day: in the event's)."""
    last = event.ends_at - timedelta(microseconds=1)  # an all-day end is the next day's midnight
    day = last.astimezone(ZoneInfo(event.timezone) if event.all_day else zone)
    return f"until {day:%a %d %b}" if day.year == this_year else f"until {day:%d %b %Y}"


def event_when_of(data: EventData) -> str:
    """A year- or month-precision date as event_when shows it ('2014', 'Mar 2027')."""
    local = data.starts_at.astimezone(ZoneInfo(data.timezone))
    return f"{local:%Y}" if data.date_precision is DatePrecision.YEAR else f"{local:%b %Y}"


def zone_abbreviation(zone: ZoneInfo, instant: datetime) -> str:
    """The staff zone's short name at a moment ('CET'; '+03' where the zone has no letters)."""
    return instant.astimezone(zone).strftime("%Z")


def in_two_zones(instant: datetime, event_zone: str, staff_zone: ZoneInfo) -> str:
    """'Tue 24 Nov 2026 14:00 Europe/Zurich · 08:00 America/Panama (staff)'."""
    local = instant.astimezone(ZoneInfo(event_zone))
    text = f"{local:%a %d %b %Y %H:%M} {event_zone}"
    staff = instant.astimezone(staff_zone)
    if staff.utcoffset() != local.utcoffset() or str(staff_zone) != event_zone:
        text += f" · {staff:%a %d %b %H:%M} {staff_zone} (you)"
    return text


def registrations_text(event: Event) -> str:
    if event.capacity:
        return f"{event.registered_count}/{event.capacity}"
    return str(event.registered_count) if event.registered_count else "–"


def clip(text: str, width: int) -> str:
    """``text`` in ``width`` characters, an ellipsis where it is cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def short_list(slugs: tuple[str, ...], width: int) -> str:
    return clip(", ".join(slugs), width)


def convention_colour(conventions: tuple[str, ...]) -> str:
    if len(conventions) == 1:
        return CONVENTION_COLOURS.get(conventions[0], "white")
    return "orchid" if conventions else "grey70"


def plain(value: str) -> Text:
    """Text from outside (titles, participants' names) shown as it is: a ``str`` cell of a DataTable
    or a Static is read as Rich markup, so ``[/]`` in a Telegram name raised MarkupError."""
    return Text(value)


def plain_options(options: list[tuple[str, str]]) -> list[tuple[Text, str]]:
    """(label, value) pairs for a Select or SelectionList, the labels shown as text: a ``str``
    prompt is read as markup, and catalogue names come from outside (imported, typed by anyone)."""
    return [(Text(label), value) for label, value in options]


def bold_line(*parts: str) -> Text:
    """A heading whose first part is bold, the rest plain, none of it read as markup."""
    line = Text(parts[0], style="bold")
    for part in parts[1:]:
        line.append(part)
    return line
