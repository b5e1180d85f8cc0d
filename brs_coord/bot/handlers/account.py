"""/feeds (public and personal feed links, `/feeds reset`) and /forget (after a confirmation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from .. import keyboards, texts
from ..i18n import tr
from .common import edit, reply, run, who
from .private import redirect_command

if TYPE_CHECKING:
    from ..context import BotContext


async def feeds(update: Update, context: BotContext) -> None:
    """/feeds: feed links; `/feeds reset` revokes the personal one (from a group: in private, as the
    personal link is the participant's own)."""
    if await redirect_command(update, context, "feeds"):
        return
    reset = bool(context.args) and (context.args or [""])[0].lower() in ("reset", "revoke")
    await show_feeds(update, context, reset=reset)


async def show_feeds(update: Update, context: BotContext, *, reset: bool = False) -> None:
    """The feed links (after revoking the personal one when ``reset``), in the private chat."""
    p = await who(update, context)
    t = tr(p.language)
    base = context.bot_data.settings.feed_base_url.rstrip("/")
    participants = context.bot_data.services.participants
    if reset:
        token = await run(participants.reset_feed_token, p.telegram_id)
        await reply(update, texts.feed_reset(t, f"{base}/u/{token}.ics"))
        return
    token = await run(participants.feed_token, p.telegram_id)
    await reply(update, texts.feeds(t, base, f"{base}/u/{token}.ics"))


async def forget(update: Update, context: BotContext) -> None:
    """/forget: ask for confirmation first."""
    t = tr((await who(update, context)).language)
    await reply(update, texts.forget_confirm(t), keyboards.forget(t, context.bot_data.codec))


async def forget_answer(update: Update, context: BotContext) -> None:
    """Yes → delete everything about the participant; No → nothing changes."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    (answer,) = context.bot_data.codec.decode(query.data).args
    t = tr((await who(update, context)).language)
    await query.answer()
    if answer != "yes":
        await edit(update, texts.kept(t))
        return
    await run(context.bot_data.services.participants.forget, user.id)
    if context.chat_data is not None:
        context.chat_data.searches.clear()
        context.chat_data.awaiting = None
    await edit(update, texts.forgotten(t))
