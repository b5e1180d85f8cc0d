"""An event's card and its buttons: open it, register, unregister, remind, turn reminders on, add to
calendar. After every action the card is rendered again from the stored state (text and buttons) in
the message that was pressed; pressed under another message (a notice), the card comes as a new one.
In a group or channel nothing personal happens: a number opens the public card, an action answers
with the deep link that finishes it in the private chat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from ...deep_links import DeepLink, deep_link
from ...domain import Event
from ...errors import NotAllowed, NotFound
from ...rules import may_see_join_link
from ...services import Services
from ...services.participants import Participant
from ...services.reminders import DEFAULT_LEADS
from .. import event_keyboards, texts
from ..cards import Mine, event_card
from ..i18n import Tr, tr
from ..provenance_texts import provenance_lines
from ..search import event_ics
from .common import choices_names, edit, reply, run, who
from .private import in_personal_chat, posted_language, redirect_press

if TYPE_CHECKING:
    from ..context import BotContext


def mine(services: Services, p: Participant, event_id: int) -> Mine:
    """The participant's own state on an event, as the card shows it."""
    status = services.registrations.status(p.id, event_id)
    position = services.registrations.waitlist_position(p.id, event_id) if status else None
    attended = status is None and services.certificates.attended(p.id, event_id)
    return Mine(status, event_id in services.registrations.reminders(p.id), p.reminder_leads, position,
                attended)


