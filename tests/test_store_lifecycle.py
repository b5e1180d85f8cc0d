"""The database file over its life: migrations, init and demo idempotence, version refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from brs_coord.clock import FixedClock
from brs_coord.errors import StoreError
from brs_coord.store import open_store
from brs_coord.store.db import connect
from brs_coord.store.migrations import MIGRATION_NAMES, migrations
from tests.catalogue_expected import (
    EXPECTED_AUDIENCE_SLUGS,
    EXPECTED_CENTRE_SLUGS,
    EXPECTED_HISTORICAL_COUNT,
    EXPECTED_PROGRAMME_SLUGS,
)
from tests.conftest import NOW


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (FTS shadow tables and the migration log excepted)."""
    conn = sqlite3.connect(path)
    tables = [
        row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
            " AND name NOT LIKE '\\_%' ESCAPE '\\' AND name != 'sqlite_sequence'"
        )
    ]
    data = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    conn.close()
    return data


def test_a_new_file_gets_every_table_and_the_latest_schema(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new.db", FixedClock(NOW), create=True)
    tables = set(store.session.db.table_names())
    assert {"events", "event_history", "event_audiences", "event_regions", "event_conventions",
            "programmes", "audiences", "centres", "regions", "conventions", "participants",
            "subscriptions", "registrations", "reminders", "outbox", "events_fts",
            "programmes_fts"} <= tables
    assert store.schema_version == len(MIGRATION_NAMES)
    assert store.session.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATION_NAMES)
    assert store.session.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.session.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.session.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


@pytest.mark.parametrize("stop_before", MIGRATION_NAMES[1:])
def test_every_earlier_schema_version_is_upgraded(tmp_path: Path, stop_before: str) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    old = connect(path)
    migrations.apply(old, stop_before=stop_before)
    old.conn.close()
    store = open_store(path, FixedClock(NOW))
    assert store.schema_version == len(MIGRATION_NAMES)
    store.seed_reference()
    assert store.catalogue.counts().programmes == len(EXPECTED_PROGRAMME_SLUGS)


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_store(path, FixedClock(NOW), create=True).close()
    db = Database(sqlite3.connect(path))
    db["_sqlite_migrations"].insert({"migration_set": "brs-coord", "name": "m999_future",
                                     "applied_at": "2030-01-01"})
    db.conn.close()
    with pytest.raises(StoreError, match="newer brs-coord"):
        open_store(path, FixedClock(NOW))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"hello, I am a text file" * 100, "not an SQLite database"),
     (b"SQLite format 3\x00" + b"\xff" * 4000, "not a valid brs-coord database")],
)
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        open_store(path, FixedClock(NOW))
    assert path.read_bytes() == content


def test_missing_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "brs.db", FixedClock(NOW), create=True)
    with pytest.raises(StoreError, match="brs-coord init"):
        open_store(tmp_path / "absent.db", FixedClock(NOW))
    assert not (tmp_path / "absent.db").exists()


def test_init_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "brs.db"
    store = open_store(path, FixedClock(NOW), create=True)
    first = store.seed_reference()
    assert first.total > 0
    store.close()
    before = snapshot(path)
    store = open_store(path, FixedClock(NOW))
    assert store.seed_reference().total == 0
    store.close()
    assert snapshot(path) == before


def test_init_keeps_staff_edits_of_the_catalogue(services) -> None:
    programme = services.store.catalogue.programme("e-waste")
    from dataclasses import replace

    services.store.catalogue.save_programme(replace(programme, name="E-waste (WEEE)"), "amina")
    assert services.initialise().total == 0
    assert services.store.catalogue.programme("e-waste").name == "E-waste (WEEE)"


def test_demo_twice_adds_nothing(services) -> None:
    added = services.add_demo()
    before = snapshot(services.settings.db_path)
    assert services.add_demo() == 0
    assert snapshot(services.settings.db_path) == before
    assert added >= 300


def test_the_catalogue_names_everything_in_the_seeds(services) -> None:
    catalogue = services.store.catalogue
    assert {p.slug for p in catalogue.programmes()} >= set(EXPECTED_PROGRAMME_SLUGS)
    assert {a.slug for a in catalogue.audiences()} >= set(EXPECTED_AUDIENCE_SLUGS)
    assert {c.slug for c in catalogue.centres()} >= set(EXPECTED_CENTRE_SLUGS)
    assert [c.code for c in catalogue.conventions()] == ["BC", "RC", "SC"]
    seeded = services.store.session.db.execute(
        "SELECT count(*) FROM events WHERE source = 'seed'").fetchone()[0]
    assert seeded == EXPECTED_HISTORICAL_COUNT
    kenya = next(c for c in catalogue.countries() if c.code == "KE")
    assert kenya.region == "africa" and kenya.names["es"] == "Kenia"
    dnas = catalogue.audience("rotterdam-dnas")
    assert "DNAs" in dnas.aliases["en"]
    assert any("autorités nationales désignées" in alias for alias in dnas.aliases["fr"])


def test_historical_lines_keep_their_precision(services) -> None:
    db = services.store.session.db
    precisions = {row[0] for row in db.execute(
        "SELECT DISTINCT date_precision FROM events WHERE source = 'seed'")}
    assert precisions == {"month", "year"}
    assert db.execute("SELECT count(*) FROM events WHERE source='seed' AND status != 'held'"
                      ).fetchone()[0] == 0
