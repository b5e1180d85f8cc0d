"""The bot's public username for the faces that link to it (TUI, feeds): ``BRS_BOT_USERNAME`` when
set, else the one the running bot learnt from Telegram (getMe) and stored; none: no link is made up."""

from __future__ import annotations

from ..config import Settings
from ..deep_links import bot_username, event_link
from ..store import Store


class BotLinks:
    """Links that open an event in the bot, where its public username is known."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store, self._settings = store, settings

    def username(self) -> str | None:
        """The configured username, else the stored one; None when neither is known."""
        return self._settings.bot_username or self._store.bot_identity.username()

    def remember(self, username: str | None) -> None:
        """What the bot learnt about itself at start (a changed username replaces the old one)."""
        name = bot_username(username or "")
        if name is not None and name != self._store.bot_identity.username():
            self._store.bot_identity.remember(name)

    def event(self, event_id: int) -> str | None:
        """``https://t.me/<bot>?start=det-<id>``: the event's card in the bot; None without a username."""
        username = self.username()
        return event_link(username, event_id) if username else None
