"""The feed server: routes, conditional GETs, gzip, HEAD, bad input, cache invalidation, slow clients."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from datetime import timedelta

import icalendar
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from brs_coord.clock import FixedClock
from brs_coord.server import build_feed_app, start_feed_server
from brs_coord.server.app import CACHE, RUNNER_ARGS
from brs_coord.services import Services
from tests.conftest import NOW, make_event


@pytest.fixture
async def client(demo_services: Services) -> AsyncIterator[TestClient]:
    app = build_feed_app(demo_services, poll_interval=0.05)
    async with TestClient(TestServer(app, **RUNNER_ARGS)) as test_client:
        yield test_client


async def test_index_page_and_feed_list(client: TestClient) -> None:
    response = await client.get("/")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = await response.text()
    assert "calendars/all.ics" in page and "webcal://" in page and "From URL" in page
    listing = await (await client.get("/feeds.json")).json()
    assert any(feed["name"] == "kind-webinar" for feed in listing["feeds"])


async def test_catalogue_feed_is_the_exported_one(client: TestClient, demo_services: Services) -> None:
    response = await client.get("/calendars/all.ics", headers={"Accept-Encoding": "identity"})
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = await response.read()
    assert body == demo_services.feeds.feed("all").body
    assert response.headers["ETag"] == demo_services.feeds.feed("all").etag
    assert response.headers["Last-Modified"].endswith("GMT")


async def test_conditional_gets_answer_304(client: TestClient) -> None:
    first = await client.get("/calendars/kind-webinar.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = await client.get("/calendars/kind-webinar.ics", headers={"If-None-Match": etag})
    assert again.status == 304 and await again.read() == b"" and again.headers["ETag"] == etag
    since = await client.get("/calendars/kind-webinar.ics", headers={"If-Modified-Since": modified})
    assert since.status == 304
    stale = await client.get("/calendars/kind-webinar.ics", headers={"If-None-Match": '"other"'})
    assert stale.status == 200
    older = await client.get(
        "/calendars/kind-webinar.ics", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert older.status == 200
    index = await client.get("/")
    assert (await client.get("/", headers={"If-None-Match": index.headers["ETag"]})).status == 304


async def test_gzip_when_asked(client: TestClient) -> None:
    url = "/calendars/all.ics"
    plain = await client.get(url, headers={"Accept-Encoding": "identity"}, auto_decompress=False)
    packed = await client.get(url, headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and packed.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(await packed.read()) == await plain.read()
    again = await client.get("/calendars/all.ics", headers={"If-None-Match": packed.headers["ETag"],
                                                             "Accept-Encoding": "gzip"})
    assert again.status == 304


async def test_head(client: TestClient) -> None:
    response = await client.head("/calendars/all.ics", headers={"Accept-Encoding": "identity"})
    assert response.status == 200 and await response.read() == b""
    full = await client.get("/calendars/all.ics", headers={"Accept-Encoding": "identity"})
    assert int(response.headers["Content-Length"]) == len(await full.read())


@pytest.mark.parametrize(
    "path",
    [
        "/calendars/nope.ics", "/calendars/all.ICS", "/calendars/../brs.db", "/calendars/..%2Fbrs.db",
        "/calendars/%2e%2e%2fbrs.db", "/calendars/%2e%2e/%2e%2e/etc/passwd", "/calendars/..%5cbrs.db",
        "/brs.db", "/u/short.ics", "/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", "/u/../brs.db",
        "/events/nope@brs-coord.ics", "/events/..%2f..%2fbrs.db", "/static/../../brs.db",
    ],
)
async def test_unknown_or_traversing_paths_are_404(client: TestClient, path: str) -> None:
    response = await client.get(path)
    assert response.status == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "BEGIN:VCALENDAR" not in await response.text()


async def test_unknown_filter_value_is_400_naming_it(client: TestClient) -> None:
    response = await client.get("/feed.ics?kind=webinar,rave&region=africa")
    assert response.status == 400
    assert "rave" in await response.text()
    assert (await client.get("/feed.ics?flavour=mint")).status == 400


async def test_filtered_feed(client: TestClient) -> None:
    response = await client.get("/feed.ics?kind=webinar&kind=workshop&lang=fr")
    assert response.status == 200
    calendar = icalendar.Calendar.from_ical(await response.read())
    kinds = {str(e["CATEGORIES"].cats[0]) for e in calendar.walk("VEVENT")}
    assert kinds and kinds <= {"Webinaire", "Atelier"}  # events held in French, worded in French


async def test_oversized_query_is_414(client: TestClient) -> None:
    response = await client.get("/feed.ics?q=" + "x" * 5000)
    assert response.status == 414


async def test_single_event_download(client: TestClient, demo_services: Services) -> None:
    event = demo_services.upcoming(limit=1)[0]
    response = await client.get(f"/events/{event.uid}.ics")
    assert response.status == 200 and "attachment" in response.headers["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(await response.read())
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [event.uid]


async def test_personal_feed_and_revocation(client: TestClient, demo_services: Services) -> None:
    event = demo_services.upcoming(limit=1)[0]
    person = demo_services.participants.get_or_create(99, chat_id=99)
    await asyncio.to_thread(demo_services.registrations.register, person.id, event.id)
    token = demo_services.participants.feed_token(99)
    response = await client.get(f"/u/{token}.ics")
    assert response.status == 200 and response.headers["Cache-Control"].startswith("private")
    assert event.uid in (await response.read()).decode()
    demo_services.participants.reset_feed_token(99)
    await client.app[CACHE].check()
    assert (await client.get(f"/u/{token}.ics")).status == 404


async def test_a_reset_or_forgotten_token_is_404_on_the_very_next_request(demo_services: Services) -> None:
    # No poll can rescue it: the cache's watcher looks at the store once an hour here.
    app = build_feed_app(demo_services, poll_interval=3600)
    async with TestClient(TestServer(app, **RUNNER_ARGS)) as client:
        event = demo_services.upcoming(limit=1)[0]
        person = demo_services.participants.get_or_create(98, chat_id=98)
        await asyncio.to_thread(demo_services.registrations.register, person.id, event.id)
        old = demo_services.participants.feed_token(98)
        assert (await client.get(f"/u/{old}.ics")).status == 200  # now built and cached
        new = await asyncio.to_thread(demo_services.participants.reset_feed_token, 98)
        revoked = await client.get(f"/u/{old}.ics")
        assert revoked.status == 404
        page = await revoked.text()
        assert "/feeds" in page and "/feed." not in page and "/feed " not in page
        current = await client.get(f"/u/{new}.ics")
        assert current.status == 200 and event.uid in (await current.read()).decode()
        await asyncio.to_thread(demo_services.participants.forget, 98)
        assert (await client.get(f"/u/{new}.ics")).status == 404


async def test_a_change_in_the_store_reaches_the_feed(
    client: TestClient, demo_services: Services, clock: FixedClock
) -> None:
    first = await client.get("/calendars/all.ics")
    etag = first.headers["ETag"]
    assert (await client.get("/calendars/all.ics", headers={"If-None-Match": etag})).status == 304
    created = demo_services.scheduling.create(make_event(title="Brand new webinar")).event
    await client.app[CACHE].check()
    # answered at once from the previous build while the new one is made behind it
    assert (await client.get("/calendars/all.ics", headers={"If-None-Match": etag})).status == 304
    await client.app[CACHE].refreshed()
    changed = await client.get("/calendars/all.ics", headers={"If-None-Match": etag})
    assert changed.status == 200 and created.uid in (await changed.read()).decode()
    assert changed.headers["ETag"] != etag


async def test_unchanged_store_keeps_etags_across_rebuilds(client: TestClient, clock: FixedClock) -> None:
    etag = (await client.get("/calendars/all.ics")).headers["ETag"]
    clock.advance(timedelta(hours=1))  # the hour moves: everything is rebuilt
    await client.app[CACHE].check()
    await client.app[CACHE].refreshed()
    assert (await client.get("/calendars/all.ics")).headers["ETag"] == etag
    assert client.app[CACHE].builds >= 2


async def test_a_slow_reader_does_not_block_others(demo_services: Services, unused_tcp_port: int) -> None:
    runner = await start_feed_server(demo_services, "127.0.0.1", unused_tcp_port, access_log=False)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", unused_tcp_port)
        for _ in range(20):  # pipelined requests for a large feed, never read
            writer.write(b"GET /calendars/all.ics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n")
        await writer.drain()
        r2, w2 = await asyncio.open_connection("127.0.0.1", unused_tcp_port)
        w2.write(b"GET /calendars/kind-webinar.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        await w2.drain()
        answer = await asyncio.wait_for(r2.read(), timeout=10)
        assert answer.startswith(b"HTTP/1.1 200")  # within wait_for's 10 s: not held up by the stalled one
        w2.close()
        writer.close()
    finally:
        await runner.cleanup()


async def test_runs_beside_other_apps_on_one_loop(demo_services: Services, unused_tcp_port: int) -> None:
    """What `bot --serve` does: start the server inside an already running loop, then stop it."""
    runner = await start_feed_server(demo_services, "127.0.0.1", unused_tcp_port, access_log=False)
    assert isinstance(runner, web.AppRunner)
    reader, writer = await asyncio.open_connection("127.0.0.1", unused_tcp_port)
    writer.write(b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert (await reader.read()).startswith(b"HTTP/1.1 200")
    writer.close()
    await runner.cleanup()


def test_now_is_fixed_for_these_tests(clock: FixedClock) -> None:
    assert clock.now() == NOW
