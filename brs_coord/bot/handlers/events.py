"""Finding events and acting on them: lists with paging, calendar files, registration, reminders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from ...domain import Event
from ...errors import NotAllowed, NotFound
from ...rules import may_see_join_link
from ...services import Services
from ...services.participants import Participant
from ...services.profile import Profile
from ...services.registrations import RegistrationResult
from .. import keyboards, texts
from ..i18n import Tr, tr
from ..search import Found, Search, ask, event_ics
from .common import choices_names, edit, mentioned_text, reply, run, who
from .private import in_personal_chat, redirect_command, redirect_press

if TYPE_CHECKING:
    from ..context import BotContext


@dataclass(frozen=True)
class Page:
    found: Found
    statuses: Mapping[int, str]
    reminders: set[int]


def _page(services: Services, p: Participant, search: Search, offset: int, personal: bool) -> Page:
    """A page of results; the asker's registrations and reminders only in their private chat (a list in a
    group is everyone's: its cards and keyboard show no one's state)."""
    found = ask(
        services, search, tz=p.timezone, lang=p.language, limit=texts.PAGE_SIZE, offset=offset,
        profile=Profile.of(p),
    )
    if not personal:
        return Page(found, {}, set())
    return Page(found, services.registrations.statuses(p.id), services.registrations.reminders(p.id))


async def show(
    update: Update, context: BotContext, search: Search, *, offset: int = 0, search_id: int | None = None
) -> None:
    """Answer a search with one list message, or edit the list message when paging."""
    p = await who(update, context)
    t = tr(p.language)
    page = await run(_page, context.bot_data.services, p, search, offset, in_personal_chat(update))
    names = await choices_names(context, t)
    chat_data = context.chat_data
    assert chat_data is not None
    sid = search_id if search_id is not None else chat_data.remember(search)
    text = texts.results(t, page.found, offset, p.timezone, names, page.statuses, page.reminders)
    also = page.found.also_open
    also_id = chat_data.remember(Search.also_open(also)) if also is not None and also.total else None
    markup = keyboards.results(
        t,
        context.bot_data.codec,
        page.found.events,
        offset,
        page.found.total,
        sid,
        page.statuses,
        page.reminders,
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
        t = tr(p.language)
        await reply(update, t("What are you looking for? For example: /search e-waste"))
        return
    await show(update, context, Search(question=_args(context)))


async def question(update: Update, context: BotContext) -> None:
    """Free text: an answer to a set-up question if one is pending, else a question about events."""
    from . import setup

    text = mentioned_text(update, context.bot_data.username)
    if not text:
        return
    if (
        context.chat_data is not None
        and context.chat_data.awaiting
        and await setup.typed_answer(update, context, text)
    ):
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
    if stored is None or number >= min(len(suggested), keyboards.MAX_SUGGESTIONS):
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


def _event_id(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None
    return context.bot_data.codec.decode(query.data).int()


async def add_to_calendar(update: Update, context: BotContext) -> None:
    """📅 Add to calendar: the event's .ics file, at once (from a group: in the private chat)."""
    if await redirect_press(update, context, "ics"):
        return
    query = update.callback_query
    assert query is not None
    p = await who(update, context)
    await query.answer()
    await send_ics(update, context, tr(p.language), _event_id(update, context))


async def send_ics(update: Update, context: BotContext, t: Tr, event_id: int) -> None:
    """The event's calendar file, in the update's chat (NotFound for an event that is not public)."""
    assert update.effective_chat is not None
    event, data = await run(event_ics, context.bot_data.services, event_id)
    if not event.is_public:
        raise NotFound(f"No event with id {event_id}")
    filename = f"{(event.uid.split('@')[0] or str(event.id))[:40]}.ics"
    await update.effective_chat.send_document(data, filename=filename, caption=texts.ics_caption(t, event))


async def _swap_button(update: Update, context: BotContext, event_id: int, old: str, new: str | None) -> None:
    """Update the pressed keyboard: Register ↔ Unregister, or drop Remind me."""
    query = update.callback_query
    assert query is not None
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if not isinstance(markup, InlineKeyboardMarkup):
        return
    p = await who(update, context)
    changed = keyboards.swap(tr(p.language), context.bot_data.codec, markup, event_id, old, new)
    if changed is not None:
        await query.edit_message_reply_markup(changed)


async def _event_button(update: Update, context: BotContext) -> tuple[CallbackQuery, Participant, Tr, int]:
    """What every button on an event card starts from: the press, who pressed, their language, the event."""
    query = update.callback_query
    assert query is not None
    p = await who(update, context)
    return query, p, tr(p.language), _event_id(update, context)


