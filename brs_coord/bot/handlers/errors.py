"""The one error handler, and the answer to buttons this bot no longer understands."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import TelegramError

from ...errors import BrsCoordError
from .. import texts
from .common import lang_of

if TYPE_CHECKING:
    from ..context import BotContext

log = logging.getLogger("brs_coord.bot")


async def expired(update: Update, context: BotContext) -> None:
    """A forged, stale or unknown button: say so, do nothing else."""
    query = update.callback_query
    if query is not None:
        await query.answer(texts.expired(lang_of(update)), show_alert=True)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure (with its traceback unless it is an expected one) and tell the user plainly."""
    error = context.error
    if isinstance(error, BrsCoordError):
        log.warning("update refused: %s", error.message)
    else:
        log.error("update failed: %s", type(error).__name__, exc_info=error)
    if not isinstance(update, Update):
        return
    t = lang_of(update)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.failed(t))
        elif update.effective_chat is not None and update.effective_message is not None:
            await update.effective_chat.send_message(texts.failed(t))
    except TelegramError as exc:
        log.warning("could not tell the user about the failure: %s", exc)
