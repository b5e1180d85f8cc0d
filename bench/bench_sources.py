"""Partner-calendar sync (issue 20) of a generated 5,000-event .ics feed served over loopback http.

- ``sources.first``: the first sync of a trusted source (every event created through the
  scheduling service, linked, its provenance noted; one new-event digest per subscriber), over a
  copy of the 1k scale database. Baseline: ``parse_ics`` of the same body alone (what reading the
  feed costs, beside reconciling and writing it).
- ``sources.first.memory``: the peak of Python allocations (tracemalloc) during that first sync,
  on a second copy (tracemalloc slows what it watches, so not in the timed run). Baseline: the feed
  body's size.
- ``sources.changed``: a re-sync after the partner moved and retitled 500 of the events and bumped
  their SEQUENCE (a new ETag): 500 updated, 4,500 unchanged.
- ``sources.304``: a conditional re-sync: the server answers ``304 Not Modified`` to the stored
  ETag and sends no body. Baseline: the same re-sync when the server ignores ``If-None-Match``
  (the whole feed sent again, every event compared, nothing changed).

Bytes sent by the server on each request are counted and printed in the notes.
"""

from __future__ import annotations

import hashlib
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.harness import BenchContext, Reading, benchmark

SIZE = "1k"
EVENTS = 5_000
CHANGED = 500
ZONES = ("Europe/Zurich", "Africa/Nairobi", "America/Montevideo", "Asia/Bangkok", "UTC")
TOPICS = ("e-waste inventories", "POPs monitoring", "PCB elimination", "mercury waste", "plastic waste",
          "chemicals in products", "customs training", "illegal traffic")


