"""/series (the series and courses to come), a series' card with its sessions, registering for or
leaving the whole series, and the answer to "the next session of the … series" (that session's
card). In a group the list and cards are everyone's: no one's marks; registering is a link that
opens the series' card in the private chat (``/start ser-<id>``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from telegram import Update

from ...deep_links import SERIES_CARD, DeepLink, deep_link
from ...errors import NotAllowed, NotFound
from ...series_domain import Series
from ...services.participants import Participant
from .. import private_texts, series_texts, texts
from ..i18n import Tr, tr
from .cards import send_card
from .common import edit, reply, run, who
from .private import in_personal_chat, language_of, posted_language

if TYPE_CHECKING:
    from ..context import BotContext


async def series_command(update: Update, context: BotContext) -> None:
    """/series: the series with a session to come, each with its next session."""
    p = await who(update, context)
    t = await posted_language(update, context, p.language)
    found = await run(context.bot_data.services.series_views.upcoming)
    zone = p.timezone if in_personal_chat(update) else "UTC"
    await reply(update, series_texts.listing(t, found, zone),
                series_texts.listing_keyboard(context.bot_data.codec, found))


async def _render(
    update: Update, context: BotContext, p: Participant, t: Tr, series_id: int, *, head: str | None = None,
    in_place: bool = True,
) -> None:
    personal = in_personal_chat(update)
    view = await run(context.bot_data.services.series_views.card, series_id, p.id if personal else None)
    zone = p.timezone if personal else view.series.timezone
    text = series_texts.card(t, view, zone, head=head)
    markup = series_texts.card_keyboard(t, context.bot_data.codec, view, personal=personal,
                                        username=context.bot_data.username)
    if in_place:
        await edit(update, text, markup)
    else:
        await reply(update, text, markup)


async def open_series(update: Update, context: BotContext) -> None:
    """A number under /series: the series' card as a new message (the list stays)."""
    query = update.callback_query
    assert query is not None
    series_id = context.bot_data.codec.decode(query.data).int()
    p = await who(update, context)
    t = await posted_language(update, context, p.language)
    try:
        await _render(update, context, p, t, series_id, in_place=False)
    except NotFound:
        await query.answer(texts.expired(t), show_alert=True)
        return
    await query.answer()


async def open_from_link(update: Update, context: BotContext, p: Participant, t: Tr, series_id: int) -> None:
    """``/start ser-<id>`` in the private chat: the series' card (NotFound for an unknown id)."""
    await _render(update, context, p, t, series_id, in_place=False)


async def register_whole(update: Update, context: BotContext) -> None:
    """✅ Register for the whole series: a seat in every session left, or the series' waiting list."""
    registrations = context.bot_data.services.series_registrations

    async def register(p: Participant, t: Tr, series: Series) -> str:
        return series_texts.registered(t, await run(registrations.register, p.id, series.slug))

    await _whole_series(update, context, register)


async def leave_whole(update: Update, context: BotContext) -> None:
    """↩️ Leave the whole series: every registration left given back (and the waiting-list place)."""
    registrations = context.bot_data.services.series_registrations

    async def leave(p: Participant, t: Tr, series: Series) -> str:
        given = await run(registrations.unregister, p.id, series.slug)
        return series_texts.left(t, series.title_in(t.language), given)

    await _whole_series(update, context, leave)


async def _whole_series(
    update: Update, context: BotContext, act: Callable[[Participant, Tr, Series], Awaitable[str]]
) -> None:
    """A whole-series button: in the private chat only, ``act`` on the series of the signed id, then
    the card again under what ``act`` says; a series gone or a forged id: the usual "expired". In a
    group (a keyboard from before the link): the link that opens the card in the private chat."""
    query = update.callback_query
    assert query is not None
    series_id = context.bot_data.codec.decode(query.data).int()
    if not in_personal_chat(update):
        url = deep_link(context.bot_data.username, DeepLink(SERIES_CARD, series_id))
        await query.answer(private_texts.continue_in_private(await language_of(update, context)), url=url)
        return
    p = await who(update, context)
    t = tr(p.language)
    try:
        series = (await run(context.bot_data.services.series_views.card, series_id, None)).series
        head = await act(p, t, series)
    except NotFound:
        await query.answer(texts.expired(t), show_alert=True)
        return
    except NotAllowed:
        await query.answer(series_texts.refused(t), show_alert=True)
        return
    await query.answer()
    await _render(update, context, p, t, series_id, head=head)


async def answer_next_session(update: Update, context: BotContext, text: str) -> bool:
    """A "next session of the … series" question in the private chat: that session's card (True);
    anything else: False, the question is answered as any other."""
    if not in_personal_chat(update):
        return False
    found = await run(context.bot_data.services.series_views.next_asked, text)
    if found is None:
        return False
    series, session = found
    p = await who(update, context)
    t = tr(p.language)
    await send_card(update, context, p, t, session,
                    head=series_texts.next_session_head(t, series.title_in(t.language)))
    return True
