"""Calendar: a month grid, a week view (days as columns) and an agenda, in the staff zone; a day and
one of its events are selected, and the events screen's actions (open, reschedule, cancel, …) apply
to that event. Multi-day events are drawn as spans (calendar_days)."""

from __future__ import annotations

import calendar as cal
import textwrap
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from ...dates import find_period, parse_instant
from ...domain import Event, EventQuery, Status, TimeScope
from ..calendar_days import DayEntry, agenda_time, by_day, cell_label, event_days, span_time
from ..formatting import KIND_COLOURS, KIND_SHORT, convention_colour, status_text, zone_abbreviation
from .event_actions import EventActionsScreen, event_action_bindings
from .prompts import TextPrompt

View = Literal["month", "week", "agenda"]


class RangeLoaded(Message):
    def __init__(self, window: tuple[date, date], events: list[Event]) -> None:
        super().__init__()
        self.window, self.events = window, events


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


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def window_of(day: date) -> tuple[date, date]:
    """The days read for ``day``: its month and its week (a week may reach into the next month)."""
    month = day.replace(day=1)
    return min(month, week_of(day)), max(add_months(month, 1), week_of(day) + timedelta(days=7))


def title_lines(title: str, width: int, count: int) -> list[str]:
    """A title in at most ``count`` lines of ``width`` (the last one cut with "…" when it goes on)."""
    lines = textwrap.wrap(title, width) or [""]
    if len(lines) > count:
        lines = lines[:count]
        lines[-1] = lines[-1][: width - 1] + "…"
    return lines


