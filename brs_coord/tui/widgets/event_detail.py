"""The detail pane beside (or below) the events table: every field of the event under the cursor.

It draws from the event already read for the table and the catalogue already loaded, so following
the cursor reads nothing from the store on the UI thread; where an imported event comes from (issue
20) is read in a worker after the pane is drawn, and added when it arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...domain import DatePrecision, Event
from ..formatting import KIND_SHORT, event_when_of, registrations_text, status_text
from ..reference import Reference

if TYPE_CHECKING:
    from ...services.partner_sync import Provenance

ProvenanceOf = Callable[[int], "Provenance | None"]

LABEL_WIDTH = 10
MIN_PAIR_WIDTH = 38  # a label and its value side by side, twice a line when the pane is this wide


def names_by_slug(reference: Reference) -> dict[str, dict[str, str]]:
    """Catalogue names for the facets the pane shows, by slug."""
    return {
        "programmes": {p.slug: p.name for p in reference.programmes},
        "audiences": {a.slug: a.name for a in reference.audiences},
        "regions": {r.slug: r.name for r in reference.regions},
    }


def _span(event: Event, zone: ZoneInfo) -> str:
    """'Tue 24 Nov 2026 15:00–16:00 Europe/Zurich' (the end's date too when it is another day)."""
    first, last = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    end = f"{last:%H:%M}" if first.date() == last.date() else f" {last:%a %d %b %Y %H:%M}"
    return f"{first:%a %d %b %Y %H:%M}–{end} {zone}"


def _dates(event: Event, staff_zone: ZoneInfo) -> list[tuple[str, str]]:
    """When it is, as precisely as known: in the event's zone, and in the staff zone when that
    differs."""
    if event.date_precision is not DatePrecision.DAY:
        return [("When", f"{event_when_of(event)} (date known to the {event.date_precision.value})")]
    zone = ZoneInfo(event.timezone)
    if event.all_day:
        first, last = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
        days = f"{first:%a %d %b %Y}" if first.date() == last.date() \
            else f"{first:%a %d %b %Y} – {last:%a %d %b %Y}"
        return [("When", f"{days}, all day ({event.timezone})")]
    rows = [("When", _span(event, zone))]
    if str(staff_zone) != event.timezone:
        rows.append(("Your time", _span(event, staff_zone)))
    return rows


def detail_rows(
    event: Event, staff_zone: ZoneInfo, names: dict[str, dict[str, str]]
) -> list[tuple[str, Text]]:
    """(label, value) for every field the pane shows (text from outside is never read as markup)."""

    def named(facet: str, slugs: tuple[str, ...]) -> Text:
        return Text(", ".join(names.get(facet, {}).get(slug, slug) for slug in slugs) or "—")

    status = status_text(event.status)
    if event.status_reason:
        status.append(f" — {event.status_reason}")
    rows = [(label, Text(value)) for label, value in _dates(event, staff_zone)]
    rows += [
        ("Kind", Text(KIND_SHORT[event.kind])),
        ("Status", status),
        ("Programme", named("programmes", (event.programme,) if event.programme else ())),
        ("Audiences", named("audiences", event.audiences)),
        ("Region", named("regions", event.regions)),
        ("Languages", Text(" ".join(event.languages) or "—")),
        ("Registered", Text(registrations_text(event))),
    ]
    if event.location:
        rows.append(("Where", Text(event.location)))
    rows += [
        ("Web link", Text(event.registration_url or "—")),
        ("Join link", Text(event.online_url or "—")),
        ("UID", Text(event.uid)),
    ]
    return rows


def _grid(pairs: int) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    for _ in range(pairs):
        grid.add_column(style="dim", no_wrap=True, width=LABEL_WIDTH)
        grid.add_column(ratio=1, overflow="fold")
    return grid


def paired_lines(rows: list[tuple[str, Text]], value_width: int) -> list[list[tuple[str, Text]]]:
    """Two fields a line where both values fit in ``value_width`` (kind and status, programme and
    region, languages and registrations, links when there are none); the dates first, then those
    pairs, then each long value (audiences, a place, links, the uid) on a line of its own."""
    def fits(row: tuple[str, Text]) -> bool:
        return row[1].cell_len <= value_width

    leading = 0
    while leading < len(rows) and not fits(rows[leading]):
        leading += 1
    short = [row for row in rows[leading:] if fits(row)]
    long = [row for row in rows[leading:] if not fits(row)]
    return [[row] for row in rows[:leading]] + [short[i:i + 2] for i in range(0, len(short), 2)] \
        + [[row] for row in long]


def detail_table(title: str | None, rows: list[tuple[str, Text]], pairs_per_line: int = 1,
                 width: int = 0) -> Group:
    """The title, then the rows as label/value columns (long values wrap beside their label);
    ``pairs_per_line`` 2 when the pane is wide and short (below the table at 80 columns): two short
    fields share a line, a long one has a whole line (``width``: the pane's); no ``title`` when the
    pane shows it in its border."""
    parts: list[Text | Table] = [] if title is None else [Text(title, style="bold")]
    if pairs_per_line == 1:
        grid = _grid(1)
        for label, value in rows:
            grid.add_row(Text(label), value)
        return Group(*parts, grid)
    value_width = (width - 4) // 2 - LABEL_WIDTH - 1  # of a pair: half the line, less its label
    grid, pairs = _grid(1), 1
    for line in paired_lines(rows, value_width):
        if len(line) != pairs:  # consecutive lines of the same shape share one grid (aligned)
            if grid.row_count:
                parts.append(grid)
            grid, pairs = _grid(len(line)), len(line)
        grid.add_row(*(cell for label, value in line for cell in (Text(label), value)))
    parts.append(grid)
    return Group(*parts)


class EventDetail(Static):
    """Shows one event (or says none is selected)."""

    def __init__(
        self, staff_zone: ZoneInfo, provenance: ProvenanceOf | None = None, **kwargs: object,
    ) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.staff_zone = staff_zone
        self.names: dict[str, dict[str, str]] = {}
        self.shown: Event | None = None
        self.provenance_of = provenance
        self.origin: Provenance | None = None  # of the shown event, once read

    def set_reference(self, reference: Reference) -> None:
        self.names = names_by_slug(reference)
        self.show_event(self.shown, force=True)

    def show_event(self, event: Event | None, *, force: bool = False) -> None:
        """Draw ``event`` unless it is the one drawn already (same version)."""
        if not force and event is not None and self.shown is not None \
                and (event.id, event.version) == (self.shown.id, self.shown.version):
            return
        self.shown, self.origin = event, None
        self._draw()
        if event is not None and self.provenance_of is not None:
            self._read_origin(event.id)

    def _read_origin(self, event_id: int) -> None:
        read = self.provenance_of
        assert read is not None

        def job() -> None:
            try:
                origin = read(event_id)
            except Exception:  # noqa: BLE001 - the pane stays without it; the rest is shown
                return
            if origin is not None:
                self.app.call_from_thread(self._origin_read, event_id, origin)

        self.run_worker(job, thread=True, exclusive=True, group="provenance", exit_on_error=False)

    def _origin_read(self, event_id: int, origin: Provenance) -> None:
        if self.shown is not None and self.shown.id == event_id:
            self.origin = origin
            self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        event = self.shown
        if event is None:
            self.border_title = None
            self.update(Text("No event selected", style="dim"))
            return
        pairs = 2 if self.size.width >= 2 * MIN_PAIR_WIDTH and self.size.height < 16 else 1
        rows = detail_rows(event, self.staff_zone, self.names)
        if self.origin is not None:
            rows.append(("Source", Text("\n".join(self.origin.lines()))))
        # wide and short (below the table): the title in the pane's top border, a line saved
        self.border_title = Text(event.title, style="bold") if pairs == 2 else None
        title = None if pairs == 2 else event.title
        self.update(detail_table(title, rows, pairs, self.content_region.width))
