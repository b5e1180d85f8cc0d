"""The staff list: one row per OS login with its role, centres and optional Telegram id."""

from __future__ import annotations

from typing import Any

from ..permissions import Role, StaffMember
from ..stored_forms import dump, iso_utc, parse_iso_utc
from .guard import translated
from .rows import json_list
from .session import Session


def _member(row: dict[str, Any]) -> StaffMember:
    return StaffMember(
        login=row["login"], role=Role(row["role"]), display_name=row["display_name"],
        centres=json_list(row["centres"]), telegram_id=row["telegram_id"], added_by=row["added_by"],
        added_at=parse_iso_utc(row["added_at"]),
    )


@translated
class StaffRepository:
    """Reads and writes of ``staff`` (m018)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _one(self, where: str, value: object) -> StaffMember | None:
        rows = list(self._session.db.query(f"SELECT * FROM staff WHERE {where} = ?", [value]))
        return _member(rows[0]) if rows else None

    def get(self, login: str) -> StaffMember | None:
        return self._one("login", login)

    def by_telegram_id(self, telegram_id: int) -> StaffMember | None:
        return self._one("telegram_id", telegram_id)

    def all(self) -> list[StaffMember]:
        return [_member(row) for row in self._session.db.query("SELECT * FROM staff ORDER BY login")]

    def count(self, role: Role | None = None) -> int:
        sql, args = ("SELECT count(*) FROM staff", []) if role is None else (
            "SELECT count(*) FROM staff WHERE role = ?", [role.value])
        return int(self._session.db.execute(sql, args).fetchone()[0])

    def save(self, member: StaffMember) -> StaffMember:
        """Add ``member`` or replace the row of its login (keeping when it was first added)."""
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO staff (login, display_name, role, centres, telegram_id, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(login) DO UPDATE SET"
                " display_name = excluded.display_name, role = excluded.role, centres = excluded.centres,"
                " telegram_id = excluded.telegram_id",
                [member.login, member.display_name, member.role.value, dump(list(member.centres)),
                 member.telegram_id, member.added_by, iso_utc(member.added_at or self._session.clock.now())],
            )
        found = self.get(member.login)
        assert found is not None
        return found

    def remove(self, login: str) -> bool:
        with self._session.transaction() as db:
            return db.execute("DELETE FROM staff WHERE login = ?", [login]).rowcount > 0
