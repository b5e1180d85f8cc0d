"""The store's Connection keeps the contract the repositories had from sqlite-utils (see connection.py),
and opening an up-to-date database reads the migration record without sqlite-utils."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from brs_coord.store.connection import Connection, first_keyword, unique_keys
from brs_coord.store.db import connect
from brs_coord.store.migrations import MIGRATION_NAMES, migrations


@pytest.fixture
def conn(tmp_path: Path) -> Connection:
    connection = connect(tmp_path / "c.db")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    return connection


def _other(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "c.db")


def test_a_write_outside_a_transaction_is_committed_at_once(conn: Connection, tmp_path: Path) -> None:
    conn.execute("INSERT INTO t (name) VALUES (?)", ["a"])
    assert not conn.conn.in_transaction
    assert _other(tmp_path).execute("SELECT name FROM t").fetchall() == [("a",)]


def test_a_write_inside_a_transaction_waits_for_its_commit(conn: Connection, tmp_path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO t (name) VALUES ('b')")
    assert conn.conn.in_transaction and _other(tmp_path).execute("SELECT count(*) FROM t").fetchone() == (0,)
    conn.conn.commit()
    assert _other(tmp_path).execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_a_failed_write_leaves_no_transaction_open(conn: Connection) -> None:
    conn.execute("INSERT INTO t (name) VALUES ('a')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO t (name) VALUES ('a')")
    assert not conn.conn.in_transaction


def test_query_gives_dicts_now_and_refuses_statements_without_rows(conn: Connection) -> None:
    rows = conn.query("SELECT 1 AS a, 2 AS a, 3 AS a_2, 'x' AS b")
    conn.execute("INSERT INTO t (name) VALUES ('late')")  # the SELECT above already ran
    assert list(rows) == [{"a": 1, "a_3": 2, "a_2": 3, "b": "x"}]
    assert next(conn.query("SELECT count(*) AS n FROM t WHERE name = ?", ["late"])) == {"n": 1}
    with pytest.raises(ValueError):
        conn.query("UPDATE t SET name = 'z'")


def test_the_sqlite_utils_ways_agree_with_ours(conn: Connection) -> None:
    theirs = Database(conn.conn)
    sql = "SELECT 1 AS a, 2 AS a, 3 AS a_2, 'x' AS b"
    assert list(theirs.query(sql)) == list(conn.query(sql))
    assert unique_keys(["id", "id", "id_2", "id"]) == ["id", "id_3", "id_2", "id_4"]
    assert sorted(theirs.table_names()) == sorted(conn.table_names())


@pytest.mark.parametrize(("sql", "keyword"), [
    ("select 1", "SELECT"), ("  -- note\n  begin immediate", "BEGIN"), ("\nRELEASE x", "RELEASE"),
    ("-- only a comment", ""),
])
def test_first_keyword(sql: str, keyword: str) -> None:
    assert first_keyword(sql) == keyword


def test_pragmas_of_every_connection(conn: Connection) -> None:
    assert conn.execute("PRAGMA recursive_triggers").fetchone() == (1,)  # as sqlite-utils set it
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_the_migration_record_is_read_as_sqlite_utils_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    sqlite3.connect(path).close()
    db = connect(path)
    assert migrations.applied_names(db.conn) == []
    assert migrations.pending_names(db.conn) == list(MIGRATION_NAMES)
    migrations.apply(db, stop_before=MIGRATION_NAMES[2])
    assert migrations.applied_names(db.conn) == list(MIGRATION_NAMES[:2])
    assert migrations.pending_names(db.conn) == list(MIGRATION_NAMES[2:])
    migrations.apply(db)
    assert migrations.pending_names(db.conn) == []


def test_closing_the_store_never_closes_a_connection_under_another_threads_query(tmp_path: Path) -> None:
    """close_all from one thread while another is inside a query: the busy connection is only let
    go (closed once its thread is done with it), the query ends normally, and the process lives
    (closing it under the query can segfault the interpreter)."""
    import threading

    from brs_coord.store.db import ConnectionPool

    path = tmp_path / "busy.db"
    pool = ConnectionPool(path)
    pool.get().execute("CREATE TABLE t (n INTEGER)")
    pool.get().conn.commit()
    inside, release, done = threading.Event(), threading.Event(), []

    def slow(n: int) -> int:
        inside.set()
        release.wait(10)
        return n

    def reader() -> None:
        db = pool.get()
        db.conn.create_function("slow", 1, slow)
        done.append(db.conn.execute("SELECT slow(1)").fetchone()[0])
        done.append(db.conn.execute("SELECT count(*) FROM t").fetchone()[0])  # the same work goes on

    thread = threading.Thread(target=reader)
    thread.start()
    assert inside.wait(10)
    pool.close_all()  # the reader is inside its query
    release.set()
    thread.join(10)
    assert done == [1, 0]
    assert pool.get().conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0  # a fresh connection
    pool.close_all()
