"""Quick filters for the events table: the facets of facets.FILTER_BAR, then the time scope."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Select
from textual.widgets.select import InvalidSelectValueError

from ...domain import TimeScope
from ...facets import FILTER_BAR, Source
from ...services.facet_values import value_labels
from ..formatting import plain_options
from ..reference import Reference

FACETS = tuple(facet.plural for facet in FILTER_BAR)
SCOPE_LABELS = {TimeScope.UPCOMING: "Upcoming", TimeScope.PAST: "Past", TimeScope.ALL: "All dates"}


class FilterBar(Grid):
    """One Select per facet (blank = any) and the time scope; posts Changed."""

    class Changed(Message):
        """The filters changed: facet -> chosen slugs, and the time scope."""

        def __init__(self, facets: dict[str, tuple[str, ...]], scope: TimeScope) -> None:
            super().__init__()
            self.facets, self.scope = facets, scope

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._labels: dict[str, dict[str, str]] = {}  # facet -> slug -> the label its picker shows

    def compose(self) -> ComposeResult:
        for facet in FILTER_BAR:  # catalogue pickers are filled by set_reference
            fixed = [] if facet.source is Source.CATALOGUE else value_labels(facet, None)
            self._labels[facet.plural] = {slug: label for slug, label in fixed}
            yield Select([(label, slug) for slug, label in fixed], prompt=facet.label, id=f"f-{facet.plural}")
        yield Select(
            [(label, scope.value) for scope, label in SCOPE_LABELS.items()],
            value=TimeScope.UPCOMING.value, allow_blank=False, id="f-scope",
        )

    def set_reference(self, reference: Reference) -> None:
        """Fill the catalogue pickers (a picker in use keeps its list until cleared)."""
        for facet in FILTER_BAR:
            select = self.query_one(f"#f-{facet.plural}", Select)
            if facet.source is Source.CATALOGUE and select.value is Select.NULL:
                options = reference.options(facet.plural)
                self._labels[facet.plural] = {slug: label for label, slug in options}
                with self.prevent(Select.Changed):
                    select.set_options(plain_options(options))

    def facets(self) -> dict[str, tuple[str, ...]]:
        chosen: dict[str, tuple[str, ...]] = {}
        for facet in FACETS:
            value = self.query_one(f"#f-{facet}", Select).value
            chosen[facet] = () if value is Select.NULL else (str(value),)
        return chosen

    def scope(self) -> TimeScope:
        return TimeScope(str(self.query_one("#f-scope", Select).value))

    def chips(self) -> list[str]:
        """The filters in use, one short label each ("Kind: Webinar", "Past"): none for the
        default (any facet, upcoming)."""
        chosen = [
            f"{facet.label}: {self._labels.get(facet.plural, {}).get(slug, slug)}"
            for facet in FILTER_BAR for slug in self.facets()[facet.plural]
        ]
        scope = self.scope()
        return chosen if scope is TimeScope.UPCOMING else [*chosen, SCOPE_LABELS[scope]]

    def clear(self) -> None:
        """Every facet back to any and the scope to upcoming, with one Changed posted."""
        with self.prevent(Select.Changed):
            for facet in FACETS:
                self.query_one(f"#f-{facet}", Select).clear()
            self.query_one("#f-scope", Select).value = TimeScope.UPCOMING.value
        self.post_message(self.Changed(self.facets(), self.scope()))

    def set_filters(self, facets: dict[str, tuple[str, ...]], scope: TimeScope) -> list[str]:
        """Set the pickers (a saved filter recalled), with one Changed posted; returns the facets
        whose value the catalogue no longer has (left at any)."""
        missing: list[str] = []
        with self.prevent(Select.Changed):
            for facet in FACETS:
                select = self.query_one(f"#f-{facet}", Select)
                values = facets.get(facet, ())
                try:
                    select.value = values[0] if values else Select.NULL
                except InvalidSelectValueError:
                    select.clear()
                    missing.append(facet)
            self.query_one("#f-scope", Select).value = scope.value
        self.post_message(self.Changed(self.facets(), self.scope()))
        return missing

    @on(Select.Changed)
    def _changed(self, message: Select.Changed) -> None:
        message.stop()
        self.post_message(self.Changed(self.facets(), self.scope()))
