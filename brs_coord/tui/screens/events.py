"""The events view (home): a windowed table with search, quick filters, sorting and every action."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from ...domain import Event, TimeScope
from ...records import SavedFilter
from ..formatting import zone_abbreviation
from ..widgets.event_detail import EventDetail
from ..widgets.events_table import COLUMNS, EventsTable, title_width_for
from ..widgets.filter_bar import FilterBar
from .bulk_actions import BULK_BINDINGS, BulkActions
from .event_actions import EVENT_ACTION_BINDINGS
from .event_links import LINK_BINDINGS, EventLinkActions
from .prompts import ChoicePrompt
from .saved_filters import SAVED_FILTER_BINDINGS, SavedFilterActions
from .search_reading import SEARCH_EXAMPLE, ReadSearch, no_events_message, query_from_search

PAGE = 60
DETAIL_WIDTH = 52  # the detail pane beside the table
DETAIL_BESIDE_MIN_WIDTH = 120  # narrower: the pane goes below the table
MAX_ROWS = 5_000
SEARCH_DEBOUNCE_S = 0.12


class EventsLoaded(Message):
    """A window of events (and the total matching) read by a worker."""

    def __init__(
        self, events: list[Event], total: int | None, generation: int, append: bool, started: float,
        read: ReadSearch | None = None,
    ) -> None:
        super().__init__()
        self.events, self.total, self.generation, self.append = events, total, generation, append
        self.started, self.read = started, read  # read: what the search words were understood as


class TotalCounted(Message):
    """How many events match the current filters (counted after the first rows are shown)."""

    def __init__(self, total: int, generation: int) -> None:
        super().__init__()
        self.total, self.generation = total, generation


class EventsScreen(SavedFilterActions, EventLinkActions, BulkActions):
    """Upcoming events, soonest first; the table has the focus so single keys work at once."""

    BINDINGS = [
        *EVENT_ACTION_BINDINGS,
        Binding("slash", "search", "Search"),
        Binding("f", "filters", "Filters"),
        Binding("i", "toggle_detail", "Details"),
        Binding("z", "tall_detail", "Taller detail pane (below the table)", show=False),
        *BULK_BINDINGS,
        Binding("greater_than_sign", "sort_next", "Sort by the next column", show=False),
        Binding("less_than_sign", "reverse_sort", "Reverse the sort", show=False),
        Binding("C", "choose_columns", "Show or hide a column", show=False),
        *LINK_BINDINGS,
        *SAVED_FILTER_BINDINGS,
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
        with Container(id="events-body"):
            with Vertical(id="events-list"):
                yield EventsTable(zone, now, zone_abbreviation(zone, now), id="events")
                yield Static("", id="no-events", classes="-hidden", markup=False)
            yield EventDetail(zone, self.services.partner_sync.provenance, id="detail", classes="-hidden")
        yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(EventsTable).focus()
        self.reference_changed()

    def reference_changed(self) -> None:
        self.query_one(FilterBar).set_reference(self.brs.reference)
        self.query_one(EventDetail).set_reference(self.brs.reference)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Title width for the screen; the detail pane beside the table when wide, else below it."""
        detail = self.query_one(EventDetail)
        beside = width >= DETAIL_BESIDE_MIN_WIDTH
        self.query_one("#events-body").set_class(not beside, "-below")
        shown = not detail.has_class("-hidden")
        taken = DETAIL_WIDTH + 1 if shown and beside else 0
        self.query_one(EventsTable).set_title_width(title_width_for(width - taken))

    def action_toggle_detail(self) -> None:
        """Show or hide the detail pane (beside the table from 120 columns, below it otherwise)."""
        detail = self.query_one(EventDetail)
        detail.toggle_class("-hidden")
        if not detail.has_class("-hidden"):
            detail.show_event(self.query_one(EventsTable).selected(), force=True)
        self._fit(self.size.width)

    def action_tall_detail(self) -> None:
        """Below the table (narrow terminals), give the detail pane most of the height, the table a
        few rows around the cursor (or back); the pane is shown first if hidden."""
        body, detail = self.query_one("#events-body"), self.query_one(EventDetail)
        if detail.has_class("-hidden"):
            self.action_toggle_detail()
            body.add_class("-detail-tall")
        else:
            body.toggle_class("-detail-tall")
        if not body.has_class("-below"):
            self.notify("The detail pane is beside the table, at full height (z works below it)",
                        title="Details")
        table = self.query_one(EventsTable)
        self.call_after_refresh(table.move_cursor, row=table.cursor_row, animate=False)

    def _follow_cursor(self) -> None:
        detail = self.query_one(EventDetail)
        if not detail.has_class("-hidden"):
            detail.show_event(self.query_one(EventsTable).selected())

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
        """The rows with the search line (one message: the screen is laid out and drawn once for
        both, not once for the line and again for the rows), then the total for the row count
        (none for a search of which nothing was read)."""
        services = self.services

        def read() -> Iterator[Message]:
            started = time.perf_counter()
            built = query()
            said = None if append else built
            if built.query is None:
                yield EventsLoaded([], 0, generation, append, started, said)
                return
            yield EventsLoaded(services.find(built.query), None, generation, append, started, said)
            if not append:
                yield TotalCounted(services.count(replace(built.query, limit=None, offset=0)), generation)

        self.run_read("events", read)

    @on(EventsLoaded)
    def _show(self, message: EventsLoaded) -> None:
        if message.generation != self.generation:
            return
        self.growing = False
        self.shown_generation = message.generation
        if message.read is not None:
            self._show_read(message.read)
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
        self._follow_cursor()

    def _show_read(self, read: ReadSearch) -> None:
        """The "I understood" line under the search box (hidden when there is nothing to say)."""
        self.last_read = read
        line = self.query_one("#understood", Static)
        if str(line.content) != read.line:
            line.update(read.line)
        line.set_class(not read.line, "-hidden")

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
        marked = len(table.marked)
        marks = f"{marked} marked (esc unmarks) · " if marked else ""
        self.query_one("#status-line", Static).update(
            f"{marks}{rows} · {scope[self.scope]} · sorted by {sort_label.lower()} "
            f"{'▼' if self.descending else '▲'} · {self.brs.db_path.name}"
        )
        empty = self.query_one("#no-events", Static)
        filtered = bool(self.search_text.strip() or self.query_one(FilterBar).chips())
        empty.update(no_events_message(self.last_read, filtered) if not shown else "")
        empty.set_class(bool(shown), "-hidden")
        table.set_class(not shown, "-empty")

    @on(DataTable.RowHighlighted, "#events")
    def _maybe_load_more(self, message: DataTable.RowHighlighted) -> None:
        self._follow_cursor()
        self.refresh_bindings()  # the event's actions greyed or not for the acting person
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
        if self.query_one(EventsTable).marked:
            self.unmark()  # escape unmarks first, then clears the search
            return
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

    def marks_changed(self) -> None:
        self._update_counts()

    # ---- saved filters (saved_filters.py has the actions) --------------------------------

    def filter_now(self) -> SavedFilter:
        return SavedFilter(
            "", self.search_text, tuple((k, v) for k, v in self.facets.items() if v), self.scope.value,
            self.sort_name, self.descending,
        )

    def apply_saved(self, saved: SavedFilter) -> None:
        """The search, filters, scope and sort of ``saved`` put back (one reload)."""
        self.search_text = saved.search
        self.query_one("#search", Input).value = saved.search  # its debounce finds nothing new
        self.sort_name, self.descending = saved.sort, saved.descending
        self.query_one(EventsTable).set_sort(saved.sort, saved.descending)
        self.scope = TimeScope(saved.scope)
        missing = self.query_one(FilterBar).set_filters(dict(saved.facets), self.scope)  # reloads
        if missing:
            self.notify(f"Not in the catalogue any more: {', '.join(missing)} (left at any)",
                        severity="warning")
        self.notify(f"Filter “{saved.name}”", title="Saved filter", markup=False)

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
        self._sort(sort, not self.descending if sort == self.sort_name else False)

    def _sort(self, sort: str, descending: bool) -> None:
        self.sort_name, self.descending = sort, descending
        self.query_one(EventsTable).set_sort(sort, descending)
        self.reload_from_top()

    def action_sort_next(self) -> None:
        """Sort by the next sortable column shown (When, Kind, Title, Status, Programme), ascending."""
        table = self.query_one(EventsTable)
        sorts = [sort for _, _, _, sort in table.visible_columns() if sort is not None]
        at = sorts.index(self.sort_name) + 1 if self.sort_name in sorts else 0
        self._sort(sorts[at % len(sorts)], False)

    def action_reverse_sort(self) -> None:
        self._sort(self.sort_name, not self.descending)

    def action_choose_columns(self) -> None:
        """Pick a column to hide (or show again); the title is always shown."""
        table = self.query_one(EventsTable)
        options = [(f"{'hide' if key not in table.hidden else 'show'} {label}", key)
                   for key, label, _, _ in COLUMNS if key != "title"]

        def chosen(key: str | None) -> None:
            if key:
                shown = table.toggle_column(key)
                label = next(label for k, label, _, _ in COLUMNS if k == key)
                self.notify(f"{label} {'shown' if shown else 'hidden'} (C to change)", title="Columns")

        self.app.push_screen(ChoicePrompt("Show or hide a column", options), chosen)

    # ---- actions on the selected event ---------------------------------------------------

    def highlighted_event(self) -> Event | None:
        return self.query_one(EventsTable).selected()

    def show_event(self, event: Event) -> None:
        self.focus_event_id = event.id

    @on(DataTable.RowSelected, "#events")
    def _row_chosen(self) -> None:
        self.action_edit()
