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
    import inspect  # as `brs-coord serve` opens its store (reads_all: SQLite's own page cache)
    serve = {"reads_all": True} if "reads_all" in inspect.signature(build_services).parameters else {}
    services = build_services(Settings(db_path=Path(sys.argv[1])), FixedClock(REFERENCE_NOW), **serve)
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



# ---- the feed server at 100k: memory, latency during a rebuild, edit to visible -------------------
# "before" is the server at BEFORE_COMMIT, run from that commit's sources in the same run; "after" is
# this checkout.

# land before feeds5 (override: BENCH_FEEDS_BEFORE); f4b620b was main before feeds4; ee2a2eb and
# the earlier 5e612b4 (before the off-request-path rebuild) can no longer open today's scale databases
BEFORE_COMMIT = "9752314"
EDITS = 3
_RUNS: dict[str, dict[str, float]] = {}


def _sources(ctx: BenchContext, which: str) -> Path:
    """The package sources to run: this checkout ("after") or the ``before`` commit's, extracted."""
    root = Path(__file__).resolve().parent.parent
    if which == "after":
        return root
    commit = os.environ.get("BENCH_FEEDS_BEFORE", BEFORE_COMMIT)
    target = ctx.work_dir / f"src-{commit}"
    if not target.exists():
        target.mkdir()
        archive = subprocess.run(["git", "-C", str(root), "archive", commit, "brs_coord", "bench"],
                                 capture_output=True, check=False)
        if archive.returncode != 0:
            raise NotAvailable(f"cannot read commit {commit}: {archive.stderr.decode()[-200:]}")
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _environment(sources: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(sources)}


MIGRATE_SCRIPT = """
import sys
from pathlib import Path
from brs_coord.clock import FixedClock
from brs_coord.store import open_store
from bench.scale import REFERENCE_NOW

open_store(Path(sys.argv[1]), FixedClock(REFERENCE_NOW)).close()
"""


