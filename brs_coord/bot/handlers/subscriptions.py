"""/subscribe (toggle keyboards per facet), /mysubscriptions, and the buttons under notices:
"Stop these", and Confirm / Decline under an offered place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from ...errors import BrsCoordError
from ...facets import BY_NAME, SUBSCRIBABLE
from ...records import NoticeKind
from ...services.describe import NamesDialect
from ...services.subscriptions import FACETS, Choice
from ..notice_texts import NoticeTr
from ..text_base import cut, h
from .common import edit, reply, run, who

if TYPE_CHECKING:
    from ..context import BotContext

# the menu's words: the registry's plural labels (msgids of the bot's catalogue)
FACET_LABELS = {facet.name: facet.plural_label for facet in SUBSCRIBABLE}
MENU_TEXT = "Choose what you want to hear about when a new event is announced:"


def _facet_menu(t: NoticeTr, context: BotContext) -> InlineKeyboardMarkup:
    codec = context.bot_data.codec
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(t(FACET_LABELS[f]), callback_data=codec.encode("sbf", f))] for f in FACETS
    ])


def _toggles(
    choices: list[Choice], context: BotContext, t: NoticeTr, dialect: NamesDialect
) -> InlineKeyboardMarkup:
    """One toggle per value, named in the participant's language (the catalogue's names)."""
    codec = context.bot_data.codec
    rows = [
        [InlineKeyboardButton(
            ("✅ " if c.chosen else "▫️ ") + cut(_name(dialect, c.facet, c.value, c.label), 60),
            callback_data=codec.encode("sbt", c.facet, i),
        )]
        for i, c in enumerate(choices)
    ]
    rows.append([InlineKeyboardButton("⬅️", callback_data=codec.encode("sbf", "menu"))])
    return InlineKeyboardMarkup(rows)


def _name(dialect: NamesDialect, facet: str, value: str, fallback: str) -> str:
    return dialect.value(BY_NAME[facet], value) or fallback


async def _dialect(context: BotContext, language: str) -> NamesDialect:
    return NamesDialect(await run(context.bot_data.services.query.vocabulary), language)


async def subscribe(update: Update, context: BotContext) -> None:
    """/subscribe: the facets to pick from."""
    p = await who(update, context)
    t = NoticeTr(p.language)
    await reply(update, t(MENU_TEXT), _facet_menu(t, context))


async def subscribe_facet(update: Update, context: BotContext) -> None:
    """One facet's values as toggles (or back to the menu)."""
    query = update.callback_query
    assert query is not None
    (facet,) = context.bot_data.codec.decode(query.data).args
    p = await who(update, context)
    t = NoticeTr(p.language)
    await query.answer()
    if facet not in FACETS:
        await edit(update, t(MENU_TEXT), _facet_menu(t, context))
        return
    choices = await run(context.bot_data.services.subscriptions.choices, p.id, facet)
    dialect = await _dialect(context, p.language)
    await edit(update, t(FACET_LABELS[facet]), _toggles(choices, context, t, dialect))


async def subscribe_toggle(update: Update, context: BotContext) -> None:
    """Switch one subscription on or off and redraw the toggles."""
    query = update.callback_query
    assert query is not None
    button = context.bot_data.codec.decode(query.data)
    facet, index = button.args[0], button.int(1)
    p = await who(update, context)
    t = NoticeTr(p.language)
    subscriptions = context.bot_data.services.subscriptions
    choices = await run(subscriptions.choices, p.id, facet) if facet in FACETS else []
    if index >= len(choices):
        await query.answer()
        return
    await run(subscriptions.toggle, p.id, facet, choices[index].value)
    await query.answer()
    choices = await run(subscriptions.choices, p.id, facet)
    dialect = await _dialect(context, p.language)
    await edit(update, t(FACET_LABELS[facet]), _toggles(choices, context, t, dialect))


async def my_subscriptions(update: Update, context: BotContext) -> None:
    """/mysubscriptions: what the participant follows."""
    p = await who(update, context)
    t = NoticeTr(p.language)
    subs = await run(context.bot_data.services.subscriptions.list, p.id)
    if not subs:
        await reply(update, t("You follow nothing yet."), _facet_menu(t, context))
        return
    dialect = await _dialect(context, p.language)
    lines = [
        "• " + t("{facet}: {value}").format(
            facet=h(t(FACET_LABELS[s.facet])), value=h(_name(dialect, s.facet, s.value, s.value))
        )
        for s in subs
    ]
    await reply(update, "\n".join(lines), _facet_menu(t, context))


async def stop_these(update: Update, context: BotContext) -> None:
    """"Stop these" under a notice: unsubscribe what selected it, or mute its event."""
    query = update.callback_query
    assert query is not None
    notice_id = context.bot_data.codec.decode(query.data).int()
    p = await who(update, context)
    t = NoticeTr(p.language)
    services = context.bot_data.services
    entry = await run(services.notices.entry, notice_id)
    if entry is None or entry.participant_id != p.id or entry.event_id is None:
        await query.answer(t("Nothing to stop."))
        return
    if entry.kind is NoticeKind.NEW_EVENT:
        await run(services.subscriptions.stop_matching, p.id, entry.event_id)
        await query.answer(t("You will not hear about such new events any more."), show_alert=True)
    else:
        await run(services.notices.mute_event, p.id, entry.event_id)
        await query.answer(t("No more notices about this event."), show_alert=True)
    await query.edit_message_reply_markup(None)


async def offer_answer(update: Update, context: BotContext) -> None:
    """Confirm or Decline under an offered place."""
    query = update.callback_query
    assert query is not None
    button = context.bot_data.codec.decode(query.data)
    event_id = button.int()
    p = await who(update, context)
    t = NoticeTr(p.language)
    waitlist = context.bot_data.services.waitlist
    try:
        if button.action == "ofy":
            await run(waitlist.confirm, p.id, event_id)
            text = t("Confirmed: the place is yours.")
        else:
            await run(waitlist.decline, p.id, event_id)
            text = t("Declined: the place goes to the next in line.")
    except BrsCoordError as exc:
        text = h(exc.message)
    await query.answer()
    shown = query.message.text_html if isinstance(query.message, Message) else ""
    await edit(update, f"{shown}\n\n<b>{text}</b>")
