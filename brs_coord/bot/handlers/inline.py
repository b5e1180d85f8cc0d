"""Inline mode: "@bot e-waste" in any chat lists matching events to share (never a join link)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from ...services import Services
from ...services.participants import language_for
from ...services.profile import Profile
from .. import texts
from ..i18n import tr
from ..search import Found, Search, ask
from .common import choices_names, run

if TYPE_CHECKING:
    from ..context import BotContext


def _answer(services: Services, user_id: int, language_code: str | None, text: str) -> tuple[str, str, Found]:
    known = services.participants.get(user_id)  # an inline query creates no participant record
    lang = known.language if known else language_for(language_code)
    zone = known.timezone if known else "UTC"
    profile = Profile.of(known) if known else None
    return lang, zone, ask(services, Search(question=text), tz=zone, lang=lang, limit=10, profile=profile)


async def inline_query(update: Update, context: BotContext) -> None:
    """Answer "@bot words" with up to ten shareable event cards."""
    query = update.inline_query
    assert query is not None
    lang, zone, found = await run(
        _answer,
        context.bot_data.services,
        query.from_user.id,
        query.from_user.language_code,
        query.query[:200],
    )
    t = tr(lang)
    names = await choices_names(context, t)
    results = [
        InlineQueryResultArticle(
            id=str(event.id),
            title=texts.cut(event.title, 100),
            description=texts.cut(
                t(texts.KIND_NAMES.get(event.kind, "")) + " · " + texts.when(t, event, zone), 200
            ),
            input_message_content=InputTextMessageContent(
                texts.inline_text(t, event, zone, names), parse_mode=ParseMode.HTML
            ),
        )
        for event in found.events
    ]
    await query.answer(results, cache_time=30, is_personal=True)
