"""A Session: the per-thread connection, the clock and the write transaction repositories share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..clock import Clock
from ..errors import InvalidInput
from .connection import Connection
from .db import ConnectionPool, read_snapshot, write_transaction


class SlugIds:
    """Resolves catalogue slugs to row ids, refusing unknown ones with a clear message."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _lookup(self, table: str, label: str, slug: str | None, column: str = "slug") -> int | None:
        if slug is None or slug == "":
            return None
        rows = list(self._session.db.query(f"SELECT id FROM {table} WHERE {column} = ?", [slug]))
        if not rows:
            raise InvalidInput(f"Unknown {label} {slug!r}", field=label)
        return int(rows[0]["id"])

    def programme(self, slug: str | None) -> int | None:
        return self._lookup("programmes", "programme", slug)

    def centre(self, slug: str | None) -> int | None:
        return self._lookup("centres", "organiser", slug)

    def audience(self, slug: str) -> int:
        return int(self._lookup("audiences", "audiences", slug) or 0)

    def region(self, slug: str) -> int:
        return int(self._lookup("regions", "regions", slug) or 0)

    def convention(self, slug: str) -> int:
        return int(self._lookup("conventions", "conventions", slug) or 0)


class Session:
    """Shared plumbing of the repositories of one Store."""

    def __init__(self, pool: ConnectionPool, clock: Clock) -> None:
        self.pool = pool
        self.clock = clock
        self.ids = SlugIds(self)

    @property
    def path(self) -> Path:
        return self.pool.path

    @property
    def db(self) -> Connection:
        """This thread's connection."""
        return self.pool.get()

    @contextmanager
    def transaction(self, *, wait_s: float | None = None) -> Iterator[Connection]:
        """A short write transaction (BEGIN IMMEDIATE); nested calls join the outer one. ``wait_s``:
        wait at most that long for another process's write lock (an optional write), not the busy
        timeout."""
        with write_transaction(self.db, self.path, self.pool.identity.verify, wait_s=wait_s) as db:
            yield db

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """Several reads that must agree with each other: they all see one committed state."""
        with read_snapshot(self.db, self.path) as db:
            yield db
