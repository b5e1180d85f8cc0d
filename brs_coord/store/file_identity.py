"""Which file a store has open: its device and inode, to notice the file deleted or replaced.

SQLite keeps writing to the file it opened. When that file is deleted, or another file is moved
over its name (a copied-in backup, ``mv new.db brs.db``), a running ``serve`` would serve the old
content for ever and the bot would write registrations into a file nobody reads again. The store
records the file's (device, inode) when it first opens it and compares before every commit and
whenever a new connection is opened; ``serve`` and ``bot`` also look every second
(``services.database_watch``) and stop with one line, so that the service manager starts them again
on the new file. ``brs-coord restore`` writes into the same file (SQLite's backup API), so it is
never taken for a replacement.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DatabaseReplaced


def identity_of(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``; None when there is none."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


class FileIdentity:
    """The identity of a database file, taken once (``record``) and checked (``verify``) after."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recorded: tuple[int, int] | None = None

    def record(self) -> None:
        """Remember the file now at the path (the first time only)."""
        if self.recorded is None:
            self.recorded = identity_of(self.path)

    def problem(self) -> str | None:
        """What happened to the file since it was recorded, or None while it is the same file."""
        if self.recorded is None:
            return None
        now = identity_of(self.path)
        if now == self.recorded:
            return None
        what = "deleted" if now is None else "replaced by another file"
        return (
            f"The database file {self.path} was {what} while in use; stopping (start again to use"
            " the file now there; restore a database only with `brs-coord restore`)"
        )

    def verify(self) -> None:
        """Raise DatabaseReplaced when the file at the path is no longer the one recorded."""
        problem = self.problem()
        if problem is not None:
            raise DatabaseReplaced(problem)
