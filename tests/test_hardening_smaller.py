"""Hardening, round two (issue 22), the smaller points: stale temporary files of killed exports,
settings files that are not files, names and titles with invisible characters, arguments that are
not UTF-8, broken pipes, the schema check, /forget and the write-ahead log."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brs_coord.services import Services
from tests.processes import ROOT, brs_argv

pytestmark = pytest.mark.hardening

LEAVE_TEMP = "import os, sys; open(f'.{sys.argv[1]}.{os.getpid()}.abcd1234.tmp', 'wb').write(b'x' * 1000)"


def _left_by_a_killed_writer(folder: Path, name: str) -> Path:
    """A temporary file as an export killed mid-write leaves it: its writer's process is gone."""
    subprocess.run([sys.executable, "-c", LEAVE_TEMP, name], cwd=folder, check=True)
    (left,) = folder.glob(f".{name}.*.tmp")
    return left


def test_an_export_removes_the_temporary_files_of_killed_exports_not_of_live_writers(
    demo_services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    demo_services.feeds.export(out)
    killed_feed = _left_by_a_killed_writer(out, "all.ics")
    killed_index = _left_by_a_killed_writer(out, "index.html")
    not_ours = _left_by_a_killed_writer(out, "notes.txt")  # not a file the export writes
    live = subprocess.Popen(
        [sys.executable, "-c", LEAVE_TEMP + "; sys.stdout.write('ready\\n'); sys.stdout.flush();"
         " sys.stdin.read()", "convention-basel.ics"],
        cwd=out, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert live.stdout is not None and live.stdout.readline() == "ready\n"
        (live_temp,) = out.glob(".convention-basel.ics.*.tmp")
        report = demo_services.feeds.export(out)  # nothing changed: every feed unchanged
        assert report.written == []
        assert not killed_feed.exists() and not killed_index.exists()
        assert live_temp.exists(), "the temporary file of a writer still running was removed"
        assert not_ours.exists(), "a file this export does not write was touched"
    finally:
        live.communicate("")
    demo_services.feeds.export(out)
    assert not live_temp.exists()


def _run_into_a_closed_pipe(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Run with stdout a pipe whose reader has already gone (`… | head -1` once head has left)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(argv, cwd=ROOT, env=env, stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [("ask", "workshop", "--limit", "50"), ("event", "list"),
                                  ("export", "--out", "{out}")])
def test_a_broken_pipe_ends_quietly(demo_template: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    db = tmp_path / "brs.db"
    shutil.copy(demo_template, db)
    env = {**os.environ, "BRS_DB": str(db), "BRS_TZ": "Europe/Zurich"}
    argv = brs_argv(*(arg.format(out=tmp_path / "feeds") for arg in args))
    result = _run_into_a_closed_pipe(argv, env)
    assert result.returncode == 141
    assert b"Broken pipe" not in result.stderr and b"Traceback" not in result.stderr
    assert b"brs-coord:" not in result.stderr


@pytest.mark.parametrize("args", [
    [b"event", b"add", b"--title", b"T\xff", b"--kind", b"webinar", b"--start", b"2027-01-05 10:00"],
    [b"event", b"show", b"\xff\xfe"],
    [b"ask", b"workshop \xc3"],
])
def test_arguments_that_are_not_utf8_are_refused_in_one_line(
    demo_template: Path, tmp_path: Path, args: list[bytes]
) -> None:
    db = tmp_path / "brs.db"
    shutil.copy(demo_template, db)
    before = db.read_bytes()
    env = {**os.environ, "BRS_DB": str(db), "BRS_TZ": "Europe/Zurich"}
    argv = [os.fsencode(part) for part in brs_argv()] + args
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("brs-coord: argument ")
    assert "is not valid UTF-8" in lines[0] and "\\x" in lines[0]
    assert db.read_bytes() == before
