"""Helpers every handler shares: the participant behind an update, translations, names, replying."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from ...services.participants import Participant, language_for
from ..i18n import Tr, tr
from ..texts import MESSAGE_LIMIT, Names, cut_html

if TYPE_CHECKING:
    from ..context import BotContext

log = logging.getLogger(__name__)
T = TypeVar("T")


async def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A (SQLite) service call in a worker thread, never on the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def who(update: Update, context: BotContext) -> Participant:
    """The participant who sent the update (created with defaults on first contact)."""
    user = update.effective_user
    assert user is not None
    chat = update.effective_chat
    chat_id = chat.id if chat is not None and chat.type == "private" else None
    return await run(
        context.bot_data.services.participants.get_or_create,
        user.id,
        chat_id=chat_id,
        first_name=user.first_name,
        language_code=user.language_code,
    )


def lang_of(update: Update) -> Tr:
    """Translations from the Telegram language code (when no participant record is at hand)."""
    user = update.effective_user
    return tr(language_for(user.language_code if user else None))


def names(context: BotContext, t: Tr) -> Names:
    return Names(context.bot_data.services.participants.choices(), t)


async def choices_names(context: BotContext, t: Tr) -> Names:
    return Names(await run(context.bot_data.services.participants.choices), t)


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send to the update's chat; long text goes out in several messages (keyboard on the last)."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split(text)
    sent = None
    for i, part in enumerate(parts):
        sent = await chat.send_message(part, reply_markup=markup if i == len(parts) - 1 else None)
    return sent


def split(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut at blank lines (between cards), never inside a line's HTML."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for block in text.split("\n\n"):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = block if len(block) <= limit else cut_html(block, limit)
    if current:
        parts.append(current)
    return parts


async def edit(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the message under the pressed button (an identical edit is not an error)."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(cut_html(text), reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


def mentioned_text(update: Update, username: str) -> str | None:
    """The message text, without the bot's @mention; None in a group when the bot is not mentioned."""
    message = update.effective_message
    if message is None or message.text is None:
        return None
    text = message.text
    if update.effective_chat is not None and update.effective_chat.type != "private":
        mention = f"@{username}".lower()
        if mention not in text.lower():
            return None
        start = text.lower().index(mention)
        text = text[:start] + text[start + len(mention) :]
    return text.strip()
