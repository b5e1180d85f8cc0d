"""The staff TUI application: lists the upcoming events, soonest first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header

from ..domain import Event, Status
from ..services import Services

STATUS_MARKS = {
    Status.DRAFT: "[dim]draft[/]",
    Status.POSTPONED: "[yellow]postponed[/]",
    Status.CANCELLED: "[red strike]cancelled[/]",
}


class EventsLoaded(Message):
    """Upcoming events read from the store by a worker."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class BrsCoordApp(App[None]):
    """Staff view of the technical-assistance calendar."""

    TITLE = "brs-coord"
    SUB_TITLE = "Technical-assistance calendar"
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("ctrl+r", "reload", "Reload")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.staff_zone = ZoneInfo(services.settings.staff_tz)

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str] = DataTable(id="events", cursor_type="row", zebra_stripes=True)
        table.add_columns("When", "Kind", "Title", "Programme", "Status")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load_events()

    def action_reload(self) -> None:
        self.load_events()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load_events(self) -> None:
        self.post_message(EventsLoaded(self.services.upcoming(limit=500)))

    @on(EventsLoaded)
    def show_events(self, message: EventsLoaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for event in message.events:
            table.add_row(
                self._when(event.starts_at), event.kind.label, event.title,
                event.programme or "", STATUS_MARKS.get(event.status, event.status.value),
                key=str(event.id),
            )
        self.sub_title = f"{len(message.events)} upcoming events · {self.services.settings.db_path}"

    def _when(self, instant: datetime) -> str:
        return instant.astimezone(self.staff_zone).strftime("%a %d %b %Y %H:%M")
