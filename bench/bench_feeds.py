"""iCalendar feeds: export at 10k and 100k events, beside a naive icalendar export and a bare writer;
the feed server beside nginx (one worker) under `wrk -t1 -c32 -d10s` on loopback.

- ``feeds.all.cached``: all.ics (10k) from the per-event VEVENT cache, file written; baseline: a
  minimal hand-written serialiser of the same (preloaded) events, file written. Target ≤ 3×.
- ``feeds.naive.all`` / ``feeds.naive.export``: icalendar from scratch (Event.new per event,
  add_missing_timezones, to_ical) for all.ics / for every feed; baseline: our export.
- ``feeds.export.after-edit``: the whole export (73 feeds + index + feeds.json) after one edit.
- ``feeds.export.warm`` / ``feeds.export.cold``: the whole export with a warm / empty cache.
- ``server.304`` / ``server.full``: requests per second; baseline: nginx serving the exported file.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.harness import BenchContext, NotAvailable, Reading, benchmark

WRK_ARGS = ["-t1", "-c32", "-d10s"]


def _window_events(services: Any) -> list[Any]:
    from brs_coord.domain import EventQuery, Status, TimeScope

    start = services.clock.now() - timedelta(days=90)
    events = services.find(EventQuery(scope=TimeScope.ALL, starts_from=start, limit=None))
    grace = services.clock.now() - timedelta(days=14)
    return [e for e in events if e.status is not Status.CANCELLED or (e.status_changed_at or grace) > grace]


def bare_calendar(events: list[Any]) -> bytes:
    """The lower bound: a minimal writer (UTC times, escaped summary, no folding, no zones)."""
    parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//bare//EN\r\n"]
    for e in events:
        title = e.title.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        parts.append(
            f"BEGIN:VEVENT\r\nUID:{e.uid}\r\nDTSTAMP:{e.updated_at:%Y%m%dT%H%M%SZ}\r\n"
            f"DTSTART:{e.starts_at:%Y%m%dT%H%M%SZ}\r\nDTEND:{e.ends_at:%Y%m%dT%H%M%SZ}\r\n"
            f"SUMMARY:{title}\r\nEND:VEVENT\r\n"
        )
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")


def naive_calendar(events: list[Any], title: str) -> bytes:
    """The naive way: every event through icalendar objects, every time."""
    from zoneinfo import ZoneInfo

    import icalendar

    calendar = icalendar.Calendar.new(name=title)
    calendar.add("method", "PUBLISH")
    for e in events:
        zone = ZoneInfo(e.timezone)
        event = icalendar.Event.new(
            uid=e.uid, summary=e.title, description=e.description, stamp=e.updated_at,
            start=e.starts_at.astimezone(zone), end=e.ends_at.astimezone(zone), location=e.location,
            sequence=e.version - 1,
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(body)


def bare_writer(ctx: BenchContext) -> Callable[[], object]:
    services = ctx.services("10k")
    events = _window_events(services)
    path = ctx.work_dir / "bare-all.ics"
    return lambda: _write(path, bare_calendar(events))


@benchmark("feeds.all.cached", figure="all.ics from cached VEVENTs, written", size="10k",
           target="≤ 3× bare writer", baseline=bare_writer, repeat=20)
def all_cached(ctx: BenchContext) -> Callable[[], object]:
    services = ctx.services("10k", copy=True)
    services.feeds.build_all()  # fills the VEVENT cache
    path = ctx.work_dir / "all.ics"
    ctx.note(f"all.ics at 10k: {len(services.feeds.feed('all').body) / 1e6:.1f} MB")
    return lambda: _write(path, services.feeds.feed("all").body)


def _export_once(ctx: BenchContext, size: str) -> Reading:
    services = ctx.services(size, copy=True)
    out = ctx.work_dir / f"export-{size}"
    started = time.perf_counter()
    services.feeds.export(out)
    return Reading.of(time.perf_counter() - started)


def export_warm_10k(ctx: BenchContext) -> Callable[[], object]:
    return _export_warm(ctx, "10k")


@benchmark("feeds.naive.all", figure="all.ics with icalendar from scratch, written", size="10k",
           target="(comparison)", baseline=all_cached)
def naive_all(ctx: BenchContext) -> Reading:
    services = ctx.services("10k")
    events = _window_events(services)
    started = time.perf_counter()
    _write(ctx.work_dir / "naive-all.ics", naive_calendar(events, "all"))
    return Reading.of(time.perf_counter() - started)


@benchmark("feeds.naive.export", figure="every feed with icalendar from scratch", size="10k",
           target="(comparison)", baseline=export_warm_10k)
def naive_export(ctx: BenchContext) -> Reading:
    services = ctx.services("10k")
    events = _window_events(services)
    out = ctx.work_dir / "naive"
    out.mkdir(exist_ok=True)
    specs = services.feeds.specs()
    started = time.perf_counter()
    for spec in specs:
        if spec.facet is None:
            chosen = events
        elif spec.facet == "kinds":
            chosen = [e for e in events if e.kind == spec.slug]
        elif spec.facet == "programmes":
            chosen = [e for e in events if e.programme == spec.slug]
        else:
            chosen = [e for e in events if spec.slug in getattr(e, spec.facet)]
        _write(out / spec.filename, naive_calendar(chosen, spec.title))
    return Reading.of(time.perf_counter() - started)


def _export_warm(ctx: BenchContext, size: str) -> Callable[[], object]:
    services = ctx.services(size, copy=True)
    out = ctx.work_dir / f"warm-{size}"
    services.feeds.export(out)
    return lambda: services.feeds.export(out)


@benchmark("feeds.export.warm.10k", figure="whole export, nothing changed", size="10k", target="", repeat=10)
def export_warm(ctx: BenchContext) -> Callable[[], object]:
    return _export_warm(ctx, "10k")


@benchmark("feeds.export.warm.100k", figure="whole export, nothing changed", size="100k", target="",
           repeat=3, warmup=1)
def export_warm_100k(ctx: BenchContext) -> Callable[[], object]:
    return _export_warm(ctx, "100k")


@benchmark("feeds.export.cold.10k", figure="whole export, empty VEVENT cache", size="10k", target="")
def export_cold(ctx: BenchContext) -> Reading:
    return _export_once(ctx, "10k")


@benchmark("feeds.export.cold.100k", figure="whole export, empty VEVENT cache", size="100k", target="")
def export_cold_100k(ctx: BenchContext) -> Reading:
    return _export_once(ctx, "100k")


@benchmark("feeds.export.after-edit", figure="whole export after one edit", size="10k", target="< 100 ms")
def export_after_edit(ctx: BenchContext) -> Reading:
    services = ctx.services("10k", copy=True)
    out = ctx.work_dir / "edit"
    services.feeds.export(out)
    events = [e for e in _window_events(services) if e.status.value in {"planned", "confirmed"}][:12]
    samples: list[float] = []
    for index, event in enumerate(events):
        services.clock.advance(timedelta(seconds=1))
        services.scheduling.update(
            event.id, replace(event.data(), title=f"{event.title} (edit {index})"),
            expected_version=event.version,
        )
        started = time.perf_counter()
        report = services.feeds.export(out)
        samples.append(time.perf_counter() - started)
    ctx.note(f"after one edit: {len(report.written)} files rewritten, {len(report.unchanged)} unchanged")
    return Reading.of(*samples[2:])


# ---- the server beside nginx --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise NotAvailable(f"nothing listens on port {port}")


def _ensure_tools(*names: str) -> None:
    missing = [n for n in names if shutil.which(n) is None and not Path(f"/usr/sbin/{n}").exists()]
    if missing and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], capture_output=True, check=False)
        missing = [n for n in names if shutil.which(n) is None and not Path(f"/usr/sbin/{n}").exists()]
    if missing:
        raise NotAvailable(f"{', '.join(missing)} not installed (apt-get install -y nginx wrk)")


def _wrk(url: str, headers: dict[str, str]) -> float:
    args = ["wrk", *WRK_ARGS]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not found:
        raise NotAvailable(f"cannot read wrk output: {output[-200:]}")
    return float(found.group(1))


def _etag(url: str, headers: dict[str, str]) -> str:
    import urllib.request

    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request) as response:
        response.read()
        return str(response.headers["ETag"])


SERVER_SCRIPT = """
import asyncio, sys
from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.server import start_feed_server
from brs_coord.services import build_services
from bench.scale import REFERENCE_NOW
from pathlib import Path

