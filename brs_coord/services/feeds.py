"""The iCalendar feeds: which exist, what each holds, the per-event VEVENT cache, the index page and
the atomic export. Shared by `brs-coord export` and the feed server (which builds from the store).

Rules (DESIGN.md, "Feeds" and "Event status"): drafts never appear; events that ended more than
``past_days`` ago are left out; a cancelled event stays (STATUS:CANCELLED) for
``cancelled_grace_days`` after its cancellation, then leaves; join links only in the personal feed
of a registered participant. Output is deterministic: the same data gives the same bytes and ETag.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from string import Template
from urllib.parse import quote, urlsplit

from ..clock import Clock
from ..config import Settings
from ..domain import LANGUAGES, SLUG_RE, Event, EventKind, EventQuery, Status, TimeScope
from ..errors import BrsCoordError, InvalidInput, NotFound, StoreError
from ..ics import CalendarMeta, Names, assemble, build_vevent, calendar_header
from ..ics.calendar import assemble_bytes
from ..store import Store
from ..store.feed_cache import (
    FeedRow,
    cached_vevents,
    events_by_ids,
    feed_rows,
    prune_variants,
    save_vevents,
)
from ..store.participants_feed import participant_by_feed_token

Progress = Callable[[int, int], None]

GROUPS: tuple[tuple[str, str], ...] = (
    ("all", "Everything"),
    ("convention", "By convention"),
    ("kind", "By kind of event"),
    ("audience", "By audience"),
    ("region", "By region"),
    ("programme", "By programme"),
)
FACET_FIELDS = ("kinds", "conventions", "audiences", "regions", "programmes", "languages")
FILTER_KEYS = ("kind", "convention", "audience", "region", "programme", "lang", "q")
MAX_QUESTION = 200
MAX_VALUES = 20
CALENDAR_PREFIX = "BRS technical assistance"
INDEX_FILE = "index.html"
JSON_FILE = "feeds.json"
STATE_FILE = ".feeds-state.json"  # per feed: signature, ETag, size (lets a re-export skip unchanged feeds)
_FULL_CACHE_READ = 1000  # VEVENTs wanted above which one pass over the whole cache beats lookups by id


@dataclass(frozen=True)
class FeedOptions:
    """How the feeds are built; defaults follow DESIGN.md."""

    past_days: int = 90
    cancelled_grace_days: int = 14
    refresh: timedelta = timedelta(hours=6)
    alarm_minutes: int | None = None


@dataclass(frozen=True)
class FeedSpec:
    """A published feed: its file name is ``<name>.ics`` and never changes (slugs are stable)."""

    name: str
    group: str
    title: str
    description: str
    facet: str | None = None  # EventQuery field ("kinds", "conventions", ...), None for all
    slug: str | None = None

    @property
    def filename(self) -> str:
        return f"{self.name}.ics"


@dataclass(frozen=True)
class FeedDocument:
    """A built feed: the bytes, a strong ETag (hash of the bytes), event count, latest change."""

    name: str
    body: bytes
    etag: str
    count: int
    updated: datetime | None = None
    title: str = ""
    description: str = ""
    group: str = ""
    signature: str = ""
    reused: bool = False


@dataclass
class ExportReport:
    """What an export did, file by file."""

    out_dir: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    feeds: int = 0
    events: int = 0


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


class FeedService:
    """Builds every feed from the store; callers pick export (files) or serving (bytes)."""

    def __init__(
        self, store: Store, clock: Clock, settings: Settings, options: FeedOptions | None = None
    ) -> None:
        self._store = store
        self._clock = clock
        self.settings = settings
        self.options = options or FeedOptions()
        self.question_parser: Callable[[str, str | None], EventQuery] | None = None

    # ---- catalogue ------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock.now()

    def change_counter(self) -> int:
        """Rises whenever events, registrations or the catalogue change: feeds built before are stale."""
        return self._store.catalogue.change_counter()

    def names(self) -> Names:
        catalogue = self._store.catalogue
        return Names(
            programmes={p.slug: p.name for p in catalogue.programmes()},
            audiences={a.slug: a.name for a in catalogue.audiences()},
            regions={r.slug: r.name for r in catalogue.regions()},
            conventions={c.slug: c.name for c in catalogue.conventions()},
            centres={c.slug: c.name for c in catalogue.centres()},
        )

    def specs(self, names: Names | None = None) -> list[FeedSpec]:
        """Every published feed, in index order: all, then per convention, kind, audience, region,
        programme (catalogue order by name)."""
        names = names or self.names()
        specs = [FeedSpec(
            "all", "all", f"{CALENDAR_PREFIX}: All events",
            "Every public workshop, webinar, training and meeting of the Basel, Rotterdam and "
            "Stockholm conventions' technical assistance programme.",
        )]

        def add(group: str, facet: str, entries: Iterable[tuple[str, str]], what: str) -> None:
            for slug, name in sorted(entries, key=lambda item: (item[1].casefold(), item[0])):
                specs.append(FeedSpec(
                    f"{group}-{slug}", group, f"{CALENDAR_PREFIX}: {name}",
                    f"Events {what} {name}.", facet, slug,
                ))

        add("convention", "conventions", names.conventions.items(), "under the")
        specs.extend(
            FeedSpec(f"kind-{kind.value}", "kind", f"{CALENDAR_PREFIX}: {kind.label}s",
                     f"Every {kind.label.lower()} of the BRS technical assistance programme.",
                     "kinds", kind.value)
            for kind in EventKind
        )
        add("audience", "audiences", names.audiences.items(), "for")
        add("region", "regions", names.regions.items(), "in or for")
        add("programme", "programmes", names.programmes.items(), "of the programme")
        return specs

    def spec(self, name: str, names: Names | None = None) -> FeedSpec:
        for spec in self.specs(names):
            if spec.name == name:
                return spec
        raise NotFound(f"No feed called {name!r}")

    # ---- building -------------------------------------------------------------------------

    def _meta(self, title: str, description: str) -> CalendarMeta:
        return CalendarMeta(title, description, self.options.refresh)

    def _variant(self, names: Names, private: bool) -> str:
        kind = "private" if private else "public"
        return f"{kind}-{names.digest(self.options.alarm_minutes)}"

    def _window(self, **facets: tuple[str, ...]) -> EventQuery:
        start = self._clock.now() - timedelta(days=self.options.past_days)
        return EventQuery(scope=TimeScope.ALL, starts_from=start, limit=None).with_facets(facets)

    def _visible(self, rows: Iterable[FeedRow]) -> list[FeedRow]:
        """Drop cancelled events whose grace period is over (drafts are excluded by the query)."""
        limit = self._clock.now() - timedelta(days=self.options.cancelled_grace_days)
        cutoff = limit.strftime("%Y-%m-%dT%H:%M:%SZ")
        return [
            row for row in rows
            if row.status != Status.CANCELLED.value or (row.status_changed_at or row.updated_at) > cutoff
        ]

    def _vevents(self, rows: Sequence[FeedRow], names: Names, private: bool) -> list[str]:
        """The VEVENT of each row, from the cache or built now (and cached)."""
        missing = [row.id for row in rows if row.vevent is None]
        if not missing:
            return [row.vevent for row in rows if row.vevent is not None]
        variant = self._variant(names, private)
        events = events_by_ids(self._store.session, missing)
        built: dict[int, str] = {}
        entries: list[tuple[int, str, int, str, str]] = []
        for event_id, event in events.items():
            if event.status is Status.DRAFT:
                continue
            text = build_vevent(event, names, private=private, alarm_minutes=self.options.alarm_minutes)
            built[event_id] = text
            stamp = (event.updated_at or event.created_at or event.starts_at).strftime("%Y-%m-%dT%H:%M:%SZ")
            entries.append((event_id, variant, event.version, stamp, text))
        try:
            save_vevents(self._store.session, entries)
        except StoreError:  # a read-only or busy database: serve anyway, cache next time
            pass
        return [row.vevent if row.vevent is not None else built.get(row.id, "") for row in rows]

    def _vevent_bytes(self, rows: Sequence[FeedRow], names: Names) -> dict[int, bytes]:
        """The public VEVENT of each row as UTF-8 bytes, by event id: read from the cache without
        decoding, built (and cached) when missing or stale."""
        variant = self._variant(names, private=False)
        session = self._store.session
        wanted = None if len(rows) > _FULL_CACHE_READ else [row.id for row in rows]
        cached = cached_vevents(session, variant, wanted)
        found: dict[int, bytes] = {}
        missing: list[FeedRow] = []
        for row in rows:
            hit = cached.get(row.id)
            if hit is not None and hit[0] == row.version and hit[1] == row.updated_at:
                found[row.id] = hit[2]
            else:
                missing.append(row._replace(vevent=None))
        if missing:
            texts = self._vevents(missing, names, private=False)
            found.update((row.id, text.encode("utf-8")) for row, text in zip(missing, texts, strict=True))
        return found

    def _document(
        self, name: str, meta: CalendarMeta, rows: Sequence[FeedRow],
        vevents: Sequence[str] | Sequence[bytes], *, header: str | None = None, group: str = "",
    ) -> FeedDocument:
        """A feed of ``rows`` with their VEVENTs (all str, or all UTF-8 bytes: the same output)."""
        zones = {row.timezone for row in rows}
        years = (  # ISO texts of one width: the earliest text holds the earliest year
            (int(min(row.starts_at for row in rows)[:4]), int(max(row.ends_at for row in rows)[:4]))
            if rows else None
        )
        if vevents and isinstance(vevents[0], bytes):
            body = assemble_bytes(meta, vevents, zones, years, header=header)  # type: ignore[arg-type]
        else:
            body = assemble(meta, vevents, zones, years, header=header)  # type: ignore[arg-type]
        updated = max((row.updated_at for row in rows), default=None)
        return FeedDocument(
            name, body, etag_of(body), len(rows), _parse_utc(updated) if updated else None,
            meta.name, meta.description, group,
        )

    def build_all(
        self, progress: Progress | None = None, known: Mapping[str, Mapping[str, object]] | None = None,
        on_built: Callable[[FeedDocument], object] | None = None,
    ) -> list[FeedDocument]:
        """Every catalogue feed from one pass over the store (index order). A feed whose members
        (id, version, last change) and header match its ``known`` signature is not assembled again:
        its document comes back with an empty body and the known ETag (``reused``). Membership is
        read first, without VEVENT text; the cached VEVENTs are read only for feeds to assemble.
        ``on_built`` gets each assembled document at once (the export starts writing it)."""
        names = self.names()
        specs = self.specs(names)
        variant = self._variant(names, private=False)
        rows = self._visible(feed_rows(
            self._store.session, self._window(), self._clock.now(), variant, facets=True, vevents=False
        ))
        members: dict[str, list[int]] = {spec.name: [] for spec in specs}
        members["all"].extend(range(len(rows)))
        # per facet: slug -> the member list of its feed (no key string built per row)
        buckets: dict[str, dict[str | None, list[int]]] = {}
        for spec in specs:
            if spec.facet is not None:
                buckets.setdefault(spec.facet, {})[spec.slug] = members[spec.name]
        kinds, programmes = buckets.get("kinds", {}), buckets.get("programmes", {})
        audiences, regions = buckets.get("audiences", {}), buckets.get("regions", {})
        conventions = buckets.get("conventions", {})
        for index, row in enumerate(rows):
            bucket = kinds.get(row.kind)
            if bucket is not None:
                bucket.append(index)
            if row.programme:
                bucket = programmes.get(row.programme)
                if bucket is not None:
                    bucket.append(index)
            for by_slug, slugs in (
                (audiences, row.audiences), (regions, row.regions), (conventions, row.conventions)
            ):
                for slug in slugs:
                    bucket = by_slug.get(slug)
                    if bucket is not None:
                        bucket.append(index)
        digest = names.digest(self.options.alarm_minutes, self.options.refresh)
        tokens = [_member_token(row) for row in rows]
        signatures: dict[str, str] = {}
        to_build: list[str] = []
        for spec in specs:
            meta = self._meta(spec.title, spec.description)
            signature = _signature(digest, meta, [tokens[i] for i in members[spec.name]])
            signatures[spec.name] = signature
            previous = (known or {}).get(spec.name)
            if previous is None or previous.get("signature") != signature:
                to_build.append(spec.name)
        needed = (
            range(len(rows)) if "all" in to_build
            else sorted({index for name in to_build for index in members[name]})
        )
        texts = self._vevent_bytes([rows[i] for i in needed], names) if needed else {}
        documents: list[FeedDocument] = []
        for done, spec in enumerate(specs, 1):
            chosen = members[spec.name]
            meta = self._meta(spec.title, spec.description)
            signature = signatures[spec.name]
            if spec.name not in to_build:
                previous = (known or {})[spec.name]
                updated = previous.get("updated")
                documents.append(FeedDocument(
                    spec.name, b"", str(previous["etag"]), len(chosen),
                    _parse_utc(str(updated)) if updated else None, meta.name, meta.description, spec.group,
                    signature=signature, reused=True,
                ))
            else:
                chosen_rows = [rows[i] for i in chosen]
                document = self._document(
                    spec.name, meta, chosen_rows, [texts[row.id] for row in chosen_rows], group=spec.group
                )
                document = replace(document, signature=signature)
                documents.append(document)
                if on_built is not None:
                    on_built(document)
            if progress is not None:
                progress(done, len(specs))
        return documents

    def feed(self, name: str) -> FeedDocument:
        """One catalogue feed (same bytes as in ``build_all``); NotFound for an unknown name."""
        names = self.names()
        spec = self.spec(name, names)
        query = self._window(**({spec.facet: (spec.slug,)} if spec.facet and spec.slug else {}))
        return self._build(spec.name, self._meta(spec.title, spec.description), query, names, spec.group)

    def _build(
        self, name: str, meta: CalendarMeta, query: EventQuery, names: Names, group: str = ""
    ) -> FeedDocument:
        variant = self._variant(names, private=False)
        rows = self._visible(feed_rows(self._store.session, query, self._clock.now(), variant))
        return self._document(name, meta, rows, self._vevents(rows, names, False), group=group)

    def parse_filters(self, params: Mapping[str, str], names: Names | None = None) -> EventQuery:
        """A query from ``/feed.ics`` parameters (slugs, comma-separated); InvalidInput names the
        first unknown parameter or value."""
        names = names or self.names()
        known: dict[str, tuple[str, Iterable[str]]] = {
            "kind": ("kinds", [kind.value for kind in EventKind]),
            "convention": ("conventions", names.conventions),
            "audience": ("audiences", names.audiences),
            "region": ("regions", names.regions),
            "programme": ("programmes", names.programmes),
            "lang": ("languages", LANGUAGES),
        }
        facets: dict[str, tuple[str, ...]] = {}
        question = ""
        for key, raw in params.items():
            if key == "q":
                question = raw.strip()
                if len(question) > MAX_QUESTION:
                    raise InvalidInput(f"q is longer than {MAX_QUESTION} characters", field="q")
                continue
            if key not in known:
                raise InvalidInput(
                    f"Unknown filter {key!r}; use {', '.join(FILTER_KEYS)}", field=key
                )
            facet, allowed = known[key]
            values = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
            if len(values) > MAX_VALUES:
                raise InvalidInput(f"Too many values for {key} (at most {MAX_VALUES})", field=key)
            allowed_set = set(allowed)
            for value in values:
                if value not in allowed_set or (key != "lang" and not SLUG_RE.match(value)):
                    raise InvalidInput(f"Unknown {key} {value!r}", field=key)
            if values:
                facets[facet] = values
        query = self._window(**facets)
        if not question:
            return query
        if self.question_parser is None:
            return replace(query, text=question)
        lang = facets.get("languages", ("",))[0] or None
        parsed = self.question_parser(question, lang)
        merged = {name: facets.get(name) or getattr(parsed, name) for name in FACET_FIELDS}
        start = max(d for d in (query.starts_from, parsed.starts_from) if d is not None)
        return replace(
            query.with_facets(merged), statuses=parsed.statuses, text=parsed.text, starts_from=start,
            ends_before=parsed.ends_before,
        )

    def filtered(self, params: Mapping[str, str]) -> FeedDocument:
        """The ``/feed.ics?...`` feed: events matching every given facet (values of one facet OR-ed)."""
        names = self.names()
        query = self.parse_filters(params, names)
        lookups: dict[str, Mapping[str, str]] = {
            "kinds": {k.value: k.label for k in EventKind}, "conventions": names.conventions,
            "audiences": names.audiences, "regions": names.regions, "programmes": names.programmes,
            "languages": LANGUAGES,
        }
        parts: list[str] = []
        for facet in FACET_FIELDS:
            values: tuple[str, ...] = getattr(query, facet)
            if values:
                parts.append(" or ".join(lookups[facet].get(v, v) for v in values))
        if params.get("q", "").strip():
            parts.append(f"“{params['q'].strip()}”")
        title = f"{CALENDAR_PREFIX}: " + ("; ".join(parts) if parts else "all events")
        return self._build("feed", self._meta(title, "A filtered feed of BRS events."), query, names)

    def personal(self, token: str) -> FeedDocument:
        """A participant's feed: their registrations (join links when registered) and subscriptions."""
        source = participant_by_feed_token(self._store.session, token)
        if source is None:
            raise NotFound("No personal feed with that link (it may have been replaced)")
        names = self.names()
        now = self._clock.now()
        session = self._store.session
        chosen: dict[int, tuple[FeedRow, bool]] = {}
        public = self._variant(names, False)
        private = self._variant(names, True)
        by_facet: dict[str, list[str]] = {}
        for facet, value in source.subscriptions:
            by_facet.setdefault(facet + "s", []).append(value)
        for facet, values in by_facet.items():
            if facet in {"kinds", "conventions", "audiences", "regions", "programmes"}:
                for row in feed_rows(session, self._window(**{facet: tuple(values)}), now, public):
                    chosen[row.id] = (row, False)
        for row in feed_rows(session, self._window(), now, public, ids=source.listed):
            chosen[row.id] = (row, False)
        for row in feed_rows(session, self._window(), now, private, ids=source.registered):
            chosen[row.id] = (row, True)
        ordered = sorted(chosen.values(), key=lambda item: (item[0].starts_at, item[0].id))
        visible = set(id(row) for row in self._visible(row for row, _ in ordered))
        ordered = [(row, flag) for row, flag in ordered if id(row) in visible]
        rows = [row for row, _ in ordered]
        public_rows = [row for row, flag in ordered if not flag]
        private_rows = [row for row, flag in ordered if flag]
        texts = dict(zip((r.id for r in public_rows), self._vevents(public_rows, names, False), strict=True))
        texts.update(zip((r.id for r in private_rows), self._vevents(private_rows, names, True), strict=True))
        meta = self._meta(
            "My BRS events", "The events you registered for and the topics you follow (personal link: "
            "do not share it).",
        )
        return self._document("personal", meta, rows, [texts[row.id] for row in rows])

    def event(self, uid: str) -> FeedDocument:
        """One public event as a calendar to download once (not a subscription)."""
        try:
            event = self._store.events.get_by_uid(uid)
        except NotFound:
            raise NotFound("No event with that identifier") from None
        if event.status is Status.DRAFT:
            raise NotFound("No event with that identifier")
        names = self.names()
        return self.single(event, names)

    def single(self, event: Event, names: Names | None = None, *, private: bool = False) -> FeedDocument:
        """A calendar holding just ``event`` (the bot attaches it; ``private`` adds the join link)."""
        names = names or self.names()
        text = build_vevent(event, names, private=private, alarm_minutes=self.options.alarm_minutes)
        meta = self._meta(event.title, "")
        years = (event.starts_at.year, event.ends_at.year)
        header = calendar_header(meta)
        body = assemble(meta, [text], [event.timezone], years, header=header)
        return FeedDocument(event.uid, body, etag_of(body), 1, event.updated_at, event.title)

    # ---- index page and feeds.json --------------------------------------------------------

    def links(self, name: str) -> dict[str, str]:
        """https, webcal and Google Calendar links of a feed at BRS_FEED_BASE_URL."""
        base = self.settings.feed_base_url.rstrip("/")
        https = f"{base}/calendars/{name}.ics"
        parts = urlsplit(https)
        webcal = "webcal://" + https[len(parts.scheme) + 3 :]
        google = "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")
        return {"https": https, "webcal": webcal, "google": google}

    def feeds_json(self, documents: Sequence[FeedDocument]) -> bytes:
        """A machine-readable list of the feeds (deterministic: no timestamps)."""
        feeds = [
            {
                "name": doc.name, "file": f"{doc.name}.ics", "group": doc.group, "title": doc.title,
                "description": doc.description, "events": doc.count, "etag": doc.etag.strip('"'),
                "links": self.links(doc.name),
            }
            for doc in documents
        ]
        payload = {
            "generator": "brs-coord", "base_url": self.settings.feed_base_url.rstrip("/"),
            "google_from_url_steps": GOOGLE_STEPS, "feeds": feeds,
        }
        return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def index_html(self, documents: Sequence[FeedDocument]) -> bytes:
        """The index page: every feed with subscribe buttons, readable on a phone, HTML-escaped."""
        template = Template(
            resources.files("brs_coord.services").joinpath("feeds_index.html").read_text("utf-8")
        )
        sections: list[str] = []
        for group, heading in GROUPS:
            docs = [doc for doc in documents if doc.group == group]
            if not docs:
                continue
            items = "\n".join(self._index_item(doc) for doc in docs)
            sections.append(
                f'<section id="{group}">\n<h2>{html.escape(heading)}</h2>\n<ul class="feeds">\n'
                f"{items}\n</ul>\n</section>"
            )
        total = next((doc.count for doc in documents if doc.name == "all"), 0)
        page = template.substitute(
            title=html.escape(CALENDAR_PREFIX + " calendars"),
            total=str(total),
            feeds=str(len(documents)),
            base=html.escape(self.settings.feed_base_url.rstrip("/")),
            steps="\n".join(f"<li>{html.escape(step)}</li>" for step in GOOGLE_STEPS),
            sections="\n".join(sections),
        )
        return page.encode("utf-8")

    def _index_item(self, doc: FeedDocument) -> str:
        links = {k: html.escape(v, quote=True) for k, v in self.links(doc.name).items()}
        title = html.escape(doc.title.removeprefix(f"{CALENDAR_PREFIX}: "))
        count = f"{doc.count} event{'s' if doc.count != 1 else ''}"
        return (
            f'<li class="feed" id="feed-{html.escape(doc.name)}">'
            f'<div class="what"><strong>{title}</strong> <span class="count">{count}</span>'
            f'<p>{html.escape(doc.description)}</p></div>'
            f'<div class="subscribe">'
            f'<a class="button webcal" href="{links["webcal"]}">Apple / Outlook</a>'
            f'<a class="button google" href="{links["google"]}">Google</a>'
            f'<a class="button https" href="{links["https"]}">https link</a>'
            f"</div></li>"
        )

    # ---- export ---------------------------------------------------------------------------

    def export(self, out_dir: Path | None = None, progress: Progress | None = None) -> ExportReport:
        """Write every feed, index.html and feeds.json flat into ``out_dir`` (atomic; unchanged
        files are not rewritten; feeds that no longer exist are removed)."""
        out = Path(out_dir or self.settings.feed_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BrsCoordError(f"Cannot create the feed folder {out}: {exc.strerror}") from exc
        if not out.is_dir():
            raise BrsCoordError(f"{out} is not a folder")
        try:  # find out now, not after building every feed, that the folder cannot be written
            tempfile.TemporaryFile(dir=out).close()
        except OSError as exc:
            raise BrsCoordError(f"Cannot write in the feed folder {out}: {exc.strerror}") from exc
        specs_total = len(self.specs()) + 2
        state_path = out / STATE_FILE
        state = _load_state(state_path)
        known = {
            name: entry for name, entry in state.items()
            if _has_size(out / f"{name}.ics", entry.get("size"))
        }
        writes: list[tuple[str, Future[bool]]] = []
        # one writer thread: a feed is written (and the file it replaces freed) while the next is built
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-export") as writer:

            def write(name: str, body: bytes, etag: str | None = None) -> None:
                writes.append((name, writer.submit(_write_feed, out / name, body, etag, known)))

            documents = self.build_all(
                progress=(lambda done, _total: progress(done, specs_total * 2)) if progress else None,
                known=known, on_built=lambda doc: write(f"{doc.name}.ics", doc.body, doc.etag),
            )
            report = ExportReport(out, feeds=len(documents))
            report.events = next((doc.count for doc in documents if doc.name == "all"), 0)
            previous = _previous_feed_files(out / JSON_FILE)
            files = [(f"{doc.name}.ics", doc.body) for doc in documents if not doc.reused]
            report.unchanged += [f"{doc.name}.ics" for doc in documents if doc.reused]
            pages = [(INDEX_FILE, self.index_html(documents)), (JSON_FILE, self.feeds_json(documents))]
            files += pages
            for name, body in pages:
                write(name, body)
            for done, (name, written) in enumerate(writes, 1):
                (report.written if written.result() else report.unchanged).append(name)
                if progress is not None:
                    progress(specs_total + done, specs_total * 2)
        new_state = {
            doc.name: {
                "signature": doc.signature, "etag": doc.etag,
                "size": len(doc.body) if not doc.reused else known[doc.name]["size"],
                "updated": doc.updated.strftime("%Y-%m-%dT%H:%M:%SZ") if doc.updated else None,
            }
            for doc in documents
        }
        write_if_changed(state_path, json.dumps({"v": 1, "feeds": new_state}, sort_keys=True).encode())
        files += [(f"{doc.name}.ics", b"") for doc in documents if doc.reused]
        current = {name for name, _ in files}
        for name in sorted(previous - current):
            target = out / name
            if name.endswith(".ics") and target.is_file():
                target.unlink()
                report.removed.append(name)
        return report

    def prune_cache(self) -> int:
        """Forget cached VEVENTs made for other catalogue names or formats."""
        names = self.names()
        return prune_variants(
            self._store.session, [self._variant(names, False), self._variant(names, True)]
        )


GOOGLE_STEPS = (
    "Copy the https link of the feed.",
    "Open Google Calendar on a computer (calendar.google.com).",
    "Beside “Other calendars”, click + and choose “From URL”.",
    "Paste the link and click “Add calendar”. Google refreshes it every few hours.",
)


def _member_token(row: FeedRow) -> str:
    """What a feed's bytes depend on of one member: its version, last change, zone and years."""
    return f"{row.id}.{row.version}.{row.updated_at}.{row.timezone}.{row.starts_at[:4]}.{row.ends_at[:4]}"


def _signature(digest: str, meta: CalendarMeta, tokens: Sequence[str]) -> str:
    """What a feed's bytes depend on: names and options, its header, and each member's token."""
    text = "|".join((digest, meta.name, meta.description, str(meta.refresh))) + "\n" + "\n".join(tokens)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_state(path: Path) -> dict[str, dict[str, object]]:
    try:
        state = json.loads(path.read_text("utf-8"))
        return {str(k): dict(v) for k, v in state.get("feeds", {}).items()} if state.get("v") == 1 else {}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _previous_feed_files(path: Path) -> set[str]:
    try:
        payload = json.loads(path.read_text("utf-8"))
        return {str(feed["file"]) for feed in payload.get("feeds", []) if "/" not in str(feed["file"])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def _has_size(path: Path, size: object) -> bool:
    try:
        return isinstance(size, int) and path.stat().st_size == size
    except OSError:
        return False


def _write_feed(
    path: Path, body: bytes, etag: str | None, known: Mapping[str, Mapping[str, object]]
) -> bool:
    """Write one exported file; True when written. A feed exported before (its size checked) is
    compared by ETag, without reading the file back."""
    before = known.get(path.name.removesuffix(".ics")) if etag is not None else None
    if before is None:
        return write_if_changed(path, body)
    if before.get("etag") == etag:
        return False
    write_atomically(path, body)
    return True


def write_if_changed(path: Path, body: bytes) -> bool:
    """Write ``body`` to ``path`` atomically (temporary file + rename) unless it already holds it."""
    try:
        if path.stat().st_size == len(body) and path.read_bytes() == body:
            return False
    except OSError:
        pass
    write_atomically(path, body)
    return True


def write_atomically(path: Path, body: bytes) -> None:
    """Write ``body`` to ``path`` through a temporary file and a rename (readers never see half)."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(body)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
