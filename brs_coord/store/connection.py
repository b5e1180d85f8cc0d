"""The store's connection: ``query`` and ``execute`` over ``sqlite3``, with sqlite-utils' contract.

The repositories need three things of a connection: ``query`` (rows as dicts), ``execute`` (a write
outside a transaction is committed at once; one that fails leaves no transaction open) and the
driver connection itself. sqlite-utils gives them, but importing it costs a cold process tens of
milliseconds and its ``query`` runs every SELECT inside a savepoint (three statements for one).
This class keeps the same contract on plain ``sqlite3``; sqlite-utils is used for migrations only
(see ``migrations.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

Params = Sequence[Any] | dict[str, Any] | None

# Statements that open or close a transaction themselves: never committed behind the caller's back.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


def first_keyword(sql: str) -> str:
    """The first keyword of a statement, uppercased (leading spaces and ``--`` comments skipped)."""
    text = sql.lstrip()
    while text.startswith("--"):
        text = text.partition("\n")[2].lstrip()
    end = 0
    while end < len(text) and (text[end].isalpha() or text[end] == "_"):
        end += 1
    return text[:end].upper()


def unique_keys(names: Iterable[str]) -> list[str]:
    """Column names made unique as sqlite-utils does: a repeated name gets ``_2``, ``_3``..."""
    keys = list(names)
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    result: list[str] = []
    for key in keys:
        unique, suffix = key, 2
        while key in seen and (unique in seen or unique in taken):
            unique, suffix = f"{key}_{suffix}", suffix + 1
        seen.add(unique)
        result.append(unique)
    return result


class Connection:
    """One SQLite connection as the repositories use it (``conn`` is the driver's connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Params = None) -> sqlite3.Cursor:
        """Run one statement; a write that opened an implicit transaction is committed at once."""
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")  # nothing would ever commit the transaction it opened
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """Run a SELECT now and yield its rows as dicts (column name -> value) as they are read."""
        cursor = self.conn.execute(sql) if params is None else self.conn.execute(sql, params)
        if cursor.description is None:
            raise ValueError("query() is for statements that return rows; use execute()")
        keys = unique_keys(d[0] for d in cursor.description)
        return (dict(zip(keys, row, strict=False)) for row in cursor)

    def table_names(self) -> list[str]:
        """The tables of the main database (FTS shadow tables included), by name."""
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [name for (name,) in rows]
