"""/settings → Reminders (lead-time toggles) and Quiet hours (from, until, or off)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from telegram import Update

from ...errors import InvalidInput
from ...services.participants import Participant
from .. import keyboards, settings_texts
from ..i18n import tr
from ..leads import NO_REMINDERS
from .common import choices_names, edit, run, who

if TYPE_CHECKING:
    from ..context import BotContext

ENTRIES = ("lead", "quiet")


def _args(update: Update, context: BotContext) -> tuple[int, ...]:
    query = update.callback_query
    assert query is not None
    return tuple(int(arg) for arg in context.bot_data.codec.decode(query.data).args)


def _hour(hour: int) -> str:
    return f"{hour:02d}:00"


async def open_entry(update: Update, context: BotContext, p: Participant, what: str) -> None:
    """The Reminders or Quiet hours page of /settings (the pressed message is edited)."""
    t, codec = tr(p.language), context.bot_data.codec
    if what == "lead":
        await edit(update, settings_texts.reminders_prompt(t, p.reminder_leads),
                   keyboards.reminder_leads(t, codec, p.reminder_leads))
    else:
        await edit(update, settings_texts.quiet_start_prompt(t, p), keyboards.quiet_hours(t, codec))


async def toggle_lead(update: Update, context: BotContext) -> None:
    """A reminder time: switch it on or off ("No reminders" switches them all off)."""
    (minutes,) = _args(update, context)
    p = await who(update, context)
    t = tr(p.language)
    query = update.callback_query
    assert query is not None
    wanted = [] if minutes == NO_REMINDERS else sorted(set(p.reminder_leads) ^ {minutes}, reverse=True)
    try:
        chosen = await run(context.bot_data.services.reminders.set_leads, p.id, wanted)
    except InvalidInput:
        await query.answer(settings_texts.too_many_leads(t), show_alert=True)
        return
    await query.answer()
    await edit(update, settings_texts.reminders_prompt(t, chosen),
               keyboards.reminder_leads(t, context.bot_data.codec, chosen))


async def quiet_from(update: Update, context: BotContext) -> None:
    """The first hour of the quiet hours: now ask for the last."""
    (start,) = _args(update, context)
    p = await who(update, context)
    t = tr(p.language)
    assert update.callback_query is not None
    await update.callback_query.answer()
    await edit(update, settings_texts.quiet_end_prompt(t, _hour(start)),
               keyboards.quiet_hours(t, context.bot_data.codec, start))


async def quiet_until(update: Update, context: BotContext) -> None:
    """The end of the quiet hours (or "No quiet hours"): saved, then the settings again."""
    hours = _args(update, context)
    p = await who(update, context)
    start, end = (_hour(hours[0]), _hour(hours[1])) if hours else (None, None)
    await run(context.bot_data.services.notices.set_quiet_hours, p.id, start, end)
    p = replace(p, quiet_start=start, quiet_end=end)
    t = tr(p.language)
    assert update.callback_query is not None
    await update.callback_query.answer(settings_texts.quiet_saved(t, start, end))
    names = await choices_names(context, t)
    await edit(update, settings_texts.settings_summary(t, p, names),
               keyboards.settings(t, context.bot_data.codec))
