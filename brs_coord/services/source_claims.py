"""One sync of a partner source at a time, across processes: a claim in the store's leases.

The bot's scheduled sync, a `brs-coord source sync` run by cron and a staff member's sync from the
TUI may all reach the same source at once; two syncs of it would both create its new events. Each
sync first takes the ``source-sync:<id>`` lease for the time a sync can take at most (every fetch
has its timeouts and deadline); another process finding it live leaves the source alone. A claim
whose holder was killed lapses at its expiry, at once when the holder was a process of this machine
that no longer exists. Each claim has its own holder name, so two syncs of one process exclude each
other as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from ..errors import AlreadyRunning
from ..records import Lease
from ..store import Store
from .sender_lease import dead_here, process_name

CLAIM = timedelta(minutes=15)  # longer than any sync: a fetch is cut off well within it


def claim_name(source_id: int) -> str:
    return f"source-sync:{source_id}"


def holder_words(holder: str) -> str:
    """'pid 123 on host' for a lease holder named by ``process_name``."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    return f"pid {pid} on {host}" if pid else holder


class SourceClaims:
    """Takes and gives up the claim of a source's sync."""

    def __init__(self, store: Store, length: timedelta = CLAIM) -> None:
        self._store = store
        self.length = length

    def _take(self, source_id: int, holder: str, replacing: str | None = None) -> Lease:
        now = self._store.clock.now()
        return self._store.leases.take(claim_name(source_id), holder, now, now + self.length,
                                       replacing=replacing)

    def take(self, source_id: int) -> Lease | None:
        """The claim of ``source_id``'s sync, or None while another live process holds it."""
        holder = process_name()
        lease = self._take(source_id, holder)
        if lease.holder != holder and dead_here(lease.holder):
            lease = self._take(source_id, holder, replacing=lease.holder)
        return lease if lease.holder == holder else None

    def holder(self, source_id: int) -> Lease | None:
        """Who holds the claim of ``source_id`` now (None: nobody, or only an expired claim)."""
        lease = self._store.leases.current(claim_name(source_id))
        return lease if lease is not None and lease.live(self._store.clock.now()) else None

    def give_up(self, lease: Lease) -> None:
        self._store.leases.give_up(lease.name, lease.holder)

    @contextmanager
    def held(self, source_id: int) -> Iterator[Lease]:
        """Inside, this process alone syncs ``source_id``; AlreadyRunning when another does."""
        lease = self.take(source_id)
        if lease is None:
            other = self.holder(source_id)
            who = holder_words(other.holder) if other is not None else "another process"
            raise AlreadyRunning(f"Source {source_id} is being synced by another process ({who});"
                                 " try again when it is done")
        try:
            yield lease
        finally:
            self.give_up(lease)
