"""What an export needs from the feed service: the feeds, built, and the two index files."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from .feed_model import FeedDocument, FeedSpec, Progress


class FeedSource(Protocol):
    """The part of ``FeedService`` that ``export_feeds`` uses (so the export does not import it)."""

    def specs(self) -> list[FeedSpec]: ...

    def build_all(
        self, progress: Progress | None = None, known: Mapping[str, Mapping[str, object]] | None = None,
        on_built: Callable[[FeedDocument], object] | None = None,
    ) -> list[FeedDocument]: ...

    def feeds_json(self, documents: Sequence[FeedDocument]) -> bytes: ...

    def index_html(self, documents: Sequence[FeedDocument]) -> bytes: ...
