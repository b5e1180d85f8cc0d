"""The partner-calendar sync engine (issue 20): fetch a source, parse it, match each upstream event
to its imported event by (source, external UID), queue or apply what changed, and report the run.

Rules: a UID not seen before whose normalised title (and local date and time) is that of an event
of the same source gone from this fetch is a *match* held for review, never merged by itself
(unstable UIDs: WordPress' reschedules, Office 365's publications); new, changed, cancelled and
vanished events wait in the review queue unless the source is trusted; a field staff edited after
import is locked and never overwritten; absence cancels (never deletes) only future events of the
same source, after the grace period; imported events are ordinary events written through the
scheduling service, and the events a run creates reach subscribers in one digest each."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..domain import Event, EventData, EventKind, EventQuery, Status, TimeScope
from ..errors import BrsCoordError, InvalidInput, NotFound, PermissionDenied, StoreError
from ..languages import EVENT_LANGUAGES
from ..partner_records import (
    DOCUMENT_LEVEL,
    MAX_GRACE_HOURS,
    MAX_INTERVAL_MINUTES,
    Drop,
    ImportNote,
    PartnerLink,
    PartnerSource,
    PartnerSourceData,
    Review,
    ReviewChange,
    RunOutcome,
    RunReport,
    SourceKind,
)
from ..partners.fetched import Fetch
from ..partners.ics_feed import parse_ics
from ..partners.identity import fallback_key, title_key
from ..partners.indico import parse_indico
from ..partners.upstream import ParsedSource, UpstreamEvent
from ..permissions import Action
from ..series_domain import SeriesData, SeriesKind
from ..store import Store
from ..zones import is_valid_timezone
from .notices import NoticeService
from .partner_fetch import fetch_source
from .partner_mapping import (
    applied_to,
    differing,
    edited_fields,
    event_data,
    fingerprint,
    owned_values,
    upstream_values,
)
from .partner_notices import write_imported
from .partner_upstream import from_json, to_json
from .reports import overlapping_events
from .scheduling import SchedulingService

if TYPE_CHECKING:
    from ..partners.workplan import ColumnMapping
from .source_claims import SourceClaims

log = logging.getLogger(__name__)

HORIZON = timedelta(days=400)
CANCELLED_UPSTREAM = "Cancelled in the partner's calendar"
VANISHED = "No longer in the partner's calendar"
STATUS_FIELD = "status"  # in a review's fields: an event a sync cancelled, listed live again upstream
Parser = Callable[[bytes, PartnerSource, datetime], ParsedSource]


def _ics(body: bytes, source: PartnerSource, now: datetime) -> ParsedSource:
    return parse_ics(body, zone=source.timezone, horizon=now + HORIZON, since=now)


def _indico(body: bytes, source: PartnerSource, now: datetime) -> ParsedSource:
    return parse_indico(body, zone=source.timezone)


def _workplan(body: bytes, source: PartnerSource, now: datetime) -> ParsedSource:
    """A CSV/XLSX workplan read with the source's saved column mapping (or, without one, the mapping
    its header row suggests), timed cells in the source's zone unless the mapping names one."""
    from ..partners.workplan import ColumnMapping, read_workplan  # not on the ask path (hashlib, csv)

    return read_workplan(body, saved_mapping(source), base=ColumnMapping(zone=source.timezone)).parsed()


def saved_mapping(source: PartnerSource) -> ColumnMapping | None:
    """The column mapping saved for a workplan source (what it leaves out: the source's zone), or
    None when its columns are guessed from the header row."""
    if source.mapping is None:
        return None
    from ..partners.workplan import ColumnMapping

    return ColumnMapping.from_json(source.mapping, ColumnMapping(zone=source.timezone))


SERIES_KINDS = {EventKind.WEBINAR.value: SeriesKind.WEBINAR_SERIES,  # else a recurring meeting
                EventKind.TRAINING.value: SeriesKind.COURSE, EventKind.E_LEARNING.value: SeriesKind.COURSE}
WORKPLAN_KINDS = frozenset({SourceKind.CSV, SourceKind.XLSX})
PARSERS: dict[SourceKind, Parser] = {SourceKind.ICS: _ics, SourceKind.INDICO: _indico,
                                     SourceKind.CSV: _workplan, SourceKind.XLSX: _workplan}


