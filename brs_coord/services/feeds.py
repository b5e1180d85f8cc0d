"""The iCalendar feeds: which exist, what each holds, and building them from the store with the
per-event VEVENT cache (feed_vevents; every catalogue feed at once in feed_catalogue). Shared by
`brs-coord export` (feed_export) and the feed server (which builds from the store); the pages beside
them are in feed_pages.

Rules (DESIGN.md, "Feeds" and "Event status"): drafts never appear; events that ended more than
``past_days`` ago are left out; a cancelled event stays (STATUS:CANCELLED) for
``cancelled_grace_days`` after its cancellation, then leaves; join links only in the personal feed
of a registered participant. Output is deterministic: the same data gives the same bytes and ETag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlencode

from ..clock import Clock
from ..config import Settings
from ..domain import Event, EventQuery, Status, TimeScope
from ..errors import NotFound
from ..facets import BY_NAME, CATALOGUE_FACETS
from ..ics import CalendarMeta, Names, build_vevent
from ..ics.vevent import with_alarms
from ..languages import DEFAULT
from ..records import FeedEvent
from ..store import Store
from .bot_links import BotLinks
from .facet_values import value_labels
from .feed_catalogue import CatalogueBuild
from .feed_export import STATE_FILE, ExportReport, export_feeds, write_atomically, write_if_changed
from .feed_export_languages import export_language
from .feed_model import (
    CALENDAR_PREFIX,
    FeedDocument,
    FeedOptions,
    FeedSpec,
    Progress,
    compose,
    etag_of,
    feed_etag,
)
from .feed_pages import (
    GOOGLE_STEPS,
    GROUPS,
    INDEX_FILE,
    JSON_FILE,
    feed_links,
    feed_path,
    feeds_json,
    index_html,
)
from .feed_plan import FeedMemory
from .feed_specs import FACET_FIELDS, FILTER_KEYS, catalogue_specs, filter_facets, filtered_title
from .feed_vevents import VeventCache
from .feed_words import (
    FILTERED_DESCRIPTION,
    PERSONAL_DESCRIPTION,
    PERSONAL_TITLE,
    SERIES_DESCRIPTION,
    SERIES_FEED_PREFIX,
    SERIES_GROUP,
    calendar_title,
    feed_language,
    in_language,
    translator,
)

if TYPE_CHECKING:
    from ..series_domain import Series
    from .understanding import Understanding

__all__ = [
    "CALENDAR_PREFIX", "FACET_FIELDS", "FILTER_KEYS", "GOOGLE_STEPS", "GROUPS", "INDEX_FILE", "JSON_FILE",
    "STATE_FILE", "ExportReport", "FeedDocument", "FeedOptions", "FeedService", "FeedSpec", "Progress",
    "etag_of", "feed_etag", "write_atomically", "write_if_changed",
]

class FilterReading(NamedTuple):
    """What ``/feed.ics`` parameters ask for: the query (None: nothing can match) and the words of
    ``q=`` that were not understood."""

    query: EventQuery | None
    not_understood: tuple[str, ...] = ()


# the statuses the bot sends reminders for (its reminder candidates): the feed's alarms match them
REMINDED_STATUSES = frozenset({Status.PLANNED.value, Status.CONFIRMED.value})


class FeedService:
    """Builds every feed from the store; callers pick export (files) or serving (bytes). The last
    catalogue build is remembered (see feed_plan) so a long-running process re-exports quickly."""

    def __init__(
        self, store: Store, clock: Clock, settings: Settings, options: FeedOptions | None = None
    ) -> None:
        self._store = store
        self._clock = clock
        self.settings = settings
        self.options = options or FeedOptions()
        # the question service's reading of ``q=`` (services.app wires it; None: words as text search)
        self.question_parser: Callable[[str, str | None], Understanding] | None = None
        self._memory: FeedMemory | None = None

    # ---- catalogue ------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock.now()

    def change_counter(self) -> int:
        """Rises whenever events, registrations or the catalogue change: feeds built before are stale."""
        return self._store.catalogue.change_counter()

    def names(self, lang: str = DEFAULT) -> Names:
        """The catalogue's names, and a feed's words, in ``lang`` (English where one has none)."""
        catalogue = self._store.catalogue
        labels: dict[str, Any] = {
            facet.plural: dict(value_labels(facet, catalogue, lang)) for facet in CATALOGUE_FACETS
        }
        centres = {c.slug: c.name for c in catalogue.centres()}
        bot = BotLinks(self._store, self.settings).username() or ""
        imported = self._store.partner_sources.notes()
        return in_language(Names(**labels, centres=centres, bot=bot, imported=imported), lang)

    def specs(self, names: Names | None = None, lang: str = DEFAULT) -> list[FeedSpec]:
        """Every published feed, in index order (see ``catalogue_specs``), titled in ``lang``."""
        return catalogue_specs(names or self.names(lang), lang)

    def spec(self, name: str, names: Names | None = None, lang: str = DEFAULT) -> FeedSpec:
        for spec in self.specs(names, lang):
            if spec.name == name:
                return spec
        raise NotFound(f"No feed called {name!r}")

    # ---- building -------------------------------------------------------------------------

    def _meta(self, title: str, description: str, path: str = "") -> CalendarMeta:
        """A feed's calendar properties; ``path`` (below BRS_FEED_BASE_URL) is where it is read from."""
        base = self.settings.feed_base_url.rstrip("/")
        return CalendarMeta(
            title, description, self.options.refresh, f"{base}/{path}" if path else "", f"{base}/",
        )

    def _variant(self, names: Names, private: bool) -> str:
        return self._vevent_cache().variant(names, private)

    def _vevent_cache(self) -> VeventCache:
        return VeventCache(self._store.feed_cache, self.options.alarm_minutes)

    def _vevents(self, rows: Sequence[FeedEvent], names: Names, private: bool) -> list[bytes]:
        return self._vevent_cache().of_rows(rows, names, private)

    def _window(self, **facets: tuple[str, ...]) -> EventQuery:
        return self._window_at(self._clock.now(), **facets)

    def _window_at(self, now: datetime, **facets: tuple[str, ...]) -> EventQuery:
        start = now - timedelta(days=self.options.past_days)
        return EventQuery(scope=TimeScope.ALL, starts_from=start, limit=None).with_facets(facets)

    def _visible(self, rows: Iterable[FeedEvent]) -> list[FeedEvent]:
        """Drop cancelled events whose grace period is over (drafts are excluded by the query)."""
        cutoff = self._clock.now() - timedelta(days=self.options.cancelled_grace_days)
        return [
            row for row in rows
            if row.status != Status.CANCELLED.value or (row.status_changed_at or row.updated_at) > cutoff
        ]

    def _document(
        self, name: str, meta: CalendarMeta, rows: Sequence[FeedEvent], vevents: Sequence[bytes],
        *, group: str = "",
    ) -> FeedDocument:
        """A feed of ``rows`` with their VEVENTs (UTF-8 bytes, in the same order)."""
        years = (
            (min(row.starts_at for row in rows).year, max(row.ends_at for row in rows).year)
            if rows else None
        )
        parts, digests, etag = compose(meta, {row.timezone for row in rows}, years, vevents)
        updated = max((row.updated_at for row in rows), default=None)
        return FeedDocument(
            name, parts, etag, len(rows), updated,
            meta.name, meta.description, group, digests=digests,
        )

    def build_all(
        self, progress: Progress | None = None, known: Mapping[str, Mapping[str, object]] | None = None,
        on_built: Callable[[FeedDocument], object] | None = None, *, late: bool = False,
    ) -> list[FeedDocument]:
        """Every catalogue feed from one pass over the store (index order). A feed whose members
        (id, version, last change) and header match its ``known`` signature is not assembled again:
        its document comes back with an empty body and the known ETag (``reused``). Membership is
        read first, from an index, without VEVENT text; VEVENTs are read (from the memory of the
        last build, else the store's cache) only for feeds to assemble. ``on_built`` gets each
        assembled document at once (the export starts writing it; the returned documents then
        have empty bodies, so that no more than one feed's bytes are held at a time). With ``late``,
        no VEVENT bytes are held at all: a document's VEVENTs are read from the store's cache when
        its parts are walked or sliced (in the builder's thread), checked against their digests."""
        counter = self.change_counter()  # first: a change during the build makes the memory stale
        build = CatalogueBuild(
            self._store.feed_cache, self._vevent_cache(), self.options, self.names(),
            lambda spec: self._meta(spec.title, spec.description, f"calendars/{spec.filename}"), late=late,
        )
        now = self._clock.now()
        documents, self._memory = build.documents(
            counter, now, self._window_at(now), self._memory, known or {}, progress, on_built
        )
        for doc in self.series_feeds():  # a few small feeds, built whole; their bytes are their signature
            previous = (known or {}).get(doc.name)
            if previous is not None and previous.get("signature") == doc.etag:
                documents.append(replace(doc, parts=(), signature=doc.etag, reused=True))
                continue
            doc = replace(doc, signature=doc.etag)
            if on_built is not None:
                on_built(doc)
                doc = replace(doc, parts=())  # as the catalogue's: the caller has taken the bytes
            documents.append(doc)
        return documents

    def series_feeds(self, lang: str = DEFAULT) -> list[FeedDocument]:
        """``series-<slug>``: every session of each series that has sessions (issue 19)."""
        return [self.series_feed(item, lang) for item, count in self._series_list() if count]

    def _series_list(self) -> list[tuple[Series, int]]:
        counts = self._store.series.session_counts()
        return [(item, counts.get(item.id, 0)) for item in self._store.series.all()]

    @staticmethod
    def _series_words(item: Series, lang: str) -> tuple[str, str]:
        """A series feed's title and description in ``lang``."""
        title = item.title_in(lang)
        return calendar_title(lang, title), translator(lang)(SERIES_DESCRIPTION).format(name=title)

    def feed_titles(self, lang: str = DEFAULT) -> dict[str, tuple[str, str]]:
        """Every published feed's title and description in ``lang``: the catalogue's, the series'."""
        titles = {spec.name: (spec.title, spec.description) for spec in self.specs(lang=lang)}
        for item, count in self._series_list():
            if count:
                titles[SERIES_FEED_PREFIX + item.slug] = self._series_words(item, feed_language(lang))
        return titles

    def series_feed(self, item: Series, lang: str = DEFAULT) -> FeedDocument:
        """One series' sessions, one VEVENT each (RELATED-TO the series' UID), never an RRULE."""
        lang = feed_language(lang)
        names = self.names(lang)
        uids = tuple(event.uid for event in self._store.feed_cache.events_by_ids(
            self._store.series.session_ids(item.id)).values())
        name = SERIES_FEED_PREFIX + item.slug
        meta = self._meta(*self._series_words(item, lang), feed_path(name, lang))
        if not uids:
            return self._document(name, meta, [], [], group=SERIES_GROUP)
        return self._build(name, meta, replace(self._window(), uids=uids), names, SERIES_GROUP)

    def feed(self, name: str, lang: str = DEFAULT) -> FeedDocument:
        """One catalogue feed (same bytes and ETag as in ``build_all``); NotFound for an unknown name.
        In another ``lang`` (``?lang=xx``): its title, description and words in that language."""
        lang = feed_language(lang)
        if name.startswith(SERIES_FEED_PREFIX):
            found = next((item for item, count in self._series_list()
                          if count and SERIES_FEED_PREFIX + item.slug == name), None)
            if found is not None:
                return self.series_feed(found, lang)
        names = self.names(lang)
        spec = self.spec(name, names, lang)
        query = self._window(**({spec.facet: (spec.slug,)} if spec.facet and spec.slug else {}))
        meta = self._meta(spec.title, spec.description, feed_path(spec.name, lang))
        return self._build(spec.name, meta, query, names, spec.group)

    def _build(
        self, name: str, meta: CalendarMeta, query: EventQuery, names: Names, group: str = ""
    ) -> FeedDocument:
        variant = self._variant(names, private=False)
        rows = self._visible(self._store.feed_cache.rows(query, self._clock.now(), variant))
        return self._document(name, meta, rows, self._vevents(rows, names, False), group=group)

    def parse_filters(self, params: Mapping[str, str], names: Names | None = None) -> FilterReading:
        """A query from ``/feed.ics`` parameters (slugs, comma-separated); InvalidInput names the
        first unknown parameter or value. A ``q=`` read as the question service reads it: words of
        which none was read (or help, not a question) give no query, never the whole calendar."""
        names = names or self.names()
        facets, question = filter_facets(params, names)
        query = self._window(**facets)
        if not question:
            return FilterReading(query)
        if self.question_parser is None:
            return FilterReading(replace(query, text=question))
        lang = facets.get("languages", ("",))[0] or None
        understood = self.question_parser(question, lang)
        if not understood.answerable:
            return FilterReading(None, understood.not_understood)
        parsed = understood.to_query(limit=None)
        merged = {name: facets.get(name) or getattr(parsed, name) for name in FACET_FIELDS}
        start = max(d for d in (query.starts_from, parsed.starts_from) if d is not None)
        return FilterReading(replace(
            query.with_facets(merged), statuses=parsed.statuses, text=parsed.text, starts_from=start,
            ends_before=parsed.ends_before,
        ), understood.not_understood)

    def filtered(self, params: Mapping[str, str]) -> FeedDocument:
        """The ``/feed.ics?...`` feed: events matching every given facet (values of one facet OR-ed);
        empty when its words match nothing (its name says so), never the whole calendar. Here
        ``lang=`` is the filter it always was (events held in that language); the feed is worded
        in the first language it names when that is an interface language, and ``q=`` read in it."""
        language = feed_language(params.get("lang", "").split(",")[0].strip() or None)
        names = self.names(language)
        reading = self.parse_filters(params, names)
        query = reading.query
        title = filtered_title(query or self._window(), params.get("q", ""), names,
                               not_understood=reading.not_understood, nothing=query is None,
                               lang=language)
        path = "feed.ics?" + urlencode(sorted(params.items())) if params else "feed.ics"
        meta = self._meta(title, translator(language)(FILTERED_DESCRIPTION), path)
        if query is None:
            return self._document("feed", meta, [], [])
        return self._build("feed", meta, query, names)

    def personal(self, token: str) -> FeedDocument:
        """A participant's feed: their registrations (join links when registered) and subscriptions,
        in the participant's language."""
        source = self._store.feed_cache.personal_source(token)
        if source is None:
            raise NotFound("No personal feed with that link (it may have been replaced)")
        lang = feed_language(source.language)
        names = self.names(lang)
        now = self._clock.now()
        reads = self._store.feed_cache
        chosen: dict[int, tuple[FeedEvent, bool]] = {}
        public = self._variant(names, False)
        private = self._variant(names, True)
        by_facet: dict[str, list[str]] = {}
        for facet, value in source.subscriptions:
            if facet in BY_NAME:
                by_facet.setdefault(BY_NAME[facet].plural, []).append(value)
        for field_name, values in by_facet.items():
            for row in reads.rows(self._window(**{field_name: tuple(values)}), now, public):
                chosen[row.id] = (row, False)
        for row in reads.rows(self._window(), now, public, ids=source.listed):
            chosen[row.id] = (row, False)
        for row in reads.rows(self._window(), now, private, ids=source.registered):
            chosen[row.id] = (row, True)
        ordered = sorted(chosen.values(), key=lambda item: (item[0].starts_at, item[0].id))
        visible = set(id(row) for row in self._visible(row for row, _ in ordered))
        ordered = [(row, flag) for row, flag in ordered if id(row) in visible]
        rows = [row for row, _ in ordered]
        public_rows = [row for row, flag in ordered if not flag]
        private_rows = [row for row, flag in ordered if flag]
        texts = dict(zip((r.id for r in public_rows), self._vevents(public_rows, names, False), strict=True))
        texts.update(zip((r.id for r in private_rows), self._vevents(private_rows, names, True), strict=True))
        t = translator(lang)
        meta = self._meta(t(PERSONAL_TITLE), t(PERSONAL_DESCRIPTION), f"u/{token}.ics")
        reminded = set(source.reminded)
        vevents = [
            with_alarms(texts[row.id], f"event-{row.id}", source.leads) if row.id in reminded
            and row.status in REMINDED_STATUSES else texts[row.id]
            for row in rows
        ]
        return self._document("personal", meta, rows, vevents)

    def event(self, uid: str, lang: str = DEFAULT) -> FeedDocument:
        """One public event as a calendar to download once (not a subscription), worded in ``lang``."""
        try:
            event = self._store.events.get_by_uid(uid)
        except NotFound:
            raise NotFound("No event with that identifier") from None
        if event.status is Status.DRAFT:
            raise NotFound("No event with that identifier")
        return self.single(event, self.names(feed_language(lang)))

    def single(self, event: Event, names: Names | None = None, *, private: bool = False) -> FeedDocument:
        """A calendar holding just ``event`` (the bot attaches it; ``private`` adds the join link)."""
        names = names or self.names()
        text = build_vevent(event, names, private=private, alarm_minutes=self.options.alarm_minutes)
        years = (event.starts_at.year, event.ends_at.year)
        parts, digests, etag = compose(
            self._meta(event.title, ""), [event.timezone], years, [text.encode("utf-8")]
        )
        return FeedDocument(event.uid, parts, etag, 1, event.updated_at, event.title, digests=digests)

    # ---- index page, feeds.json, export -----------------------------------------------------

    def links(self, name: str) -> dict[str, str]:
        """https, webcal and Google Calendar links of a feed at BRS_FEED_BASE_URL."""
        return feed_links(self.settings.feed_base_url, name)

    def feeds_json(self, documents: Sequence[FeedDocument]) -> bytes:
        """A machine-readable list of the feeds (deterministic: no timestamps)."""
        return feeds_json(self.settings.feed_base_url, documents)

    def index_html(self, documents: Sequence[FeedDocument], lang: str = DEFAULT) -> bytes:
        """The index page: every feed with subscribe buttons, readable on a phone, HTML-escaped; in
        another ``lang`` the feeds of ``documents`` (built in English) titled from its specs, and
        their links ask for the feeds in it."""
        lang = feed_language(lang)
        if lang != DEFAULT:
            titles = self.feed_titles(lang)
            documents = [
                replace(doc, title=titles[doc.name][0], description=titles[doc.name][1])
                if doc.name in titles else doc
                for doc in documents
            ]
        bot = BotLinks(self._store, self.settings).username()
        return index_html(self.settings.feed_base_url, documents, lang, bot)

    def export(
        self, out_dir: Path | None = None, progress: Progress | None = None, languages: Sequence[str] = (),
    ) -> ExportReport:
        """Write every feed, index.html and feeds.json flat into ``out_dir`` (default BRS_FEED_DIR),
        and for each of ``languages`` its feeds and index page in a folder of its own (``fr/``)."""
        out = Path(out_dir or self.settings.feed_dir)
        report = export_feeds(self, out, progress)
        for lang in dict.fromkeys(feed_language(code) for code in languages):
            if lang != DEFAULT:
                export_language(self, out, lang, report.documents, report)
        return report

    def prune_cache(self) -> int:
        """Forget cached VEVENTs made for other catalogue names or formats."""
        return self._vevent_cache().prune(self.names())