class CalendarScreen(EventActionsScreen):
    """A month, a week or an agenda; arrows move the day, space picks among the day's events."""

    BINDINGS = [
        Binding("left", "day(-1)", "Previous day", show=False, priority=True),
        Binding("right", "day(1)", "Next day", show=False, priority=True),
        Binding("up", "up", "Up (a week back; in the week view the previous event)", show=False,
                priority=True),
        Binding("down", "down", "Down (a week on; in the week view the next event)", show=False,
                priority=True),
        Binding("pageup,left_square_bracket", "period(-1)", "Previous month/week", show=False,
                priority=True),
        Binding("pagedown,right_square_bracket", "period(1)", "Next month/week", show=False,
                priority=True),
        Binding("space", "next_event", "Next event of the day", show=False),
        Binding("enter", "edit", "Open", show=False, priority=True),
        Binding("t", "today", "Today"),
        Binding("w", "toggle_week", "Week/month"),
        Binding("v", "toggle_agenda", "Agenda"),
        Binding("ctrl+g", "jump", "Go to date"),
        Binding("k", "toggle_colour", "Colour by kind/convention", show=False),
        *event_action_bindings("registrations", "message"),  # the same keys as the events table's
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None  # the selected day
        self.pick = 0  # which of the selected day's entries is selected
        self.view: View = "month"
        self.grid_view: View = "month"  # where v goes back to from the agenda
        self.colour_by = "kind"
        self.window: tuple[date, date] | None = None  # the days `loaded` covers
        self.loaded: list[Event] = []
        self.focus_event: Event | None = None  # selected again after the next read
        self.focus_day: date | None = None  # a day moved to before its events were read

    @property
    def month(self) -> date | None:
        return None if self.day is None else self.day.replace(day=1)

    @property
    def agenda(self) -> bool:
        return self.view == "agenda"

    @property
    def events(self) -> list[Event]:
        """The events of the selected month (the agenda's rows), in order of start."""
        month = self.month
        if month is None:
            return []
        zone = self.brs.staff_zone
        end = add_months(month, 1)
        return [e for e in self.loaded
                if (days := event_days(e, zone))[0] < end and days[1] >= month]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="calendar-title")
        scroll = VerticalScroll(id="month-scroll")
        scroll.can_focus = False  # the arrows move the selected day, not the scroll
        with scroll:
            yield Static("", id="month")
        agenda: DataTable[str] = DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        agenda.add_columns("Day", "Time", "Kind", "Title", "Status")
        agenda.display = False
        yield agenda
        yield Static("", id="calendar-day")
        yield Footer()

    def _today(self) -> date:
        return self.services.clock.now().astimezone(self.brs.staff_zone).date()

    # Reading -------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.day is None:
            self.day = self._today()
        self.load(window_of(self.day))

    def load(self, window: tuple[date, date]) -> None:
        zone = self.brs.staff_zone
        start, end = (datetime.combine(day, time(), zone) for day in window)
        query = EventQuery(starts_from=start, ends_before=end, scope=TimeScope.ALL, include_drafts=True,
                           limit=5000)
        self.run_read("calendar", lambda: RangeLoaded(window, self.services.find(query)))

    @on(RangeLoaded)
    def _loaded(self, message: RangeLoaded) -> None:
        if self.day is None or message.window != window_of(self.day):
            return
        self.window, self.loaded = message.window, message.events
        if self.focus_event is not None:
            self._select(self.focus_event)
        elif self.focus_day == self.day:
            self.pick = self._first_starting()
        self.focus_day = None
        self.render_view()

    def _move_to(self, day: date) -> None:
        """Select ``day`` (its first entry); read again when it is outside what was read."""
        self.day, self.pick = day, 0
        if self.window is None or window_of(day) != self.window:
            self.focus_day = day  # its first event that starts that day is selected once read
            self.window = None
            self.render_view()
            self.reload()
        else:
            self.pick = self._first_starting()
            self.render_view()

    def _first_starting(self) -> int:
        """The index of the selected day's first event that starts that day (0 if none does)."""
        return next((i for i, entry in enumerate(self.entries()) if entry.first), 0)

    def show_event(self, event: Event) -> None:
        """After a change, select the event where it now is (another day or month after a move)."""
        self.focus_event = event
        self.day = event_days(event, self.brs.staff_zone)[0]

    def _select(self, event: Event) -> None:
        entries = self.entries()
        self.pick = next((i for i, entry in enumerate(entries) if entry.event.id == event.id), 0)
        self.focus_event = None

    # What is selected ----------------------------------------------------------------------------

    def entries(self, day: date | None = None) -> list[DayEntry]:
        day = day or self.day
        if day is None or self.window is None:
            return []
        return by_day(self.loaded, self.brs.staff_zone, day, day).get(day, [])

    def picked(self) -> DayEntry | None:
        """The selected day's selected entry (None on a day without events)."""
        entries = self.entries()
        return entries[min(self.pick, len(entries) - 1)] if entries else None

    NOTHING_SELECTED = "No event selected on this day"

    def highlighted_event(self) -> Event | None:
        if self.view == "agenda":
            table = self.query_one("#agenda", DataTable)
            rows = self._agenda_rows()
            return rows[table.cursor_row] if rows and 0 <= table.cursor_row < len(rows) else None
        picked = self.picked()
        return None if picked is None else picked.event

    # Drawing -------------------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self.window is not None:
            self.render_view()

    def _colour(self, event: Event) -> str:
        if self.colour_by == "kind":
            style = KIND_COLOURS.get(event.kind.value, "white")
        else:
            style = convention_colour(event.conventions)
        if event.status is Status.CANCELLED:
            style += " strike"
        elif event.status is Status.DRAFT:
            style += " italic"
        return style

    def render_view(self) -> None:
        if self.day is None:
            return
        zone = self.brs.staff_zone
        legend = ("BC blue · RC green · SC orange · several: orchid" if self.colour_by == "convention"
                  else "colour: kind")
        if self.view == "week":
            monday = week_of(self.day)
            heading = f"Week of {monday:%d %b %Y}"
            count = len({e.event.id for entries in by_day(
                self.loaded, zone, monday, monday + timedelta(days=6)).values() for e in entries})
        else:
            heading, count = f"{self.day:%B %Y}", len(self.events)
        shown = "" if self.window is not None else " · reading…"
        abbreviation = zone_abbreviation(zone, datetime.combine(self.day, time(12), zone))
        title = Text(heading, style="bold")
        title.append(f" · {count} events{shown} · times in {zone} ({abbreviation}) · {legend}")
        self.query_one("#calendar-title", Static).update(title)
        self.query_one("#month-scroll").display = self.view != "agenda"
        self.query_one("#agenda").display = self.view == "agenda"
        if self.view == "agenda":
            self._render_agenda()
        elif self.view == "week":
            self._render_week()
        else:
            self._render_grid()
        self._render_day_line()

    def _render_day_line(self) -> None:
        assert self.day is not None
        zone = self.brs.staff_zone
        line = Text(f"{self.day:%a %d %b %Y}", style="bold")
        if self.view == "agenda":
            line.append(" · ↑/↓ choose, enter open, g registrations, m message, v back to the grid")
        elif entry := self.picked():
            entries = self.entries()
            line.append(f" · {entries.index(entry) + 1}/{len(entries)} ▸ {span_time(entry, zone)} ")
            status = Text(" ").append_text(status_text(entry.event.status))
            hint = Text("  (space next, enter open, g registrations, m message)", style="dim")
            # one line: the hint only where it fits, then the title cut to what is left
            room = self.size.width - line.cell_len - status.cell_len
            if room - hint.cell_len < min(30, len(entry.event.title)):
                hint = Text("")
            title = Text(entry.event.title, style=self._colour(entry.event))
            title.truncate(max(10, room - hint.cell_len), overflow="ellipsis")
            line.append_text(title)
            line.append_text(status)
            line.append_text(hint)
        else:
            line.append(" · no events (n creates one)", style="dim")
        self.query_one("#calendar-day", Static).update(line)
        self.refresh_bindings()  # the picked event's actions greyed or not for the acting person

    def _entry_text(self, text: Text, entry: DayEntry, label: str, selected: bool) -> None:
        style = self._colour(entry.event)
        text.append(label, style=f"{style} reverse" if selected else style)

    def _render_grid(self) -> None:
        assert self.day is not None and self.month is not None
        width = max(6, (self.size.width - 8) // 7 - 2)
        lines = max(1, (self.size.height - 16) // 6)
        first_day = week_of(self.month)
        weeks = cal.Calendar().monthdatescalendar(self.month.year, self.month.month)
        days = by_day(self.loaded, self.brs.staff_zone, first_day, weeks[-1][-1])
        today = self._today()
        grid = Table(expand=True, show_lines=True, header_style="bold")
        for index in range(7):
            grid.add_column(cal.day_abbr[index], ratio=1, no_wrap=True, overflow="ellipsis")
        zone = self.brs.staff_zone
        for week in weeks:
            cells = []
            for day in week:
                in_month = day.month == self.month.month
                style = "bold" if in_month else "dim"
                if day == today:
                    style += " underline"
                if day == self.day:
                    style = "bold reverse"
                cell = Text(f"{day.day}", style=style)
                if day == today:
                    cell.append(" today", style="bold")
                entries = days.get(day, []) if in_month else []
                if entries:
                    cell.append(f" ({len(entries)})", style="dim")
                first = 0
                if day == self.day and self.pick >= lines:
                    first = self.pick - lines + 1  # the selected event stays in sight
                for index, entry in enumerate(entries[first:first + lines], start=first):
                    cell.append("\n")
                    self._entry_text(cell, entry, cell_label(entry, zone)[:width],
                                     day == self.day and index == self.pick)
                hidden = len(entries) - min(len(entries) - first, lines)
                if hidden > 0:
                    cell.append(f"\n+{hidden} more", style="dim italic")
                cells.append(cell)
            grid.add_row(*cells)
        self.query_one("#month", Static).update(grid)
        row = next(i for i, week in enumerate(weeks) if self.day in week)
        self.query_one("#month-scroll", VerticalScroll).scroll_to(
            y=max(0, 3 + row * (lines + 2) - 2), animate=False)

    def _render_week(self) -> None:
        assert self.day is not None
        zone = self.brs.staff_zone
        monday = week_of(self.day)
        days = by_day(self.loaded, zone, monday, monday + timedelta(days=6))
        today = self._today()
        width = max(4, (self.size.width - 8) // 7 - 2)
        grid = Table(expand=True, show_lines=False, header_style="bold")
        cells: list[Text] = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            header = f"{day:%a %d}" + (" today" if day == today else "")
            grid.add_column(header, ratio=1, no_wrap=True, overflow="ellipsis",
                            header_style="bold reverse" if day == self.day else "bold")
            cell = Text()
            entries = days.get(day, [])
            for index, entry in enumerate(entries):
                if index:
                    cell.append("\n")
                selected = day == self.day and index == self.pick
                self._entry_text(cell, entry, span_time(entry, zone), selected)
                for line in title_lines(entry.event.title, width, 1 if width < 14 else 2):
                    cell.append("\n")
                    self._entry_text(cell, entry, line, selected)
            if not entries:
                cell.append("—", style="dim")
            cells.append(cell)
        grid.add_row(*cells)
        self.query_one("#month", Static).update(grid)

    def _agenda_rows(self) -> list[Event]:
        return sorted(self.events, key=lambda e: (e.starts_at, e.id))

    def _render_agenda(self) -> None:
        assert self.day is not None
        table = self.query_one("#agenda", DataTable)
        table.clear()
        zone = self.brs.staff_zone
        previous = None
        focus_row: int | None = None
        picked = self.picked()  # or, on a day of continuing events only, the next event that starts
        selected = picked.event.id if picked is not None and picked.first else None
        for index, event in enumerate(self._agenda_rows()):
            first, _ = event_days(event, zone)
            label = f"{first:%a %d %b}" if first != previous else ""
            previous = first
            if focus_row is None and (event.id == selected or (selected is None and first >= self.day)):
                focus_row = index
            table.add_row(label, agenda_time(event, zone), KIND_SHORT[event.kind],
                          Text(event.title[:60], style=self._colour(event)), status_text(event.status))
        if focus_row is not None:
            table.move_cursor(row=focus_row, animate=False)

    # Moving --------------------------------------------------------------------------------------

    def action_day(self, step: int) -> None:
        if self.view == "agenda":
            raise SkipAction()
        assert self.day is not None
        self._move_to(self.day + timedelta(days=step))

    def action_up(self) -> None:
        self._vertical(-1)

    def action_down(self) -> None:
        self._vertical(1)

    def _vertical(self, step: int) -> None:
        if self.view == "agenda":
            raise SkipAction()  # the agenda table moves its own cursor
        assert self.day is not None
        if self.view == "week":
            self.pick = max(0, min(self.pick + step, len(self.entries()) - 1))
            self.render_view()
        else:
            self._move_to(self.day + timedelta(days=7 * step))

    def action_period(self, step: int) -> None:
        assert self.day is not None
        if self.view == "week":
            self._move_to(self.day + timedelta(days=7 * step))
        else:
            month = add_months(self.day.replace(day=1), step)
            self._move_to(month.replace(day=min(self.day.day, cal.monthrange(month.year, month.month)[1])))

    def action_next_event(self) -> None:
        entries = self.entries()
        if not entries:
            self.notify("No events on this day", severity="warning")
            return
        self.pick = (self.pick + 1) % len(entries)
        self.render_view()

    def action_today(self) -> None:
        self._move_to(self._today())

    def action_view(self, view: View) -> None:
        self.view = self.grid_view = view
        self.render_view()

    def action_toggle_week(self) -> None:
        """The week view from the month grid or the agenda, the month grid from the week view."""
        self.action_view("month" if self.view == "week" else "week")

    def action_toggle_agenda(self) -> None:
        if self.view == "agenda":
            self.view = self.grid_view
        else:
            self.view = "agenda"
        self.render_view()
        if self.view == "agenda":
            self.query_one("#agenda").focus()

    @on(DataTable.RowHighlighted, "#agenda")
    def _agenda_moved(self, message: DataTable.RowHighlighted) -> None:
        """The agenda's cursor selects its event's day too (so w/m open around it)."""
        rows = self._agenda_rows()
        if self.view == "agenda" and 0 <= message.cursor_row < len(rows):
            event, month = rows[message.cursor_row], self.month
            assert month is not None
            first, last = event_days(event, self.brs.staff_zone)
            self.day = min(max(first, month), add_months(month, 1) - timedelta(days=1), last)  # in this month
            self._select(event)
            self._render_day_line()

    @on(DataTable.RowSelected, "#agenda")
    def _agenda_chosen(self) -> None:
        self.action_edit()

    def action_toggle_colour(self) -> None:
        self.colour_by = "kind" if self.colour_by == "convention" else "convention"
        self.render_view()

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
        self._move_to(message.target)
