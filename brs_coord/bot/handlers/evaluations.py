"""The evaluation after an event: the answer buttons (usefulness, will apply, Skip), each editing the
same message to the next question, and the comment typed while an evaluation waits for it. The
steps and what they store are the service's (services/evaluations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop

from ...errors import InvalidInput
from ...services.evaluations import Outcome, Progress
from .. import evaluation_texts, texts
from ..i18n import Tr, tr
from .common import reply, run, who
from .private import in_personal_chat

if TYPE_CHECKING:
    from ..context import BotContext


def _shown(t: Tr, progress: Progress, zone: str) -> str:
    assert progress.event is not None
    event = progress.event
    return evaluation_texts.message(t, event.title_in(t.language), event.starts_at, zone, progress.step)


async def _answered(update: Update, context: BotContext, button: str, *args: int | str) -> None:
    query = update.callback_query
    assert query is not None
    decoded = context.bot_data.codec.decode(query.data)
    event_id = decoded.int()
    p = await who(update, context)
    t = tr(p.language)
    service = context.bot_data.services.evaluations
    message_id = query.message.message_id if query.message is not None else None
    try:
        if button == "evu":
            progress = await run(service.rate, p.telegram_id, event_id, decoded.int(1), message_id)
        elif button == "eva":
            progress = await run(service.will_apply, p.telegram_id, event_id, decoded.args[1])
        else:
            progress = await run(service.skip_comment, p.telegram_id, event_id)
    except InvalidInput:
        await query.answer(texts.expired(t), show_alert=True)
        return
    if progress.outcome is Outcome.ALREADY:
        await query.answer(evaluation_texts.already(t), show_alert=True)
        return
    if progress.outcome is Outcome.NOT_ASKED:
        await query.answer(evaluation_texts.not_asked(t), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(
        _shown(t, progress, p.timezone),
        reply_markup=evaluation_texts.keyboard(t, context.bot_data.codec, event_id, progress.step),
    )


async def usefulness(update: Update, context: BotContext) -> None:
    await _answered(update, context, "evu")


async def will_apply(update: Update, context: BotContext) -> None:
    await _answered(update, context, "eva")


async def skip_comment(update: Update, context: BotContext) -> None:
    await _answered(update, context, "evs")


async def typed_comment(update: Update, context: BotContext) -> None:
    """Before every other text handler (group -1): the private text of a participant whose
    evaluation waits for a comment is that comment (nothing else sees it); other texts go on."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text or not in_personal_chat(update):
        return
    service = context.bot_data.services.evaluations
    if not await run(service.waiting_for_comment, user.id):
        return
    p = await who(update, context)
    t = tr(p.language)
    try:
        progress = await run(service.comment, user.id, message.text)
    except InvalidInput:
        await reply(update, evaluation_texts.comment_refused(t))
        raise ApplicationHandlerStop from None
    if progress.outcome is Outcome.THANKS and progress.message_id is not None and message.chat is not None:
        try:  # the question's message: the Skip button gone, the thanks in its place
            await context.bot.edit_message_text(
                _shown(t, progress, p.timezone), chat_id=message.chat.id, message_id=progress.message_id,
            )
        except BadRequest:  # deleted by the participant meanwhile: the reply below is enough
            pass
    await reply(update, evaluation_texts.comment_saved(t))
    raise ApplicationHandlerStop
