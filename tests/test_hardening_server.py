"""Hardening (feed server): `brs-coord serve` as a real process on 127.0.0.1, attacked with raw HTTP.

Raw sockets, because HTTP clients normalise the very paths (``..``, ``%2e``, backslashes) under test.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import ROOT, brs_argv

pytestmark = pytest.mark.hardening


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    db: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("hardening-server")
    db = folder / "brs.db"
    db.write_bytes(demo_template.read_bytes())
    log = folder / "serve.log"
    port = _free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            brs_argv("--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)),
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "BRS_TZ": "Europe/Zurich", "BRS_LOG_LEVEL": "WARNING"},
        )
    deadline = time.monotonic() + 30
    while b"Serving" not in log.read_bytes():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    running = Server(process, port, db, log)
    assert raw(running, b"GET /calendars/all.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[0] == 200
    yield running
    process.terminate()
    process.wait(timeout=10)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def raw(server: Server, request: bytes, timeout: float = 10.0) -> tuple[int, bytes]:
    """Send bytes, read the whole answer; (status, body). Status 0 when the server just closed."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as conn:
        conn.sendall(request)
        chunks: list[bytes] = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        return 0, b""
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def get(server: Server, target: str | bytes) -> tuple[int, bytes]:
    path = target.encode("latin-1") if isinstance(target, str) else target
    return raw(server, b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")


TRAVERSALS = [
    "/calendars/../brs.db", "/calendars/%2e%2e/brs.db", "/calendars/%2e%2e%2fbrs.db", "/%2e%2e%2fbrs.db",
    "/calendars/%252e%252e%252fbrs.db", "/calendars/..%5cbrs.db", "/calendars/..\\brs.db", "/..\\brs.db",
    "/calendars/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/calendars/..%2f..%2f..%2fetc%2fpasswd",
    "/calendars/all.ics%00.db", "/calendars/%00", "/calendars/all.ics%00", "/u/..%2f..%2fbrs.db",
    "/u/%2e%2e%2f%2e%2e%2fbrs.db.ics", "/events/..%2f..%2fbrs.db.ics", "/events/....%2f%2fbrs.db.ics",
    "//etc/passwd", "/./brs.db", "/brs.db", "/brs.db-wal", "/calendars/brs.db",
    "/calendars/.feeds-state.json",
    "/static/../../brs.db", "/calendars/%c0%ae%c0%ae/brs.db", "/calendars/..%c0%afbrs.db",
    "/calendars/%uff0e%uff0e/brs.db", "/calendars/..;/brs.db", "/calendars/all.ics/../../brs.db",
    "/events/%2e%2e.ics", "/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%00.ics",
]  # fmt: skip


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_and_encoded_variants_find_nothing(server: Server, path: str) -> None:
    status, body = get(server, path)
    assert status in (400, 404), (path, status, body[:200])
    assert b"SQLite format" not in body and b"root:" not in body


def test_nul_and_raw_bytes_in_the_path(server: Server) -> None:
    for target in (b"/calendars/\x00brs.db", b"/calendars/\xff\xfe.ics", b"/\x1b[2J", b"/calendars/a b.ics"):
        status, body = get(server, target)
        assert status in (0, 400, 404), (target, status)
        assert b"SQLite format" not in body


def test_huge_and_malformed_query_strings(server: Server) -> None:
    cases = {
        "/feed.ics?q=" + "a" * 3000: {414},
        "/feed.ics?q=" + "a" * 20_000: {400, 414},
        "/" + "a" * 70_000: {400, 414},
        "/feed.ics?" + "&".join(f"kind=webinar{i}" for i in range(400)): {400, 414},
        "/feed.ics?%zz=1": {400},
        "/feed.ics?kind=%ff%fe": {400},
        "/feed.ics?=&&&=": {200, 400},
        "/feed.ics?kind=": {200, 400},
        "/feed.ics?kind=webinar&kind=webinar,workshop": {200},
        "/feed.ics?kind[]=webinar": {400},
        "/feed.ics?kind=webinar%00": {400},
        "/feed.ics?kind=" + ",".join(["webinar"] * 25): {200, 400},
        "/feed.ics?kind=" + ",".join(f"k{i}" for i in range(25)): {400},
        "/feed.ics?q=%22NEAR(%27%20OR%20*": {200},
        "/feed.ics?q=%0d%0aX-Injected:%201": {200},
    }
    for target, expected in cases.items():
        status, body = get(server, target)
        assert status in expected, (target[:80], status, body[:200])
        assert not any(line.startswith(b"X-Injected") for line in body.split(b"\r\n"))
    assert get(server, "/calendars/all.ics")[0] == 200


def test_malformed_requests_get_4xx_and_the_server_stays_up(server: Server) -> None:
    # Each request with the statuses it may get (0: the server just closed the connection).
    requests: list[tuple[bytes, set[int]]] = [
        (b"GARBAGE\r\n\r\n", {0, 400}),
        (b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", {400, 505}),
        (b"GET /calendars/all.ics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n", {400, 431}),
        (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n", {400}),
        (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n",
         {400}),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(64)), {0, 400}),  # a TLS hello
        # A long but well-formed header (8 kB of ETags, none matching): served, or refused as too big.
        (b"GET /feed.ics?kind=webinar HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIf-None-Match: "
         + b'"x",' * 2000 + b"\r\n\r\n", {200, 400, 431}),
        (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 500 + b"Connection: close\r\n\r\n", {400, 431}),
    ]
    for request, expected in requests:
        status, _ = raw(server, request)
        assert status in expected, (request[:60], status, expected)
        assert server.process.poll() is None, "the server died"
    assert get(server, "/")[0] == 200


def test_200_concurrent_clients_are_all_served_in_bounded_time(server: Server) -> None:
    async def one(index: int) -> int:  # each client from its own loopback address (a cap per address)
        source = (f"127.0.{index // 200 + 1}.{index % 200 + 1}", 0)
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port, local_addr=source)
        target = ["/calendars/all.ics", "/feed.ics?kind=webinar", "/", "/feeds.json"][index % 4]
        writer.write(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
        writer.close()
        return int(data.split(b" ", 2)[1])

    async def all_of_them() -> list[int]:
        return await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(200))), timeout=60)

    started = time.monotonic()
    statuses = asyncio.run(all_of_them())
    elapsed = time.monotonic() - started
    assert statuses.count(200) == 200, statuses
    assert elapsed < 60


