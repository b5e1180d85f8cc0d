"""Hardening: the database file deleted or replaced under a running store, `serve` or `bot`.

The store refuses a commit into a file that is no longer at its path (nothing is lost silently);
`serve` and `bot` stop with one line and exit 1 so that the service manager starts them on the new
file; `brs-coord restore` (which writes into the same file) is not taken for a replacement.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.errors import DatabaseReplaced
from brs_coord.services import build_services
from tests.clocks import NOW
from tests.conftest import make_event
from tests.fakebot.client import FakeBotClient
from tests.processes import ROOT, brs_argv
from tests.test_hardening_server import _free_port
from tests.test_notices_processes import fake, start_bot

pytestmark = pytest.mark.hardening
__all__ = ["fake"]  # the fixture


def _services(db_path: Path):  # type: ignore[no-untyped-def]
    return build_services(Settings(db_path=db_path, staff_name="tester"), FixedClock(NOW))


def _event_titles(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as db:
        return sorted(title for (title,) in db.execute("SELECT title FROM events"))


@pytest.mark.parametrize("how", ["replaced", "deleted"])
def test_a_write_into_a_replaced_or_deleted_file_is_refused(db_path: Path, tmp_path: Path, how: str) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(db_path, other)
    services = _services(db_path)
    services.scheduling.create(make_event(title="Before"))
    if how == "replaced":
        os.replace(other, db_path)  # as `mv other.db brs.db` or a copied-in backup
    else:
        db_path.unlink()
    with pytest.raises(DatabaseReplaced) as caught:
        services.scheduling.create(make_event(title="After"))
    assert f"was {'deleted' if how == 'deleted' else 'replaced by another file'}" in caught.value.message
    assert "brs-coord restore" in caught.value.message
    services.close()
    if how == "replaced":
        assert "After" not in _event_titles(db_path), "nothing written into the new file behind its back"


def test_a_new_thread_does_not_open_the_file_that_replaced_the_old_one(db_path: Path, tmp_path: Path) -> None:
    import threading

    other = tmp_path / "other.db"
    shutil.copyfile(db_path, other)
    services = _services(db_path)
    services.store.events.total()
    os.replace(other, db_path)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            services.store.events.total()
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            errors.append(exc)

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert len(errors) == 1 and isinstance(errors[0], DatabaseReplaced)
    services.close()


def test_restore_is_not_a_replacement(db_path: Path, tmp_path: Path) -> None:
    services = _services(db_path)
    backup = tmp_path / "backup.db"
    services.store.backup(backup)
    services.scheduling.create(make_event(title="Later"))
    services.store.restore(backup)  # the same file, new content
    services.scheduling.create(make_event(title="After the restore"))
    services.store.verify_file()
    services.close()
    assert "After the restore" in _event_titles(db_path)


def _wait_for_exit(process: subprocess.Popen[bytes], seconds: float) -> float:
    started = time.monotonic()
    process.wait(timeout=seconds)
    return time.monotonic() - started


def _one_line(log: Path) -> str:
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[-3000:]
    lines = [line for line in text.splitlines() if line.startswith("brs-coord:")]
    assert len(lines) == 1, text[-3000:]
    return lines[0]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["replaced", "deleted"])
def test_serve_stops_with_one_line_when_its_file_is_replaced(db_path: Path, tmp_path: Path, how: str) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(db_path, other)
    log, port = tmp_path / "serve.log", _free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            brs_argv("--db", str(db_path), "serve", "--host", "127.0.0.1", "--port", str(port)),
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "BRS_LOG_LEVEL": "WARNING"},
        )
    try:
        deadline = time.monotonic() + 30
        while b"Serving" not in log.read_bytes():
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        os.replace(other, db_path) if how == "replaced" else db_path.unlink()
        elapsed = _wait_for_exit(server, 15)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 1
    line = _one_line(log)
    assert f"The database file {db_path} was" in line and "start again" in line
    print(f"\nserve: the database {how}, stopped after {elapsed:.1f} s: {line}")


@pytest.mark.slow
@pytest.mark.real_clock
def test_bot_stops_with_one_line_when_its_file_is_replaced(
    db_path: Path, tmp_path: Path, fake: FakeBotClient
) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(db_path, other)
    log = tmp_path / "bot.log"
    bot = start_bot(db_path, fake, log)
    try:
        fake.wait_for("getUpdates", timeout=30)
        os.replace(other, db_path)
        elapsed = _wait_for_exit(bot, 20)
    finally:
        if bot.poll() is None:
            bot.kill()
    assert bot.returncode == 1
    line = _one_line(log)
    assert "replaced by another file" in line
    print(f"\nbot: the database replaced, stopped after {elapsed:.1f} s")
