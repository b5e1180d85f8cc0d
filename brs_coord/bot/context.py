"""The bot's typed shared state: what every handler's ``context`` carries (bot data, chat data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from ..config import Settings
from ..services import Services
from .callbacks import CallbackCodec
from .search import Search


class NoticeDelivery(Protocol):
    """What the application holds of its notice sender (``bot.sender.NoticeSender``)."""

    async def close(self) -> None:
        """Finish the round in progress, stop, and shut the sender's own bot down."""


@dataclass
class BotData:
    """What every handler shares (``context.bot_data``): set once by ``app.build_application``."""

    services: Services = field(init=False)
    settings: Settings = field(init=False)
    codec: CallbackCodec = field(init=False)
    username: str = "bot"
    sender: NoticeDelivery | None = None  # the outbox delivery this application runs (bot.run.serve)


@dataclass
class ChatData:
    """Per chat, in memory: searches behind list messages (for paging) and what typed text answers."""

    searches: dict[int, Search] = field(default_factory=dict)
    next_search: int = 1
    awaiting: tuple[str, str] | None = None  # ("tz" | "cy", flow)

    def remember(self, search: Search, keep: int = 50) -> int:
        search_id = self.next_search
        self.next_search += 1
        self.searches[search_id] = search
        for old in sorted(self.searches)[:-keep]:
            del self.searches[old]
        return search_id


BotContext = CallbackContext[ExtBot[None], dict[Any, Any], ChatData, BotData]
CONTEXT_TYPES = ContextTypes(context=CallbackContext, bot_data=BotData, chat_data=ChatData)
