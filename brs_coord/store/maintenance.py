"""Backup, restore and health checks of the database file."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from .db import SQLITE_HEADER, describe_sqlite_error


@dataclass(frozen=True)
class CheckReport:
    """What `brs-coord check` reports."""

    path: Path
    integrity: str
    schema_version: int
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"


COUNTED_TABLES = (
    "events", "programmes", "audiences", "centres", "regions", "countries", "conventions",
    "participants", "subscriptions", "registrations", "outbox", "event_history",
)


def integrity(path: Path) -> str:
    """SQLite's integrity check of a file, as text ('ok' when sound)."""
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return "not an SQLite database"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return describe_sqlite_error(exc, path)
    return "; ".join(str(row[0]) for row in rows)


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
        dest = sqlite3.connect(str(partial))
        try:
            source.backup(dest, pages=1024)
        finally:
            dest.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        message = exc.strerror if isinstance(exc, OSError) else describe_sqlite_error(exc, target)
        raise StoreError(f"Backup to {target} failed: {message}") from exc


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