async def register(update: Update, context: BotContext) -> None:
    """✅ Register: one tap; the join link comes with the confirmation (from a group: a deep link, and
    registering happens in the private chat, where notices reach the person)."""
    if await redirect_press(update, context, "reg"):
        return
    query, p, t, event_id = await _event_button(update, context)
    try:
        result = await run(context.bot_data.services.registrations.register, p.id, event_id)
    except NotAllowed:
        await query.answer(t("Registration is closed for this event."), show_alert=True)
        return
    except NotFound:
        await query.answer(texts.expired(t), show_alert=True)
        return
    await query.answer(t("Registered") if result.has_seat else t("Waiting list"))
    await send_registered(update, context, p, t, result)
    await _swap_button(update, context, event_id, "reg", "unr")


async def send_registered(
    update: Update, context: BotContext, p: Participant, t: Tr, result: RegistrationResult
) -> None:
    """The confirmation: the card (with the join link for a seat) and its buttons."""
    names = await choices_names(context, t)
    markup = keyboards.single_event(t, context.bot_data.codec, result.event, result.status, False)
    await reply(update, texts.registered(t, result, p.timezone, names), markup)


async def unregister(update: Update, context: BotContext) -> None:
    """↩️ Unregister: gives the seat (or waiting-list place) back (from a group: the card in private)."""
    if await redirect_press(update, context, "det"):
        return
    query, p, t, event_id = await _event_button(update, context)
    done = await run(context.bot_data.services.registrations.unregister, p.id, event_id)
    event = await run(context.bot_data.services.scheduling.get, event_id)
    await query.answer(t("Unregistered") if done else None)
    await reply(update, texts.unregistered(t, event, done))
    await _swap_button(update, context, event_id, "unr", "reg")


async def remind(update: Update, context: BotContext) -> None:
    """⏰ Remind me: stored; the reminder itself is sent before the event (from a group: in private)."""
    if await redirect_press(update, context, "rem"):
        return
    query, p, t, event_id = await _event_button(update, context)
    try:
        await run(context.bot_data.services.registrations.remind, p.id, event_id)
    except (NotAllowed, NotFound):
        await query.answer(texts.expired(t), show_alert=True)
        return
    event = await run(context.bot_data.services.scheduling.get, event_id)
    await query.answer(texts.reminder_set(t, event)[:200])
    await _swap_button(update, context, event_id, "rem", None)


async def details(update: Update, context: BotContext) -> None:
    """ℹ️ Details: the full card (the join link only for registered participants; from a group: in
    the private chat, as the card shows the person's registration)."""
    if await redirect_press(update, context, "det"):
        return
    query, p, t, event_id = await _event_button(update, context)
    event = await run(context.bot_data.services.scheduling.get, event_id)
    if not event.is_public:
        await query.answer(texts.expired(t), show_alert=True)
        return
    await query.answer()
    await send_card(update, context, p, t, event)


async def send_card(update: Update, context: BotContext, p: Participant, t: Tr, event: Event) -> None:
    """The full card of a public event for ``p`` (in their private chat) with its buttons."""
    services = context.bot_data.services
    event_id = event.id
    status = await run(services.registrations.status, p.id, event_id)
    reminders = await run(services.registrations.reminders, p.id)
    names = await choices_names(context, t)
    card = texts.event_card(
        t,
        event,
        p.timezone,
        names,
        full=True,
        registration=status,
        reminder=event_id in reminders,
        join_link=may_see_join_link(status),
    )
    await reply(
        update, card, keyboards.single_event(t, context.bot_data.codec, event, status, event_id in reminders)
    )


async def more_like_this(update: Update, context: BotContext) -> None:
    """🔎 More like this: upcoming events of the same programme (or kind)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await show(update, context, Search(related_to=_event_id(update, context)))


async def my_events(update: Update, context: BotContext) -> None:
    """/myevents: my registrations and reminders, with Unregister (from a group: in private)."""
    if await redirect_command(update, context, "my"):
        return
    p = await who(update, context)
    t = tr(p.language)
    items = await run(context.bot_data.services.registrations.my_events, p.id)
    names = await choices_names(context, t)
    rows = []
    for i, item in enumerate(items[:10]):
        rows += keyboards.event_actions(
            t, context.bot_data.codec, item.event, i + 1, item.status, item.reminder
        )
    await reply(
        update, texts.my_events(t, items, p.timezone, names), InlineKeyboardMarkup(rows) if rows else None
    )
