"""Quick filters for the events table: kind, convention, programme, audience, region, status, time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Select

from ...domain import EventKind, Status, TimeScope
from ..reference import Reference

FACETS = ("kinds", "conventions", "programmes", "audiences", "regions", "statuses")
PROMPTS = {
    "kinds": "Kind", "conventions": "Convention", "programmes": "Programme", "audiences": "Audience",
    "regions": "Region", "statuses": "Status",
}


class FilterBar(Grid):
    """One Select per facet (blank = any) and the time scope; posts Changed."""

    class Changed(Message):
        """The filters changed: facet -> chosen slugs, and the time scope."""

        def __init__(self, facets: dict[str, tuple[str, ...]], scope: TimeScope) -> None:
            super().__init__()
            self.facets, self.scope = facets, scope

    def compose(self) -> ComposeResult:
        yield Select([(kind.label, kind.value) for kind in EventKind], prompt="Kind", id="f-kinds")
        yield Select([], prompt="Convention", id="f-conventions")
        yield Select([], prompt="Programme", id="f-programmes")
        yield Select([], prompt="Audience", id="f-audiences")
        yield Select([], prompt="Region", id="f-regions")
        yield Select([(status.value, status.value) for status in Status], prompt="Status", id="f-statuses")
        yield Select(
            [("Upcoming", TimeScope.UPCOMING.value), ("Past", TimeScope.PAST.value),
             ("All dates", TimeScope.ALL.value)],
            value=TimeScope.UPCOMING.value, allow_blank=False, id="f-scope",
        )

    def set_reference(self, reference: Reference) -> None:
        """Fill the catalogue pickers (a picker in use keeps its list until cleared)."""
        for facet in ("conventions", "programmes", "audiences", "regions"):
            select = self.query_one(f"#f-{facet}", Select)
            if select.value is Select.NULL:
                with self.prevent(Select.Changed):
                    select.set_options(reference.options(facet))

    def facets(self) -> dict[str, tuple[str, ...]]:
        chosen: dict[str, tuple[str, ...]] = {}
        for facet in FACETS:
            value = self.query_one(f"#f-{facet}", Select).value
            chosen[facet] = () if value is Select.NULL else (str(value),)
        return chosen

    def scope(self) -> TimeScope:
        return TimeScope(str(self.query_one("#f-scope", Select).value))

    def clear(self) -> None:
        for facet in FACETS:
            self.query_one(f"#f-{facet}", Select).clear()
        self.query_one("#f-scope", Select).value = TimeScope.UPCOMING.value

    @on(Select.Changed)
    def _changed(self, message: Select.Changed) -> None:
        message.stop()
        self.post_message(self.Changed(self.facets(), self.scope()))
