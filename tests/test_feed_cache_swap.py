"""The feed server's rebuild off the request path (issue 16, weight at 100k): while a rebuild runs the
previous build is served at once, then the new one is swapped in; only the feeds an edit changes
are assembled again, and unchanged feeds keep their gzip bytes (the very same Served object); a
client that takes no gzip gets the identity bytes inflated from them."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from brs_coord.domain import Status
from brs_coord.server import build_feed_app
from brs_coord.server.app import CACHE, RUNNER_ARGS
from brs_coord.server.cache import FeedCache
from brs_coord.services import Services
from brs_coord.services.feeds import FeedService
from tests.test_hardening_feed_cache import Gate


def _retitle_first(services: Services, title: str, kind: str | None = None) -> str:
    """Retitle the first upcoming event (not cancelled; not of ``kind`` when given)."""
    event = next(e for e in services.upcoming(limit=50)
                 if e.status is not Status.CANCELLED and e.kind.value != kind)
    services.scheduling.update(event.id, replace(event.data(), title=title), expected_version=event.version)
    return event.uid


async def test_a_rebuild_is_served_from_the_previous_build_then_swapped(demo_services: Services) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    await cache.refreshed()
    before = dict(cache._catalogue or {})
    old_etags = {doc.name: doc.etag for doc in demo_services.feeds.build_all()}
    uid = await asyncio.to_thread(_retitle_first, demo_services, "Renamed while serving")
    assert await cache.check()
    gate = Gate()
    cache._build_catalogue = gate.wrap(cache._build_catalogue)  # type: ignore[method-assign]
    gate.armed = True
    cache.refresh_soon()
    assert await asyncio.to_thread(gate.reached.wait, 10)  # the new build has read the store, held
    during = await asyncio.wait_for(cache.catalogue("all"), timeout=1)
    assert during is before["all"] and "Renamed while serving" not in during.body.decode()
    assert not cache.fresh
    gate.release.set()
    await cache.refreshed()
    after = cache._catalogue or {}
    assert cache.fresh and cache.swaps == 2
    served = await cache.catalogue("all")
    text = served.body.decode() if served is not None else ""
    assert uid in text and "Renamed while serving" in text
    # exactly the feeds whose bytes changed were assembled again; the others kept their Served
    new_etags = {doc.name: doc.etag for doc in FeedService(
        demo_services.store, demo_services.clock, demo_services.settings).build_all()}
    changed = {name for name in new_etags if new_etags[name] != old_etags[name]}
    assert "all" in changed and len(changed) < len(new_etags) / 2
    for name in new_etags:
        assert (after[name] is before[name]) == (name not in changed), name
        assert after[name].etag == new_etags[name]
    assert cache.reused == len(new_etags) - len(changed)


async def test_a_failed_rebuild_keeps_serving_the_previous_build(demo_services: Services) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    await cache.refreshed()
    served = await cache.catalogue("all")
    await asyncio.to_thread(_retitle_first, demo_services, "Never built")
    await cache.check()

    def broken() -> dict[str, object]:
        raise RuntimeError("disk on fire")

    cache._build_catalogue = broken  # type: ignore[method-assign,assignment]
    cache.refresh_soon()
    assert cache._refreshing is not None
    await cache._refreshing  # logged, not raised
    assert await cache.catalogue("all") is served and not cache.fresh


async def test_edits_faster_than_builds_still_swap_in_each_newer_build(demo_services: Services) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    await cache.refreshed()
    first = await cache.catalogue("all")
    await asyncio.to_thread(_retitle_first, demo_services, "First of two edits")
    assert await cache.check()
    gate = Gate()
    cache._build_catalogue = gate.wrap(cache._build_catalogue)  # type: ignore[method-assign]
    gate.armed = True
    cache.refresh_soon()
    assert await asyncio.to_thread(gate.reached.wait, 10)  # built from the first edit, held
    await asyncio.to_thread(_retitle_first, demo_services, "Second of two edits")
    assert await cache.check()  # a newer state recorded while that build runs
    gate.release.set()
    assert cache._refreshing is not None
    await cache._refreshing
    # the overtaken build is served (it is newer than the first), but not as fresh
    served = await cache.catalogue("all")
    assert served is not None and served is not first and not cache.fresh
    assert "First of two edits" in served.body.decode()
    await cache.refreshed()
    latest = await cache.catalogue("all")
    assert latest is not None and cache.fresh and "Second of two edits" in latest.body.decode()
    assert cache.swaps == 3


@pytest.fixture
async def client(demo_services: Services) -> AsyncIterator[TestClient]:
    app = build_feed_app(demo_services, poll_interval=3600)
    async with TestClient(TestServer(app, **RUNNER_ARGS)) as test_client:
        yield test_client


async def test_identity_is_inflated_from_the_kept_gzip_bytes(client: TestClient) -> None:
    packed = await client.get(
        "/calendars/all.ics", headers={"Accept-Encoding": "gzip"}, auto_decompress=False
    )
    assert packed.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(await packed.read())
    plain = await client.get("/calendars/all.ics", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert int(plain.headers["Content-Length"]) == len(body) and await plain.read() == body
    assert plain.headers["ETag"] != packed.headers["ETag"]
    head = await client.head("/calendars/all.ics", headers={"Accept-Encoding": "identity"})
    assert head.status == 200 and int(head.headers["Content-Length"]) == len(body)
    assert await head.read() == b""
    served = await client.app[CACHE].catalogue("all")
    assert served is not None and served._identity is None  # only the gzip bytes are kept


async def test_a_single_event_download_keeps_its_attachment_name(
    client: TestClient, demo_services: Services
) -> None:
    event = demo_services.upcoming(limit=1)[0]
    response = await client.get(f"/events/{event.uid}.ics", headers={"Accept-Encoding": "identity"})
    assert response.status == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{event.uid.split("@")[0]}.ics"'
    again = await client.get(f"/events/{event.uid}.ics", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status == 304 and "Content-Disposition" not in again.headers


async def test_a_stale_entry_rebuilt_to_the_same_bytes_keeps_its_served(demo_services: Services) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    params = {"kind": "workshop"}
    first = await cache.entry("q:kind=workshop", lambda: demo_services.feeds.filtered(params))
    await asyncio.to_thread(_retitle_first, demo_services, "Somewhere else", "workshop")
    assert await cache.check()  # the entry is stale: answered at once, rebuilt behind, to the same bytes
    again = await cache.entry("q:kind=workshop", lambda: demo_services.feeds.filtered(params))
    await cache.settled()
    assert cache.builds == 2 and again is first
    assert await cache.entry("q:kind=workshop", lambda: demo_services.feeds.filtered(params)) is first


def test_build_all_hands_each_body_out_once(demo_services: Services) -> None:
    whole = {doc.name: doc.body for doc in demo_services.feeds.build_all()}
    seen: dict[str, bytes] = {}
    fresh = FeedService(demo_services.store, demo_services.clock, demo_services.settings)
    documents = fresh.build_all(on_built=lambda doc: seen.setdefault(doc.name, doc.body))
    assert seen == whole
    assert all(doc.body == b"" for doc in documents) and [d.name for d in documents] == list(whole)


async def test_stopping_waits_for_the_build_still_reading_the_store(demo_services: Services) -> None:
    """A server shut down mid-build (the store closed right after) must not leave a thread on the
    connection: closing it under a running query can crash the process. ``stop`` returns only
    once the build's thread is done."""
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    gate = Gate()
    cache._build_catalogue = gate.wrap(cache._build_catalogue)  # type: ignore[method-assign]
    gate.armed = True
    cache.refresh_soon()
    assert await asyncio.to_thread(gate.reached.wait, 10)
    stopping = asyncio.ensure_future(cache.stop())
    await asyncio.sleep(0.2)
    assert not stopping.done()  # the build's thread still runs: the store must stay open
    gate.release.set()
    await asyncio.wait_for(stopping, 10)
    assert not cache._threads
