"""HTTP details of the feed server: Accept-Encoding q-values, 405 with Allow for writes, and a
Last-Modified that survives a restart as the ETag does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from brs_coord.clock import FixedClock
from brs_coord.server import build_feed_app
from brs_coord.server.app import RUNNER_ARGS, accepts_gzip
from brs_coord.services import Services


@pytest.fixture
async def client(demo_services: Services) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(build_feed_app(demo_services), **RUNNER_ARGS)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        ("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.8", True), ("*", True),
        ("gzip;q=0", False), ("gzip; q=0.000", False), ("identity", False), ("", False),
        ("*;q=0.5", True), ("*, gzip;q=0", False), ("GZIP", True), ("x-gzip", True),
    ],
)
def test_accept_encoding_reads_q_values(header: str, gzip: bool) -> None:
    assert accepts_gzip(header) is gzip


async def test_gzip_refused_by_q_zero_gets_identity(client: TestClient) -> None:
    refused = await client.get(
        "/calendars/all.ics", headers={"Accept-Encoding": "gzip;q=0"}, auto_decompress=False
    )
    assert refused.status == 200 and "Content-Encoding" not in refused.headers
    assert (await refused.read()).startswith(b"BEGIN:VCALENDAR")
    asked = await client.get("/calendars/all.ics", headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    assert asked.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/", "/calendars/all.ics", "/feed.ics", "/nowhere"])
async def test_writes_are_405_with_allow(client: TestClient, method: str, path: str) -> None:
    response = await client.request(method, path)
    assert response.status == 405
    assert response.headers["Allow"] == "GET, HEAD"


async def test_last_modified_survives_a_restart(demo_services: Services, clock: FixedClock) -> None:
    seen: list[tuple[str, str]] = []
    for _ in range(2):  # two server processes over the same store, the second started 20 minutes later
        clock.advance(timedelta(minutes=10))
        app = build_feed_app(demo_services)
        async with TestClient(TestServer(app, **RUNNER_ARGS)) as test_client:
            response = await test_client.get("/calendars/kind-webinar.ics")
            seen.append((response.headers["ETag"], response.headers["Last-Modified"]))
    assert seen[0] == seen[1]
