"""The command line: real processes for the set-up commands, one clear line for every bad input."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from brs_coord.cli import main
from brs_coord.store.migrations import MIGRATION_NAMES
from tests.cli_helpers import invoke
from tests.processes import ROOT, brs_argv


def brs(*args: str, db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `brs-coord` as a separate process, the way a user does."""
    return subprocess.run(
        brs_argv("--db", str(db), *args),
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "BRS_TZ": "Europe/Zurich", **(env or {})},
    )


def one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("brs-coord: ")
    return lines[0]


def test_init_demo_check_in_real_processes(tmp_path: Path) -> None:
    db = tmp_path / "brs.db"
    created = brs("init", db=db)
    assert created.returncode == 0, created.stderr
    assert "Created" in created.stdout and "24 programmes" in created.stdout
    again = brs("init", db=db)
    assert "nothing new" in again.stdout
    demo = brs("demo", db=db)
    assert demo.returncode == 0 and "events added" in demo.stdout
    check = brs("check", db=db)
    assert check.returncode == 0
    assert "integrity ok" in check.stdout and f"version {len(MIGRATION_NAMES)}" in check.stdout
    listed = brs("event", "list", "--limit", "5", db=db)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 5


def test_version_and_help_document_settings() -> None:
    runner = CliRunner()
    assert "brs-coord, version" in runner.invoke(main, ["--version"]).output
    help_text = runner.invoke(main, ["--help"]).output
    for name in ("BRS_DB", "BRS_TZ", "BRS_STAFF_NAME", "BRS_TELEGRAM_TOKEN", "BRS_FEED_DIR"):
        assert name in help_text
    for command in ("init", "demo", "tui", "bot", "export", "serve", "ask", "event", "backup",
                    "restore", "check"):
        assert command in help_text
        assert runner.invoke(main, [command, "--help"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", ""], "a title is required"),
        (["--title", "x" * 500], "at most 200 characters"),
        (["--end", "2027-03-02 10:00"], "the end is before the start"),
        (["--tz", "Mars/Olympus"], "Unknown time zone"),
        (["--url", "not a url"], "must be a full http"),
        (["--capacity", "-1"], "capacity"),
        (["--start", "the day after never"], "Cannot read"),
        (["--programme", "nope"], "Unknown programme"),
    ],
)
def test_invalid_event_values_give_one_line_and_write_nothing(
    tmp_path: Path, catalogue_template: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "brs.db"
    db.write_bytes(catalogue_template.read_bytes())
    base = {"--title": "Webinar", "--kind": "webinar", "--start": "2027-03-03 10:00"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [item for pair in base.items() for item in pair] + [a for a in args if a not in base and
                                                                 a not in base.values()]
    before = sqlite3.connect(db).execute("SELECT count(*) FROM events").fetchone()[0]
    line = one_clear_line(brs("event", "add", *flat, db=db))
    assert message in line
    assert sqlite3.connect(db).execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_bad_database_files(tmp_path: Path) -> None:
    assert "does not exist" in one_clear_line(brs("init", db=tmp_path / "missing" / "brs.db"))
    assert "brs-coord init" in one_clear_line(brs("check", db=tmp_path / "absent.db"))
    assert "directory" in one_clear_line(brs("check", db=tmp_path))
    text_file = tmp_path / "notes.db"
    text_file.write_text("shopping list\n" * 100)
    assert "not an SQLite database" in one_clear_line(brs("check", db=text_file))
    assert text_file.read_text() == "shopping list\n" * 100


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "brs.db"
    assert brs("init", db=db).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('brs-coord', 'm999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    assert "newer brs-coord" in one_clear_line(brs("check", db=db))


def test_a_read_only_file_is_refused_without_writing(tmp_path: Path, catalogue_template: Path) -> None:
    db = tmp_path / "brs.db"
    db.write_bytes(catalogue_template.read_bytes())
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is unavailable here (needed to make a file read-only as root)")
    try:
        line = one_clear_line(brs("event", "add", "--title", "T", "--kind", "webinar",
                                  "--start", "2027-03-03 10:00", db=db))
        assert "read-only" in line
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_a_locked_database_gives_a_clear_message(
    tmp_path: Path, catalogue_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "brs.db"
    db.write_bytes(catalogue_template.read_bytes())
    monkeypatch.setattr("brs_coord.store.db.BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = invoke("--db", str(db), "event", "add", "--title", "T", "--kind", "webinar",
                        "--start", "2027-03-03 10:00")
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    assert "locked by another process" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_settings_are_reported(tmp_path: Path) -> None:
    line = one_clear_line(brs("check", db=tmp_path / "x.db", env={"BRS_TZ": "Nowhere/Land"}))
    assert "BRS_TZ" in line
    line = one_clear_line(brs("check", db=tmp_path / "x.db", env={"BRS_PORT": "99999"}))
    assert "BRS_PORT" in line
