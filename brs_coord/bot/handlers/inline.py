"""Inline mode: "@bot e-waste" in any chat lists matching events to share (never a join link).

The list the asker picks from shows times in their zone when the bot knows it, else in each event's own
zone and UTC (never "your time" for someone whose zone is unknown); the message shared into the chat
is read by everyone there, so it shows the event's own time and UTC. Every result carries links that
open the event in the bot; ``next_offset`` pages on through all matches. An empty query offers the
next events under a button that says so; a query of which nothing was read offers no events, only
the way to help.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode

from ...deep_links import DeepLink
from ...services import Services
from ...services.participants import language_for
from ...services.profile import Profile
from .. import event_keyboards, texts
from ..cards import when
from ..i18n import Tr, tr
from ..search import Found, Search, ask
from .common import choices_names, run

if TYPE_CHECKING:
    from ..context import BotContext

INLINE_PAGE = 10
MAX_OFFSET = 1000  # deeper pages are not offered (a forged offset is read as the first page)


@dataclass(frozen=True)
class InlineAnswer:
    language: str
    zone: str | None  # None: the asker is not known to the bot
    found: Found


def _answer(
    services: Services, user_id: int, language_code: str | None, text: str, offset: int
) -> InlineAnswer:
    known = services.participants.get(user_id)  # an inline query creates no participant record
    lang = known.language if known else language_for(language_code)
    zone = known.timezone if known else None
    profile = Profile.of(known) if known else None
    found = ask(
        services, Search(question=text), tz=zone or "UTC", lang=lang, limit=INLINE_PAGE, offset=offset,
        profile=profile,
    )
    return InlineAnswer(lang, zone, found)


def _offset(raw: str) -> int:
    return int(raw) if raw.isdigit() and int(raw) <= MAX_OFFSET else 0


def _button(t: Tr, text: str, found: Found) -> InlineQueryResultsButton | None:
    """The line above the results: what an empty query shows, or that nothing was read."""
    if not text.strip():
        label = t("Next events · type words to search")
    elif found.understood.help or not found.events:
        label = t("Nothing found · open the bot for help")
    else:
        return None
    return InlineQueryResultsButton(label, start_parameter=DeepLink("help").payload)


async def inline_query(update: Update, context: BotContext) -> None:
    """Answer "@bot words" with shareable event cards, ten at a time."""
    query = update.inline_query
    assert query is not None
    text, offset = query.query[:200], _offset(query.offset)
    answer = await run(
        _answer, context.bot_data.services, query.from_user.id, query.from_user.language_code, text, offset
    )
    t, zone, found = tr(answer.language), answer.zone, answer.found
    events = [] if found.understood.help else found.events
    names = await choices_names(context, t)
    results = [
        InlineQueryResultArticle(
            id=str(event.id),
            title=texts.cut(event.title_in(t.language), 100),
            description=texts.cut(f"{t(texts.KIND_NAMES.get(event.kind, ''))} · {when(t, event, zone)}", 200),
            input_message_content=InputTextMessageContent(  # read by the whole chat: the event's own time
                texts.inline_text(t, event, None, names), parse_mode=ParseMode.HTML
            ),
            reply_markup=event_keyboards.shared_card(t, context.bot_data.username, event),
        )
        for event in events
    ]
    more = bool(events) and offset + len(events) < found.total and offset + INLINE_PAGE <= MAX_OFFSET
    await query.answer(
        results, cache_time=30, is_personal=True, next_offset=str(offset + INLINE_PAGE) if more else None,
        button=_button(t, text, found) if offset == 0 else None,
    )