@dataclass(frozen=True)
class Provenance:
    """Where an imported event comes from, for the TUI, the bot's Details and the feeds."""

    source_id: int
    source_kind: str
    source: str
    url: str
    external_uid: str
    fetched_at: datetime
    sequence: int | None
    last_modified: datetime | None
    same_as: tuple[int, ...] = ()
    centre: str = ""  # the owner centre's name

    def lines(self) -> list[str]:
        parts = [f"Imported from {self.source}", f"Fetched {self.fetched_at:%Y-%m-%d %H:%M} UTC"]
        if self.url:
            parts.append(f"Upstream: {self.url}")
        if self.sequence is not None:
            parts.append(f"Upstream SEQUENCE {self.sequence}")
        if self.last_modified is not None:
            parts.append(f"Upstream LAST-MODIFIED {self.last_modified:%Y-%m-%d %H:%M} UTC")
        if self.same_as:
            parts.append("Same as event " + ", ".join(map(str, self.same_as)) + " (another source)")
        return parts


@dataclass
class _Run:
    source: PartnerSource
    now: datetime
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("processed", "added", "updated", "unchanged", "held", "rejected", "dropped", "vanished"), 0))
    drops: list[Drop] = field(default_factory=list)
    rejections: list[Drop] = field(default_factory=list)
    same_as: list[tuple[int, int]] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    claimed: set[int] = field(default_factory=set)
    message: str = ""
    by: str = ""
    series: dict[str, int] = field(default_factory=dict)  # a recurring upstream UID -> its series

    def renumber(self, store: Store) -> None:
        """The series the run's new occurrences joined, their sessions numbered by date again."""
        for series_id in set(self.series.values()):
            store.series.renumber(series_id)

    def count(self, name: str) -> None:
        self.counts[name] += 1

    def drop(self, where: str, reason: str) -> None:
        self.count("dropped")
        self.drops.append(Drop(where, reason))

    def reject(self, where: str, reason: str) -> None:
        self.count("rejected")
        self.rejections.append(Drop(where, reason))

    def report(self, outcome: RunOutcome, finished: datetime) -> RunReport:
        return RunReport(source_id=self.source.id, outcome=outcome, started_at=self.now, finished_at=finished,
                         drops=tuple(self.drops), rejections=tuple(self.rejections),
                         same_as=tuple(self.same_as), message=self.message, by=self.by, **self.counts)


