"""The events view (home): a windowed table with search, quick filters, sorting and every action."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from ...domain import Event, EventQuery, TimeScope
from ..formatting import zone_abbreviation
from ..widgets.events_table import COLUMNS, EventsTable, title_width_for
from ..widgets.filter_bar import FilterBar
from .event_actions import EVENT_ACTION_BINDINGS, EventActionsScreen

if TYPE_CHECKING:
    from ...services import Services

PAGE = 60
MAX_ROWS = 5_000
SEARCH_DEBOUNCE_S = 0.12


class EventsLoaded(Message):
    """A window of events (and the total matching) read by a worker."""

    def __init__(
        self, events: list[Event], total: int | None, generation: int, append: bool, started: float
    ) -> None:
        super().__init__()
        self.events, self.total, self.generation, self.append = events, total, generation, append
        self.started = started


class TotalCounted(Message):
    """How many events match the current filters (counted after the first rows are shown)."""

    def __init__(self, total: int, generation: int) -> None:
        super().__init__()
        self.total, self.generation = total, generation


class SearchRead(Message):
    """What the search words were understood as (the line under the search box; empty: none)."""

    def __init__(self, read: ReadSearch, generation: int) -> None:
        super().__init__()
        self.read, self.generation = read, generation


@dataclass(frozen=True)
class ReadSearch:
    """The search words read: the filters (None: nothing to show, as for help or words of which
    none was read) and the "I understood" line, not understood words included."""

    query: EventQuery | None
    line: str = ""
    not_understood: tuple[str, ...] = ()


def query_from_search(text: str, services: Services, tz: str) -> ReadSearch:
    """Words such as "webinars africa december" read by the shared query service into filters
    (it reads the store: call it in a worker, never on the UI thread)."""
    if not text.strip():
        return ReadSearch(EventQuery())
    try:
        understood = services.query.parse(text, tz=tz)
    except Exception:  # noqa: BLE001 - an unreadable question is still searched as plain words
        return ReadSearch(EventQuery(text=text))
    line = services.query.describe(understood, one_line=True)
    if understood.title_phrases:
        line += " · and titles with " + ", ".join(f"“{phrase}”" for phrase in understood.title_phrases)
    if understood.help:
        line = NOT_A_QUESTION
    query = understood.to_query(limit=None) if understood.answerable else None
    return ReadSearch(query, line, understood.not_understood)


def no_events_message(read: ReadSearch | None, filtered: bool) -> str:
    """What the empty table says: why nothing is shown and what to do about it."""
    if read is not None and read.query is None and read.not_understood:
        words = ", ".join(f"“{word}”" for word in read.not_understood)
        return f"No events match — not understood: {words}. Try words such as {SEARCH_EXAMPLE}."
    if read is not None and read.query is None:
        return f"No events match — {NOT_A_QUESTION[0].lower()}{NOT_A_QUESTION[1:]}."
    if read is not None and read.not_understood:
        words = ", ".join(f"“{word}”" for word in read.not_understood)
        return f"No events match — {words} not understood; ctrl+l clears the search and filters."
    if filtered:
        return "No events match — try fewer words or filters; ctrl+l clears them all."
    return "No events yet — n creates one."


SEARCH_EXAMPLE = "webinars africa december"
NOT_A_QUESTION = f"Not a question about events: try words such as {SEARCH_EXAMPLE}"


class EventsScreen(EventActionsScreen):
    """Upcoming events, soonest first; the table has the focus so single keys work at once."""

    BINDINGS = [
        *EVENT_ACTION_BINDINGS,
        Binding("g", "registrations", "Registrations", show=False),
        Binding("m", "message", "Message registrants", show=False),
        Binding("slash", "search", "Search"),
        Binding("f", "filters", "Filters"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("ctrl+l", "clear_all", "Clear all filters", show=False),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.search_text = ""
        self.facets: dict[str, tuple[str, ...]] = {}
        self.scope = TimeScope.UPCOMING
        self.sort_name = "starts_at"
        self.descending = False
        self.total = 0
        self.generation = 0
        self.shown_generation = 0
        self.growing = False  # a further window is being read (not Widget.loading: that
        # reactive covers the whole screen with a loading indicator and takes the focus away)
        self.last_load_ms = 0.0
        self.focus_event_id: int | None = None
        self._debounce: Timer | None = None
        self.last_read: ReadSearch | None = None  # the search as last read (for the empty table)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="search-row"):
            yield Input(placeholder=f"/ search: {SEARCH_EXAMPLE}", id="search")
            yield Label("", id="row-count")
        yield Static("", id="understood", classes="-hidden", markup=False)
        yield Static("", id="chips", classes="-hidden", markup=False)
        yield FilterBar(id="filters", classes="-hidden")
        zone, now = self.brs.staff_zone, self.services.clock.now()
        yield EventsTable(zone, now.astimezone(zone).year, zone_abbreviation(zone, now), id="events")
        yield Static("", id="no-events", classes="-hidden", markup=False)
        yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(EventsTable).focus()
        self.reference_changed()

    def reference_changed(self) -> None:
        self.query_one(FilterBar).set_reference(self.brs.reference)

    def on_resize(self, event: Resize) -> None:
        self.query_one(EventsTable).set_title_width(title_width_for(event.size.width))

    # ---- loading -------------------------------------------------------------------------

    def current_query(self, offset: int = 0, limit: int = PAGE) -> Callable[[], ReadSearch]:
        """The search, filters and sort as they are now, read into a query when called (by the
        worker: reading the search words reads the store)."""
        text, services, zone = self.search_text, self.services, str(self.brs.staff_zone)
        facets = {name: values for name, values in self.facets.items() if values}
        chosen_scope, sort, descending = self.scope, self.sort_name, self.descending

        def build() -> ReadSearch:
            read = query_from_search(text, services, zone)
            if read.query is None:
                return read
            base = read.query
            scope = base.scope if chosen_scope is TimeScope.UPCOMING else chosen_scope
            return replace(read, query=replace(
                base.with_facets(facets), scope=scope, include_drafts=True, sort=sort,
                newest_first=descending, limit=limit, offset=offset,
            ))

        return build

    def reload(self) -> None:
        table = self.query_one(EventsTable)
        selected = table.selected()
        if selected is not None and self.focus_event_id is None:
            self.focus_event_id = selected.id
        limit = min(MAX_ROWS, max(PAGE, len(table.events)))
        self.generation += 1
        self.load_window(self.current_query(0, limit), self.generation, False)

    def reload_from_top(self) -> None:
        self.focus_event_id = None
        self.generation += 1
        self.load_window(self.current_query(), self.generation, False)

    def load_window(self, query: Callable[[], ReadSearch], generation: int, append: bool) -> None:
        """The search line and rows first (so the table updates at once), then the total for the
        row count (none for a search of which nothing was read)."""
        services = self.services

        def read() -> Iterator[Message]:
            started = time.perf_counter()
            built = query()
            if not append:
                yield SearchRead(built, generation)
            if built.query is None:
                yield EventsLoaded([], 0, generation, append, started)
                return
            yield EventsLoaded(services.find(built.query), None, generation, append, started)
            if not append:
                yield TotalCounted(services.count(replace(built.query, limit=None, offset=0)), generation)

        self.run_read("events", read)

    @on(EventsLoaded)
    def _show(self, message: EventsLoaded) -> None:
        if message.generation != self.generation:
            return
        self.growing = False
        self.shown_generation = message.generation
        table = self.query_one(EventsTable)
        if message.total is not None:
            self.total = message.total
        elif not message.append and not message.events:
            self.total = 0  # the first window is empty: so is the whole answer
        table.show(message.events, append=message.append)
        if not message.append:
            index = table.index_of(self.focus_event_id) if self.focus_event_id is not None else None
            table.move_cursor(row=index or 0, animate=False)
            self.focus_event_id = None
        self.last_load_ms = (time.perf_counter() - message.started) * 1000
        self._update_counts()

    @on(SearchRead)
    def _search_read(self, message: SearchRead) -> None:
        if message.generation == self.generation:
            self.last_read = message.read
            line = self.query_one("#understood", Static)
            line.update(message.read.line)
            line.set_class(not message.read.line, "-hidden")

    @on(TotalCounted)
    def _counted(self, message: TotalCounted) -> None:
        if message.generation == self.generation:
            self.total = message.total
            self._update_counts()

    def _update_counts(self) -> None:
        table = self.query_one(EventsTable)
        shown = len(table.events)
        noun = "event" if self.total == 1 else "events"
        count = f"{self.total:,} {noun}" if shown else "no events"
        self.query_one("#row-count", Label).update(count)
        scope = {TimeScope.UPCOMING: "upcoming", TimeScope.PAST: "past", TimeScope.ALL: "all dates"}
        sort_label = next(label for _, label, _, sort in COLUMNS if sort == self.sort_name)
        rows = f"rows 1–{shown:,} of {self.total:,}" if shown else "no events"
        self.query_one("#status-line", Static).update(
            f"{rows} · {scope[self.scope]} · sorted by {sort_label.lower()} "
            f"{'▼' if self.descending else '▲'} · {self.brs.db_path.name}"
        )
        empty = self.query_one("#no-events", Static)
        filtered = bool(self.search_text.strip() or self.query_one(FilterBar).chips())
        empty.update(no_events_message(self.last_read, filtered) if not shown else "")
        empty.set_class(bool(shown), "-hidden")
        table.set_class(not shown, "-empty")

    @on(DataTable.RowHighlighted, "#events")
    def _maybe_load_more(self, message: DataTable.RowHighlighted) -> None:
        table = self.query_one(EventsTable)
        loaded = len(table.events)
        near_end = message.cursor_row >= loaded - 10
        if near_end and not self.growing and loaded < min(self.total, MAX_ROWS):
            self.growing = True
            self.load_window(self.current_query(offset=loaded), self.generation, True)

    # ---- search, filters, sorting --------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        bar = self.query_one(FilterBar)
        bar.toggle_class("-hidden")
        if not bar.has_class("-hidden"):
            bar.query_one("#f-kinds").focus()
        else:
            self.query_one(EventsTable).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        self.query_one(EventsTable).focus()

    def action_clear_all(self) -> None:
        """The search and every filter cleared at once (the chips line says what is in use)."""
        self.query_one("#search", Input).value = ""
        self.search_text = ""
        self.query_one(FilterBar).clear()  # posts one Changed: the table reloads once

    def action_reload(self) -> None:
        self.reload()

    def _show_chips(self) -> None:
        chips = self.query_one(FilterBar).chips()
        line = self.query_one("#chips", Static)
        line.update("Filters: " + "  ".join(f"[{chip}]" for chip in chips) + "  · ctrl+l clears all")
        line.set_class(not chips, "-hidden")

    @on(Input.Changed, "#search")
    def _search_changed(self, message: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(SEARCH_DEBOUNCE_S, lambda: self._apply_search(message.value))

    def _apply_search(self, text: str) -> None:
        if text != self.search_text:
            self.search_text = text
            self.reload_from_top()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(EventsTable).focus()

    @on(FilterBar.Changed)
    def _filters_changed(self, message: FilterBar.Changed) -> None:
        if message.scope is not self.scope and self.sort_name == "starts_at":
            self.descending = message.scope is TimeScope.PAST  # the past reads newest first
            self.query_one(EventsTable).set_sort(self.sort_name, self.descending)
        self.facets, self.scope = message.facets, message.scope
        self._show_chips()
        self.reload_from_top()

    @on(DataTable.HeaderSelected, "#events")
    def _sort_by(self, message: DataTable.HeaderSelected) -> None:
        sort = next((s for key, _, _, s in COLUMNS if key == message.column_key.value), None)
        if sort is None:
            self.notify("This column cannot be sorted", severity="warning")
            return
        self.descending = not self.descending if sort == self.sort_name else False
        self.sort_name = sort
        self.query_one(EventsTable).set_sort(sort, self.descending)
        self.reload_from_top()

    # ---- actions on the selected event ---------------------------------------------------

    def selected(self) -> Event | None:
        event = self.query_one(EventsTable).selected()
        if event is None:
            self.notify("No event selected", severity="warning")
        return event

    def show_event(self, event: Event) -> None:
        self.focus_event_id = event.id

    @on(DataTable.RowSelected, "#events")
    def _row_chosen(self) -> None:
        self.action_edit()
