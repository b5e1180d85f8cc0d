"""A group's own language: set by one of the group's admins (``rules.may_set_chat_language``), used for
every answer the bot posts in that group, the sender's language otherwise (``rules.reply_language``)."""

from __future__ import annotations

from ..errors import InvalidInput, NotAllowed
from ..languages import CODES
from ..rules import may_set_chat_language, reply_language
from ..store import Store


class ChatLanguageService:
    """Read and set the language of a group chat."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def language(self, chat_id: int) -> str | None:
        """The group's language; None when it has none (answers follow the sender)."""
        return self._store.chat_languages.language(chat_id)

    def for_reply(self, chat_id: int, sender_language: str) -> str:
        """The language of an answer posted in this chat for a sender speaking ``sender_language``."""
        return reply_language(self.language(chat_id), sender_language)

    def set(self, chat_id: int, language: str | None, *, member_status: str | None) -> None:
        """Give the group ``language`` (None: none, answers follow the sender again); refused unless
        ``member_status`` (Telegram's, of the sender in this chat) is an admin's."""
        if not may_set_chat_language(member_status):
            raise NotAllowed("Only an administrator of the group can set its language")
        if language is None:
            self._store.chat_languages.clear(chat_id)
            return
        if language not in CODES:
            raise InvalidInput(f"Unsupported language {language!r}", field="language")
        self._store.chat_languages.set(chat_id, language)
