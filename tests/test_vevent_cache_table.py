"""m023: the VEVENT cache becomes a rowid table and keeps what it held."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from brs_coord.clock import FixedClock
from brs_coord.store import open_store
from brs_coord.store.db import connect
from brs_coord.store.migrations import migrations
from tests.clocks import NOW


def test_the_migration_keeps_the_cached_vevents_in_a_rowid_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    old = connect(path)
    migrations.apply(old, stop_before="m023_vevent_cache_rowid")
    old.execute(
        "INSERT INTO events (uid, kind, title, starts_at, ends_at, timezone, created_at, created_by,"
        " updated_at, updated_by) VALUES ('a', 'workshop', 'x', '2027-01-01T09:00:00Z',"
        " '2027-01-01T17:00:00Z', 'UTC', '', '', '2026-11-01T00:00:00Z', '')"
    )
    old.execute(
        "INSERT INTO event_ics_cache (event_id, variant, version, updated_at, vevent)"
        " VALUES (1, 'public-abc', 1, '2026-11-01T00:00:00Z', 'BEGIN:VEVENT\r\nEND:VEVENT\r\n')"
    )
    old.conn.close()
    store = open_store(path, FixedClock(NOW))
    try:
        conn = store.session.db.conn
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'event_ics_cache'").fetchone()
        rows = conn.execute("SELECT event_id, variant, version, updated_at, vevent FROM event_ics_cache")
        kept = rows.fetchall()
        conn.execute("DELETE FROM events WHERE id = 1")  # the cache still follows its event
        left = conn.execute("SELECT count(*) FROM event_ics_cache").fetchone()[0]
    finally:
        store.close()
    assert "WITHOUT ROWID" not in sql.upper() and "PRIMARY KEY (event_id, variant)" in sql
    assert kept == [(1, "public-abc", 1, "2026-11-01T00:00:00Z", "BEGIN:VEVENT\r\nEND:VEVENT\r\n")]
    assert left == 0
