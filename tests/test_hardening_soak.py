"""The 60-second soak of issue 22: writers in several processes (three through the services, one
through `brs-coord event edit`), `serve` and an export loop on one database, a client reading the
served feed throughout. Expected: 0 lock errors, 0 lost updates, 0 torn or failed feeds, and no
feed stale once the last write is one poll and one build old. Its figures are printed (run with -s)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.domain import Status
from brs_coord.services import build_services
from tests.clocks import NOW
from tests.processes import ROOT, brs_argv

pytestmark = [pytest.mark.slow, pytest.mark.hardening]

SECONDS = 60.0
WRITERS = ("amina", "bruno", "chen")
POLL_S = 2.0  # the feed server's look at the change counter (server.app.build_feed_app)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _unfolded(body: bytes) -> str:
    return body.decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")


class Loop(threading.Thread):
    """Runs ``step`` until stopped; counts its rounds and keeps what went wrong."""

    def __init__(self, step: Callable[[], str | None]) -> None:
        super().__init__(daemon=True)
        self.step, self.rounds, self.problems = step, 0, []  # type: ignore[var-annotated]
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            problem = self.step()
            self.rounds += 1
            if problem:
                self.problems.append(problem)


def test_sixty_seconds_of_writers_serve_and_exports(demo_template: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "brs.db", tmp_path / "feeds"
    shutil.copy(demo_template, db)
    setup = build_services(Settings(db_path=db, staff_tz="UTC"), FixedClock(NOW))
    chosen = [e for e in setup.store.events.upcoming(NOW, limit=40)
              if e.status in {Status.PLANNED, Status.CONFIRMED}][:len(WRITERS) + 2]
    shared, cli_event, owns = chosen[0], chosen[1], chosen[2:]
    capacity_before = shared.capacity or 0
    started_build = time.monotonic()
    setup.feeds.export(tmp_path / "probe")
    export_s = time.monotonic() - started_build
    setup.close()
    env = {**os.environ, "BRS_DB": str(db), "BRS_TZ": "UTC", "BRS_STAFF_NAME": "soak",
           "BRS_LOG_LEVEL": "WARNING"}
    port = _free_port()
    serve = subprocess.Popen(brs_argv("serve", "--port", str(port)), cwd=ROOT, env=env,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert serve.stderr is not None and "Serving the feeds" in serve.stderr.readline()
        served_log: list[str] = []
        threading.Thread(target=lambda: served_log.extend(serve.stderr), daemon=True).start()  # type: ignore[arg-type]
        started = time.monotonic()
        _get(port, "/calendars/all.ics")
        build_s = time.monotonic() - started

        def read_feed() -> str | None:
            status, body = _get(port, "/calendars/all.ics")
            time.sleep(0.2)
            if status != 200:
                return f"status {status}"
            if not body.rstrip().endswith(b"END:VCALENDAR"):
                return "torn feed"
            return None

        def export() -> str | None:
            done = subprocess.run(brs_argv("export", "--out", str(out)), cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
            return None if done.returncode == 0 else done.stderr.strip()[-300:]

        cli_titles: list[str] = []

        def cli_edit() -> str | None:
            title = f"cli edit {len(cli_titles) + 1}"
            done = subprocess.run(brs_argv("event", "edit", cli_event.uid, "--title", title), cwd=ROOT,
                                  env=env, capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                return done.stderr.strip()[-300:]
            cli_titles.append(title)
            return None

        reader, exporter, cli = Loop(read_feed), Loop(export), Loop(cli_edit)
        for loop in (reader, exporter, cli):
            loop.start()
        writers = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.soak_writer", str(db), str(SECONDS), name, own.uid, shared.uid],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name, own in zip(WRITERS, owns, strict=True)
        ]
        time.sleep(SECONDS)
        cli.stop.set()
        cli.join(timeout=120)
        summaries = []
        for writer in writers:
            stdout, stderr = writer.communicate(timeout=120)
            assert writer.returncode == 0 and "Traceback" not in stderr, stderr[-2000:]
            summaries.append(json.loads(stdout))
        last_write = time.monotonic()
        finals = [s["title"] for s in summaries] + cli_titles[-1:]
        # the served feed: fresh once the last write is a poll and a build old
        fresh_after = None
        while time.monotonic() - last_write < 60:
            status, body = _get(port, "/calendars/all.ics")
            if status == 200 and all(title in _unfolded(body) for title in finals):
                fresh_after = time.monotonic() - last_write
                break
            time.sleep(0.1)
        exporter.stop.set()
        reader.stop.set()
        exporter.join(timeout=120)
        reader.join(timeout=60)
        final_export = export()
        exported = _unfolded((out / "all.ics").read_bytes())
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    check = build_services(Settings(db_path=db, staff_tz="UTC"), FixedClock(NOW))
    try:
        bumps = sum(s["bumps"] for s in summaries)
        figures = {
            "edits": sum(s["edits"] for s in summaries), "bumps": bumps,
            "conflicts_retried": sum(s["conflicts"] for s in summaries), "cli_edits": len(cli_titles),
            "exports": exporter.rounds, "feed_reads": reader.rounds,
            "build_s": round(build_s, 2), "export_s": round(export_s, 2),
            "fresh_after_last_write_s": None if fresh_after is None else round(fresh_after, 2),
        }
        print(f"\nsoak figures: {json.dumps(figures)}")
        lock_errors = [e for s in summaries for e in s["errors"]] + exporter.problems + cli.problems
        lock_errors += [line for line in served_log if "locked" in line or "Traceback" in line]
        assert lock_errors == [], lock_errors[:5]
        assert reader.problems == [], reader.problems[:5]
        assert final_export is None, final_export
        assert check.scheduling.get(shared.id).capacity == capacity_before + bumps, "an update was lost"
        for summary, own in zip(summaries, owns, strict=True):
            assert check.scheduling.get(own.id).title == summary["title"], "an edit was lost"
        assert check.scheduling.get(cli_event.id).title == cli_titles[-1]
        assert fresh_after is not None and fresh_after <= POLL_S + build_s + 2.0, figures  # 2 s: the load
        assert all(title in exported for title in finals), "the last export is stale"
        assert check.store.check().ok
        busy = min(s["edits"] for s in summaries) > 20 and len(cli_titles) > 5 and exporter.rounds > 5
        assert busy, figures
    finally:
        check.close()