class PartnerSyncService:
    """Sources, syncs, the review queue and provenance; synchronous."""

    def __init__(self, store: Store, scheduling: SchedulingService, notices: NoticeService,
                 fetch: Fetch = fetch_source, claims: SourceClaims | None = None) -> None:
        self._store = store
        self._claims = claims or SourceClaims(store)
        self._scheduling = scheduling
        self._notices = notices
        self._repo = store.partner_sources
        self.fetch = fetch

    @property
    def staff_name(self) -> str:
        return self._scheduling.staff_name

    # ---- sources --------------------------------------------------------------------------

    def _may(self) -> None:
        """Only those who may manage partner calendars add, sync, remove and decide (PermissionDenied)."""
        self._scheduling.acting.require(Action.MANAGE_SOURCES)

    def add_source(self, data: PartnerSourceData) -> PartnerSource:
        self._may()
        if (data.url is None) == (data.file is None):
            raise InvalidInput("Give either --url or --file", "url")
        if data.url is not None and not data.url.startswith(("https://", "http://")):
            raise InvalidInput(f"Not an http(s) URL: {data.url}", "url")
        if data.url is not None and data.url.startswith("http://") and not data.local:
            raise InvalidInput("Only https sources, unless the source is marked --local", "url")
        if data.default_kind not in {k.value for k in EventKind}:
            raise InvalidInput(f"Unknown kind {data.default_kind!r}", "kind")
        if not is_valid_timezone(data.timezone):
            raise InvalidInput(f"Unknown time zone {data.timezone!r}", "timezone")
        if not 1 <= data.interval_minutes <= MAX_INTERVAL_MINUTES:
            raise InvalidInput(f"Minutes between syncs: 1 to {MAX_INTERVAL_MINUTES:,} (a week)", "every")
        if not 0 <= data.grace_hours <= MAX_GRACE_HOURS:
            raise InvalidInput(f"Hours of grace: 0 to {MAX_GRACE_HOURS:,} (60 days)", "grace")
        self._check_catalogue(data)
        self._check_mapping(data.kind, data.mapping, data.timezone)
        if data.file is not None:  # read later by cron or the bot, from another working directory
            data = replace(data, file=os.path.abspath(os.path.expanduser(data.file)))
        return self._repo.add(data, self.staff_name)

    def _check_catalogue(self, data: PartnerSourceData) -> None:
        """The audiences, convention and language its events get are the catalogue's (InvalidInput)."""
        catalogue = self._store.catalogue
        known = {a.slug for a in catalogue.audiences()}
        unknown = [slug for slug in data.audiences if slug not in known]
        if unknown:
            raise InvalidInput(f"Unknown audience {', '.join(unknown)} (known: {', '.join(sorted(known))})",
                               "audiences")
        conventions = {c.slug for c in catalogue.conventions()}
        if data.convention is not None and data.convention not in conventions:
            known_text = ", ".join(sorted(conventions))
            raise InvalidInput(f"Unknown convention {data.convention!r} (known: {known_text})", "convention")
        if data.language not in EVENT_LANGUAGES:
            raise InvalidInput(f"Unknown language {data.language!r} (one of {', '.join(EVENT_LANGUAGES)})",
                               "language")

    @staticmethod
    def _check_mapping(kind: SourceKind, mapping: str | None, zone: str) -> None:
        """A saved column mapping is a workplan's only, and must read (InvalidInput otherwise)."""
        if mapping is None:
            return
        if kind not in WORKPLAN_KINDS:
            raise InvalidInput(f"A column mapping is for CSV/XLSX workplans, not {kind.value} sources",
                               "mapping")
        from ..partners.workplan import ColumnMapping

        ColumnMapping.from_json(mapping, ColumnMapping(zone=zone))  # InvalidInput when it does not read

    def save_mapping(self, source_id: int, mapping: str | None) -> PartnerSource:
        """Save the column mapping a workplan source is read with from its next sync (None: guess
        it from the header row again)."""
        self._may()
        source = self._repo.get(source_id)
        self._check_mapping(source.kind, mapping, source.timezone)
        return self._repo.save_mapping(source_id, mapping)

    def sources(self) -> list[PartnerSource]:
        return self._repo.all()

    def source(self, source_id: int) -> PartnerSource:
        return self._repo.get(source_id)

    def remove(self, source_id: int) -> None:
        self._may()
        self._repo.remove(source_id)

    def runs(self, source_id: int, limit: int = 20) -> list[RunReport]:
        return self._repo.runs(source_id, limit)

    def latest_run(self, source_id: int) -> RunReport | None:
        """The source's last run report (None: never synced)."""
        return next(iter(self._repo.runs(source_id, 1)), None)

    # ---- syncing --------------------------------------------------------------------------

    def sync_due(self, stopping: Callable[[], bool] | None = None) -> list[RunReport]:
        """Sync every due source, one after the other (``stopping``, asked before each: stop early).
        A source another process is syncing is left to it; one synced meanwhile is no longer due;
        one that fails has its failed report and the next one is synced."""
        self._may()
        reports: list[RunReport] = []
        for listed in self._repo.all():
            if stopping is not None and stopping():
                break
            if not listed.due(self._store.clock.now()):
                continue
            lease = self._claims.take(listed.id)
            if lease is None:
                log.info("source %d is being synced by another process: left to it", listed.id)
                continue
            try:
                if self._still_due(listed.id):
                    reports.append(self._guarded(listed.id))
            finally:
                self._claims.give_up(lease)
        return reports

    def _still_due(self, source_id: int) -> bool:
        """Whether the source is still there and due, read again once claimed (the process that held
        it may have just synced it)."""
        try:
            return self._repo.get(source_id).due(self._store.clock.now())
        except NotFound:
            return False

    def sync(self, source_id: int) -> RunReport:
        """Fetch, parse and reconcile one source; the report is kept (partner_runs) and returned.
        AlreadyRunning while another process syncs it."""
        self._may()
        self._repo.get(source_id)  # NotFound before anything else
        with self._claims.held(source_id):
            return self._guarded(source_id)

    def _guarded(self, source_id: int) -> RunReport:
        """``_sync``, a failure it did not foresee (a parser's bug on a strange feed) kept as the
        source's failed run instead of stopping the caller; the database's own failures go on up."""
        try:
            return self._sync(source_id)
        except (StoreError, PermissionDenied):
            raise
        except Exception as exc:
            log.debug("source %d: the sync failed", source_id, exc_info=True)
            run = _Run(self._repo.get(source_id), self._store.clock.now(), by=self.staff_name)
            run.message = f"the sync failed: {type(exc).__name__}: {exc}"
            return self._repo.record_run(run.report(RunOutcome.FAILED, self._store.clock.now()))

    def _sync(self, source_id: int) -> RunReport:
        source = self._repo.get(source_id)
        run = _Run(source, self._store.clock.now(), by=self.staff_name)
        parser = PARSERS.get(source.kind)
        if parser is None:
            run.message = f"{source.kind.value} sources are read by the workplan import, not yet here"
            return self._repo.record_run(run.report(RunOutcome.FAILED, self._store.clock.now()))
        try:
            fetched = self.fetch(source)
        except BrsCoordError as exc:
            run.message = str(exc)
            return self._repo.record_run(run.report(RunOutcome.FAILED, self._store.clock.now()))
        if fetched.not_modified:
            self._repo.mark_fetched(source.id, fetched.etag, fetched.last_modified)
            run.message = "not modified since the last sync"
            return self._repo.record_run(run.report(RunOutcome.NOT_MODIFIED, self._store.clock.now()))
        try:
            parsed = parser(fetched.body, source, run.now)
        except BrsCoordError as exc:  # no such feed, or a workplan its saved mapping no longer fits
            run.message = str(exc)
            return self._repo.record_run(run.report(RunOutcome.FAILED, self._store.clock.now()))
        with self._store.transaction(), self._notices.batched(write_imported):
            self._reconcile(run, parsed)
            self._repo.mark_fetched(source.id, fetched.etag, fetched.last_modified)
            return self._repo.record_run(run.report(RunOutcome.SYNCED, self._store.clock.now()))

    def _reconcile(self, run: _Run, parsed: ParsedSource) -> None:
        source = run.source
        for rejected in parsed.rejected:
            run.count("processed")
            run.reject(rejected.where, rejected.reason)
        for uid, count in parsed.past:  # one item: the occurrences of a rule that are over
            run.count("processed")
            run.drop(f"{uid} ({count} past occurrence{'s' if count != 1 else ''})", "already over")
        links = self._repo.links(source.id)
        by_uid = {link.external_uid: link for link in links}
        in_feed = {u.external_uid for u in parsed.events}
        done: set[str] = set()
        for upstream in parsed.events:
            run.count("processed")
            uid = upstream.external_uid
            if uid in done:
                run.drop(uid, "the same UID again in this feed (the first one was read)")
                continue
            done.add(uid)
            link = by_uid.get(uid)
            if link is not None:
                run.seen.add(link.event_id)
            if upstream.ends <= run.now:
                run.drop(uid, "already over")
                continue
            reason = self._filtered(source, upstream)
            if reason:
                run.drop(uid, reason)
                continue
            if link is not None:
                self._existing(run, link, upstream)
                continue
            gone = [lk for lk in links if lk.external_uid not in in_feed and lk.event_id not in run.claimed]
            if self._held_match(run, upstream, gone):
                continue
            self._new(run, upstream)
        run.renumber(self._store)
        if DOCUMENT_LEVEL & {r.where for r in parsed.rejected}:
            run.message = "the feed could not be read: nothing is treated as gone from it"
            return
        if parsed.partial:
            run.message = "a METHOD:CANCEL message names only what it cancels: nothing else is gone"
            return
        self._withdraw_gone_new(run, in_feed)
        self._vanished(run, links)

    def _withdraw_gone_new(self, run: _Run, in_feed: set[str]) -> None:
        """A new event still waiting for review that is gone from the feed (a WordPress reschedule
        gave it a new UID, which is queued anew; or the partner deleted it) is no longer offered:
        applying it later would import a stale copy beside the current one. Counted as vanished."""
        gone = {item.external_uid for item in self._repo.pending(run.source.id)
                if item.change is ReviewChange.NEW and item.external_uid not in in_feed}
        for _ in range(self._withdraw_new(run.source.id, gone)):
            run.count("vanished")

    def _withdraw_new(self, source_id: int, uids: set[str]) -> int:
        """The source's new events waiting for review under these UIDs, withdrawn (superseded by
        the sync); how many."""
        items = [item for item in self._repo.pending(source_id)
                 if item.change is ReviewChange.NEW and item.external_uid in uids]
        for item in items:
            self._repo.decide(item.id, "superseded", "sync")
        return len(items)

    @staticmethod
    def _filtered(source: PartnerSource, upstream: UpstreamEvent) -> str:
        if source.filter_words:
            text = f"{upstream.title} {upstream.description}".casefold()
            if not any(word.casefold() in text for word in source.filter_words):
                return "none of the filter words: " + ", ".join(source.filter_words)
        if source.filter_categories:
            wanted = {c.casefold() for c in source.filter_categories}
            if not wanted & {c.casefold() for c in upstream.categories}:
                return "none of the filter categories: " + ", ".join(source.filter_categories)
        return ""

    def _review(self, run: _Run, upstream: UpstreamEvent | None, change: ReviewChange, *, uid: str,
                event: Event | None = None, fields: list[str] | None = None, locked: list[str] | None = None,
                print_: str = "") -> bool:
        """Queue an item unless staff already rejected this very version; True when it was queued."""
        if print_ and self._repo.decided(run.source.id, uid, print_) == "rejected":
            return False
        values = upstream_values(run.source, upstream) if upstream is not None else {}
        local = owned_values(event) if event is not None else {}
        if STATUS_FIELD in (fields or ()) and upstream is not None and event is not None:
            values[STATUS_FIELD], local[STATUS_FIELD] = Status.PLANNED.value, event.status.value
        self._repo.queue(Review(
            id=0, source_id=run.source.id, external_uid=uid, change=change,
            upstream={"values": values, "event": to_json(upstream)} if upstream is not None else {},
            local=local, fields=tuple(fields or ()),
            locked=tuple(locked or ()), created_at=run.now, event_id=event.id if event else None,
            fingerprint=print_,
        ))
        return True

    def _new(self, run: _Run, upstream: UpstreamEvent) -> None:
        if run.source.trusted:
            self._create(run, upstream)
            return
        print_ = fingerprint(upstream_values(run.source, upstream), upstream.cancelled)
        if upstream.cancelled:
            withdrawn = self._withdraw_new(run.source.id, {upstream.external_uid})
            run.drop(upstream.external_uid, "new upstream but cancelled already"
                     + ("; the new event waiting for review is withdrawn" if withdrawn else ""))
        elif self._review(run, upstream, ReviewChange.NEW, uid=upstream.external_uid, print_=print_):
            run.count("held")
        else:
            run.drop(upstream.external_uid, "staff rejected this new event before")

    def _create(self, run: _Run, upstream: UpstreamEvent) -> Event | None:
        if upstream.cancelled:
            run.drop(upstream.external_uid, "new upstream but cancelled already")
            return None
        data = event_data(run.source, upstream)
        try:
            change = self._scheduling.create(data)
        except BrsCoordError as exc:
            run.reject(upstream.external_uid, str(exc))
            return None
        event = change.after
        assert event is not None
        self._noted(run.source, self._link(run.source, event, upstream, run.now, owned_values(event)))
        self._join_series(run, event, upstream)
        run.count("added")
        mine = title_key(upstream.title)
        for other in self._same_time(data, event.id, run.now):
            theirs = self._repo.link_of(other.id)
            if title_key(other.title) == mine and (theirs is None or theirs.source_id != run.source.id):
                if self._repo.flag_same_as(event.id, other.id):
                    run.same_as.append((event.id, other.id))
        return event

    def _same_time(self, data: EventData, event_id: int, now: datetime) -> list[Event]:
        """The announced events overlapping ``data``'s time: those of its audiences or regions (the
        overlap rule), and, for a source that gives its events neither, any at that time (the
        caller keeps those of the same normalised title: a centre's feed and Indico listing the
        same workshop are flagged "same as" with or without an audience)."""
        def find(query: EventQuery) -> list[Event]:
            return self._store.events.find(query, now)

        found = overlapping_events(find, data, exclude_id=event_id)
        if data.audiences or data.regions:
            return found
        query = EventQuery(starts_from=data.starts_at, ends_before=data.ends_at, scope=TimeScope.ALL,
                           statuses=("planned", "confirmed"), limit=200)
        return [other for other in find(query) if other.id != event_id]

    def _join_series(self, run: _Run, event: Event, upstream: UpstreamEvent) -> None:
        """An occurrence of a recurring upstream event (RRULE/RDATE, ``<uid>#<recurrence-id>``) is a
        session of one series per upstream event and source: made with its first imported session,
        joined by every later one (the rule extended, an RDATE added, a held one applied). The
        sessions stay events of their own (their link, locks and provenance; a moved or cancelled
        occurrence changes its session only); ``run.renumber`` numbers them by date."""
        if upstream.recurrence_id is None:
            return
        master = upstream.external_uid.rpartition("#")[0]
        series_id = run.series.get(master) or self._repo.series_of_upstream(run.source.id, master + "#")
        if series_id is None:
            source = run.source
            series_id = self._store.series.create(SeriesData(
                title=upstream.title,
                kind=SERIES_KINDS.get(source.default_kind, SeriesKind.RECURRING_MEETING),
                timezone=event.timezone, audiences=source.audiences, organiser=source.centre,
                rule=f"as in the partner's calendar ({source.location})",
            ), run.by or self.staff_name).id
        run.series[master] = series_id
        self._store.series.attach(event.id, series_id, len(self._store.series.session_ids(series_id)) + 1)

    def _link(self, source: PartnerSource, event: Event, upstream: UpstreamEvent, now: datetime,
              applied: dict[str, object]) -> PartnerLink:
        link = PartnerLink(
            event_id=event.id, source_id=source.id, external_uid=upstream.external_uid,
            fallback_key=fallback_key(upstream, source.timezone), title_key=title_key(upstream.title),
            fetched_at=now, last_seen_at=now, sequence=upstream.sequence,
            upstream_modified=upstream.last_modified, url=upstream.url or source.location, applied=applied,
        )
        self._repo.save_link(link)
        return link

    def _noted(self, source: PartnerSource, link: PartnerLink) -> None:
        """The provenance note of the version the importer just wrote (the feeds' DESCRIPTION)."""
        self._repo.save_note(link.event_id, ImportNote(self._centre_name(source), link.url, link.fetched_at,
                                                       link.sequence, link.upstream_modified))

    def _centre_name(self, source: PartnerSource) -> str:
        try:
            return self._store.catalogue.centre(source.centre).name
        except NotFound:
            return source.centre

    def _held_match(self, run: _Run, upstream: UpstreamEvent, gone: list[PartnerLink]) -> bool:
        key, name = fallback_key(upstream, run.source.timezone), title_key(upstream.title)
        if upstream.recurrence_id is not None:  # another occurrence of the same upstream event is
            # not that event under a new UID: its UID is stable, only the occurrence differs
            master = upstream.external_uid.rpartition("#")[0] + "#"
            gone = [lk for lk in gone if not lk.external_uid.startswith(master)]
        candidate = next((lk for lk in gone if lk.fallback_key == key), None) or next(
            (lk for lk in gone if lk.title_key == name), None)
        if candidate is None:
            return False
        try:
            event = self._scheduling.get(candidate.event_id)
        except NotFound:
            return False
        if event.starts_at <= run.now:
            return False
        print_ = fingerprint(upstream_values(run.source, upstream), upstream.cancelled) + f":{event.id}"
        if self._repo.decided(run.source.id, upstream.external_uid, print_) == "rejected":
            return False  # staff said they are different events: it is new
        if candidate.fallback_key == key:
            self._repo.mark_unstable(run.source.id)
        run.claimed.add(event.id)
        wanted = upstream_values(run.source, upstream)
        self._review(run, upstream, ReviewChange.MATCH, uid=upstream.external_uid, event=event,
                     fields=differing(event, wanted), locked=sorted(self._locks(event, candidate)),
                     print_=print_)
        run.count("held")
        return True

    def _locks(self, event: Event, link: PartnerLink) -> frozenset[str]:
        """The fields staff edited since import (now recorded as locks) and the ones locked before."""
        edited = edited_fields(event, link.applied)
        if edited:
            self._repo.lock(event.id, edited)
        return self._repo.locks(event.id) | frozenset(edited)

    def _existing(self, run: _Run, link: PartnerLink, upstream: UpstreamEvent) -> None:
        event = self._scheduling.get(link.event_id)
        locks = self._locks(event, link)
        refreshed = replace(link, sequence=upstream.sequence, upstream_modified=upstream.last_modified,
                            fetched_at=run.now, last_seen_at=run.now, url=upstream.url or link.url)
        self._repo.save_link(refreshed)
        if upstream.cancelled:
            if event.status is Status.CANCELLED:
                run.count("unchanged")
            elif run.source.trusted:
                self._outcome(run, upstream.external_uid,
                              lambda: self._cancel(event, CANCELLED_UPSTREAM, run.source, refreshed))
            else:
                print_ = fingerprint(upstream_values(run.source, upstream), True)
                queued = self._review(run, upstream, ReviewChange.CANCELLED, uid=upstream.external_uid,
                                      event=event, print_=print_)
                run.count("held" if queued else "unchanged")  # staff kept the event against this version
            return
        wanted = upstream_values(run.source, upstream)
        diff = differing(event, wanted)
        free = [name for name in diff if name not in locks]
        if self._cancelled_by_import(event):  # listed live again (restored, or back in the feed)
            if run.source.trusted:
                self._outcome(run, upstream.external_uid,
                              lambda: self._restore(run.source, event, refreshed, wanted, free))
            else:
                self._review(run, upstream, ReviewChange.CHANGED, uid=upstream.external_uid, event=event,
                             fields=[*diff, STATUS_FIELD], locked=sorted(locks & set(diff)))
                run.count("held")
            return
        if not free:
            run.count("unchanged")
        elif run.source.trusted:
            self._outcome(run, upstream.external_uid,
                          lambda: self._apply_fields(run.source, event, refreshed, wanted, free))
        else:
            self._review(run, upstream, ReviewChange.CHANGED, uid=upstream.external_uid, event=event,
                         fields=diff, locked=sorted(locks & set(diff)))
            run.count("held")

    @staticmethod
    def _cancelled_by_import(event: Event) -> bool:
        """Whether a sync (not staff) cancelled the event: cancelled upstream, or gone from the feed."""
        return event.status is Status.CANCELLED and event.status_reason in (CANCELLED_UPSTREAM, VANISHED)

    def _restore(self, source: PartnerSource, event: Event, link: PartnerLink, wanted: dict[str, object],
                 fields: list[str]) -> None:
        """An event a sync cancelled that its source lists live again: its free fields brought up
        to date, then reinstated (planned); an event staff cancelled is never reinstated."""
        if fields:
            self._apply_fields(source, event, link, wanted, fields)
            event = self._scheduling.get(event.id)
        self._scheduling.set_status(event.id, Status.PLANNED, expected_version=event.version)
        self._noted(source, link)

    def _outcome(self, run: _Run, uid: str, write: Callable[[], object]) -> None:
        try:
            write()
        except BrsCoordError as exc:
            run.reject(uid, str(exc))
            return
        run.count("updated")

    def _apply_fields(
        self, source: PartnerSource, event: Event, link: PartnerLink, wanted: dict[str, object],
        fields: list[str],
    ) -> None:
        change = self._scheduling.update(event.id, applied_to(event, dict(wanted), fields),
                                         expected_version=event.version)
        assert change.after is not None
        applied = {**link.applied, **{name: wanted[name] for name in fields}}
        self._repo.save_link(replace(link, applied=applied))
        self._noted(source, link)

    def _cancel(self, event: Event, reason: str, source: PartnerSource | None = None,
                link: PartnerLink | None = None) -> None:
        """Cancel ``event``; with its source and link, the note says which upstream version did."""
        self._scheduling.set_status(event.id, Status.CANCELLED, expected_version=event.version, reason=reason)
        if source is not None and link is not None:
            self._noted(source, link)

    def _vanished(self, run: _Run, links: list[PartnerLink]) -> None:
        grace = timedelta(hours=run.source.grace_hours)
        for link in links:
            if link.event_id in run.seen or link.event_id in run.claimed:
                continue
            event = self._scheduling.get(link.event_id)
            if event.status is Status.CANCELLED or event.starts_at <= run.now:
                continue
            if run.now - link.last_seen_at < grace:
                continue
            run.count("vanished")
            if run.source.trusted:
                try:
                    self._cancel(event, VANISHED)
                except BrsCoordError as exc:
                    run.rejections.append(Drop(link.external_uid, str(exc)))
            else:
                self._review(run, None, ReviewChange.VANISHED, uid=link.external_uid, event=event)

    # ---- the review queue -----------------------------------------------------------------

    def pending(self, source_id: int | None = None) -> list[Review]:
        return self._repo.pending(source_id)

    def review(self, review_id: int) -> Review:
        return self._repo.review(review_id)

    def apply(self, review_id: int) -> str:
        """Apply one waiting item; returns what was done, in a line."""
        self._may()
        with self._store.transaction(), self._notices.batched(write_imported):
            return self._apply(review_id)

    def apply_all(self, source_id: int | None = None) -> list[str]:
        self._may()
        with self._store.transaction(), self._notices.batched(write_imported):
            return [self._apply(item.id) for item in self._repo.pending(source_id)]

    def reject(self, review_id: int) -> None:
        self._may()
        item = self._waiting(review_id)
        self._repo.decide(item.id, "rejected", self.staff_name)

    def reject_all(self, source_id: int | None = None) -> int:
        """Refuse every waiting item (of one source); returns how many."""
        self._may()
        with self._store.transaction():
            items = self._repo.pending(source_id)
            for item in items:
                self._repo.decide(item.id, "rejected", self.staff_name)
        return len(items)

    def _waiting(self, review_id: int) -> Review:
        item = self._repo.review(review_id)
        if item.decision is not None:
            raise InvalidInput(f"Review item {review_id} was {item.decision} already", "review")
        return item

    def _apply(self, review_id: int) -> str:
        item = self._waiting(review_id)
        source = self._repo.get(item.source_id)
        now = self._store.clock.now()
        upstream = from_json(item.upstream["event"]) if item.upstream.get("event") else None
        run = _Run(source, now)
        done = f"{item.id}: "
        if item.change is ReviewChange.NEW:
            assert upstream is not None
            event = self._create(run, upstream)
            if event is None:
                raise InvalidInput(done + "; ".join(d.reason for d in run.rejections + run.drops), "review")
            run.renumber(self._store)
            done += f"created event {event.id}"
        else:
            event = self._scheduling.get(int(item.event_id or 0))
            link = self._repo.link_of(event.id)
            if link is None:
                raise InvalidInput(done + "the event is no longer linked to its source", "review")
            if item.change in (ReviewChange.CANCELLED, ReviewChange.VANISHED):
                if event.status is not Status.CANCELLED:
                    if item.change is ReviewChange.CANCELLED:  # the link holds the cancelling version
                        self._cancel(event, CANCELLED_UPSTREAM, source, link)
                    else:
                        self._cancel(event, VANISHED)
                done += f"cancelled event {event.id}"
            else:
                assert upstream is not None
                if item.change is ReviewChange.MATCH:
                    link = replace(link, external_uid=upstream.external_uid,
                                   fallback_key=fallback_key(upstream, source.timezone),
                                   title_key=title_key(upstream.title), sequence=upstream.sequence,
                                   upstream_modified=upstream.last_modified, last_seen_at=now, fetched_at=now)
                    self._repo.save_link(link)
                wanted = upstream_values(source, upstream)
                locks = self._locks(event, link)
                free = [name for name in differing(event, wanted) if name not in locks]
                restores = STATUS_FIELD in item.fields and not upstream.cancelled
                if restores and self._cancelled_by_import(event):
                    self._restore(source, event, link, wanted, free)
                    free.append(STATUS_FIELD)
                elif free:
                    self._apply_fields(source, event, link, wanted, free)
                kept = sorted(locks & set(item.fields))
                done += f"event {event.id}: " + (", ".join(free) or "nothing") + " from upstream" + (
                    f" (kept the staff's {', '.join(kept)})" if kept else "")
                if upstream.cancelled and event.status is not Status.CANCELLED:
                    self._cancel(self._scheduling.get(event.id), CANCELLED_UPSTREAM, source, link)
        self._repo.decide(item.id, "applied", self.staff_name)
        return done

    # ---- provenance -----------------------------------------------------------------------

    def provenance(self, event_id: int) -> Provenance | None:
        """Where an imported event comes from (None for the secretariat's own events)."""
        link = self._repo.link_of(event_id)
        if link is None:
            return None
        source = self._repo.get(link.source_id)
        return Provenance(
            source_id=source.id, source_kind=source.kind.value, source=f"{source.centre} ({source.location})",
            url=link.url, external_uid=link.external_uid, fetched_at=link.fetched_at,
            sequence=link.sequence, last_modified=link.upstream_modified,
            same_as=tuple(self._repo.same_as(event_id)), centre=self._centre_name(source),
        )
