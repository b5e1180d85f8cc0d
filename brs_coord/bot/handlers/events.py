"""Finding events: questions and commands answered with a compact list (paging in place), /myevents;
the cards and their actions are in handlers/cards.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup, Update

from ...services import Services
from ...services.participants import Participant
from ...services.profile import Profile
from .. import event_keyboards, texts
from ..cards import Mine
from ..i18n import tr
from ..search import Found, Search, ask
from .common import choices_names, edit, mentioned_text, reply, run, who
from .private import in_personal_chat, posted_language, redirect_command

if TYPE_CHECKING:
    from ..context import BotContext


@dataclass(frozen=True)
class Page:
    found: Found
    mine: Mapping[int, Mine]


def _page(services: Services, p: Participant, search: Search, offset: int, personal: bool) -> Page:
    """A page of results; the asker's registrations and reminders only in their private chat (a list in a
    group is everyone's: its lines show no one's state)."""
    found = ask(
        services, search, tz=p.timezone, lang=p.language, limit=texts.PAGE_SIZE, offset=offset,
        profile=Profile.of(p),
    )
    if not personal:
        return Page(found, {})
    statuses = services.registrations.statuses(p.id)
    reminders = services.registrations.reminders(p.id)
    return Page(found, {
        e.id: Mine(statuses.get(e.id), e.id in reminders, p.reminder_leads) for e in found.events
    })


async def show(
    update: Update, context: BotContext, search: Search, *, offset: int = 0, search_id: int | None = None
) -> None:
    """Answer a search with one list message, or edit the list message when paging. In a group the
    lines show each event's own time and nobody's registrations."""
    p = await who(update, context)
    t = await posted_language(update, context, p.language)
    personal = in_personal_chat(update)
    page = await run(_page, context.bot_data.services, p, search, offset, personal)
    names = await choices_names(context, t)
    chat_data = context.chat_data
    assert chat_data is not None
    sid = search_id if search_id is not None else chat_data.remember(search)
    text = texts.results(t, page.found, offset, p.timezone, names, page.mine, shared=not personal)
    also = page.found.also_open
    also_id = chat_data.remember(Search.also_open(also)) if also is not None and also.total else None
    markup = event_keyboards.results(
        t,
        context.bot_data.codec,
        page.found.events,
        offset,
        page.found.total,
        sid,
        page=texts.PAGE_SIZE,
        suggested=page.found.understood.alternatives,
        also_open=(also.total, also_id) if also is not None and also_id is not None else None,
    )
    if search_id is not None:
        await edit(update, text, markup)
    else:
        await reply(update, text, markup)


def _args(context: BotContext) -> str:
    return " ".join(context.args or [])


async def upcoming(update: Update, context: BotContext) -> None:
    """/upcoming: the next events (words after the command narrow them)."""
    await show(update, context, Search(question=_args(context)))


async def webinars(update: Update, context: BotContext) -> None:
    """/webinars: upcoming webinars."""
    await show(update, context, Search(question=_args(context), kind="webinar"))


async def workshops(update: Update, context: BotContext) -> None:
    """/workshops: upcoming workshops."""
    await show(update, context, Search(question=_args(context), kind="workshop"))


async def search(update: Update, context: BotContext) -> None:
    """/search words: search events (without words: how to ask)."""
    if not context.args:
        p = await who(update, context)
        t = await posted_language(update, context, p.language)
        await reply(update, t("What are you looking for? For example: /search e-waste"))
        return
    await show(update, context, Search(question=_args(context)))


async def question(update: Update, context: BotContext) -> None:
    """Free text: an answer to a set-up question if one is pending, else a question about events."""
    from . import series, setup

    text = mentioned_text(update, context.bot_data.username)
    if not text:
        return
    if (
        context.chat_data is not None
        and context.chat_data.awaiting
        and await setup.typed_answer(update, context, text)
    ):
        return
    if await series.answer_next_session(update, context, text[:500]):
        return
    await show(update, context, Search(question=text[:500]))


async def page(update: Update, context: BotContext) -> None:
    """Next › / ‹ Previous: the same search, another page, in the same message."""
    query = update.callback_query
    assert query is not None and context.chat_data is not None
    button = context.bot_data.codec.decode(query.data)
    search_id, offset = button.int(0), button.int(1)
    stored = context.chat_data.searches.get(search_id)
    if stored is None:
        from .errors import expired

        await expired(update, context)
        return
    await query.answer()
    await show(update, context, stored, offset=offset, search_id=search_id)


async def suggestion(update: Update, context: BotContext) -> None:
    """Did you mean: workshops? The same question again, the word not understood replaced by the
    name pressed (a new answer; a stale or forged press is answered plainly)."""
    query = update.callback_query
    assert query is not None and context.chat_data is not None
    button = context.bot_data.codec.decode(query.data)
    search_id, number = button.int(0), button.int(1)
    stored = context.chat_data.searches.get(search_id)
    suggested = await _suggested(update, context, stored) if stored is not None else ()
    if stored is None or number >= min(len(suggested), event_keyboards.MAX_SUGGESTIONS):
        from .errors import expired

        await expired(update, context)
        return
    await query.answer()
    word, name = suggested[number]
    await show(update, context, stored.with_word(word, name))


async def _suggested(update: Update, context: BotContext, search: Search) -> tuple[tuple[str, str], ...]:
    """The (word, close name) pairs of a stored search, read again as its buttons were made."""
    p = await who(update, context)
    services = context.bot_data.services
    understood = await run(
        services.query.parse, search.question, tz=p.timezone, lang=p.language,
        chosen=search.choices() or None, profile=Profile.of(p),
    )
    return understood.alternatives


async def also_open(update: Update, context: BotContext) -> None:
    """🌐 Online events open to you: the answer's second part, as a list of its own (a new message)."""
    query = update.callback_query
    assert query is not None and context.chat_data is not None
    stored = context.chat_data.searches.get(context.bot_data.codec.decode(query.data).int())
    if stored is None:
        from .errors import expired

        await expired(update, context)
        return
    await query.answer()
    await show(update, context, stored)


async def more_like_this(update: Update, context: BotContext) -> None:
    """🔎 More like this: upcoming events of the same programme (or kind)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await show(update, context, Search(related_to=context.bot_data.codec.decode(query.data).int()))


async def my_events(update: Update, context: BotContext) -> None:
    """/myevents: one line per registration and reminder; the numbers open the cards (from a group: in
    private)."""
    if await redirect_command(update, context, "my"):
        return
    p = await who(update, context)
    t = tr(p.language)
    items = await run(context.bot_data.services.registrations.my_events, p.id)
    rows = event_keyboards.numbers(context.bot_data.codec, [item.event for item in items[: texts.MY_EVENTS]])
    text = texts.my_events(t, items, p.timezone, p.reminder_leads)
    await reply(update, text, InlineKeyboardMarkup(rows) if rows else None)
