"""Hardening (feed server): slowloris. A request head must arrive within a time limit, one address
holds a capped number of connections, refusals and failed accepts are one log line per interval.

In-process servers on loopback with short limits; one `brs-coord serve` process at a low file limit.
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
import socket
import subprocess
import time
from pathlib import Path

import pytest

from brs_coord.server import start_feed_server
from brs_coord.server.guard import ConnectionGuard, ThrottledLog
from brs_coord.services import Services
from tests.processes import ROOT, brs_argv
from tests.test_hardening_server import _free_port

pytestmark = pytest.mark.hardening
GET = b"GET /calendars/all.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


async def _status(port: int, source: str = "127.0.0.1", request: bytes = GET) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    writer.write(request)
    data = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return int(data.split(b" ", 2)[1])


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    """True when the server closes the connection (EOF, reset, or a broken pipe: the dribbler was
    still writing when it closed) within ``seconds``."""
    try:
        return await asyncio.wait_for(reader.read(), seconds) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def _refusals(caplog: pytest.LogCaptureFixture, kind: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "brs_coord.server.guard" and kind in r.getMessage()]


async def test_a_head_not_complete_in_time_is_closed_others_are_served(
    demo_services: Services, unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    guard = ConnectionGuard(header_timeout=0.5, per_address=64)
    runner = await start_feed_server(
        demo_services, "127.0.0.1", unused_tcp_port, access_log=False, guard=guard
    )
    try:
        with caplog.at_level(logging.WARNING, logger="brs_coord.server.guard"):
            silent = await asyncio.open_connection("127.0.0.1", unused_tcp_port)  # says nothing
            half = await asyncio.open_connection("127.0.0.1", unused_tcp_port)
            half[1].write(b"GET /calendars/all.ics HT")
            dribble = await asyncio.open_connection("127.0.0.1", unused_tcp_port)

            async def drip() -> None:  # a byte every 0.1 s: busy, but never a whole head
                for byte in b"GET / HTTP/1.1\r\nX-Slow: " + b"a" * 100:
                    dribble[1].write(bytes([byte]))
                    await asyncio.sleep(0.1)

            dripping = asyncio.create_task(drip())
            assert await _status(unused_tcp_port) == 200  # served meanwhile
            # the dribble would take 11.5 s to send its head: closed well before that, it was the
            # head's time limit (0.5 s) that closed it (5 s of slack for a loaded machine)
            closed = await asyncio.gather(*(_closed_within(r, 5) for r, _ in (silent, half, dribble)))
            dripping.cancel()
            # a complete head in time, then a second one on the same connection: both answered
            keep = b"GET /feeds.json HTTP/1.1\r\nHost: x\r\n\r\n"
            reader, writer = await asyncio.open_connection("127.0.0.1", unused_tcp_port)
            writer.write(keep + GET)
            both = await asyncio.wait_for(reader.read(), 10)
            writer.close()
    finally:
        await runner.cleanup()
    assert closed == [True, True, True]
    assert both.count(b"HTTP/1.1 200") == 2
    lines = _refusals(caplog, "request head not complete in time")
    assert len(lines) == 1, lines  # three closed, one line (the next after the interval)
    assert guard.open == {}, "every connection counted out again"


async def test_one_address_holds_at_most_the_cap_others_are_served(
    demo_services: Services, unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    guard = ConnectionGuard(header_timeout=30, per_address=5)
    runner = await start_feed_server(
        demo_services, "127.0.0.1", unused_tcp_port, access_log=False, guard=guard
    )
    held = []
    try:
        with caplog.at_level(logging.WARNING, logger="brs_coord.server.guard"):
            same = ("127.0.0.7", 0)
            for _ in range(5):
                held.append(await asyncio.open_connection("127.0.0.1", unused_tcp_port, local_addr=same))
            await asyncio.sleep(0.1)
            extra = [await asyncio.open_connection("127.0.0.1", unused_tcp_port, local_addr=same)
                     for _ in range(20)]
            refused = await asyncio.gather(*(_closed_within(r, 2) for r, _ in extra))
            other = await _status(unused_tcp_port, "127.0.0.8")
            for _, writer in held[:1]:  # one of the five leaves: the address may connect again
                writer.close()
            await asyncio.sleep(0.2)
            again = await _status(unused_tcp_port, "127.0.0.7")
    finally:
        for _, writer in held:
            writer.close()
        await runner.cleanup()
    assert refused == [True] * 20
    assert other == 200 and again == 200
    lines = _refusals(caplog, "too many connections from one address")
    assert len(lines) == 1 and "127.0.0.7 has 5 open" in lines[0], lines


def test_the_throttled_log_is_one_line_per_kind_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    throttled = ThrottledLog(interval=60, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="brs_coord.server.guard"):
        logged = [throttled.note("a", "first"), *(throttled.note("a", "x") for _ in range(99))]
        logged.append(throttled.note("b", "another kind"))
        now[0] = 61
        logged.append(throttled.note("a", "later"))
    assert logged.count(True) == 3
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["connection refused: a (first)", "connection refused: b (another kind)",
                     "connection refused: a (later) (99 more since the last such line)"]


def _limit_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (120, 120))


@pytest.mark.slow
def test_at_the_file_limit_accepts_fail_in_one_line_and_the_server_recovers(
    tmp_path: Path, demo_template: Path
) -> None:
    """`serve` at a 120-file limit; 200 silent connections from 200 addresses exhaust it. asyncio's
    failed accepts (one a second) are one line, not a traceback each; once the guard has closed
    the silent ones (10 s head limit) the server answers again."""
    db = tmp_path / "brs.db"
    db.write_bytes(demo_template.read_bytes())
    log, port = tmp_path / "serve.log", _free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            brs_argv("--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)),
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_limit_files,
            env={**os.environ, "BRS_LOG_LEVEL": "WARNING"},
        )
    silent: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 30
        while b"Serving" not in log.read_bytes():
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        for index in range(200):
            conn = socket.socket()
            conn.bind((f"127.0.{index // 200 + 2}.{index % 200 + 1}", 0))
            conn.connect(("127.0.0.1", port))  # the kernel completes it; the server may not accept
            silent.append(conn)
        time.sleep(4)  # several accept retries (asyncio tries again every second)
        started = time.monotonic()
        status = None
        while status is None and time.monotonic() - started < 30:
            try:
                status = asyncio.run(_status(port, "127.0.9.9"))
            except (OSError, TimeoutError, IndexError):
                time.sleep(0.5)
        recovered = time.monotonic() - started
    finally:
        for conn in silent:
            conn.close()
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text(errors="replace")
    assert status == 200, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    accepts = [line for line in text.splitlines() if "cannot accept" in line]
    assert len(accepts) == 1, text[-3000:]
    print(f"\nfile limit 120, 200 silent connections: {len(text.splitlines())} log lines,"
          f" answering again after {recovered:.1f} s")
