"""Hardening, round two (issue 22), the smaller points: stale temporary files of killed exports,
settings files that are not files, names and titles with invisible characters, arguments that are
not UTF-8, broken pipes, the schema check, /forget and the write-ahead log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from brs_coord.services import Services

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
