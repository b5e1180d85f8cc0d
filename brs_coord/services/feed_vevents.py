"""The VEVENT text of each event in a feed: read from the store's per-event cache when it is still
valid for the event's version and last change, else built now and cached (the variant names the
catalogue names, the alarm and whether join links are in)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from ..errors import StoreError
from ..ics import Names
from ..records import FeedEvent
from ..store import FeedReads
from .vevent_entries import Built, build_entries
from .vevent_pool import build_in_workers, usable

_BUILD_BATCH = 2000  # events read, built and saved at a time when VEVENTs are missing
_FULL_CACHE_READ = 1000  # VEVENTs wanted above which one pass over the whole cache beats lookups by id

Identity = tuple[int, int, datetime]  # event id, version, last change: what a cached VEVENT is valid for


class VeventCache:
    """The feeds' VEVENTs, from the store's cache or built (and cached) when missing or stale."""

    def __init__(self, reads: FeedReads, alarm_minutes: int | None) -> None:
        self._reads = reads
        self._alarm_minutes = alarm_minutes

    def variant(self, names: Names, private: bool) -> str:
        kind = "private" if private else "public"
        return f"{kind}-{names.digest(self._alarm_minutes)}"

    def built(self, ids: Sequence[int], names: Names, private: bool) -> dict[int, bytes]:
        """The VEVENT of each event built now, as UTF-8 bytes by id, and cached in the store (drafts
        skipped). Events are read, built and saved ``_BUILD_BATCH`` at a time (by worker processes
        when there are many: see vevent_pool): only the bytes of each VEVENT outlive its batch (not
        its event, its text or its cache row)."""
        variant = self.variant(names, private)
        chunks = [ids[start : start + _BUILD_BATCH] for start in range(0, len(ids), _BUILD_BATCH)]
        alarm, reads = self._alarm_minutes, self._reads
        batches: Iterable[list[Built]] = (
            build_in_workers(reads, chunks, names, private, alarm) if usable(len(ids)) else
            (build_entries(reads.events_by_ids(chunk).values(), names, private, alarm) for chunk in chunks)
        )
        built: dict[int, bytes] = {}
        for batch in batches:
            for event_id, _, _, text in batch:
                built[event_id] = text.encode("utf-8")
            try:
                reads.save_vevents([(i, variant, version, stamp, text) for i, version, stamp, text in batch])
            except StoreError:  # a read-only or busy database: serve anyway, cache next time
                pass
        return built

    def of_rows(self, rows: Sequence[FeedEvent], names: Names, private: bool) -> list[bytes]:
        """The VEVENT of each row as UTF-8 bytes, from the cache or built now (and cached)."""
        missing = [row.id for row in rows if row.vevent is None]
        built = self.built(missing, names, private) if missing else {}
        return [
            row.vevent.encode("utf-8") if row.vevent is not None else built.get(row.id, b"") for row in rows
        ]

    def public_bytes(self, wanted: Sequence[Identity], names: Names) -> dict[int, bytes]:
        """The public VEVENT of each (id, version, last change) as UTF-8 bytes, by event id: read
        from the cache without decoding, built (and cached) when missing or stale."""
        variant = self.variant(names, private=False)
        ids = None if len(wanted) > _FULL_CACHE_READ else [event_id for event_id, _, _ in wanted]
        cached = self._reads.cached_vevents(variant, ids)
        found: dict[int, bytes] = {}
        missing: list[int] = []
        for event_id, version, updated_at in wanted:
            hit = cached.get(event_id)
            if hit is not None and hit[0] == version and hit[1] == updated_at:
                found[event_id] = hit[2]
            else:
                missing.append(event_id)
        if missing:
            built = self.built(missing, names, private=False)
            found.update((event_id, built.get(event_id, b"")) for event_id in missing)
        return found

    def prune(self, names: Names) -> int:
        """Forget cached VEVENTs made for other catalogue names or formats."""
        return self._reads.prune_variants([self.variant(names, False), self.variant(names, True)])
