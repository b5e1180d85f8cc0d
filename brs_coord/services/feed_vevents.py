"""The VEVENT text of each event in a feed: read from the store's per-event cache when it is still
valid for the event's version and last change, else built now and cached (the variant names the
catalogue names, the alarm and whether join links are in).

A head start (``head_start``): when the cache holds nothing of the variant (a cold export), every
public VEVENT the caller will want is built by the worker processes, fed by a thread, while the
caller plans the feeds on the other core; ``public_bytes`` then takes them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from ..errors import StoreError
from ..ics import Names
from ..records import FeedEvent
from ..store import FeedReads
from .vevent_entries import Built, build_entries
from .vevent_pool import build_in_workers, fork_workers, usable

_BUILD_BATCH = 2000  # events read, built and saved at a time when VEVENTs are missing
_FULL_CACHE_READ = 1000  # VEVENTs wanted above which one pass over the whole cache beats lookups by id

Identity = tuple[int, int, datetime]  # event id, version, last change: what a cached VEVENT is valid for


class VeventCache:
    """The feeds' VEVENTs, from the store's cache or built (and cached) when missing or stale."""

    def __init__(self, reads: FeedReads, alarm_minutes: int | None) -> None:
        self._reads = reads
        self._alarm_minutes = alarm_minutes
        self._head: _HeadStart | None = None

    def variant(self, names: Names, private: bool) -> str:
        kind = "private" if private else "public"
        return f"{kind}-{names.digest(self._alarm_minutes)}"

    def head_start(self, wanted: Sequence[Identity], names: Names) -> bool:
        """Start building the public VEVENT of every (id, version, last change) of ``wanted`` now, in
        worker processes fed by a thread, when the cache holds none of the variant and there are
        enough for workers (see vevent_pool.usable); True when started."""
        variant = self.variant(names, private=False)
        if self._head is not None or not usable(len(wanted)) or self._reads.has_cached(variant):
            return False
        pool = fork_workers(names, False, self._alarm_minutes)  # before the thread: see fork_workers
        if pool is None:
            return False
        self._head = _HeadStart(variant, wanted, lambda ids: self.built(ids, names, False, pool))
        return True

    def built(
        self, ids: Sequence[int], names: Names, private: bool, pool: ProcessPoolExecutor | None = None,
    ) -> dict[int, bytes]:
        """The VEVENT of each event built now, as UTF-8 bytes by id, and cached in the store (drafts
        skipped). Events are read, built and saved ``_BUILD_BATCH`` at a time (by worker processes
        when there are many: see vevent_pool): only the bytes of each VEVENT outlive its batch (not
        its event, its text or its cache row)."""
        variant = self.variant(names, private)
        chunks = [ids[start : start + _BUILD_BATCH] for start in range(0, len(ids), _BUILD_BATCH)]
        alarm, reads = self._alarm_minutes, self._reads
        batches: Iterable[list[Built]] = (
            build_in_workers(reads, chunks, names, private, alarm, pool) if pool or usable(len(ids)) else
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
        found: dict[int, bytes] = {}
        head, self._head = self._head, None
        if head is not None and head.variant == variant:
            wanted = head.take(wanted, found)
        if not wanted:
            return found
        ids = None if len(wanted) > _FULL_CACHE_READ else [event_id for event_id, _, _ in wanted]
        cached = self._reads.cached_vevents(variant, ids)
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


class _HeadStart:
    """VEVENTs being built in a thread (by worker processes it feeds) for a later ``public_bytes``."""

    def __init__(self, variant: str, wanted: Sequence[Identity],
                 build: Callable[[Sequence[int]], dict[int, bytes]]) -> None:
        self.variant = variant
        self._wanted = {event_id: (version, updated) for event_id, version, updated in wanted}
        self._built: dict[int, bytes] = {}
        self._build = build
        self._thread = threading.Thread(target=self._run, name="vevent-head-start", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._built = self._build(list(self._wanted))
        except Exception:  # noqa: BLE001 - a failed head start is only a lost head start:
            self._built = {}  # public_bytes builds what it still wants the usual way (and reports)

    def take(self, wanted: Sequence[Identity], found: dict[int, bytes]) -> list[Identity]:
        """Wait for the build, put into ``found`` what it built for ``wanted`` (same version and last
        change) and return the rest of ``wanted``."""
        self._thread.join()
        rest: list[Identity] = []
        for identity in wanted:
            event_id, version, updated = identity
            vevent = self._built.get(event_id)
            if vevent is not None and self._wanted.get(event_id) == (version, updated):
                found[event_id] = vevent
            else:
                rest.append(identity)
        return rest