async def card_view(
    context: BotContext, p: Participant, t: Tr, event: Event, *, head: str | None = None,
    offer_reminders: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    """The full card of a public event for ``p`` (in their private chat) and its buttons."""
    state = await run(mine, context.bot_data.services, p, event.id)
    names = await choices_names(context, t)
    share = deep_link(context.bot_data.username, DeepLink("det", event.id))
    imported = await run(context.bot_data.services.partner_sync.provenance, event.id)
    card = event_card(
        t, event, p.timezone, names, full=True, mine=state, join_link=may_see_join_link(state.registration),
        share=share, origin=tuple(provenance_lines(t, imported)) if imported else (),
    )
    markup = event_keyboards.card(t, context.bot_data.codec, event, state, offer_reminders=offer_reminders)
    return (f"{head}\n\n{card}" if head else card), markup


async def send_card(
    update: Update, context: BotContext, p: Participant, t: Tr, event: Event, *, head: str | None = None,
    offer_reminders: bool = False,
) -> None:
    """The card as a new message."""
    text, markup = await card_view(context, p, t, event, head=head, offer_reminders=offer_reminders)
    await reply(update, text, markup)


async def _show(
    update: Update, context: BotContext, p: Participant, t: Tr, event_id: int, *, head: str | None = None,
    offer_reminders: bool = False,
) -> None:
    """The card after an action: in place when the press was on this event's card, else a new message."""
    event = await run(context.bot_data.services.scheduling.get, event_id)
    text, markup = await card_view(context, p, t, event, head=head, offer_reminders=offer_reminders)
    if _on_card(update, context, event_id):
        await edit(update, text, markup)
    else:
        await reply(update, text, markup)


def _on_card(update: Update, context: BotContext, event_id: int) -> bool:
    """True when the pressed message is this event's card (it carries the event's More like this)."""
    query = update.callback_query
    markup = getattr(query.message, "reply_markup", None) if query is not None else None
    if not isinstance(markup, InlineKeyboardMarkup):
        return False
    wanted = context.bot_data.codec.encode("mlt", event_id)
    return any(button.callback_data == wanted for row in markup.inline_keyboard for button in row)


async def _press(update: Update, context: BotContext) -> tuple[CallbackQuery, Participant, Tr, int]:
    """What every button on an event starts from: the press, who pressed, their language, the event."""
    query = update.callback_query
    assert query is not None
    p = await who(update, context)
    return query, p, tr(p.language), context.bot_data.codec.decode(query.data).int()


async def open_event(update: Update, context: BotContext) -> None:
    """A list's number: the card (in a group: the public card, with links into the private chat)."""
    query = update.callback_query
    assert query is not None
    event_id = context.bot_data.codec.decode(query.data).int()
    if not in_personal_chat(update):
        t = await posted_language(update, context)
        event = await run(context.bot_data.services.scheduling.get, event_id)
        await query.answer()
        if event.is_public:
            names = await choices_names(context, t)
            text = texts.inline_text(t, event, None, names)
            await reply(update, text, event_keyboards.shared_card(t, context.bot_data.username, event))
        return
    await details(update, context)


async def details(update: Update, context: BotContext) -> None:
    """ℹ️ Details: the full card (the join link only for seat holders; from a group: in private)."""
    if await redirect_press(update, context, "det"):
        return
    query, p, t, event_id = await _press(update, context)
    event = await run(context.bot_data.services.scheduling.get, event_id)
    if not event.is_public:
        await query.answer(texts.expired(t), show_alert=True)
        return
    await query.answer()
    await send_card(update, context, p, t, event)


async def register(update: Update, context: BotContext) -> None:
    """✅ Register: one tap; the card shows the registration and the join link (from a group: a deep
    link, and registering happens in the private chat, where notices reach the person)."""
    if await redirect_press(update, context, "reg"):
        return
    query, p, t, event_id = await _press(update, context)
    try:
        result = await run(context.bot_data.services.registrations.register, p.id, event_id)
    except NotAllowed:
        await query.answer(t("Registration is closed for this event."), show_alert=True)
        return
    except NotFound:
        await query.answer(texts.expired(t), show_alert=True)
        return
    await query.answer(t("Registered") if result.has_seat else t("Waiting list"))
    await _show(update, context, p, t, event_id, head=texts.registered_head(t, result))


async def unregister(update: Update, context: BotContext) -> None:
    """↩️ Unregister: gives the seat (or waiting-list place) back; the card says so."""
    if await redirect_press(update, context, "det"):
        return
    query, p, t, event_id = await _press(update, context)
    done = await run(context.bot_data.services.registrations.unregister, p.id, event_id)
    event = await run(context.bot_data.services.scheduling.get, event_id)
    await query.answer(t("Unregistered") if done else None)
    await _show(update, context, p, t, event_id, head=texts.unregistered(t, event, done))


async def remind(update: Update, context: BotContext) -> None:
    """⏰ Remind me: stored, and the card says when; with reminders off in /settings it offers to turn
    them on instead of promising a reminder that would never come (from a group: in private)."""
    if await redirect_press(update, context, "rem"):
        return
    query, p, t, event_id = await _press(update, context)
    if not p.reminder_leads:
        await query.answer()
        await _show(update, context, p, t, event_id, head=texts.reminders_off(t), offer_reminders=True)
        return
    try:
        await run(context.bot_data.services.registrations.remind, p.id, event_id)
    except (NotAllowed, NotFound):
        await query.answer(texts.expired(t), show_alert=True)
        return
    event = await run(context.bot_data.services.scheduling.get, event_id)
    answer = texts.reminder_set(t, event, p.reminder_leads)
    await query.answer(answer[:200])
    await _show(update, context, p, t, event_id, head="⏰ " + answer)


async def reminders_on(update: Update, context: BotContext) -> None:
    """⏰ Turn on reminders: the default times (1 day and 1 hour before), then Remind me."""
    if await redirect_press(update, context, "rem"):
        return
    query, p, t, event_id = await _press(update, context)
    services = context.bot_data.services
    try:
        leads = await run(services.reminders.set_leads, p.id, list(DEFAULT_LEADS))
        await run(services.registrations.remind, p.id, event_id)
    except (NotAllowed, NotFound):
        await query.answer(texts.expired(t), show_alert=True)
        return
    p = await who(update, context)
    event = await run(services.scheduling.get, event_id)
    answer = texts.reminder_set(t, event, leads)
    await query.answer(answer[:200])
    await _show(update, context, p, t, event_id, head="⏰ " + answer)


async def add_to_calendar(update: Update, context: BotContext) -> None:
    """📅 Add to calendar: the event's .ics file, at once (from a group: in the private chat)."""
    if await redirect_press(update, context, "ics"):
        return
    query, _, t, event_id = await _press(update, context)
    await query.answer()
    await send_ics(update, context, t, event_id)


async def send_ics(update: Update, context: BotContext, t: Tr, event_id: int) -> None:
    """The event's calendar file, in the update's chat (NotFound for an event that is not public)."""
    assert update.effective_chat is not None
    event, data = await run(event_ics, context.bot_data.services, event_id)
    if not event.is_public:
        raise NotFound(f"No event with id {event_id}")
    filename = f"{(event.uid.split('@')[0] or str(event.id))[:40]}.ics"
    await update.effective_chat.send_document(data, filename=filename, caption=texts.ics_caption(t, event))