def _migrated_copy(ctx: BenchContext, sources: Path) -> Path:
    """A copy of the 100k database brought to the schema of ``sources`` in a process of its own, so
    that the process measured next (server, export) does not count a one-off migration of 100k
    events (m011 rewrites every event's search forms) in its peak memory or time."""
    db = ctx.copy_database("100k")
    done = subprocess.run([sys.executable, "-c", MIGRATE_SCRIPT, str(db)], cwd=sources,
                          env=_environment(sources), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NotAvailable(f"cannot migrate the database copy: {done.stderr[-300:]}")
    return db


def _status_mb(pid: int, field_name: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024
    raise NotAvailable(f"no {field_name} in /proc")


class _Client:
    """One keep-alive connection; each request's latency is recorded."""

    def __init__(self, port: int) -> None:
        import http.client

        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.latencies: list[float] = []

    def get(self, path: str, **headers: str) -> tuple[int, str]:
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Accept-Encoding": "gzip", **headers})
        response = self.connection.getresponse()
        response.read()
        self.latencies.append(time.perf_counter() - started)
        return response.status, str(response.getheader("ETag"))


def _server_run(ctx: BenchContext, which: str) -> dict[str, float]:
    """Serve the 100k database, fetch every catalogue feed, then edit ``EDITS`` events while a
    client asks for feeds in a loop: RSS steady/peak, worst latency, edit-to-visible seconds."""
    if which in _RUNS:
        return _RUNS[which]
    import threading

    sources = _sources(ctx, which)
    port = _free_port()
    db = _migrated_copy(ctx, sources)
    process = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT, str(db), str(port)], cwd=sources,
                               env=_environment(sources))
    ctx.on_close(lambda: (process.terminate(), process.wait(10)))
    _wait_port(port)
    client = _Client(port)
    client.get("/calendars/all.ics")  # waits for the first build
    # a copy: this checkout would migrate the shared scale database, which the baseline then cannot open
    names = [spec.filename for spec in ctx.services("100k", copy=True).feeds.specs()]
    for name in names:
        client.get(f"/calendars/{name}")
    client.get("/calendars/all.ics", **{"Accept-Encoding": "identity"})
    steady = _status_mb(process.pid, "VmRSS")
    from brs_coord.config import Settings
    from brs_coord.services import build_services

    editor = build_services(Settings(db_path=db, staff_name="bench"), ctx.clock)
    ctx.on_close(editor.close)
    events = [e for e in _window_events(editor) if e.status.value in {"planned", "confirmed"}][:EDITS]
    loop_client = _Client(port)
    stop = threading.Event()

    def ask() -> None:
        turn = 0
        while not stop.is_set():
            loop_client.get(f"/calendars/{names[turn % len(names)]}")
            turn += 1

    asker = threading.Thread(target=ask)
    asker.start()
    visible: list[float] = []
    try:
        for index, event in enumerate(events):
            _, before = client.get("/calendars/all.ics")
            editor.scheduling.update(event.id, replace(event.data(), title=f"{event.title} (bench {index})"),
                                     expected_version=event.version)
            edited = time.perf_counter()
            while client.get("/calendars/all.ics")[1] == before and time.perf_counter() - edited < 120:
                time.sleep(0.05)
            visible.append(time.perf_counter() - edited)
            time.sleep(1.0)
    finally:
        stop.set()
        asker.join()
    worst = max(loop_client.latencies)
    ordered = sorted(loop_client.latencies)
    _RUNS[which] = {
        "steady": steady, "peak": _status_mb(process.pid, "VmHWM"), "worst": worst,
        "p99": ordered[round(0.99 * (len(ordered) - 1))], "requests": len(ordered),
        "visible": max(visible), "visible_median": sorted(visible)[len(visible) // 2],
    }
    return _RUNS[which]


def _server_figure(which: str, key: str, unit: str) -> Callable[[BenchContext], Reading]:
    def measure(ctx: BenchContext) -> Reading:
        run = _server_run(ctx, which)
        note = (f"{which}: {run['requests']:.0f} requests during {EDITS} edits, "
                f"p99 {run['p99'] * 1e3:.0f} ms; edit visible median {run['visible_median']:.1f} s")
        return Reading.of(run[key], unit=unit, note=note)

    return measure


for _key, _name, _figure, _unit, _target in (
    ("steady", "server.100k.rss.steady", "feed server RSS, every feed served once", "MB", "≤ 250 MB"),
    ("peak", "server.100k.rss.peak", "feed server peak RSS (VmHWM) over start and edits", "MB", "≤ 250 MB"),
    ("worst", "server.100k.latency.rebuild", "slowest catalogue request while edits are rebuilt", "s",
     "< 200 ms"),
    ("visible", "server.100k.edit.visible", "edit → changed all.ics ETag served (worst of 3)", "s", "≤ 5 s"),
):
    benchmark(_name, figure=_figure + " (baseline: before)", size="100k", target=_target,
              baseline=_server_figure("before", _key, _unit))(_server_figure("after", _key, _unit))


EXPORT_SCRIPT = """
import resource, sys, time
from pathlib import Path
from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.services import build_services
from bench.scale import REFERENCE_NOW

def peak_mb():
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

# a new process's ru_maxrss starts at the forking process's (the bench's): count from this one's RSS
Path("/proc/self/clear_refs").write_text("5")
services = build_services(Settings(db_path=Path(sys.argv[1]), staff_name="bench"), FixedClock(REFERENCE_NOW))
started = time.perf_counter()
services.feeds.export(Path(sys.argv[2]))
children = resource.getrusage(resource.RUSAGE_CHILDREN)  # VEVENT workers, if any
print(children.ru_maxrss / 1024, children.ru_utime + children.ru_stime)
print(time.perf_counter() - started, peak_mb())
"""
_EXPORTS: dict[str, tuple[float, float]] = {}
_WORKERS: dict[str, tuple[float, float]] = {}  # the largest worker's peak RSS (MB), the workers' CPU (s)


def _cold_export(ctx: BenchContext, which: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a whole export at 100k with an empty VEVENT cache, in its own process."""
    if which not in _EXPORTS:
        sources = _sources(ctx, which)
        out = ctx.work_dir / f"cold-export-{which}"
        command = [sys.executable, "-c", EXPORT_SCRIPT, str(_migrated_copy(ctx, sources)), str(out)]
        result = subprocess.run(command, cwd=sources, env=_environment(sources), capture_output=True,
                                text=True, check=True)
        worker_peak, worker_cpu, seconds, peak = result.stdout.split()[-4:]
        _EXPORTS[which] = (float(seconds), float(peak))
        _WORKERS[which] = (float(worker_peak), float(worker_cpu))
    return _EXPORTS[which]


def _export_figure(which: str, position: int, unit: str) -> Callable[[BenchContext], Reading]:
    def measure(ctx: BenchContext) -> Reading:
        figure = _cold_export(ctx, which)[position]
        worker_peak, worker_cpu = _WORKERS[which]
        note = (f"{which}: VEVENT workers' CPU {worker_cpu:.1f} s, largest worker peak RSS"
                f" {worker_peak:.0f} MB (pages shared with the exporter counted again)" if worker_cpu else "")
        return Reading.of(figure, unit=unit, note=note)

    return measure


benchmark("feeds.export.cold.100k.process", figure="cold export in its own process (baseline: before)",
          size="100k", target="≤ 5 s",
          baseline=_export_figure("before", 0, "s"))(_export_figure("after", 0, "s"))
benchmark("feeds.export.cold.100k.peak", figure="cold export peak RSS (baseline: before)", size="100k",
          target="≤ 400 MB", baseline=_export_figure("before", 1, "MB"))(_export_figure("after", 1, "MB"))
