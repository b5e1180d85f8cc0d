"""A cold `brs-coord ask` loads only what answering needs (issue 13: ≤ 0.3× `khal list today 30d`).

The process is started as the tests start every `brs-coord` (tests.brs_at, the test's clock) and
reports, as it exits, every module it imported.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from tests.clocks import NOW
from tests.processes import ROOT, brs_argv

# Each was on the cold path once or would be an easy slip: sqlite-utils (and pluggy, its plugin
# loader) applies migrations only; the faces' frameworks, icalendar and dateparser (a fallback the
# question does not need) belong to other commands; tomllib reads BRS_CONFIG only when it is set;
# hashlib (4 ms to import) is not needed to tell builds of the stored vocabulary apart; the records'
# classes (participants, registrations: 4 ms of dataclasses) only when a participant is named.
NOT_ON_THE_ASK_PATH = (
    "sqlite_utils", "pluggy", "hashlib", "brs_coord.records", "textual", "telegram", "aiohttp",
    "httpx", "apscheduler", "icalendar", "dateparser", "babel", "tomllib", "socket", "brs_coord.tui",
    "brs_coord.bot", "brs_coord.server", "brs_coord.ics", "brs_coord.store.outbox", "brs_coord.store.seed",
)
REPORT = (
    "import atexit, json, runpy, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules))))\n"
    "sys.argv = ['brs_at', *sys.argv[1:]]\n"
    "runpy.run_module('tests.brs_at', run_name='__main__')\n"
)


def _modules_of(args: list[str], at: datetime = NOW) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    argv = brs_argv(*args, at=at)
    assert argv[1:3] == ["-m", "tests.brs_at"]
    # BRS_TEST_CLOCK_SHIFT would load time-machine (and pytest's plugin machinery) into the process
    # through the clock-shift hook: the process keeps the test's own clock (brs_at) instead
    env = {k: v for k, v in os.environ.items()
           if (not k.startswith("BRS_") or k.startswith("BRS_TEST_")) and k != "BRS_TEST_CLOCK_SHIFT"}
    done = subprocess.run([argv[0], "-c", REPORT, *argv[3:]], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False, env=env)
    report = done.stderr.rpartition("\nMODULES ")[2]
    return done, set(json.loads(report))


def test_ask_imports_none_of_the_heavy_modules(tmp_path: Path, demo_template: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    done, modules = _modules_of(["--db", str(db), "ask", "webinars in the next 30 days"])
    assert done.returncode == 0 and "I understood: webinars" in done.stdout, done.stderr
    assert "brs_coord.services.query" in modules and "sqlite3" in modules  # the report is real
    loaded = {name for name in modules if name.split(".")[0] in NOT_ON_THE_ASK_PATH}
    loaded |= {name for name in NOT_ON_THE_ASK_PATH if name in modules}
    assert not loaded


def _stored_vocabulary(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT catalogue, written_at FROM vocabulary_cache"))


def test_the_first_ask_stores_the_vocabulary_and_the_next_reads_it(
    tmp_path: Path, demo_template: Path
) -> None:
    """A cold process builds the question vocabulary once per catalogue version: the next one reads
    it from the store (services/vocabulary_cache.py), and saves nothing (it built nothing)."""
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM vocabulary_cache")
    done, _ = _modules_of(["--db", str(db), "ask", "ateliers au Sénégal"])
    assert done.returncode == 0 and "Senegal" in done.stdout, done.stderr
    stored = _stored_vocabulary(db)
    assert len(stored) == 1
    # the process's clock starts at NOW and ticks on in real time (tests.brs_at): on a loaded
    # machine a second or more can pass before it writes
    written = datetime.strptime(stored[0][1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=NOW.tzinfo)
    assert NOW <= written < NOW + timedelta(seconds=60)
    later = NOW + timedelta(hours=1)
    again, modules = _modules_of(["--db", str(db), "ask", "ateliers au Sénégal"], at=later)
    assert again.returncode == 0 and again.stdout == done.stdout, again.stderr
    assert _stored_vocabulary(db) == stored  # read, not built and saved again at the later time
    assert "brs_coord.services.vocabulary_cache" in modules


def test_a_pending_migration_still_brings_sqlite_utils(tmp_path: Path, demo_template: Path) -> None:
    """The other side of the same switch: an out-of-date file is migrated by sqlite-utils."""
    import sqlite3

    db = tmp_path / "old.db"
    shutil.copyfile(demo_template, db)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_question_page_indexes'")
    for index in ("events_medium_by_start", "events_very_long_by_end", "events_kind_page",
                  "events_programme_page"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("CREATE INDEX events_long_by_end ON events(ends_at) WHERE ends_at > starts_at")
    for index in ("events_kind_starts", "events_kind_span", "events_programme_starts",
                  "events_programme_span"):
        conn.execute(f"CREATE INDEX {index} ON events(kind)")
    conn.commit()
    conn.close()
    done, modules = _modules_of(["--db", str(db), "ask", "webinars"])
    assert done.returncode == 0, done.stderr
    assert "sqlite_utils" in modules
    names = {row[0] for row in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")}
    assert "events_kind_page" in names and "events_kind_starts" not in names
