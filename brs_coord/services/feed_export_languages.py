"""The export of the feeds in other languages: each language's catalogue feeds and index page in a
folder of its own (``fr/all.ics``, ``fr/index.html``), the paths the feed server answers
(``/calendars/fr/all.ics``, ``/fr/``) with the same bytes: the feeds come from the server's own
``FeedService.feed(name, lang)`` and the page from ``index_html(documents, lang)``. Unchanged files
are left alone; a language's feeds that no longer exist are removed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .feed_export import Content, ExportReport, remove_stale_temporaries, writable_folder, write_if_changed
from .feed_model import FeedDocument, FeedSpec
from .feed_pages import INDEX_FILE, language_folder


class LanguageFeedSource(Protocol):
    """The part of ``FeedService`` that the export in a language uses."""

    def specs(self) -> list[FeedSpec]: ...

    def feed(self, name: str, lang: str = ...) -> FeedDocument: ...

    def index_html(self, documents: Sequence[FeedDocument], lang: str = ...) -> bytes: ...


def export_language(
    feeds: LanguageFeedSource, out: Path, lang: str, documents: Sequence[FeedDocument], report: ExportReport,
) -> None:
    """Write the feeds and index page in ``lang`` below ``out`` (``documents``: the English export's,
    which the index page lists, titled in ``lang``, as the server's page does); file names in
    ``report`` are relative to ``out`` (``fr/all.ics``)."""
    folder_name = language_folder(lang)
    folder = writable_folder(out / folder_name)

    def write(name: str, content: Content) -> None:
        written = write_if_changed(folder / name, content)
        (report.written if written else report.unchanged).append(folder_name + name)

    names = set()
    for spec in feeds.specs():
        doc = feeds.feed(spec.name, lang)
        names.add(f"{doc.name}.ics")
        write(f"{doc.name}.ics", doc.parts)
    write(INDEX_FILE, feeds.index_html(documents, lang))
    for path in sorted(folder.glob("*.ics")):
        if path.name not in names:
            path.unlink()
            report.removed.append(folder_name + path.name)
    remove_stale_temporaries(folder, names | {INDEX_FILE})