async def main():
    services = build_services(Settings(db_path=Path(sys.argv[1])), FixedClock(REFERENCE_NOW))
    await start_feed_server(services, "127.0.0.1", int(sys.argv[2]), access_log=False)
    await asyncio.Event().wait()

asyncio.run(main())
"""


def _spawn_ours(ctx: BenchContext, size: str) -> tuple[subprocess.Popen[bytes], str]:
    """Our feed server on a copy of a scale database; its process and the URL of all.ics."""
    port = _free_port()
    db = ctx.copy_database(size)
    process = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT, str(db), str(port)],
                               cwd=Path(__file__).resolve().parent.parent)
    ctx.on_close(lambda: (process.terminate(), process.wait(10)))
    _wait_port(port)
    url = f"http://127.0.0.1:{port}/calendars/all.ics"
    _etag(url, {"Accept-Encoding": "identity"})  # first build
    return process, url


def _start_ours(ctx: BenchContext, size: str) -> str:
    return _spawn_ours(ctx, size)[1]


def _start_nginx(ctx: BenchContext, size: str) -> str:
    services = ctx.services(size, copy=True)
    root = Path(tempfile.mkdtemp(dir=ctx.work_dir))
    (root / "calendars").mkdir()
    for folder in (ctx.work_dir, root, root / "calendars"):
        folder.chmod(0o755)  # nginx workers run as an unprivileged user
    (root / "calendars" / "all.ics").write_bytes(services.feeds.feed("all").body)
    port = _free_port()
    conf = root / "nginx.conf"
    conf.write_text(
        "worker_processes 1; pid nginx.pid; error_log stderr error;\n"
        "events { worker_connections 1024; }\n"
        "http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;\n"
        "  types { text/calendar ics; }\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; }} }}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen([nginx, "-p", str(root), "-c", str(conf), "-g", "daemon off;"])
    ctx.on_close(lambda: (process.terminate(), process.wait(10)))
    _wait_port(port)
    return f"http://127.0.0.1:{port}/calendars/all.ics"


def _rps(ctx: BenchContext, start: Callable[[BenchContext, str], str], conditional: bool) -> Reading:
    _ensure_tools("nginx", "wrk")
    url = start(ctx, "10k")
    headers = {"Accept-Encoding": "identity"}
    if conditional:
        headers["If-None-Match"] = _etag(url, headers)
    return Reading.of(_wrk(url, headers), unit="req/s")


def nginx_304(ctx: BenchContext) -> Reading:
    return _rps(ctx, _start_nginx, True)


def nginx_full(ctx: BenchContext) -> Reading:
    return _rps(ctx, _start_nginx, False)


@benchmark("server.304", figure="conditional GET answered 304 (wrk -t1 -c32)", size="10k",
           target="≥ 0.2× nginx", baseline=nginx_304)
def server_304(ctx: BenchContext) -> Reading:
    return _rps(ctx, _start_ours, True)


@benchmark("server.full", figure="full all.ics, 10k events (wrk -t1 -c32)", size="10k",
           target="(comparison)", baseline=nginx_full)
def server_full(ctx: BenchContext) -> Reading:
    return _rps(ctx, _start_ours, False)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise NotAvailable("no VmRSS in /proc")


def _fetch_distinct_feeds(port: int, start: int, count: int) -> None:
    """``count`` filtered feeds under ever new cache keys (a repeated value makes a new key)."""
    import asyncio

    async def fetch() -> None:
        limit = asyncio.Semaphore(20)

        async def one(index: int) -> None:
            target = f"/feed.ics?lang=en{',en' * (index % 300)}{'%20' * (index // 300)}"
            async with limit:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                await reader.read()
                writer.close()

        await asyncio.gather(*(one(i) for i in range(start, start + count)))

    asyncio.run(fetch())


@benchmark("server.rss.lru", figure="feed server RSS growth, 1200 more distinct feeds after the cache "
           "turned over", size="1k", target="< 60 MB")
def server_rss_lru(ctx: BenchContext) -> Reading:
    process, url = _spawn_ours(ctx, "1k")
    port = int(url.split(":")[2].split("/")[0])
    _fetch_distinct_feeds(port, 0, 1200)  # the 512-entry cache is full and has turned over once
    warmed = _rss_mb(process.pid)
    _fetch_distinct_feeds(port, 1200, 1200)
    return Reading.of(_rss_mb(process.pid) - warmed, unit="MB", note=f"{warmed:.0f} MB after the first 1200")

