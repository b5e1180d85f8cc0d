"""/certificate (the events a participant may have a certificate for; `/certificate Name` sets the
name printed) and the Certificate button: the PDF sent as a document, or the reason there is none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from ...errors import InvalidInput
from ...services.certificate_codes import shown_code
from ...services.certificates import Refused
from .. import certificate_texts
from ..i18n import tr
from ..text_base import cut
from .common import reply, run, who
from .private import redirect_command

if TYPE_CHECKING:
    from ..context import BotContext


async def certificate_command(update: Update, context: BotContext) -> None:
    """/certificate: a button per event with a certificate to give; with text after it, the name to
    print on certificates issued from then on."""
    if await redirect_command(update, context, "certificate"):
        return
    p = await who(update, context)
    t = tr(p.language)
    service = context.bot_data.services.certificates
    if context.args:
        try:
            name = await run(service.set_printed_name, p.telegram_id, " ".join(context.args))
        except InvalidInput:
            await reply(update, certificate_texts.name_refused(t))
            return
        await reply(update, certificate_texts.name_saved(t, name))
    events = await run(service.eligible_events, p.telegram_id)
    name = await run(service.printed_name, p.telegram_id)
    codec = context.bot_data.codec
    markup = InlineKeyboardMarkup([
        [InlineKeyboardButton(cut(f"🎓 {t.day(e.starts_at, e.timezone)} · {e.title_in(p.language)}", 60),
                              callback_data=codec.encode("crt", e.id))]
        for e in events[:20]
    ]) if events else None
    await reply(update, certificate_texts.eligible(t, name, len(events)), markup)


async def send_certificate(update: Update, context: BotContext) -> None:
    """The Certificate button: the PDF in the participant's language, or why there is none."""
    query = update.callback_query
    assert query is not None
    event_id = context.bot_data.codec.decode(query.data).int()
    p = await who(update, context)
    t = tr(p.language)
    await query.answer()
    service = context.bot_data.services.certificates
    try:
        issued = await run(service.issue, p.telegram_id, event_id)
    except Refused as refused:
        await reply(update, certificate_texts.refusal(t, refused.reason, refused.share, service.threshold))
        return
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        InputFile(issued.pdf, filename=issued.filename), filename=issued.filename,
        caption=certificate_texts.caption(t, shown_code(issued.certificate.code)),
    )
