"""Hardening, round two (issue 22), the smaller points: stale temporary files of killed exports,
settings files that are not files, names and titles with invisible characters, arguments that are
not UTF-8, broken pipes, the schema check, /forget and the write-ahead log."""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.config import CONFIG_MAX_BYTES, load_settings
from brs_coord.domain import EventData, EventKind
from brs_coord.errors import ConfigError, StoreError
from brs_coord.rules import validation_problems
from brs_coord.server.guard import HEADER_TIMEOUT_S, PER_ADDRESS
from brs_coord.services import Services
from brs_coord.store.db import BUSY_TIMEOUT_S
from brs_coord.store.migrations import MIGRATION_NAMES
from tests.cli_helpers import invoke
from tests.clocks import NOW
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


# ---- settings: the file BRS_CONFIG names, BRS_STAFF_NAME --------------------------------------

def _settings_refused(environ: dict[str, str]) -> str:
    with pytest.raises(ConfigError) as refused:
        load_settings({"BRS_TZ": "UTC", **environ})
    return refused.value.message


def test_a_settings_file_that_is_a_device_or_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.fifo"
    os.mkfifo(fifo)
    refused = _settings_refused({"BRS_CONFIG": str(fifo)})
    assert refused == f"BRS_CONFIG names {fifo}, which is not a regular file"
    assert "not a regular file" in _settings_refused({"BRS_CONFIG": "/dev/zero"})
    assert "not a regular file" in _settings_refused({"BRS_CONFIG": str(tmp_path)})


def test_a_settings_file_larger_than_the_cap_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# comment\n" * (CONFIG_MAX_BYTES // 10 + 1))
    assert "larger than 64 KB" in _settings_refused({"BRS_CONFIG": str(big)})
    fine = tmp_path / "fine.toml"
    fine.write_text('BRS_DB = "x.db"\n' + "# comment\n" * 100)
    assert load_settings({"BRS_TZ": "UTC", "BRS_CONFIG": str(fine)}).db_path == Path("x.db")


@pytest.mark.parametrize(("text", "expected"), [
    ('BRS_FEED_BASEURL = "https://x.org"', "unknown key BRS_FEED_BASEURL; did you mean BRS_FEED_BASE_URL?"),
    ("brs_port = 8081\nBRS_PROT = 8082", "unknown key BRS_PROT; did you mean BRS_PORT?"),
    ('colour = "blue"', "unknown key COLOUR; the keys are BRS_DB, BRS_TZ,"),
    ('BRS_CONFIG = "other.toml"', "unknown key BRS_CONFIG"),
])
def test_an_unknown_key_in_the_settings_file_is_named(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "brs.toml"
    path.write_text(text)
    assert expected in _settings_refused({"BRS_CONFIG": str(path)})


@pytest.mark.parametrize(("name", "problem"), [
    ("Ann\x1b[31m", "control characters"), ("Ann\tB", "control characters"),
    ("Ann\x7f", "control characters"),
    ("\u202eAnn", "bidi override characters"), ("Ann\u2066x\u2069", "bidi override characters"),
    ("\u200b\u200b", "only invisible characters"), ("\u3164", "only invisible characters"),
])
def test_a_staff_name_with_invisible_or_control_characters_is_refused(name: str, problem: str) -> None:
    assert _settings_refused({"BRS_STAFF_NAME": name}) == (
        f"BRS_STAFF_NAME contains {problem}; give the name as plain text")


@pytest.mark.parametrize("name", ["Ann Smith", "أحمد\u200f", "李明", "Zoë-Ann O'Neil"])
def test_ordinary_staff_names_are_kept(name: str) -> None:
    assert load_settings({"BRS_TZ": "UTC", "BRS_STAFF_NAME": name}).staff_name == name


def test_the_cli_says_so_in_one_line(tmp_path: Path) -> None:
    result = invoke("check", env={"BRS_CONFIG": "/dev/zero", "BRS_DB": str(tmp_path / "none.db")})
    assert result.exit_code == 1
    assert result.output == "brs-coord: BRS_CONFIG names /dev/zero, which is not a regular file\n"


# ---- titles ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "problem"), [
    ("\u200b", "a title is required (this one has only invisible characters)"),
    ("\u200b\ufeff \u2060", "a title is required (this one has only invisible characters)"),
    ("Workshop \u202egnp.exe", "contains bidi override characters"),
    ("\u2067Workshop", "contains bidi override characters"),
    ("Workshop\x7f", "contains control characters"),
    ("Workshop\x9b31m", "contains control characters"),
])
def test_titles_of_invisible_or_reordering_characters_are_refused(title: str, problem: str) -> None:
    data = EventData(title=title, kind=EventKind("webinar"), starts_at=NOW, ends_at=NOW + timedelta(hours=1),
                     timezone="UTC", languages=("en",))
    assert validation_problems(data).get("title") == problem


