"""Backup, restore and health checks of the database file."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from .db import SQLITE_HEADER, connect_read_only, describe_sqlite_error


@dataclass(frozen=True)
class CheckReport:
    """What `brs-coord check` reports."""

    path: Path
    integrity: str
    schema_version: int
    counts: dict[str, int]
    missing_tables: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.missing_tables


COUNTED_TABLES = (
    "events", "programmes", "audiences", "centres", "regions", "countries", "conventions",
    "participants", "subscriptions", "registrations", "outbox", "event_history",
)


def expected_tables() -> frozenset[str]:
    """The tables the migrations make (built in memory: about 0.15 s, for `check` only)."""
    from .connection import Connection
    from .migrations import migrations

    conn = sqlite3.connect(":memory:")
    try:
        migrations.apply(Connection(conn))
        return frozenset(Connection(conn).table_names())
    finally:
        conn.close()


SHOWN_PROBLEMS = 3  # a damaged file can list a hundred: the first few say enough


def integrity(path: Path) -> str:
    """SQLite's integrity check of a file, as text ('ok' when sound)."""
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return "not an SQLite database"
    try:
        conn = connect_read_only(path).conn
    except StoreError as exc:
        return exc.message
    try:
        rows = conn.execute(f"PRAGMA integrity_check({SHOWN_PROBLEMS + 1})").fetchall()
    except sqlite3.Error as exc:
        return describe_sqlite_error(exc, path)
    finally:
        conn.close()
    problems = [" ".join(str(row[0]).split()) for row in rows]  # one line each
    if len(problems) > SHOWN_PROBLEMS:
        problems = [*problems[:SHOWN_PROBLEMS], "and more problems"]
    return "; ".join(problems)


def backup(source: sqlite3.Connection, target: Path) -> None:
    """Copy the live database with SQLite's online backup API (safe while others write)."""
    if target.exists() and target.is_dir():
        raise StoreError(f"{target} is a directory; give a file name for the backup")
    if not target.parent.exists():
        raise StoreError(f"The folder {target.parent} does not exist")
    live = Path(source.execute("PRAGMA database_list").fetchone()[2] or ":memory:")
    if target.exists() and live.exists() and target.resolve() == live.resolve():
        raise StoreError(f"{target} is the database itself; give another file name for the backup")
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.open("wb").close()  # the OS's own reason first (read-only, not a folder, no space)
        dest = sqlite3.connect(str(partial))
        try:
            source.backup(dest, pages=1024)
            dest.execute("PRAGMA journal_mode = DELETE")  # one file: no -wal beside it to check or move
        finally:
            dest.close()
        verdict = integrity(partial)  # the copy is what the source holds: check it before keeping it
        if verdict != "ok":
            _remove(partial)
            kept = f"; {target} was left as it was" if target.exists() else ""
            raise StoreError(f"Not backed up: the database {live} is damaged ({verdict}){kept}")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        _remove(partial)
        raise StoreError(f"Backup to {target} failed: {_write_failure(exc, target)}") from exc


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # a read-only folder: nothing was made there either
        pass


def _write_failure(exc: sqlite3.Error | OSError, target: Path) -> str:
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    text = str(exc).lower()
    if "disk i/o error" in text or "full" in text:
        return "the disk is full or a file-size limit was reached"
    return describe_sqlite_error(exc, target)


def restore(backup_file: Path, target: sqlite3.Connection) -> None:
    """Replace the live database's content with a backup that passes the integrity check."""
    if not backup_file.is_file():
        raise StoreError(f"No backup file at {backup_file}")
    verdict = integrity(backup_file)
    if verdict != "ok":
        raise StoreError(f"Refusing to restore {backup_file}: {verdict}")
    try:
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            source.backup(target, pages=1024)
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise StoreError(f"Restore from {backup_file} failed: {exc}") from exc