def test_slow_readers_and_slow_writers_do_not_block_others(server: Server) -> None:
    stalled: list[socket.socket] = []
    try:
        for _ in range(20):  # ask for the biggest feed and never read it
            conn = socket.create_connection(("127.0.0.1", server.port))
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            conn.sendall(b"GET /calendars/all.ics HTTP/1.1\r\nHost: x\r\n\r\n")
            stalled.append(conn)
        for _ in range(20):  # send half a request line and stop
            conn = socket.create_connection(("127.0.0.1", server.port))
            conn.sendall(b"GET /calendars/all.ics HT")
            stalled.append(conn)
        time.sleep(0.5)
        for _ in range(10):  # a server held up by them would not answer within get()'s 10 s timeout
            assert get(server, "/feed.ics?kind=workshop")[0] == 200
    finally:
        for conn in stalled:
            conn.close()


@pytest.mark.slow
def test_many_distinct_feeds_keep_the_server_answering(server: Server) -> None:
    """1,100 distinct filtered feeds turn the 512-entry cache over twice; the server goes on answering.

    How much memory that takes is measured in bench/ (server.rss.lru), not asserted here.
    """

    async def fetch(targets: list[str]) -> None:
        limit = asyncio.Semaphore(20)

        async def one(target: str) -> None:
            async with limit:
                reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
                writer.write(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                await reader.read()
                writer.close()

        await asyncio.gather(*(one(t) for t in targets))

    # The same big feed under ever new cache keys (a repeated value makes a new key).
    def targets(start: int, count: int) -> list[str]:
        return [f"/feed.ics?lang=en{',en' * (i % 300)}{'%20' * (i // 300)}"
                for i in range(start, start + count)]

    asyncio.run(fetch(targets(0, 1100)))
    assert server.process.poll() is None
    assert get(server, targets(1100, 1)[0].encode())[0] == 200
