"""Opening the database: connections per thread, pragmas, migrations, version checks."""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .connection import Connection
from .file_identity import FileIdentity
from .migrations import MIGRATION_NAMES, MIGRATIONS_TABLE, migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 15.0
SQLITE_HEADER = b"SQLite format 3\x00"


def describe_sqlite_error(exc: sqlite3.Error, path: Path) -> str:
    """One plain sentence for an SQLite failure on ``path``."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return f"The database {path} is locked by another process; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return (f"The database {path} is read-only (the file, its folder or its disk cannot be "
                "written, or the disk is full); the change was not saved")
    if "disk is full" in text or "full" in text:
        return f"The disk holding {path} is full; nothing was written"
    if "no such table" in text:
        return (f"{path} lacks the table {str(exc).rpartition(':')[2].strip()}: it is not a complete"
                " brs-coord database (`brs-coord check` lists what is missing; restore a backup)")
    if "disk i/o error" in text:
        return (f"Writing {path} failed (disk full, file-size limit or disk fault); "
                "the last change was not saved")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is not a valid brs-coord database (damaged or another kind of file)"
    if "unable to open" in text:
        return f"Cannot open the database {path}"
    return f"Database error on {path}: {exc}"


def check_file(path: Path, *, must_exist: bool) -> None:
    """Refuse, with a clear message, a path that cannot hold a brs-coord database."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    if not path.parent.exists():
        raise StoreError(f"The folder {path.parent} does not exist")
    if not path.exists():
        if must_exist:
            raise StoreError(f"No database at {path}; create it with `brs-coord init`")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}") from exc
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an SQLite database")


def connect(path: Path, cache_mib: int = 0) -> Connection:
    """A new connection with WAL, a busy timeout, foreign keys and recursive triggers on.

    A database that cannot be opened for writing (a read-only folder or file system, a full disk:
    SQLite cannot create the ``-shm``/``-wal`` files beside it) is opened read-only, so that the
    commands that only read (ask, list, show, check, backup, export, serve) still work; a write
    through it is refused with a message that says why (``describe_sqlite_error``).

    ``cache_mib``: the connection's page cache (0: SQLite's own, 2 MiB)."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        _configure(conn, cache_mib)
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        if not _cannot_write_beside(exc, path):
            raise StoreError(describe_sqlite_error(exc, path)) from exc
        log.info("opening %s read-only (%s)", path, exc)
        return connect_read_only(path, cache_mib)
    return Connection(conn)


def _configure(conn: sqlite3.Connection, cache_mib: int = 0) -> None:
    if cache_mib:  # a negative size is in KiB
        conn.execute(f"PRAGMA cache_size = {-int(cache_mib) * 1024}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils set it on every connection
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


def _cannot_write_beside(exc: sqlite3.Error, path: Path) -> bool:
    """True for a failure to open an existing database because nothing can be written beside it."""
    text = str(exc).lower()
    kinds = ("unable to open", "readonly", "read-only", "disk is full", "disk i/o error")
    return path.is_file() and any(kind in text for kind in kinds)


def connect_read_only(path: Path, cache_mib: int = 0) -> Connection:
    """A read-only connection. While another process has the database open its ``-wal`` and
    ``-shm`` files exist and are shared as usual; when they cannot be created (a read-only folder,
    a full disk) and no ``-wal`` holds changes, no process can be writing it in WAL mode, and the
    file is read as immutable."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        _configure(conn, cache_mib)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if _wal_size(path) > 0:
            raise StoreError(describe_sqlite_error(exc, path)) from exc
        try:
            conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, check_same_thread=False)
            _configure(conn, cache_mib)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as again:
            raise StoreError(describe_sqlite_error(again, path)) from again
    return Connection(conn)


