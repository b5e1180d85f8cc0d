"""The staff preferences repository: per staff login, named preferences and saved filters."""

from __future__ import annotations

import json
from typing import Any

from ..records import SavedFilter
from .guard import translated
from .rows import iso_utc
from .session import Session


def _saved_filter(row: dict[str, Any]) -> SavedFilter:
    facets = tuple((name, tuple(values)) for name, values in json.loads(row["facets"]))
    return SavedFilter(row["name"], row["search"], facets, row["scope"], row["sort"], bool(row["descending"]))


@translated
class StaffPreferencesRepository:
    """Reads and writes of ``staff_preferences`` and ``saved_filters``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def preference(self, staff: str, name: str) -> str | None:
        rows = list(self._session.db.query(
            "SELECT value FROM staff_preferences WHERE staff = ? AND name = ?", [staff, name]))
        return str(rows[0]["value"]) if rows else None

    def set_preference(self, staff: str, name: str, value: str) -> None:
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO staff_preferences (staff, name, value, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(staff, name) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                [staff, name, value, iso_utc(self._session.clock.now())],
            )

    def saved_filters(self, staff: str) -> list[SavedFilter]:
        rows = self._session.db.query(
            "SELECT * FROM saved_filters WHERE staff = ? ORDER BY name COLLATE NOCASE", [staff])
        return [_saved_filter(row) for row in rows]

    def save_filter(self, staff: str, saved: SavedFilter) -> None:
        """Keep ``saved`` under its name (replacing one of the same name)."""
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO saved_filters (staff, name, search, facets, scope, sort, descending, saved_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(staff, name) DO UPDATE SET"
                " search = excluded.search, facets = excluded.facets, scope = excluded.scope,"
                " sort = excluded.sort, descending = excluded.descending, saved_at = excluded.saved_at",
                [staff, saved.name, saved.search, json.dumps([list(f) for f in saved.facets]), saved.scope,
                 saved.sort, int(saved.descending), iso_utc(self._session.clock.now())],
            )

    def delete_filter(self, staff: str, name: str) -> bool:
        with self._session.transaction() as db:
            return db.execute(
                "DELETE FROM saved_filters WHERE staff = ? AND name = ?", [staff, name]).rowcount > 0
