"""The scheduled partner-calendar sync (issue 20) of a long-running process (the bot).

Every ``interval`` seconds (BRS_SOURCE_SYNC_SECONDS; the first round at start) the due sources are
synced one after the other in a thread, as the system actor ``SCHEDULED_SYNC`` (its login, "bot
(scheduled sync)", is what the events' history and the run reports record). Each source's sync
holds its claim (services.source_claims), so a `brs-coord source sync` run by cron at the same time
never syncs the same source twice. A source that fails is one log line and its failed run report;
a round that fails is one log line too, and the next round comes as usual. ``stop`` waits for the
thread's work before it returns: the store may be closed only then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

from ..errors import DatabaseReplaced
from ..partner_records import RunOutcome, RunReport
from ..permissions import SCHEDULED_SYNC
from .acting import Acting
from .partner_sync import PartnerSyncService
from .thread_work import ThreadWork

log = logging.getLogger(__name__)


class ScheduledSync:
    """Rounds of ``sync_due`` as the scheduled-sync actor; ``run_round`` for tests, ``start``/``stop``
    in the bot."""

    def __init__(self, partner_sync: PartnerSyncService, acting: Acting, *, interval: float) -> None:
        self._sync = partner_sync
        self._acting = acting
        self.interval = interval
        self._halt = threading.Event()  # read by the thread between two sources
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._threads = ThreadWork()  # reads of the store in threads: waited for on stop
        self.rounds = 0

    def run_round(self) -> list[RunReport]:
        """Sync the due sources now (blocking: run it in a thread) and log one line per source."""
        with self._acting.as_member(SCHEDULED_SYNC):
            reports = self._sync.sync_due(stopping=self._halt.is_set)
        for report in reports:
            if report.outcome is RunOutcome.FAILED or report.unreadable:
                log.warning("scheduled sync of source %d: %s", report.source_id, report.line())
            else:
                log.info("scheduled sync of source %d: %s", report.source_id, report.line())
        self.rounds += 1
        return reports


    async def run(self) -> None:
        """Rounds until stopped, ``interval`` seconds apart."""
        while not self._halt.is_set():
            try:
                await self._threads.run(self.run_round)
            except DatabaseReplaced:  # the process stops on it (services.database_watch)
                return
            except Exception as exc:  # a locked or busy database: the next round tries again
                log.error("scheduled sync round failed: %s: %s", type(exc).__name__, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)

    def start(self) -> None:
        if self._task is not None:
            raise RuntimeError("the scheduled sync is running already")
        self._halt.clear()
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self.run(), name="scheduled-source-sync")

    async def stop(self) -> None:
        """Stop after the source being synced (no other is started), and wait for the thread."""
        self._halt.set()
        self._wake.set()
        task, self._task = self._task, None
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._threads.wait()
