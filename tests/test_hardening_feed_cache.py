"""Hardening (feed cache): an edit that lands while a feed is being built is served at once after it.

The build is held at a gate (a slow build, made exact) while another connection edits the event and
the cache's watcher records the new change counter; the build then finishes with the old content.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from brs_coord.server.cache import FeedCache
from brs_coord.services import Services
from brs_coord.services.feeds import FeedDocument

pytestmark = pytest.mark.hardening


class Gate:
    """Holds the next build in its thread until released (after it has read the store)."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        self.armed = False

    def wrap(self, build: Callable[[], Any]) -> Callable[[], Any]:
        def held() -> Any:
            result = build()
            if self.armed:
                self.armed = False
                self.reached.set()
                assert self.release.wait(10)
            return result

        return held


def _retitle(services: Services) -> None:
    event = services.upcoming(limit=1)[0]
    services.scheduling.update(
        event.id, replace(event.data(), title="Moved while building"), expected_version=event.version
    )


async def _edit_during_build(services: Services, cache: FeedCache, gate: Gate, read: Any) -> str:
    """Start a read whose build is held, move an event, let the watcher notice, release the build."""
    event = services.upcoming(limit=1)[0]
    gate.armed = True
    first = asyncio.create_task(read())
    assert await asyncio.to_thread(gate.reached.wait, 10)
    await asyncio.to_thread(_retitle, services)
    assert await cache.check()  # the watcher records the new counter while the old build runs
    gate.release.set()
    old = await first
    assert "Moved while building" not in old  # the request that started the build gets what it read
    return event.uid


async def test_a_catalogue_build_started_before_an_edit_is_not_kept(demo_services: Services) -> None:
    gate = Gate()
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    cache._build_catalogue = gate.wrap(cache._build_catalogue)  # type: ignore[method-assign]

    async def read() -> str:
        served = await cache.catalogue("all")
        assert served is not None
        return served.body.decode()

    await _edit_during_build(demo_services, cache, gate, read)
    # the overtaken build may be served meanwhile, but never as fresh: the next build has the edit
    assert not cache.fresh
    await cache.refreshed()
    assert cache.fresh and "Moved while building" in await read()


async def test_an_entry_build_started_before_an_edit_is_not_kept(demo_services: Services) -> None:
    gate = Gate()
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    params = {"kind": demo_services.upcoming(limit=1)[0].kind.value}
    build: Callable[[], FeedDocument] = gate.wrap(lambda: demo_services.feeds.filtered(params))

    async def read() -> str:
        return (await cache.entry("q:filtered", build)).body.decode()

    uid = await _edit_during_build(demo_services, cache, gate, read)
    stale = await read()  # the overtaken build is answered (kept as stale), a rebuild starts behind it
    assert "Moved while building" not in stale
    await cache.settled()
    fresh = await read()
    assert uid in fresh and "Moved while building" in fresh


async def test_a_request_after_the_edit_does_not_join_the_older_build(demo_services: Services) -> None:
    gate = Gate()
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    cache._build_catalogue = gate.wrap(cache._build_catalogue)  # type: ignore[method-assign]
    gate.armed = True
    first = asyncio.create_task(cache.catalogue("all"))
    assert await asyncio.to_thread(gate.reached.wait, 10)
    await asyncio.to_thread(_retitle, demo_services)
    await cache.check()
    later = await cache.catalogue("all")  # asked after the change was recorded: a build of its own
    gate.release.set()
    await first
    assert later is not None and "Moved while building" in later.body.decode()


async def test_an_older_reading_of_the_store_does_not_replace_a_newer_one(demo_services: Services) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    before = cache._state_now()
    demo_services.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    newer = cache._state_now()
    assert cache._adopt(newer)
    assert not cache._adopt(before) and cache._state == newer
