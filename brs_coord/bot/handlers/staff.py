"""Staff commands, for the Telegram ids in BRS_ADMIN_IDS and in a private chat only:
``/cancel UID reason`` cancels through the same scheduling service as ``brs-coord event cancel``
(registered participants are told through the outbox). Staff replies are in English, as the CLI."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from telegram import Update

from ...errors import BrsCoordError
from .common import lang_of, reply, run

if TYPE_CHECKING:
    from ..context import BotContext

CANCEL_USAGE = "Usage: /cancel UID reason (the reason is shown to participants)"


async def _refused(update: Update, context: BotContext) -> bool:
    """Tell anyone not on BRS_ADMIN_IDS, or outside a private chat, that the command is not for them."""
    user, chat = update.effective_user, update.effective_chat
    t = lang_of(update)
    if user is None or user.id not in context.bot_data.settings.admin_ids:
        await reply(update, t("This command is for the secretariat's staff only."))
        return True
    if chat is None or chat.type != "private":
        await reply(update, t("Staff commands work only in a private chat with the bot."))
        return True
    return False


async def cancel(update: Update, context: BotContext) -> None:
    """/cancel UID reason: cancel an event (recorded as changed by the admin's Telegram id)."""
    if await _refused(update, context):
        return
    args = context.args or []
    if len(args) < 2:
        await reply(update, escape(CANCEL_USAGE))
        return
    uid, reason = args[0], " ".join(args[1:])
    user = update.effective_user
    assert user is not None
    scheduling = context.bot_data.services.scheduling
    try:
        change = await run(scheduling.cancel_by_uid, uid, reason, by=f"telegram:{user.id}")
    except BrsCoordError as exc:  # no such event, already cancelled, a conflict: said as the CLI says it
        await reply(update, escape(exc.message))
        return
    await reply(update, escape(f"Cancelled {uid}: {change.event.title}"))
