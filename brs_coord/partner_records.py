"""Partner sources, their links, review items and run reports as the store hands them out (issue 20).

Plain records in the core layer, so the store (which writes them) and the sync engine in services
(which reads them) share one definition."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

MAX_INTERVAL_MINUTES = 7 * 24 * 60  # a source is synced at least once a week
MAX_GRACE_HOURS = 60 * 24  # an absent event counts as gone after at most 60 days
RETRY_FIRST_MINUTES = 5  # a failing source is tried again after 5, 10, 20... minutes, up to its interval


FIELD_LABELS = {"title": "Title", "description": "Description", "starts_at": "Starts", "ends_at": "Ends",
                "timezone": "Time zone", "all_day": "All day", "location": "Location",
                "registration_url": "Registration link"}


def field_label(name: str) -> str:
    """How staff read an owned field's name in a review diff ("Starts", not starts_at)."""
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


class SourceKind(StrEnum):
    ICS = "ics"
    INDICO = "indico"
    CSV = "csv"
    XLSX = "xlsx"


class ReviewChange(StrEnum):
    """Why an upstream item waits for staff: a new event, a change (diff), a cancellation upstream,
    an event gone from its source, or a match made only by the fallback key (unstable UIDs)."""

    NEW = "new"
    CHANGED = "changed"
    CANCELLED = "cancelled"
    VANISHED = "vanished"
    MATCH = "match"


class RunOutcome(StrEnum):
    SYNCED = "synced"
    NOT_MODIFIED = "not-modified"
    FAILED = "failed"


@dataclass(frozen=True)
class PartnerSourceData:
    """What staff say about a source when adding it."""

    kind: SourceKind
    centre: str
    url: str | None = None
    file: str | None = None
    default_kind: str = "workshop"
    audiences: tuple[str, ...] = ()
    convention: str | None = None
    language: str = "en"
    timezone: str = "UTC"  # the source's declared zone: floating times are read in it
    filter_words: tuple[str, ...] = ()
    filter_categories: tuple[str, ...] = ()
    trusted: bool = False
    local: bool = False
    interval_minutes: int = 360
    grace_hours: int = 48
    mapping: str | None = None  # a workplan's saved column mapping (JSON); None: guessed from its header

    @property
    def location(self) -> str:
        """The URL or the file it is read from."""
        return self.url or self.file or ""


@dataclass(frozen=True)
class PartnerSource(PartnerSourceData):
    id: int = 0
    etag: str | None = None
    last_modified: str | None = None
    last_sync_at: datetime | None = None
    unstable_uids: bool = False
    created_at: datetime | None = None
    created_by: str = ""
    failures: int = 0  # its runs that failed in a row, up to now
    last_failed_at: datetime | None = None

    def retry_minutes(self) -> int:
        """How long after its last failure a failing source is tried again: twice as long after each
        failure in a row, never longer than its interval (a server that is down is not hammered)."""
        return int(min(self.interval_minutes, RETRY_FIRST_MINUTES * 2 ** min(max(self.failures - 1, 0), 16)))

    def next_sync_at(self) -> datetime | None:
        """When it is due (None: now, never synced nor failed)."""
        if self.failures and self.last_failed_at is not None:
            return self.last_failed_at + timedelta(minutes=self.retry_minutes())
        if self.last_sync_at is None:
            return None
        return self.last_sync_at + timedelta(minutes=self.interval_minutes)

    def due(self, now: datetime) -> bool:
        """True when it was never synced, its interval has passed since it last was, or, failing,
        its retry delay has passed since the last failure."""
        next_at = self.next_sync_at()
        return next_at is None or now >= next_at


@dataclass(frozen=True)
class PartnerLink:
    """An imported event's tie to its source: the upstream identity and versioning, and the values
    the importer last wrote (a field whose value differs from them now was edited by staff)."""

    event_id: int
    source_id: int
    external_uid: str
    fallback_key: str
    title_key: str
    fetched_at: datetime
    last_seen_at: datetime
    sequence: int | None = None
    upstream_modified: datetime | None = None
    url: str = ""
    applied: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportNote:
    """Where an imported event's current version came from, as the importer wrote it (with the
    event, in the same transaction: a feed's cached VEVENT, valid for the event's version, stays
    right). The feeds' DESCRIPTION shows it; it outlives its source (the events stay)."""

    centre: str  # the owner centre's name
    url: str  # the upstream event's page, or the source's address
    fetched_at: datetime
    sequence: int | None = None
    last_modified: datetime | None = None


@dataclass(frozen=True)
class Review:
    """One item of the review queue: the upstream values beside the local ones, the fields that
    differ and those staff locked; ``decision`` None while it waits."""

    id: int
    source_id: int
    external_uid: str
    change: ReviewChange
    upstream: dict[str, Any]
    local: dict[str, Any]
    fields: tuple[str, ...]
    locked: tuple[str, ...]
    created_at: datetime
    event_id: int | None = None
    run_id: int | None = None
    fingerprint: str = ""
    decision: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class Drop:
    """An input the sync did not import, and why (kept in the run report: nothing is dropped silently)."""

    where: str
    reason: str


DOCUMENT_LEVEL = frozenset({"calendar", "document"})  # where a parser rejects a whole document


@dataclass(frozen=True)
class RunReport:
    """What one sync of one source did; every processed input is counted in exactly one of added,
    updated, unchanged, held, rejected and dropped. ``vanished``: events gone from the source
    (held, or cancelled when trusted; not part of ``processed``)."""

    source_id: int
    outcome: RunOutcome
    started_at: datetime
    finished_at: datetime
    processed: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    held: int = 0
    rejected: int = 0
    dropped: int = 0
    vanished: int = 0
    drops: tuple[Drop, ...] = ()
    rejections: tuple[Drop, ...] = ()
    same_as: tuple[tuple[int, int], ...] = ()
    message: str = ""
    id: int = 0
    by: str = ""  # who synced: a staff login, or the system actor ("bot (scheduled sync)")

    def line(self) -> str:
        """The run in one line: its outcome and every count (the CLI's and the TUI's words)."""
        return (f"{self.outcome.value} — processed {self.processed}, added {self.added},"
                f" updated {self.updated}, unchanged {self.unchanged}, held {self.held},"
                f" rejected {self.rejected}, dropped {self.dropped}, vanished {self.vanished}"
                + (f" ({self.message})" if self.message else ""))

    @property
    def unreadable(self) -> bool:
        """Whether the source's document could not be read at all (not a calendar, not JSON...)."""
        return any(rejected.where in DOCUMENT_LEVEL for rejected in self.rejections)

    @property
    def accounted(self) -> bool:
        return self.processed == (self.added + self.updated + self.unchanged + self.held
                                  + self.rejected + self.dropped)
