"""/start with its optional set-up (time zone, country, audience; Skip on each), /help, unknown
commands, /settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup, Update

from ...services.participants import Participant, find_timezones
from .. import keyboards, settings_texts, texts
from ..i18n import tr
from ..keyboards import SETTINGS, SETUP
from . import notice_settings
from .common import choices_names, edit, reply, run, who
from .private import in_personal_chat, posted_language

if TYPE_CHECKING:
    from ..context import BotContext

NEXT_STEP = {"tz": "cy", "cy": "au", "au": "done"}


def _after(step: str, flow: str) -> str:
    return NEXT_STEP[step] if flow == SETUP else "settings"


async def _step(
    update: Update, context: BotContext, p: Participant, step: str, flow: str, *, new_message: bool = False
) -> None:
    """Show one set-up step (or the settings summary), editing the pressed message when there is one."""
    t = tr(p.language)
    codec = context.bot_data.codec
    names = await choices_names(context, t)
    awaiting: tuple[str, str] | None = None
    markup: InlineKeyboardMarkup | None = None
    if step == "tz":
        text, markup, awaiting = (
            texts.setup_timezone(t, p.timezone),
            keyboards.timezone_areas(t, codec, flow),
            ("tz", flow),
        )
    elif step == "cy":
        text, markup, awaiting = (
            texts.setup_country(t),
            keyboards.country_regions(t, codec, names, flow),
            ("cy", flow),
        )
    elif step == "au":
        text, markup = texts.setup_audience(t), keyboards.audiences(t, codec, names, flow)
    elif step == "done":
        text = texts.setup_done(t)
    else:
        text, markup = settings_texts.settings_summary(t, p, names), keyboards.settings(t, codec)
    if context.chat_data is not None:
        context.chat_data.awaiting = awaiting
    if update.callback_query is not None and not new_message:
        await edit(update, text, markup)
    else:
        await reply(update, text, markup)


def _button(update: Update, context: BotContext) -> tuple[str, ...]:
    query = update.callback_query
    assert query is not None
    return context.bot_data.codec.decode(query.data).args


def _greeting(p: Participant, telegram_code: str | None, *, chosen: bool = False) -> str:
    t = tr(p.language)
    picked = settings_texts.language_picked(t, p.language, telegram_code, chosen=chosen)
    return texts.greeting(t, p.first_name) + "\n\n" + picked


async def start(update: Update, context: BotContext) -> None:
    """/start: a greeting in the user's language, saying which language it is (read from Telegram's
    language_code when it is one of the six) with the six to pick from, then the optional set-up."""
    p = await who(update, context)
    code = update.effective_user.language_code if update.effective_user else None
    codec = context.bot_data.codec
    picker = keyboards.languages(tr(p.language), codec, p.language, action="lgs")
    await reply(update, _greeting(p, code), picker)
    await _step(update, context, p, "tz", SETUP, new_message=True)


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what the bot can do, with examples."""
    p = await who(update, context)
    t = await posted_language(update, context, p.language)
    await reply(update, texts.help_text(t, context.bot_data.username))


async def unknown_command(update: Update, context: BotContext) -> None:
    """/foo, a command the bot does not have: the short help. In a group only a command addressed to
    this bot (/foo@bot) is answered, as a bare one may be for another bot there."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0]
    addressed = command.lower().endswith("@" + context.bot_data.username.lower())
    if not in_personal_chat(update) and not addressed:
        return
    t = await posted_language(update, context)
    await reply(update, texts.unknown_command(t, command.split("@")[0]))


async def settings(update: Update, context: BotContext) -> None:
    """/settings: language, time zone, country, audience, reminders, quiet hours (in a group: the
    group's language, and a link to one's own settings in the private chat)."""
    if not in_personal_chat(update):
        from .chat_language import show_group

        await show_group(update, context)
        return
    p = await who(update, context)
    await _step(update, context, p, "settings", SETTINGS)


async def settings_entry(update: Update, context: BotContext) -> None:
    """A settings button: open that choice."""
    (what,) = _button(update, context)
    p = await who(update, context)
    assert update.callback_query is not None
    await update.callback_query.answer()
    if what in notice_settings.ENTRIES:
        await notice_settings.open_entry(update, context, p, what)
        return
    if what == "lang":
        await edit(
            update,
            settings_texts.settings_summary(tr(p.language), p, await choices_names(context, tr(p.language))),
            keyboards.languages(tr(p.language), context.bot_data.codec, p.language),
        )
        return
    step, flow = {
        "tz": ("tz", SETTINGS),
        "tzs": ("tz", SETUP),
        "country": ("cy", SETTINGS),
        "audience": ("au", SETTINGS),
    }.get(what, ("settings", SETTINGS))
    await _step(update, context, p, step, flow)


async def timezone_area(update: Update, context: BotContext) -> None:
    """A time-zone region: its cities."""
    area, flow = _button(update, context)
    p = await who(update, context)
    t = tr(p.language)
    assert update.callback_query is not None
    await update.callback_query.answer()
    zones = list(keyboards.TIMEZONE_AREAS.get(area, ()))
    await edit(update, texts.setup_city(t), keyboards.zones(t, context.bot_data.codec, zones, flow))


async def timezone(update: Update, context: BotContext) -> None:
    """A city: the participant's time zone."""
    zone, flow = _button(update, context)
    user = update.effective_user
    assert user is not None and update.callback_query is not None
    p = await run(context.bot_data.services.participants.set_timezone, user.id, zone)
    await update.callback_query.answer(texts.saved(tr(p.language), zone))
    await _step(update, context, p, _after("tz", flow), flow)


