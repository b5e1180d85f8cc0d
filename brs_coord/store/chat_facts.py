"""The chat languages and bot identity repositories: a group's own language (``chat_languages``)
and the bot's public username as it learnt it from Telegram (``bot_identity``, one row)."""

from __future__ import annotations

from .guard import translated
from .rows import iso_utc
from .session import Session


@translated
class ChatLanguageRepository:
    """Reads and writes of ``chat_languages``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def language(self, chat_id: int) -> str | None:
        rows = list(
            self._session.db.query("SELECT language FROM chat_languages WHERE chat_id = ?", [chat_id])
        )
        return str(rows[0]["language"]) if rows else None

    def set(self, chat_id: int, language: str) -> None:
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO chat_languages (chat_id, language, set_at) VALUES (?, ?, ?)"
                " ON CONFLICT(chat_id) DO UPDATE SET language = excluded.language,"
                " set_at = excluded.set_at",
                [chat_id, language, iso_utc(self._session.clock.now())],
            )

    def clear(self, chat_id: int) -> bool:
        with self._session.transaction() as db:
            cursor = db.execute("DELETE FROM chat_languages WHERE chat_id = ?", [chat_id])
        return cursor.rowcount > 0


@translated
class BotIdentityRepository:
    """Reads and writes of ``bot_identity``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def username(self) -> str | None:
        rows = list(self._session.db.query("SELECT username FROM bot_identity WHERE id = 1"))
        return str(rows[0]["username"]) if rows else None

    def remember(self, username: str) -> None:
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO bot_identity (id, username, seen_at) VALUES (1, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET username = excluded.username, seen_at = excluded.seen_at",
                [username, iso_utc(self._session.clock.now())],
            )