def feed_body(version: int) -> bytes:
    """``EVENTS`` events over 2027 (deterministic); version 2 moves and retitles the first
    ``CHANGED`` of them by an hour, with SEQUENCE 1."""
    start = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench partner//EN", "METHOD:PUBLISH"]
    for n in range(EVENTS):
        moved = version > 1 and n < CHANGED
        begins = start + timedelta(hours=7 * n + (1 if moved else 0))
        zone = ZONES[n % len(ZONES)]
        title = f"Regional workshop {n} on {TOPICS[n % len(TOPICS)]}" + (" (new date)" if moved else "")
        lines += [
            "BEGIN:VEVENT", f"UID:bench-{n}@partner.example.org", f"SUMMARY:{title}",
            f"DTSTART:{begins:%Y%m%dT%H%M%SZ}", "DURATION:PT3H", f"SEQUENCE:{1 if moved else 0}",
            "LAST-MODIFIED:20261101T080000Z", f"DESCRIPTION:Session {n}\\, organised in {zone}.",
            f"LOCATION:Venue {n % 97}", f"URL:https://partner.example.org/event/{n}/", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@dataclass
class Served:
    """What the loopback server answers now, and what it sent."""

    body: bytes = b""
    conditional: bool = True  # answer 304 to a matching If-None-Match
    sent: list[tuple[int, int]] = field(default_factory=list)  # (status, body bytes) a request

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


def _serve(served: Served) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            # counted before answering: the client may read the answer before this thread goes on
            if served.conditional and self.headers.get("If-None-Match") == served.etag:
                served.sent.append((304, 0))
                self.send_response(304)
                self.send_header("ETag", served.etag)
                self.end_headers()
                return
            served.sent.append((200, len(served.body)))
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Length", str(len(served.body)))
            self.send_header("ETag", served.etag)
            self.end_headers()
            self.wfile.write(served.body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/calendar.ics"


@dataclass
class Scene:
    services: Any
    source_id: int
    served: Served
    first_s: float = 0.0
    first_report: str = ""


_scenes: dict[int, Scene] = {}


def _new_scene(ctx: BenchContext) -> Scene:
    from brs_coord.partner_records import PartnerSourceData, SourceKind

    served = Served(feed_body(1))
    server, url = _serve(served)
    ctx.on_close(server.shutdown)
    services = ctx.services(SIZE, copy=True)
    source = services.partner_sync.add_source(PartnerSourceData(
        kind=SourceKind.ICS, centre="bcrc-uruguay", url=url, local=True, trusted=True,
        audiences=("regional-centres",)))
    return Scene(services, source.id, served)


def _scene(ctx: BenchContext) -> Scene:
    """The source after its first (timed) sync, shared by the benchmarks of one run."""
    scene = _scenes.get(id(ctx))
    if scene is None:
        scene = _scenes[id(ctx)] = _new_scene(ctx)
        started = time.perf_counter()
        report = scene.services.partner_sync.sync(scene.source_id)
        scene.first_s = time.perf_counter() - started
        scene.first_report = report.line()
        assert report.added == EVENTS, report.line()
    return scene


def _sent(served: Served, since: int) -> str:
    return ", ".join(f"HTTP {status}: {size:,} bytes" for status, size in served.sent[since:])


def _parse_only(ctx: BenchContext) -> Any:
    from brs_coord.partners.ics_feed import parse_ics

    body = feed_body(1)
    horizon = ctx.clock.now() + timedelta(days=400)
    return lambda: parse_ics(body, zone="UTC", horizon=horizon)


@benchmark("sources.first", figure="partner sync: first sync, 5,000-event .ics (loopback)", size=SIZE,
           target="(issue 20: measured)", baseline=_parse_only, warmup=0, repeat=3)
def first(ctx: BenchContext) -> Reading:
    scene = _scene(ctx)
    return Reading.of(scene.first_s, note=f"{scene.first_report}; {_sent(scene.served, 0)}")


def _body_size(ctx: BenchContext) -> Reading:
    return Reading.of(len(feed_body(1)) / 1e6, unit="MB", note="the feed body")


@benchmark("sources.first.memory", figure="partner sync: first sync, peak Python memory", size=SIZE,
           target="(issue 20: measured)", baseline=_body_size)
def first_memory(ctx: BenchContext) -> Reading:
    scene = _new_scene(ctx)
    tracemalloc.start()
    try:
        report = scene.services.partner_sync.sync(scene.source_id)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Reading.of(peak / 1e6, unit="MB", note=f"tracemalloc peak; {report.line()}")


@benchmark("sources.changed", figure="partner sync: re-sync, 500 of 5,000 changed upstream", size=SIZE,
           target="(issue 20: measured)")
def changed(ctx: BenchContext) -> Reading:
    scene = _scene(ctx)
    scene.served.body = feed_body(2)
    mark = len(scene.served.sent)
    started = time.perf_counter()
    report = scene.services.partner_sync.sync(scene.source_id)
    elapsed = time.perf_counter() - started
    assert (report.updated, report.unchanged) == (CHANGED, EVENTS - CHANGED), report.line()
    return Reading.of(elapsed, note=f"{report.line()}; {_sent(scene.served, mark)}")


def _unconditional(ctx: BenchContext) -> Any:
    scene = _scene(ctx)

    def run() -> None:
        scene.served.conditional = False
        try:
            report = scene.services.partner_sync.sync(scene.source_id)
        finally:
            scene.served.conditional = True
        assert report.processed == EVENTS and report.updated == 0, report.line()

    return run


@benchmark("sources.304", figure="partner sync: conditional re-sync answered 304", size=SIZE,
           target="transfers nothing", baseline=_unconditional, warmup=1, repeat=10)
def not_modified(ctx: BenchContext) -> Any:
    scene = _scene(ctx)
    sync, served = scene.services.partner_sync, scene.served

    def run() -> None:
        mark = len(served.sent)
        report = sync.sync(scene.source_id)
        assert report.outcome.value == "not-modified" and served.sent[mark:] == [(304, 0)], report.line()

    ctx.note("a 304 re-sync: the server sent 0 body bytes (the whole feed: "
             f"{len(served.body):,} bytes, sent again by the baseline)")
    return run