def _wal_size(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        return 0


def applied_migrations(db: Connection) -> list[str]:
    """Names of the migrations recorded in this database."""
    return migrations.applied_names(db.conn)


def check_schema_version(db: Connection, path: Path) -> None:
    """Refuse a database written by a newer brs-coord (by its record of migrations or by its
    ``PRAGMA user_version``), one whose record of migrations is gone, and another program's."""
    applied = applied_migrations(db)
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise StoreError(
            f"{path} was written by a newer brs-coord (schema {', '.join(unknown)}); "
            "upgrade brs-coord to open it"
        )
    version = int(db.conn.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATION_NAMES):
        raise StoreError(f"{path} has schema version {version}, newer than this brs-coord's "
                         f"{len(MIGRATION_NAMES)}; upgrade brs-coord to open it")
    if applied:
        return
    if version:
        raise StoreError(f"{path} says it has schema version {version} but its record of migrations "
                         f"({MIGRATIONS_TABLE}) is missing: it is damaged; restore a backup")
    tables = [name for name in db.table_names() if not name.startswith("sqlite_")]
    if tables:
        shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise StoreError(f"{path} is another program's SQLite database (tables {shown}), not brs-coord's")


def schema_version(db: Connection) -> int:
    """The number of migrations applied, also kept in PRAGMA user_version."""
    return len(applied_migrations(db))


def migrate(db: Connection, path: Path) -> list[str]:
    """Apply pending migrations under a file lock, so concurrent openers do not race.

    A database already up to date is only read (sqlite-utils, which applies migrations, is not
    even imported)."""
    check_schema_version(db, path)
    if not migrations.pending_names(db.conn):
        return []
    with open(path, "rb") as lock_handle:
        fcntl.flock(lock_handle, fcntl.LOCK_EX)
        try:
            pending = migrations.pending_names(db.conn)
            migrations.apply(db)
            db.execute(f"PRAGMA user_version = {schema_version(db)}")
        finally:
            fcntl.flock(lock_handle, fcntl.LOCK_UN)
    if pending:
        log.info("applied migrations %s to %s", ", ".join(pending), path)
    return pending


class ConnectionPool:
    """One connection per thread, since an SQLite connection must not be shared across threads.

    Every connection is to the same file: the first one records its identity, and a later one is
    refused (DatabaseReplaced) when another file has taken the name since."""

    def __init__(self, path: Path, cache_mib: int = 0) -> None:
        self.path = path
        self.cache_mib = cache_mib
        self.identity = FileIdentity(path)
        self._local = threading.local()
        self._all: list[tuple[threading.Thread, Connection]] = []  # each connection and its thread
        self._lock = threading.Lock()

    def get(self) -> Connection:
        db: Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.identity.verify()
            db = connect(self.path, self.cache_mib)
            self.identity.record()
            self._local.db = db
            with self._lock:
                self._all.append((threading.current_thread(), db))
        return db

    def close_all(self) -> None:
        """Close this thread's connection and those of threads that have ended. A connection of
        another live thread is only let go: that thread may be inside a query on it, and closing a
        connection under a running query can crash the process; it closes as soon as nothing
        holds it (at once when its thread is idle)."""
        me = threading.current_thread()
        with self._lock:
            for owner, db in self._all:
                if owner is me or not owner.is_alive():
                    try:
                        db.conn.close()
                    except sqlite3.Error:
                        pass
            self._all.clear()
        self._local = threading.local()
        self.identity = FileIdentity(self.path)  # closed: the next connection starts afresh


@contextmanager
def read_snapshot(db: Connection, path: Path) -> Iterator[Connection]:
    """A read transaction: every query inside it sees the same committed state of the file (WAL
    keeps that snapshot), however many writes land meanwhile. Joins a transaction already open."""
    if db.conn.in_transaction:
        yield db
        return
    try:
        db.execute("BEGIN DEFERRED")
    except sqlite3.Error as exc:
        raise StoreError(describe_sqlite_error(exc, path)) from exc
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()  # nothing was written: ending the snapshot is all there is to do


@contextmanager
def write_transaction(
    db: Connection, path: Path, verify: Callable[[], None] | None = None, *, wait_s: float | None = None
) -> Iterator[Connection]:
    """A short write transaction taken with BEGIN IMMEDIATE; joins one already open. ``verify``
    runs just before the commit (the file's identity: a write into a replaced file is rolled back
    and refused rather than lost). ``wait_s`` waits at most that long for another process's write
    lock instead of the busy timeout (a write that may be skipped, such as a cache's)."""
    if db.conn.in_transaction:
        yield db
        return
    try:
        if wait_s is None:
            db.execute("BEGIN IMMEDIATE")
        else:  # only taking the lock waits: in WAL mode the commit does not wait for readers
            db.execute(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
            try:
                db.execute("BEGIN IMMEDIATE")
            finally:
                db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    except sqlite3.Error as exc:
        raise StoreError(describe_sqlite_error(exc, path)) from exc
    try:
        yield db
        if verify is not None:
            verify()
        db.conn.commit()
    except sqlite3.Error as exc:
        db.conn.rollback()
        raise StoreError(describe_sqlite_error(exc, path)) from exc
    except BaseException:
        db.conn.rollback()
        raise
