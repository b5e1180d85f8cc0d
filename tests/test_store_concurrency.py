"""Several processes on one database file: no lock errors, no lost writes; backup and restore."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.errors import StoreError
from brs_coord.services import Services
from brs_coord.store import open_store
from tests.conftest import NOW, make_event

ROOT = Path(__file__).resolve().parent.parent


def start_writer(db: Path, seconds: float, name: str, shared_id: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store_writer", str(db), str(seconds), name, str(shared_id)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.slow
def test_two_processes_writing_for_ten_seconds_lose_nothing(services: Services) -> None:
    shared = services.scheduling.create(make_event(capacity=0)).event
    services.close()
    db = services.settings.db_path
    writers = [start_writer(db, 10, name, shared.id) for name in ("amina", "bruno")]
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        results.append(json.loads(out))
    store = open_store(db, FixedClock(NOW))
    created = sum(r["created"] for r in results)
    bumps = sum(r["bumps"] for r in results)
    assert all(r["created"] > 20 for r in results)
    titles = [row[0] for row in store.session.db.execute(
        "SELECT title FROM events WHERE title LIKE '% event %'")]
    assert len(titles) == created
    assert store.events.get(shared.id).capacity == bumps
    assert store.events.get(shared.id).version == bumps + 1
    history = store.session.db.execute(
        "SELECT count(*) FROM event_history WHERE event_id = ?", [shared.id]).fetchone()[0]
    assert history == bumps + 1
    assert store.check().ok


@pytest.mark.slow  # a writer process beside the backup
def test_backup_while_another_process_writes_then_restore(services: Services, tmp_path: Path) -> None:
    shared = services.scheduling.create(make_event(capacity=0)).event
    before = services.store.events.total()
    writer = start_writer(services.settings.db_path, 3, "writer", shared.id)
    deadline = time.monotonic() + 30
    while services.store.events.total() == before:  # back up once the writer is writing
        assert writer.poll() is None and time.monotonic() < deadline, "the writer wrote nothing"
        time.sleep(0.05)
    backup = tmp_path / "backup.db"
    services.store.backup(backup)
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    copy = open_store(backup, FixedClock(NOW))
    assert copy.check().ok
    backed_up = copy.events.total()
    copy.close()
    live_total = services.store.events.total()
    assert live_total == before + json.loads(out)["created"]
    # The backup holds some of the writer's events, and it went on writing after the backup.
    assert before < backed_up < live_total
    services.store.restore(backup)
    assert services.store.events.total() == backed_up
    assert services.store.check().ok


def test_restore_refuses_a_damaged_backup(services: Services, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"junk" * 1000)
    before = services.store.events.total()
    with pytest.raises(StoreError, match="Refusing to restore"):
        services.store.restore(damaged)
    with pytest.raises(StoreError, match="No backup file"):
        services.store.restore(tmp_path / "missing.db")
    assert services.store.events.total() == before
