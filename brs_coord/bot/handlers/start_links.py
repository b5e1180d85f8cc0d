"""``/start <payload>`` in the private chat: finishing what a deep link from a group asked for
(brs_coord/deep_links.py): the event card, registering (where notices can reach the person), a
reminder, the calendar file, a series' card, /myevents or /feeds. A malformed or unknown payload, or
an event that is no longer public, gets a plain message and nothing else happens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from ...deep_links import SERIES_CARD, DeepLink, deep_link, parse
from ...errors import NotAllowed, NotFound
from ...services.participants import Participant
from .. import private_texts, texts
from ..i18n import Tr, tr
from . import account, cards, events, series, setup
from .common import reply, run, who
from .private import in_personal_chat, posted_language

if TYPE_CHECKING:
    from ..context import BotContext


async def start_payload(update: Update, context: BotContext) -> None:
    """``/start payload`` (a deep link; /start alone is setup.start). In a group: the same deep link, to
    be opened in private."""
    link = parse(" ".join(context.args or []))
    if not in_personal_chat(update):
        if link is not None:
            url = deep_link(context.bot_data.username, link)
            await reply(update, private_texts.personal_elsewhere(await posted_language(update, context), url))
        return
    p = await who(update, context)
    t = tr(p.language)
    if link is None:
        await reply(update, private_texts.unknown_link(t))
        return
    if link.action == "my":
        await events.my_events(update, context)
    elif link.action == "feeds":
        await account.show_feeds(update, context)
    elif link.action == "help":
        await setup.help_command(update, context)
    elif link.action == "settings":
        await setup.settings(update, context)
    elif link.action == SERIES_CARD:
        try:
            await series.open_from_link(update, context, p, t, link.event_id)
        except NotFound:
            await reply(update, private_texts.event_gone(t))
    else:
        try:
            await _event_action(update, context, p, t, link)
        except NotFound:
            await reply(update, private_texts.event_gone(t))


async def _event_action(update: Update, context: BotContext, p: Participant, t: Tr, link: DeepLink) -> None:
    services = context.bot_data.services
    event = await run(services.scheduling.get, link.event_id)  # NotFound: an unknown id
    if not event.is_public:
        raise NotFound(f"No event with id {link.event_id}")
    if link.action == "reg":
        try:
            result = await run(services.registrations.register, p.id, event.id)
        except NotAllowed:
            closed = t("Registration is closed for this event.")
            await cards.send_card(update, context, p, t, event, head=closed)
            return
        await cards.send_card(update, context, p, t, result.event, head=texts.registered_head(t, result))
    elif link.action == "rem":
        if not p.reminder_leads:
            head = texts.reminders_off(t)
            await cards.send_card(update, context, p, t, event, head=head, offer_reminders=True)
            return
        try:
            await run(services.registrations.remind, p.id, event.id)
        except NotAllowed:
            await reply(update, texts.expired(t))
            return
        head = "⏰ " + texts.reminder_set(t, event, p.reminder_leads)
        await cards.send_card(update, context, p, t, event, head=head)
    elif link.action == "ics":
        await cards.send_ics(update, context, t, event.id)
    else:
        await cards.send_card(update, context, p, t, event)
