"""What a question was understood as: its filters, its period and the words that could not be read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..dates import to_utc_iso
from ..domain import EventQuery, TimeScope
from ..facets import FIELDS, FacetFilters


@dataclass(frozen=True)
class Understanding(FacetFilters):
    """The filters read from a question (a field per facet, see facets.FacetFilters), and the words
    that could not be read."""

    past: bool = False
    start: datetime | None = None  # the range asked about, UTC; end exclusive
    end: datetime | None = None
    period: str = ""  # the date phrase as written
    text: str = ""  # words sent to full-text search
    not_understood: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    tz: str = "UTC"
    now: datetime | None = None

    @property
    def scope(self) -> TimeScope:
        """Upcoming events, unless the question asks for the past or names a period that is over."""
        if self.past or (self.end is not None and self.now is not None and self.end <= self.now):
            return TimeScope.PAST
        return TimeScope.UPCOMING

    def to_query(self, *, limit: int | None = 5, offset: int = 0) -> EventQuery:
        """The event filters of this understanding (drafts never)."""
        return EventQuery(
            starts_from=self.start, ends_before=self.end, scope=self.scope, text=self.text,
            newest_first=self.scope is TimeScope.PAST, limit=limit, offset=offset,
        ).with_facets(self.facets())

    def facets(self) -> dict[str, tuple[str, ...]]:
        """Facet field -> the slugs read, for every facet (facets.FIELDS)."""
        return {name: getattr(self, name) for name in FIELDS}

    def to_json(self) -> dict[str, Any]:
        """The filters as the JSON of `brs-coord ask --json` shows them."""
        start, end = self.start, self.end
        if start is None and end is None and self.now is not None:
            start, end = (None, self.now) if self.past else (self.now, None)
        return {
            **{name: list(slugs) for name, slugs in self.facets().items()},
            "past": self.scope is TimeScope.PAST,
            "from": to_utc_iso(start) if start else None, "to": to_utc_iso(end) if end else None,
            "text": self.text,
        }