@pytest.mark.parametrize("title", ["ورشة عمل\u200f 2027", "Workshop\u200d👩\u200d💻", "Atelier\tregional"])
def test_titles_with_marks_and_joiners_are_kept(title: str) -> None:
    data = EventData(title=title, kind=EventKind("webinar"), starts_at=NOW, ends_at=NOW + timedelta(hours=1),
                     timezone="UTC", languages=("en",))
    assert "title" not in validation_problems(data)


# ---- a full disk, a read-only folder -----------------------------------------------------------

def _limited(db: Path, size_limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """`brs-coord ARGS` at the test's time, no file allowed to grow past ``size_limit`` bytes (a full
    disk as SQLite and the export see it: the -shm file cannot even be made)."""
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({size_limit}, {size_limit}))\n"
        "from brs_coord.cli import CliContext, run\n"
        "from brs_coord.clock import FixedClock\n"
        "from tests.clocks import NOW\n"
        f"sys.argv = ['brs-coord', '--db', {str(db)!r}, *{list(args)!r}]\n"
        "run(CliContext(clock=FixedClock(NOW)))\n"
    )
    env = {**os.environ, "BRS_TZ": "Europe/Zurich"}
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def closed_db(demo_template: Path, tmp_path: Path) -> Path:
    """The demo database as it is when no process has it open: no -wal or -shm beside it."""
    db = tmp_path / "brs.db"
    shutil.copy(demo_template, db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


@pytest.mark.parametrize(("args", "expected"), [
    (("ask", "workshops"), "I understood: workshops"),
    (("event", "list"), "demo-0030@brs-coord"),  # the first upcoming demo event (0000–0029 are past)
    (("event", "show", "demo-0033@brs-coord"), "demo-0033@brs-coord"),
    (("check",), "integrity ok"),
])
def test_read_only_commands_work_on_a_full_disk(
    closed_db: Path, args: tuple[str, ...], expected: str
) -> None:
    before = closed_db.read_bytes()
    result = _limited(closed_db, 20_000, *args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert "Traceback" not in result.stderr
    assert closed_db.read_bytes() == before


def test_writes_on_a_full_disk_name_the_file(closed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    out.mkdir()
    cases = [
        (("event", "cancel", "demo-0033@brs-coord", "--reason", "x"),
         f"brs-coord: The database {closed_db} is read-only (the file, its folder or its disk cannot be"
         " written, or the disk is full); the change was not saved"),
        (("export", "--out", str(out)), f"brs-coord: Writing {out}/"),
        (("backup", str(tmp_path / "copy.db")),
         f"brs-coord: Backup to {tmp_path / 'copy.db'} failed: the disk is full or a file-size limit was"
         " reached"),
    ]
    for args, expected in cases:
        result = _limited(closed_db, 20_000, *args)
        lines = [line for line in result.stderr.splitlines() if line.startswith("brs-coord:")]
        assert result.returncode == 1 and len(lines) == 1, result.stderr
        assert lines[0].startswith(expected), lines[0]
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "copy.db").exists()
    assert list(out.glob(".*.tmp")) == [], "a temporary file was left behind"


def _read_only_folder_runner() -> list[str] | None:
    """How to run a command with the test's folder read-only: as root (whom permissions do not stop)
    inside a private mount namespace with the folder bind-mounted read-only; else after chmod."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "-m", "true"], capture_output=True) if unshare else None
    return [unshare, "-m"] if unshare and probe is not None and probe.returncode == 0 else None


def test_read_only_commands_work_in_a_read_only_folder(closed_db: Path) -> None:
    runner = _read_only_folder_runner()
    if runner is None:
        pytest.skip("running as root without mount namespaces: no read-only folder to be had")
    folder = closed_db.parent
    before = closed_db.read_bytes()
    commands = [
        brs_argv("--db", str(closed_db), "ask", "workshops"),
        brs_argv("--db", str(closed_db), "check"),
        brs_argv("--db", str(closed_db), "event", "cancel", "demo-0033@brs-coord", "--reason", "x"),
    ]
    script = " ; ".join(shlex.join(argv) + '; echo "rc=$?"' for argv in commands)
    if runner:
        script = (f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(folder))} && "
                  f"mount -o remount,ro,bind {shlex.quote(str(folder))} && {script}")
    else:
        folder.chmod(0o555)
        closed_db.chmod(0o444)
    try:
        result = subprocess.run([*runner, "sh", "-c", script], cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "BRS_TZ": "Europe/Zurich"}, timeout=120)
    finally:
        folder.chmod(0o755)
        closed_db.chmod(0o644)
    assert "I understood: workshops" in result.stdout and "integrity ok" in result.stdout, result.stderr
    assert result.stdout.count("rc=0") == 2 and result.stdout.count("rc=1") == 1
    assert result.stderr.strip() == (
        f"brs-coord: The database {closed_db} is read-only (the file, its folder or its disk cannot be"
        " written, or the disk is full); the change was not saved")
    assert closed_db.read_bytes() == before


# ---- /forget leaves nothing in the files -------------------------------------------------------

def _files_hold(db: Path, text: str) -> list[str]:
    needle = text.encode()
    return [path.name for path in db.parent.glob(f"{db.name}*") if needle in path.read_bytes()]


def test_forget_leaves_nothing_of_the_participant_in_the_database_or_its_log(demo_services: Services) -> None:
    ps, db = demo_services.participants, demo_services.store.path
    name = "Qwxzvyuk-Forgettable"
    ps.get_or_create(4242, chat_id=4242, first_name=name, language_code="fr")
    token = ps.feed_token(4242)
    event = demo_services.store.events.upcoming(demo_services.clock.now(), limit=1)[0]
    demo_services.registrations.register(ps.get(4242).id, event.id)
    assert _files_hold(db, name), "the name should be in the files before /forget"
    reader = sqlite3.connect(db)  # another process's connection, idle: it does not hold the log
    try:
        assert ps.forget(4242)
        assert _files_hold(db, name) == [] and _files_hold(db, token) == []
        assert Path(f"{db}-wal").stat().st_size == 0
        assert reader.execute("SELECT count(*) FROM participants WHERE telegram_id = 4242").fetchone() == (0,)
    finally:
        reader.close()


# ---- the schema: PRAGMA user_version, the record of migrations, missing tables -----------------

def _open(db: Path) -> Services:
    from brs_coord.config import Settings
    from brs_coord.services import build_services

    return build_services(Settings(db_path=db, staff_tz="UTC"), FixedClock(NOW))


def test_a_newer_user_version_is_refused(closed_db: Path) -> None:
    with sqlite3.connect(closed_db) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATION_NAMES) + 1}")
    with pytest.raises(StoreError, match=rf"has schema version {len(MIGRATION_NAMES) + 1}, newer than this"
                                         rf" brs-coord's {len(MIGRATION_NAMES)}; upgrade brs-coord"):
        _open(closed_db)


def test_a_lost_record_of_migrations_is_refused_not_migrated_again(closed_db: Path) -> None:
    with sqlite3.connect(closed_db) as conn:
        conn.execute("DROP TABLE _sqlite_migrations")
    with pytest.raises(StoreError, match="says it has schema version .* its record of migrations"
                                         r" \(_sqlite_migrations\) is missing: it is damaged"):
        _open(closed_db)


def test_another_program_s_database_is_refused_not_migrated(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(StoreError, match=r"is another program's SQLite database \(tables albums\)"):
        _open(other)
    with sqlite3.connect(other) as conn:
        assert [row[0] for row in conn.execute("SELECT name FROM sqlite_master")] == ["albums"]


def test_check_names_missing_tables(closed_db: Path) -> None:
    with sqlite3.connect(closed_db) as conn:
        conn.execute("DROP TABLE reminders")
        conn.execute("DROP TABLE outbox")
    result = invoke("--db", str(closed_db), "check")
    assert result.exit_code == 1
    assert "missing   tables outbox, reminders\n" in result.output
    assert result.output.endswith(f"brs-coord: {closed_db} lacks tables of its schema; restore a backup\n")
    assert "integrity ok" in result.output


def test_a_missing_table_at_work_is_named(closed_db: Path) -> None:
    with sqlite3.connect(closed_db) as conn:
        conn.execute("DROP TABLE reminders")
    services = _open(closed_db)
    try:
        participant = services.participants.get_or_create(7, chat_id=7, first_name="Ann")
        event = services.store.events.upcoming(services.clock.now(), limit=1)[0]
        with pytest.raises(StoreError, match="lacks the table reminders: it is not a complete brs-coord"):
            services.registrations.remind(participant.id, event.id)
    finally:
        services.close()


# ---- the feeds' optional cache write while another process holds the write lock ----------------

def test_a_feed_is_served_without_waiting_for_the_write_lock_its_cache_write_wants(
    demo_services: Services,
) -> None:
    db = demo_services.store.path
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM event_ics_cache")  # every VEVENT is built, and its cache written
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        started = time.monotonic()
        doc = demo_services.feeds.filtered({"kind": "webinar"})
        waited = time.monotonic() - started
        assert doc.count > 0 and doc.body.count(b"BEGIN:VEVENT") == doc.count
        assert waited < BUSY_TIMEOUT_S / 3, f"waited {waited:.1f} s for an optional write"
        assert holder.execute("SELECT count(*) FROM event_ics_cache").fetchone() == (0,)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    again = demo_services.feeds.filtered({"kind": "webinar"})
    assert again.body == doc.body
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM event_ics_cache").fetchone()[0] >= doc.count


# ---- the feed server's connection guard, from the settings ---------------------------------------

def test_the_guard_s_limits_are_settings() -> None:
    settings = load_settings(
        {"BRS_TZ": "UTC", "BRS_HEADER_TIMEOUT": "2.5", "BRS_CONNECTIONS_PER_ADDRESS": "3"})
    assert (settings.header_timeout, settings.connections_per_address) == (2.5, 3)
    default = load_settings({"BRS_TZ": "UTC"})
    assert (default.header_timeout, default.connections_per_address) == (HEADER_TIMEOUT_S, PER_ADDRESS)
    assert "BRS_CONNECTIONS_PER_ADDRESS must be between 1 and 100000" in _settings_refused(
        {"BRS_CONNECTIONS_PER_ADDRESS": "0"})
    assert "BRS_HEADER_TIMEOUT must be a number" in _settings_refused({"BRS_HEADER_TIMEOUT": "soon"})


async def test_serve_holds_the_connections_per_address_of_the_settings(
    demo_services: Services, unused_tcp_port: int
) -> None:
    from dataclasses import replace

    from brs_coord.server import start_feed_server
    from brs_coord.services import build_services

    settings = replace(demo_services.settings, connections_per_address=3, header_timeout=1.0)
    services = build_services(settings, demo_services.clock)
    runner = await start_feed_server(services, "127.0.0.1", unused_tcp_port, access_log=False)
    try:
        held = [await asyncio.open_connection("127.0.0.1", unused_tcp_port) for _ in range(4)]
        fourth = await asyncio.wait_for(held[3][0].read(), 2)  # refused at once: closed, no answer
        assert fourth == b""
        started = time.monotonic()
        silent = await asyncio.gather(*(asyncio.wait_for(r.read(), 5) for r, _ in held[:3]))
        assert silent == [b"", b"", b""]  # closed by the 1 s head limit, not the default 10 s
        assert time.monotonic() - started < HEADER_TIMEOUT_S / 2
        for _, writer in held:
            writer.close()
    finally:
        await runner.cleanup()
        services.close()


# ---- a 429 passed on by PTB's rate limiter ------------------------------------------------------

async def test_a_429_from_the_rate_limiter_is_one_warning_line() -> None:
    import io
    import logging

    from telegram.error import RetryAfter
    from telegram.ext import AIORateLimiter

    from brs_coord.bot.tolerance import ExpectedFaultsInOneLine

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(ExpectedFaultsInOneLine())
    root = logging.getLogger()
    root.addHandler(handler)
    limiter = AIORateLimiter(max_retries=0)  # as the notice sender builds it (bot/sender.py)

    async def refused(**_: object) -> None:
        raise RetryAfter(5)

    try:
        await limiter.initialize()
        with pytest.raises(RetryAfter):
            await limiter.process_request(refused, args=(), kwargs={}, endpoint="sendMessage",
                                          data={"chat_id": 1}, rate_limit_args=None)
    finally:
        root.removeHandler(handler)
        await limiter.shutdown()
    lines = [line for line in stream.getvalue().splitlines() if line]
    assert lines == ["WARNING Rate limit hit after maximum of 0 retries (RetryAfter)"], lines