async def country_region(update: Update, context: BotContext) -> None:
    """A region: its countries."""
    region_id, flow = _button(update, context)
    p = await who(update, context)
    t = tr(p.language)
    names = await choices_names(context, t)
    region = next((r for r in names.choices.regions if r.id == int(region_id)), None)
    codes = [c.code for c in names.choices.countries if region is not None and c.region == region.slug]
    assert update.callback_query is not None
    await update.callback_query.answer()
    await edit(
        update,
        texts.setup_countries(t, names.region(region.slug) if region else ""),
        keyboards.countries(t, context.bot_data.codec, names, codes, flow),
    )


async def country(update: Update, context: BotContext) -> None:
    """A country: stored for the organisers' reports."""
    code, flow = _button(update, context)
    user = update.effective_user
    assert user is not None and update.callback_query is not None
    p = await run(context.bot_data.services.participants.set_country, user.id, code)
    t = tr(p.language)
    names = await choices_names(context, t)
    await update.callback_query.answer(texts.saved(t, names.country(code) or code)[:200])
    await _step(update, context, p, _after("cy", flow), flow)


async def audience(update: Update, context: BotContext) -> None:
    """An audience: who the participant is."""
    audience_id, flow = _button(update, context)
    user = update.effective_user
    assert user is not None and update.callback_query is not None
    names = await choices_names(context, tr("en"))
    found = next((a for a in names.choices.audiences if a.id == int(audience_id)), None)
    p = await run(context.bot_data.services.participants.set_audience, user.id, found.slug if found else None)
    t = tr(p.language)
    label = texts.Names(names.choices, t).audience(found.slug) if found else t("not set")
    await update.callback_query.answer(texts.saved(t, label)[:200])
    await _step(update, context, p, _after("au", flow), flow)


async def language(update: Update, context: BotContext) -> None:
    """A language: every message from now on is in it (chosen under the /start greeting: the
    greeting is rewritten in it and the set-up starts again in it)."""
    (code,) = _button(update, context)
    user = update.effective_user
    assert user is not None and update.callback_query is not None
    p = await run(context.bot_data.services.participants.set_language, user.id, code)
    await update.callback_query.answer(texts.saved(tr(p.language), tr(p.language).language_name(code)))
    codec = context.bot_data.codec
    if codec.decode(update.callback_query.data).action == "lgs":  # the greeting and set-up again, in it
        await edit(update, _greeting(p, user.language_code, chosen=True),
                   keyboards.languages(tr(p.language), codec, p.language, action="lgs"))
        await _step(update, context, p, "tz", SETUP, new_message=True)
        return
    await _step(update, context, p, "settings", SETTINGS)


async def skip(update: Update, context: BotContext) -> None:
    """Skip ›: keep the default and go on."""
    step, flow = _button(update, context)
    p = await who(update, context)
    assert update.callback_query is not None
    await update.callback_query.answer()
    await _step(update, context, p, _after(step, flow), flow)


async def typed_answer(update: Update, context: BotContext, text: str) -> bool:
    """Typed text while a set-up question is open: a city/zone or a country. False when it is neither
    (the text is then a question about events, and the set-up question is dropped)."""
    assert context.chat_data is not None and context.chat_data.awaiting is not None
    kind, flow = context.chat_data.awaiting
    user = update.effective_user
    assert user is not None
    services = context.bot_data.services
    p = await who(update, context)
    t = tr(p.language)
    if kind == "tz":
        zones = find_timezones(text)
        if len(zones) == 1:
            p = await run(services.participants.set_timezone, user.id, zones[0])
            await reply(update, texts.saved(t, zones[0]))
            await _step(update, context, p, _after("tz", flow), flow, new_message=True)
            return True
        if zones:
            await reply(
                update,
                texts.zone_choices(t, text),
                keyboards.zones(t, context.bot_data.codec, zones, flow, back=False),
            )
            return True
    elif kind == "cy":
        found = await run(services.participants.find_countries, text)
        names = await choices_names(context, t)
        if len(found) == 1:
            p = await run(services.participants.set_country, user.id, found[0].code)
            await reply(update, texts.saved(t, names.country(found[0].code) or found[0].name))
            await _step(update, context, p, _after("cy", flow), flow, new_message=True)
            return True
        if found:
            await reply(
                update,
                texts.zone_choices(t, text),
                keyboards.countries(t, context.bot_data.codec, names, [c.code for c in found], flow),
            )
            return True
    context.chat_data.awaiting = None
    return False
