"""The partner sources repository (issue 20): sources, the links of imported events to them, field
locks, "same as" flags, run reports and the review queue."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from ..errors import NotFound
from ..partner_records import (
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
from .guard import translated
from .rows import dump, iso_utc, parse_iso_utc
from .session import Session

# The failed runs in a row up to now (since the last run that did not fail), and when the last ended.
_FAILED_SINCE_OK = (
    " FROM partner_runs r WHERE r.source_id = s.id AND r.outcome = 'failed' AND r.id > coalesce("
    "(SELECT max(k.id) FROM partner_runs k WHERE k.source_id = s.id AND k.outcome != 'failed'), 0)")
_SOURCE_SELECT = ("SELECT s.*, c.slug AS centre_slug,"
                  f" (SELECT count(*){_FAILED_SINCE_OK}) AS failures,"
                  f" (SELECT max(r.finished_at){_FAILED_SINCE_OK}) AS last_failed_at"
                  " FROM partner_sources s JOIN centres c ON c.id = s.centre_id")


def _when(text: str | None) -> datetime | None:
    return parse_iso_utc(text) if text else None


def _source(row: dict[str, Any]) -> PartnerSource:
    return PartnerSource(
        kind=SourceKind(row["kind"]), centre=row["centre_slug"], url=row["url"], file=row["file"],
        default_kind=row["default_kind"], audiences=tuple(json.loads(row["audiences"])),
        convention=row["convention"], language=row["language"], timezone=row["timezone"],
        filter_words=tuple(json.loads(row["filter_words"])),
        filter_categories=tuple(json.loads(row["filter_categories"])),
        trusted=bool(row["trusted"]), local=bool(row["local"]), interval_minutes=int(row["interval_minutes"]),
        grace_hours=int(row["grace_hours"]), mapping=row["mapping"], id=int(row["id"]), etag=row["etag"],
        last_modified=row["last_modified"], last_sync_at=_when(row["last_sync_at"]),
        unstable_uids=bool(row["unstable_uids"]), created_at=_when(row["created_at"]),
        created_by=row["created_by"], failures=int(row["failures"]),
        last_failed_at=_when(row["last_failed_at"]),
    )


def _link(row: dict[str, Any]) -> PartnerLink:
    fetched = parse_iso_utc(row["fetched_at"])
    return PartnerLink(
        event_id=int(row["event_id"]), source_id=int(row["source_id"]), external_uid=row["external_uid"],
        fallback_key=row["fallback_key"], title_key=row["title_key"], fetched_at=fetched,
        last_seen_at=parse_iso_utc(row["last_seen_at"]), sequence=row["sequence"],
        upstream_modified=_when(row["upstream_modified"]), url=row["url"],
        applied=json.loads(row["applied"]),
    )


def _review(row: dict[str, Any]) -> Review:
    return Review(
        id=int(row["id"]), source_id=int(row["source_id"]), external_uid=row["external_uid"],
        change=ReviewChange(row["change"]), upstream=json.loads(row["upstream"]),
        local=json.loads(row["local"]), fields=tuple(json.loads(row["fields"])),
        locked=tuple(json.loads(row["locked"])), created_at=parse_iso_utc(row["created_at"]),
        event_id=row["event_id"], run_id=row["run_id"], fingerprint=row["fingerprint"],
        decision=row["decision"], decided_by=row["decided_by"], decided_at=_when(row["decided_at"]),
    )


def _run(row: dict[str, Any]) -> RunReport:
    details = json.loads(row["details"])
    return RunReport(
        source_id=int(row["source_id"]), outcome=RunOutcome(row["outcome"]),
        started_at=parse_iso_utc(row["started_at"]), finished_at=parse_iso_utc(row["finished_at"]),
        processed=row["processed"], added=row["added"], updated=row["updated"], unchanged=row["unchanged"],
        held=row["held"], rejected=row["rejected"], dropped=row["dropped"], vanished=row["vanished"],
        drops=tuple(Drop(**d) for d in details.get("drops", [])),
        rejections=tuple(Drop(**d) for d in details.get("rejections", [])),
        same_as=tuple((int(a), int(b)) for a, b in details.get("same_as", [])),
        message=details.get("message", ""), id=int(row["id"]), by=details.get("by", ""),
    )


@translated
class PartnerSourceRepository:
    """Reads and writes of ``partner_sources``, ``partner_links``, ``partner_locks``,
    ``partner_same_as``, ``partner_runs`` and ``partner_reviews``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _now(self) -> str:
        return iso_utc(self._session.clock.now())

    # ---- sources --------------------------------------------------------------------------

    def add(self, data: PartnerSourceData, by: str) -> PartnerSource:
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO partner_sources (kind, url, file, centre_id, default_kind, audiences,"
                " convention, language, timezone, filter_words, filter_categories, trusted,"
                " local, interval_minutes, grace_hours, mapping, created_at, created_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [data.kind.value, data.url, data.file, self._session.ids.centre(data.centre),
                 data.default_kind, dump(list(data.audiences)), data.convention, data.language,
                 data.timezone, dump(list(data.filter_words)), dump(list(data.filter_categories)),
                 int(data.trusted), int(data.local), data.interval_minutes, data.grace_hours,
                 data.mapping, self._now(), by],
            )
        return self.get(int(cursor.lastrowid or 0))

    def get(self, source_id: int) -> PartnerSource:
        rows = list(self._session.db.query(_SOURCE_SELECT + " WHERE s.id = ?", [source_id]))
        if not rows:
            raise NotFound(f"No partner source with id {source_id}")
        return _source(rows[0])

    def all(self) -> list[PartnerSource]:
        return [_source(r) for r in self._session.db.query(_SOURCE_SELECT + " ORDER BY s.id")]

    def remove(self, source_id: int) -> None:
        """Forget a source, its links, runs and queue; the events it imported stay, as ordinary events."""
        with self._session.transaction() as db:
            cursor = db.execute("DELETE FROM partner_sources WHERE id = ?", [source_id])
        if cursor.rowcount == 0:
            raise NotFound(f"No partner source with id {source_id}")

    def mark_fetched(self, source_id: int, etag: str | None, last_modified: str | None) -> None:
        with self._session.transaction() as db:
            db.execute(
                "UPDATE partner_sources SET etag = coalesce(?, etag),"
                " last_modified = coalesce(?, last_modified), last_sync_at = ? WHERE id = ?",
                [etag, last_modified, self._now(), source_id],
            )

    def save_mapping(self, source_id: int, mapping: str | None) -> PartnerSource:
        """Replace the source's saved column mapping (None: guess it from the header again)."""
        with self._session.transaction() as db:
            db.execute("UPDATE partner_sources SET mapping = ? WHERE id = ?", [mapping, source_id])
        return self.get(source_id)

    def mark_unstable(self, source_id: int) -> None:
        with self._session.transaction() as db:
            db.execute("UPDATE partner_sources SET unstable_uids = 1 WHERE id = ?", [source_id])

    # ---- links ----------------------------------------------------------------------------

    def links(self, source_id: int) -> list[PartnerLink]:
        return [_link(r) for r in self._session.db.query(
            "SELECT * FROM partner_links WHERE source_id = ? ORDER BY event_id", [source_id])]

    def series_of_upstream(self, source_id: int, uid_prefix: str) -> int | None:
        """The series of the source's imported events whose upstream UID starts with ``uid_prefix``
        (the occurrences of one recurring upstream event: ``<uid>#…``), or None."""
        rows = list(self._session.db.query(
            "SELECT e.series_id FROM partner_links l JOIN events e ON e.id = l.event_id"
            " WHERE l.source_id = ? AND substr(l.external_uid, 1, ?) = ? AND e.series_id IS NOT NULL"
            " LIMIT 1", [source_id, len(uid_prefix), uid_prefix]))
        return int(rows[0]["series_id"]) if rows else None

    def link_of(self, event_id: int) -> PartnerLink | None:
        rows = list(self._session.db.query("SELECT * FROM partner_links WHERE event_id = ?", [event_id]))
        return _link(rows[0]) if rows else None

    def save_link(self, link: PartnerLink) -> None:
        """Write (or replace) the link of ``link.event_id``."""
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO partner_links (event_id, source_id, external_uid, fallback_key, title_key,"
                " sequence, upstream_modified, fetched_at, url, applied, last_seen_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
                " external_uid = excluded.external_uid, fallback_key = excluded.fallback_key,"
                " title_key = excluded.title_key, sequence = excluded.sequence,"
                " upstream_modified = excluded.upstream_modified, fetched_at = excluded.fetched_at,"
                " url = excluded.url, applied = excluded.applied, last_seen_at = excluded.last_seen_at",
                [link.event_id, link.source_id, link.external_uid, link.fallback_key, link.title_key,
                 link.sequence, iso_utc(link.upstream_modified) if link.upstream_modified else None,
                 iso_utc(link.fetched_at), link.url, dump(link.applied), iso_utc(link.last_seen_at)],
            )

    # ---- provenance notes -----------------------------------------------------------------

    def save_note(self, event_id: int, note: ImportNote) -> None:
        """Record where the event's version just written came from (call it with that write)."""
        with self._session.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO partner_provenance (event_id, centre, url, fetched_at, sequence,"
                " upstream_modified) VALUES (?, ?, ?, ?, ?, ?)",
                [event_id, note.centre, note.url, iso_utc(note.fetched_at), note.sequence,
                 iso_utc(note.last_modified) if note.last_modified else None],
            )

    def notes(self) -> dict[int, ImportNote]:
        """Every imported event's provenance note, by event id."""
        return {int(r["event_id"]): ImportNote(
            r["centre"], r["url"], parse_iso_utc(r["fetched_at"]), r["sequence"],
            _when(r["upstream_modified"]),
        ) for r in self._session.db.query("SELECT * FROM partner_provenance")}

    # ---- locks ----------------------------------------------------------------------------

    def locks(self, event_id: int) -> frozenset[str]:
        return frozenset(r["field"] for r in self._session.db.query(
            "SELECT field FROM partner_locks WHERE event_id = ?", [event_id]))

    def lock(self, event_id: int, fields: list[str]) -> None:
        with self._session.transaction() as db:
            for name in fields:
                db.execute("INSERT INTO partner_locks (event_id, field, locked_at) VALUES (?, ?, ?)"
                           " ON CONFLICT DO NOTHING", [event_id, name, self._now()])

    # ---- same as --------------------------------------------------------------------------

    def flag_same_as(self, event_id: int, other_id: int) -> bool:
        low, high = sorted((event_id, other_id))
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO partner_same_as (event_id, other_id, flagged_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING", [low, high, self._now()])
        return cursor.rowcount > 0

    def same_as(self, event_id: int) -> list[int]:
        rows = self._session.db.query(
            "SELECT other_id AS id FROM partner_same_as WHERE event_id = ?"
            " UNION SELECT event_id FROM partner_same_as WHERE other_id = ? ORDER BY 1", [event_id, event_id])
        return [int(r["id"]) for r in rows]

    # ---- runs -----------------------------------------------------------------------------

    def record_run(self, report: RunReport) -> RunReport:
        details = {"drops": [asdict(d) for d in report.drops],
                   "rejections": [asdict(d) for d in report.rejections],
                   "same_as": [list(pair) for pair in report.same_as], "message": report.message,
                   "by": report.by}
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO partner_runs (source_id, started_at, finished_at, outcome, processed, added,"
                " updated, unchanged, held, rejected, dropped, vanished, details)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [report.source_id, iso_utc(report.started_at), iso_utc(report.finished_at),
                 report.outcome.value, report.processed, report.added, report.updated, report.unchanged,
                 report.held, report.rejected, report.dropped, report.vanished, dump(details)],
            )
        return self.run(int(cursor.lastrowid or 0))

    def run(self, run_id: int) -> RunReport:
        rows = list(self._session.db.query("SELECT * FROM partner_runs WHERE id = ?", [run_id]))
        if not rows:
            raise NotFound(f"No sync run with id {run_id}")
        return _run(rows[0])

    def runs(self, source_id: int, limit: int = 20) -> list[RunReport]:
        return [_run(r) for r in self._session.db.query(
            "SELECT * FROM partner_runs WHERE source_id = ? ORDER BY id DESC LIMIT ?", [source_id, limit])]

    # ---- the review queue -----------------------------------------------------------------

    def queue(self, review: Review) -> Review:
        """Add an item; a pending one for the same upstream item and change is superseded by it."""
        with self._session.transaction() as db:
            db.execute(
                "UPDATE partner_reviews SET decision = 'superseded', decided_at = ?, decided_by = 'sync'"
                " WHERE decision IS NULL AND source_id = ? AND (external_uid = ? OR (event_id IS NOT NULL"
                " AND event_id = ?)) AND change = ?",
                [self._now(), review.source_id, review.external_uid, review.event_id, review.change.value],
            )
            cursor = db.execute(
                "INSERT INTO partner_reviews (source_id, run_id, event_id, external_uid, change, upstream,"
                " local, fields, locked, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [review.source_id, review.run_id, review.event_id, review.external_uid, review.change.value,
                 dump(review.upstream), dump(review.local), dump(list(review.fields)),
                 dump(list(review.locked)), review.fingerprint, iso_utc(review.created_at)],
            )
        return self.review(int(cursor.lastrowid or 0))

    def review(self, review_id: int) -> Review:
        rows = list(self._session.db.query("SELECT * FROM partner_reviews WHERE id = ?", [review_id]))
        if not rows:
            raise NotFound(f"No review item with id {review_id}")
        return _review(rows[0])

    def pending(self, source_id: int | None = None) -> list[Review]:
        where = "decision IS NULL" + (" AND source_id = ?" if source_id is not None else "")
        return [_review(r) for r in self._session.db.query(
            f"SELECT * FROM partner_reviews WHERE {where} ORDER BY id",
            [source_id] if source_id is not None else [])]

    def decided(self, source_id: int, external_uid: str, fingerprint: str) -> str | None:
        """The decision staff last took on this very upstream version of an item (None: none)."""
        rows = list(self._session.db.query(
            "SELECT decision FROM partner_reviews WHERE source_id = ? AND external_uid = ?"
            " AND fingerprint = ? AND decision IN ('applied', 'rejected') ORDER BY id DESC LIMIT 1",
            [source_id, external_uid, fingerprint]))
        return rows[0]["decision"] if rows else None

    def decide(self, review_id: int, decision: str, by: str) -> None:
        with self._session.transaction() as db:
            db.execute("UPDATE partner_reviews SET decision = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                       [decision, by, self._now(), review_id])

    def subscribers(self, facets: dict[str, tuple[str, ...]]) -> set[int]:
        """The active participants following any of these facet values (a new-event digest's readers)."""
        clauses: list[str] = []
        params: list[object] = []
        for facet, values in facets.items():
            if values:
                clauses.append(f"(s.facet = ? AND s.value IN ({', '.join('?' for _ in values)}))")
                params += [facet, *values]
        if not clauses:
            return set()
        rows = self._session.db.query(
            "SELECT DISTINCT s.participant_id AS id FROM subscriptions s JOIN participants p"
            f" ON p.id = s.participant_id WHERE p.active = 1 AND ({' OR '.join(clauses)})", params)
        return {int(r["id"]) for r in rows}
