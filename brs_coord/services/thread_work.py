"""Work an asyncio owner runs in threads and waits for before the store is closed: a cancelled caller
stops waiting, but the thread goes on reading the store, and closing a connection under a running
query can crash the process (the feed cache's builds, the bot's scheduled syncs)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

_Result = TypeVar("_Result")


class ThreadWork:
    """The threads started through ``run`` that have not ended yet."""

    def __init__(self) -> None:
        self._running: set[asyncio.Future[Any]] = set()

    def __len__(self) -> int:
        return len(self._running)

    async def run(self, fn: Callable[[], _Result]) -> _Result:
        """``fn()`` in a thread, tracked until it ends, even when the caller is cancelled."""
        work = asyncio.ensure_future(asyncio.to_thread(fn))
        self._running.add(work)
        work.add_done_callback(self._ended)
        return await asyncio.shield(work)

    def _ended(self, work: asyncio.Future[Any]) -> None:
        self._running.discard(work)
        if not work.cancelled():
            work.exception()  # read here too: a cancelled caller never reads it

    async def wait(self) -> None:
        """Until every tracked thread has ended (their errors are their callers')."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
