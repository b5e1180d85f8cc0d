"""Long-running processes (``serve``, ``bot``) stop when their database file is deleted or replaced.

The store refuses a commit into a replaced file (``store.file_identity``); this watch looks once a
second as well, so that a process that only reads (the feed server) does not serve the old file for
ever. The process then stops with one line and a non-zero exit: the service manager starts it again
on the file now at the path. (Reopening in place was not chosen: requests and sends in progress hold
the old file's connections, and a restart is the one path every deployment already has.)
"""

from __future__ import annotations

import asyncio

from ..errors import DatabaseReplaced
from ..store import Store

WATCH_INTERVAL_S = 1.0


async def database_replaced(store: Store, interval: float = WATCH_INTERVAL_S) -> DatabaseReplaced:
    """Wait until the store's file is deleted or replaced; returns the error to stop with."""
    while True:
        await asyncio.sleep(interval)
        try:
            store.verify_file()  # one stat(): cheap enough for the event loop
        except DatabaseReplaced as exc:
            return exc


async def run_until_stopped(stop: asyncio.Event, store: Store, interval: float = WATCH_INTERVAL_S) -> None:
    """Wait for ``stop``; raise DatabaseReplaced first if the database file goes away."""
    stopping = asyncio.create_task(stop.wait())
    watching = asyncio.create_task(database_replaced(store, interval))
    try:
        await asyncio.wait({stopping, watching}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (stopping, watching):
            task.cancel()
    if watching.done() and not watching.cancelled():
        raise watching.result()
