"""/language: the language of this chat. In the private chat, the participant's own (``/language fr``,
or the buttons). In a group, the group's own language: every answer the bot posts there is in it (the
sender's language when it has none); one of the group's administrators sets it (``/language fr``,
``/language -`` for none, or the buttons; /settings in a group shows the same), and other members
are refused politely."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from ...deep_links import DeepLink, deep_link
from ...errors import NotAllowed
from ...languages import CODES, INTERFACE_LANGUAGES
from .. import chat_language_texts, keyboards, private_texts, texts
from ..i18n import Tr, tr
from .common import edit, reply, run, who
from .private import in_personal_chat, language_of, posted_language

if TYPE_CHECKING:
    from ..context import BotContext

NO_LANGUAGE = ("-", "off", "none", "no")
_NAMED = {name.casefold(): code for code, name in INTERFACE_LANGUAGES.items()}
UNKNOWN = "?"


def _parse(typed: str) -> str | None:
    """A language code for what was typed ("fr", "FR", "Français"); None for no language; UNKNOWN."""
    word = typed.strip().casefold()
    if word in NO_LANGUAGE:
        return None
    if word in CODES:
        return word
    return _NAMED.get(word, UNKNOWN)


async def _member_status(update: Update, context: BotContext) -> str | None:
    """The sender's status in the group, as Telegram says (an anonymous administrator writes as the
    group itself); None when Telegram cannot tell."""
    chat, user, message = update.effective_chat, update.effective_user, update.message
    assert chat is not None and user is not None
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return "administrator"
    try:
        return (await context.bot.get_chat_member(chat.id, user.id)).status
    except TelegramError:
        return None


def _group_view(
    t: Tr, context: BotContext, current: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    text = chat_language_texts.group_language(t, current)
    own = deep_link(context.bot_data.username, DeepLink("settings"))
    text += "\n\n" + private_texts.own_settings(t, own)
    markup = keyboards.languages(
        t, context.bot_data.codec, current, action="glg", none=chat_language_texts.each_sender(t)
    )
    return text, markup


async def show_group(update: Update, context: BotContext) -> None:
    """The group's language and the buttons to change it (/language or /settings in a group)."""
    chat = update.effective_chat
    assert chat is not None
    current = await run(context.bot_data.services.chat_languages.language, chat.id)
    t = await posted_language(update, context)
    await reply(update, *_group_view(t, context, current))


async def _set_group(update: Update, context: BotContext, code: str | None) -> Tr | None:
    """Give the group ``code`` (None: none) if the sender is one of its administrators: the language
    the group's answers are in now; None when refused."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    status = await _member_status(update, context)
    try:
        await run(
            context.bot_data.services.chat_languages.set, chat.id, code, member_status=status
        )
    except NotAllowed:
        return None
    return await posted_language(update, context)


async def language_command(update: Update, context: BotContext) -> None:
    """/language [code]: see or set the language of this chat."""
    typed = " ".join(context.args or [])
    code = _parse(typed) if typed else UNKNOWN
    if in_personal_chat(update):
        p = await who(update, context)
        t = tr(p.language)
        if not typed:
            await reply(
                update, t("Choose your language:"), keyboards.languages(t, context.bot_data.codec, p.language)
            )
        elif code is None or code == UNKNOWN:
            await reply(update, chat_language_texts.unknown_language(t, typed, CODES))
        else:
            p = await run(context.bot_data.services.participants.set_language, p.telegram_id, code)
            await reply(update, texts.saved(tr(p.language), tr(p.language).language_name(code)))
        return
    if not typed:
        await show_group(update, context)
        return
    if code == UNKNOWN:
        await reply(
            update, chat_language_texts.unknown_language(await posted_language(update, context), typed, CODES)
        )
        return
    now = await _set_group(update, context, code)
    if now is None:
        await reply(update, chat_language_texts.only_admins(await posted_language(update, context)))
    elif code is None:
        await reply(update, chat_language_texts.group_language_cleared(now))
    else:
        await reply(update, chat_language_texts.group_language_set(now, code))


async def group_language_button(update: Update, context: BotContext) -> None:
    """A language button under the group's language message (only administrators change it)."""
    query = update.callback_query
    assert query is not None
    (typed,) = context.bot_data.codec.decode(query.data).args
    code = _parse(typed)
    if in_personal_chat(update) or code == UNKNOWN:
        from .errors import expired

        await expired(update, context)
        return
    now = await _set_group(update, context, code)
    if now is None:
        await query.answer(
            chat_language_texts.only_admins(await language_of(update, context)), show_alert=True
        )
        return
    done = (
        chat_language_texts.group_language_set(now, code)
        if code is not None
        else chat_language_texts.group_language_cleared(now)
    )
    await query.answer(done[:200])
    await edit(update, *_group_view(now, context, code))
