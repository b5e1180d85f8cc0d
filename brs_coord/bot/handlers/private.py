"""Personal actions only in the private chat (``rules.is_personal_chat``): in a group or channel a
press or a personal command is answered with a deep link (brs_coord/deep_links.py), nothing is posted for
everyone, no participant is created, and the shared keyboard stays as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from ...deep_links import DeepLink, deep_link
from ...rules import is_personal_chat
from .. import private_texts
from ..i18n import Tr, tr
from .common import lang_of, reply, run

if TYPE_CHECKING:
    from ..context import BotContext


def in_personal_chat(update: Update) -> bool:
    chat = update.effective_chat
    return is_personal_chat(chat.type if chat is not None else None)


async def language_of(update: Update, context: BotContext) -> Tr:
    """The language of someone known to the bot, else their Telegram one (nothing is stored)."""
    user = update.effective_user
    known = await run(context.bot_data.services.participants.get, user.id) if user is not None else None
    return tr(known.language) if known is not None else lang_of(update)


async def posted_language(update: Update, context: BotContext, sender: str | None = None) -> Tr:
    """The language of a message the bot posts in this chat: in a private chat the sender's; in a
    group the group's own (chat_languages), else the sender's (``sender``: their language when
    already known, else looked up as language_of does)."""
    sender = sender if sender is not None else (await language_of(update, context)).language
    chat = update.effective_chat
    if chat is None or in_personal_chat(update):
        return tr(sender)
    return tr(await run(context.bot_data.services.chat_languages.for_reply, chat.id, sender))


async def redirect_press(update: Update, context: BotContext, action: str) -> bool:
    """In a group: answer an event button with the deep link that finishes ``action`` in the private chat
    (True); in the private chat: False, the caller goes on."""
    if in_personal_chat(update):
        return False
    query = update.callback_query
    assert query is not None
    event_id = context.bot_data.codec.decode(query.data).int()
    url = deep_link(context.bot_data.username, DeepLink(action, event_id))
    await query.answer(private_texts.continue_in_private(await language_of(update, context)), url=url)
    return True


async def redirect_command(update: Update, context: BotContext, action: str) -> bool:
    """In a group: reply to a personal command with the deep link to it (True); in private: False."""
    if in_personal_chat(update):
        return False
    url = deep_link(context.bot_data.username, DeepLink(action))
    await reply(update, private_texts.personal_elsewhere(await posted_language(update, context), url))
    return True
