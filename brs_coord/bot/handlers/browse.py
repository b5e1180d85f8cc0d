"""/topics, /audiences, /regions: browse the calendar with inline keyboards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from ...domain import Audience, Programme, Region
from ...facets import AUDIENCE, PROGRAMME, REGION, Facet
from .. import keyboards, texts
from ..i18n import tr
from ..search import Search
from .common import choices_names, reply, who
from .events import show
from .private import posted_language

if TYPE_CHECKING:
    from ..context import BotContext


async def topics(update: Update, context: BotContext) -> None:
    """/topics: the programmes."""
    t = await posted_language(update, context, (await who(update, context)).language)
    names = await choices_names(context, t)
    items = [(p.id, names.programme(p.slug) or p.name) for p in names.choices.programmes]
    await reply(update, texts.browse(t, "topics"), keyboards.browse(context.bot_data.codec, "top", items))


async def audiences(update: Update, context: BotContext) -> None:
    """/audiences: the audiences."""
    t = await posted_language(update, context, (await who(update, context)).language)
    names = await choices_names(context, t)
    items = [(a.id, names.audience(a.slug)) for a in names.choices.audiences]
    await reply(update, texts.browse(t, "audiences"), keyboards.browse(context.bot_data.codec, "bau", items))


async def regions(update: Update, context: BotContext) -> None:
    """/regions: the regions."""
    t = await posted_language(update, context, (await who(update, context)).language)
    names = await choices_names(context, t)
    items = [(r.id, names.region(r.slug)) for r in names.choices.regions]
    await reply(update, texts.browse(t, "regions"), keyboards.browse(context.bot_data.codec, "brg", items))


async def _browse(update: Update, context: BotContext, facet: Facet) -> None:
    query = update.callback_query
    assert query is not None
    item_id = context.bot_data.codec.decode(query.data).int()
    names = await choices_names(context, tr("en"))
    items: tuple[Programme | Audience | Region, ...] = getattr(names.choices, facet.plural)
    slug = next((i.slug for i in items if i.id == item_id), None)
    if slug is None:
        from .errors import expired

        await expired(update, context)
        return
    await query.answer()
    await show(update, context, Search(chosen=((facet.plural, (slug,)),)))


async def programme_events(update: Update, context: BotContext) -> None:
    """A programme: its upcoming events."""
    await _browse(update, context, PROGRAMME)


async def audience_events(update: Update, context: BotContext) -> None:
    """An audience: its upcoming events."""
    await _browse(update, context, AUDIENCE)


async def region_events(update: Update, context: BotContext) -> None:
    """A region: its upcoming events."""
    await _browse(update, context, REGION)
