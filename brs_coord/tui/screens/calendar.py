"""Calendar: a month grid (events per day, coloured by convention or kind) and an agenda; jump to a date."""

from __future__ import annotations

import calendar as cal
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ...dates import find_period, parse_instant
from ...domain import Event, EventQuery, Status, TimeScope
from ..formatting import KIND_COLOURS, KIND_SHORT, convention_colour
from .base import DataScreen
from .prompts import TextPrompt


class MonthLoaded(Message):
    def __init__(self, month: date, events: list[Event]) -> None:
        super().__init__()
        self.month, self.events = month, events


class JumpResolved(Message):
    def __init__(self, text: str, target: date | None) -> None:
        super().__init__()
        self.text, self.target = text, target


def jump_target(text: str, now: datetime, zone: str) -> date | None:
    """The day a "go to" answer names: a date, or the first day of a period ("next month", "March 2027")."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    local = ZoneInfo(zone)
    period = find_period(text, now=now, tz=zone)
    if period is not None and period.range.start is not None and not period.remainder:
        return period.range.start.astimezone(local).date()
    instant = parse_instant(text, now=now, tz=zone)
    return instant.astimezone(local).date() if instant is not None else None


def add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


class CalendarScreen(DataScreen):
    """One month at a time, as a grid or as an agenda."""

    BINDINGS = [
        Binding("left,left_square_bracket", "month(-1)", "Prev month"),
        Binding("right,right_square_bracket", "month(1)", "Next month"),
        Binding("t", "today", "Today"),
        Binding("g", "jump", "Go to date"),
        Binding("v", "toggle_view", "Month/agenda"),
        Binding("k", "toggle_colour", "Colour by"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None
        self.agenda = False
        self.colour_by = "kind"
        self.events: list[Event] = []
        self.focus_day: date | None = None  # the agenda's cursor goes to this day's first event

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="calendar-title")
        with VerticalScroll(id="month-scroll"):
            yield Static("", id="month")
        agenda: DataTable[str] = DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        agenda.add_columns("Day", "Time", "Kind", "Title", "Status")
        agenda.display = False
        yield agenda
        yield Footer()

    def _today(self) -> date:
        return self.services.clock.now().astimezone(self.brs.staff_zone).date()

    def reload(self) -> None:
        if self.month is None:
            self.month = self._today().replace(day=1)
        self.load(self.month)

    def load(self, month: date) -> None:
        zone = self.brs.staff_zone
        start = datetime.combine(month, time(), zone)
        end = datetime.combine(add_months(month, 1), time(), zone)
        query = EventQuery(starts_from=start, ends_before=end, scope=TimeScope.ALL, include_drafts=True,
                           limit=3000)
        self.run_read("calendar", lambda: MonthLoaded(month, self.services.find(query)))

    @on(MonthLoaded)
    def _loaded(self, message: MonthLoaded) -> None:
        if message.month != self.month:
            return
        self.events = message.events
        self.render_month()

    def on_resize(self) -> None:
        if self.month is not None:
            self.render_month()

    def _colour(self, event: Event) -> str:
        if self.colour_by == "kind":
            return KIND_COLOURS.get(event.kind.value, "white")
        return convention_colour(event.conventions)

    def _by_day(self) -> dict[date, list[Event]]:
        zone = self.brs.staff_zone
        days: dict[date, list[Event]] = defaultdict(list)
        assert self.month is not None
        for event in self.events:
            first = event.starts_at.astimezone(zone).date()
            last = max(first, (event.ends_at - timedelta(seconds=1)).astimezone(zone).date())
            day = max(first, self.month)
            while day <= last and day.month == self.month.month:
                days[day].append(event)
                day += timedelta(days=1)
        return days

    def render_month(self) -> None:
        assert self.month is not None
        legend = ("BC blue · RC green · SC orange · several: orchid" if self.colour_by == "convention"
                  else "colours by kind")
        self.query_one("#calendar-title", Static).update(
            f"[b]{self.month:%B %Y}[/b] · {len(self.events)} events · {legend} · ←/→ month, g go to, v agenda"
        )
        self.query_one("#month-scroll").display = not self.agenda
        self.query_one("#agenda").display = self.agenda
        if self.agenda:
            self._render_agenda()
        else:
            self._render_grid()

    def _render_grid(self) -> None:
        assert self.month is not None
        width = max(6, (self.size.width - 8) // 7 - 2)
        lines = max(2, (self.size.height - 10) // 6 - 1)
        days = self._by_day()
        today = self._today()
        grid = Table(expand=True, show_lines=True, header_style="bold")
        for index in range(7):
            grid.add_column(cal.day_abbr[index], ratio=1, no_wrap=True, overflow="ellipsis")
        zone = self.brs.staff_zone
        for week in cal.Calendar().monthdatescalendar(self.month.year, self.month.month):
            cells = []
            for day in week:
                cell = Text(f"{day.day}", style="bold reverse" if day == today else
                            ("bold" if day.month == self.month.month else "dim"))
                events = days.get(day, []) if day.month == self.month.month else []
                if events:
                    cell.append(f" ({len(events)})", style="dim")
                for event in events[:lines]:
                    style = self._colour(event)
                    if event.status is Status.CANCELLED:
                        style += " strike"
                    label = f"{event.starts_at.astimezone(zone):%H:%M} {event.title}"
                    cell.append("\n" + label[:width], style=style)
                if len(events) > lines:
                    cell.append(f"\n+{len(events) - lines} more", style="dim italic")
                cells.append(cell)
            grid.add_row(*cells)
        self.query_one("#month", Static).update(grid)

    def _render_agenda(self) -> None:
        table = self.query_one("#agenda", DataTable)
        table.clear()
        zone = self.brs.staff_zone
        previous = None
        focus_row: int | None = None
        for index, event in enumerate(sorted(self.events, key=lambda e: (e.starts_at, e.id))):
            local = event.starts_at.astimezone(zone)
            day = f"{local:%a %d %b}" if local.date() != previous else ""
            previous = local.date()
            if focus_row is None and self.focus_day is not None and local.date() >= self.focus_day:
                focus_row = index
            table.add_row(day, f"{local:%H:%M}", KIND_SHORT[event.kind],
                          Text(event.title[:60], style=self._colour(event)), event.status.value)
        if focus_row is not None:
            table.move_cursor(row=focus_row, animate=False)

    def action_month(self, step: int) -> None:
        assert self.month is not None
        self.month = add_months(self.month, step)
        self.events, self.focus_day = [], None
        self.reload()

    def action_today(self) -> None:
        self.month, self.focus_day = self._today().replace(day=1), None
        self.reload()

    def action_toggle_view(self) -> None:
        self.agenda = not self.agenda
        self.render_month()
        (self.query_one("#agenda") if self.agenda else self.query_one("#month-scroll")).focus()

    def action_toggle_colour(self) -> None:
        self.colour_by = "kind" if self.colour_by == "convention" else "convention"
        self.render_month()

    def action_jump(self) -> None:
        prompt = TextPrompt("Go to date", "A date or a period: 2027-03-15, 'next Tuesday', 'next month', "
                            "'March 2027'")
        self.app.push_screen(prompt, self._jump_answered)

    def _jump_answered(self, text: str | None) -> None:
        if text:
            self.resolve_jump(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calendar-jump")
    def resolve_jump(self, text: str) -> None:
        try:
            target = jump_target(text, self.services.clock.now(), str(self.brs.staff_zone))
        except Exception:  # noqa: BLE001 - an unreadable phrase is reported as "not a date"
            target = None
        self.post_message(JumpResolved(text, target))

    @on(JumpResolved)
    def _jump(self, message: JumpResolved) -> None:
        if message.target is None:
            self.notify(f"Not a date or a period: {message.text}", severity="error")
            return
        self.month, self.focus_day = message.target.replace(day=1), message.target
        self.events = []
        self.reload()
