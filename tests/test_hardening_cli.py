"""Hardening (CLI): every command with missing, malformed and out-of-range arguments, as a real process.

Each case must end in one line on stderr starting ``brs-coord: ``, a non-zero exit, no traceback, and
leave the database as it was. The cases run two at a time (real processes, about 0.4 s each).
"""

from __future__ import annotations

import hashlib
import socket
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_cli import brs, one_clear_line

pytestmark = pytest.mark.hardening

LONG = "x" * 10_000
START = ["--title", "T", "--kind", "webinar", "--start", "2027-03-03 10:00"]

# (arguments, a word the one line must contain); {file} is a regular file, {dir} a folder.
CASES: list[tuple[list[str], str]] = [
    (["event", "show", "no-such-uid"], "No event"),
    (["event", "show", ""], "No event"),
    (["event", "show", LONG], "No event"),
    (["event", "show", "a\x1b[2Jb\x07"], "No event"),
    (["event", "show"], "Missing argument"),
    (["event", "list", "--limit", "0"], "--limit"),
    (["event", "list", "--limit", "-5"], "--limit"),
    (["event", "list", "--limit", "abc"], "--limit"),
    (["event", "list", "--limit", "9" * 30], "--limit"),
    (["event", "add", "--title", "T", "--kind", "party", "--start", "2027-03-03 10:00"], "kind"),
    (["event", "add", *START, "--status", "gone"], "status"),
    (["event", "add", *START, "--language", "xx"], "language"),
    (["event", "add", *START, "--capacity", "1" + "0" * 30], "capacity"),
    (["event", "add", *START, "--capacity", "many"], "--capacity"),
    (["event", "add", *START, "--duration", "0"], "--duration"),
    (["event", "add", *START, "--tz", ""], "time zone"),
    (["event", "add", *START, "--audience", "nope"], "nope"),
    (["event", "add", *START, "--region", "Not A Slug"], "slug"),
    (["event", "add", *START, "--location", "a\x1bb"], "control"),
    (["event", "add", *START, "--end", "9999-12-31"], "years"),
    (["event", "add", "--title", "T\x1b[31m", "--kind", "webinar", "--start", "2027-03-03 10:00"], "control"),
    (["event", "add", "--title", "T", "--kind", "webinar", "--start", ""], "Cannot read"),
    (["event", "add", "--title", "T", "--kind", "webinar", "--start", "31/02/2027"], "Cannot read"),
    (["event", "add", "--title", "T", "--kind", "webinar", "--start", "9999-12-31 23:59"], "years"),
    (["event", "add", "--title", "T", "--kind", "webinar", "--start", "0001-01-01 00:00", "--tz",
      "Pacific/Kiritimati"], "years"),
    (["event", "add", "--title", "T", "--kind", "webinar", "--start", LONG], "Cannot read"),
    (["event", "add", "--kind", "webinar", "--start", "2027-03-03 10:00"], "--title"),
    (["ask", LONG], "too long"),
    (["ask", "\x1b[2J webinars \x07"], "control"),
    (["ask", "webinars \u202e"], "control"),
    (["ask", "--tz", "Mars/Olympus", "webinars"], "time zone"),
    (["ask", "--tz", "", "webinars"], "time zone"),
    (["ask", "--limit", "101", "webinars"], "--limit"),
    (["ask", "--offset", "-1", "webinars"], "--offset"),
    (["ask", "--offset", "9" * 25, "webinars"], "--offset"),
    (["ask", "--lang", "xx", "webinars"], "--lang"),
    (["ask"], "Missing argument"),
    (["serve", "--port", "99999"], "--port"),
    (["serve", "--port", "0"], "--port"),
    (["serve", "--port", "abc"], "--port"),
    (["serve", "--host", "256.1.1.1", "--port", "8999"], "Cannot listen"),
    (["serve", "--host", "not a host!", "--port", "8999"], "Cannot listen"),
    (["export", "--out", "{file}"], "is a file"),
    (["export", "--out", "{file}/sub"], "Cannot create"),
    (["export", "--past-days", "-1"], "--past-days"),
    (["backup", "{file}/sub.db"], "Not a directory"),
    (["backup", "{dir}"], "is a directory"),
    (["backup", "{dir}/no-such-folder/x.db"], "does not exist"),
    (["backup", "{db}"], "database itself"),
    (["backup"], "Missing argument"),
    (["restore", "{dir}/missing.db", "--yes"], "No backup"),
    (["restore", "{file}", "--yes"], "not an SQLite database"),
    (["restore", "{dir}"], "No backup"),
    (["restore", "{db}"], "--yes"),
    (["check", "extra"], "unexpected extra argument"),
    (["frobnicate"], "No such command"),
    (["--nope"], "No such option"),
    (["bot"], "BRS_TELEGRAM_TOKEN"),
    (["tui", "--bogus"], "No such option"),
]  # fmt: skip


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("hardening-cli")
    (folder / "brs.db").write_bytes(demo_template.read_bytes())
    (folder / "afile").write_text("not a folder, not a database\n")
    yield folder


def _run(folder: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    filled = [a.format(file=folder / "afile", dir=folder, db=folder / "brs.db") if "{" in a else a
              for a in args]
    return brs(*filled, db=folder / "brs.db", env={"BRS_TELEGRAM_TOKEN": ""})


@pytest.mark.slow  # one `brs-coord` process per bad argument
def test_every_bad_argument_gives_one_clear_line(workspace: Path) -> None:
    db = workspace / "brs.db"
    before = _digest(db)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda case: _run(workspace, case[0]), CASES))
    failures = []
    for (args, word), result in zip(CASES, results, strict=True):
        shown = [a[:30] for a in args]
        try:
            line = one_clear_line(result)
        except AssertionError:
            failures.append(f"{shown}: exit {result.returncode}, stderr {result.stderr[-400:]!r}")
            continue
        if word not in line:
            failures.append(f"{shown}: {line[:200]!r} lacks {word!r}")
    assert not failures, "\n".join(failures)
    assert _digest(db) == before, "a refused command changed the database"


def test_serve_on_a_port_in_use_says_so_in_one_line(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_clear_line(_run(workspace, ["serve", "--host", "127.0.0.1", "--port", str(port)]))
    assert "address already in use" in line and "Serving" not in line


def test_unwritable_folders_give_one_line(workspace: Path) -> None:
    locked = workspace / "locked"
    locked.mkdir(exist_ok=True)
    if subprocess.run(["chattr", "+i", str(locked)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is unavailable here (root ignores permission bits)")
    try:
        assert "locked" in one_clear_line(_run(workspace, ["backup", str(locked / "copy.db")]))
        assert "locked" in one_clear_line(_run(workspace, ["export", "--out", str(locked / "feeds")]))
        export_into = one_clear_line(_run(workspace, ["export", "--out", str(locked)]))
        assert "locked" in export_into or "ermission" in export_into
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
