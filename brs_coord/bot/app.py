"""The bot's composition: the handler table, start-up and the error handler (shared state: ``.context``)."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from ..config import DEFAULT_TELEGRAM_API_BASE, Settings
from ..errors import ConfigError
from ..services import Services
from .callbacks import CallbackCodec
from .context import CONTEXT_TYPES, BotData
from .handlers import (
    account,
    browse,
    cards,
    certificates,
    chat_language,
    errors,
    evaluations,
    events,
    inline,
    notice_settings,
    series,
    setup,
    staff,
    start_links,
    subscriptions,
)
from .i18n import LANGUAGES, N_, tr
from .sending import RetryingLimiter
from .tolerance import TolerantUpdatesRequest
from .updates import PerChatUpdateProcessor

COMMANDS: list[tuple[str, str]] = [
    ("upcoming", N_("The next events")),
    ("webinars", N_("Upcoming webinars")),
    ("workshops", N_("Upcoming workshops")),
    ("search", N_("Search events")),
    ("myevents", N_("My registrations and reminders")),
    ("series", N_("Series and courses")),
    ("topics", N_("Browse by programme")),
    ("audiences", N_("Browse by audience")),
    ("regions", N_("Browse by region")),
    ("subscribe", N_("Hear about new events that interest me")),
    ("mysubscriptions", N_("What I follow")),
    ("settings", N_("Language, time zone, reminders, quiet hours")),
    ("language", N_("The language I answer in (in a group: the group’s)")),
    ("feeds", N_("Calendar feeds")),
    ("certificate", N_("Certificates of attendance")),
    ("forget", N_("Delete what the bot stores about me")),
    ("help", N_("What the bot can do")),
]


def api_urls(api_base: str) -> tuple[str, str]:
    """``base_url`` and ``base_file_url`` for a Bot API root URL (``http://host:8081``, or ending in /bot)."""
    root = (api_base or DEFAULT_TELEGRAM_API_BASE).strip().rstrip("/")
    if not root.startswith(("http://", "https://")):
        raise ConfigError(f"BRS_TELEGRAM_API_BASE must be an http(s) URL, not {api_base!r}")
    if root.endswith("/bot"):
        root = root[: -len("/bot")]
    return f"{root}/bot", f"{root}/file/bot"


async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the command menu in each language and learn the bot's username."""
    bot_data: BotData = application.bot_data
    bot_data.username = application.bot.username or bot_data.username
    await asyncio.to_thread(bot_data.services.bot_links.remember, application.bot.username)
    for language in LANGUAGES:
        t = tr(language)
        commands = [BotCommand(name, t(description)) for name, description in COMMANDS]
        await application.bot.set_my_commands(
            commands, scope=BotCommandScopeDefault(), language_code=None if language == "en" else language
        )


def build_application(
    services: Services,
    settings: Settings,
    *,
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot: every handler in one table, HTML by default, retries on 429/5xx/timeouts."""
    if not settings.telegram_token:
        raise ConfigError("BRS_TELEGRAM_TOKEN is not set; the bot needs its token from @BotFather")
    base_url, base_file_url = api_urls(settings.telegram_api_base)
    builder = builder or ApplicationBuilder().token(settings.telegram_token).base_url(base_url).base_file_url(
        base_file_url
    )
    application = (
        builder.context_types(CONTEXT_TYPES)
        .get_updates_request(TolerantUpdatesRequest())
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(RetryingLimiter())
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(post_init)
        .build()
    )
    bot_data: BotData = application.bot_data
    bot_data.services, bot_data.settings = services, settings
    codec = bot_data.codec = CallbackCodec(settings.telegram_token)

    private_or_mention = filters.ChatType.PRIVATE | filters.Entity("mention")
    application.add_handlers(
        [
            CommandHandler("start", start_links.start_payload, has_args=True),  # a deep link
            CommandHandler("start", setup.start),
            CommandHandler("help", setup.help_command),
            CommandHandler("settings", setup.settings),
            CommandHandler("language", chat_language.language_command),
            CommandHandler("upcoming", events.upcoming),
            CommandHandler("webinars", events.webinars),
            CommandHandler("workshops", events.workshops),
            CommandHandler("search", events.search),
            CommandHandler("myevents", events.my_events),
            CommandHandler("series", series.series_command),
            CommandHandler("topics", browse.topics),
            CommandHandler("audiences", browse.audiences),
            CommandHandler("regions", browse.regions),
            CommandHandler("feeds", account.feeds),
            CommandHandler("forget", account.forget),
            CommandHandler("certificate", certificates.certificate_command),
            CommandHandler("cancel", staff.cancel),
            CommandHandler("reschedule", staff.reschedule),
            CommandHandler("message", staff.message),
            CallbackQueryHandler(events.page, pattern=codec.pattern("pg")),
            CallbackQueryHandler(events.suggestion, pattern=codec.pattern("dym")),
            CallbackQueryHandler(events.also_open, pattern=codec.pattern("ao")),
            CallbackQueryHandler(cards.open_event, pattern=codec.pattern("ev")),
            CallbackQueryHandler(cards.add_to_calendar, pattern=codec.pattern("ics")),
            CallbackQueryHandler(cards.register, pattern=codec.pattern("reg")),
            CallbackQueryHandler(cards.unregister, pattern=codec.pattern("unr")),
            CallbackQueryHandler(cards.remind, pattern=codec.pattern("rem")),
            CallbackQueryHandler(cards.reminders_on, pattern=codec.pattern("rmo")),
            CallbackQueryHandler(cards.details, pattern=codec.pattern("det")),
            CallbackQueryHandler(certificates.send_certificate, pattern=codec.pattern("crt")),
            CallbackQueryHandler(evaluations.usefulness, pattern=codec.pattern("evu")),
            CallbackQueryHandler(evaluations.will_apply, pattern=codec.pattern("eva")),
            CallbackQueryHandler(evaluations.skip_comment, pattern=codec.pattern("evs")),
            CallbackQueryHandler(series.open_series, pattern=codec.pattern("ser")),
            CallbackQueryHandler(series.register_whole, pattern=codec.pattern("srg")),
            CallbackQueryHandler(series.leave_whole, pattern=codec.pattern("sun")),
            CallbackQueryHandler(events.more_like_this, pattern=codec.pattern("mlt")),
            CallbackQueryHandler(setup.timezone_area, pattern=codec.pattern("tza")),
            CallbackQueryHandler(setup.timezone, pattern=codec.pattern("tz")),
            CallbackQueryHandler(setup.country_region, pattern=codec.pattern("cr")),
            CallbackQueryHandler(setup.country, pattern=codec.pattern("cy")),
            CallbackQueryHandler(setup.audience, pattern=codec.pattern("au")),
            CallbackQueryHandler(setup.language, pattern=codec.pattern("lg")),
            CallbackQueryHandler(chat_language.group_language_button, pattern=codec.pattern("glg")),
            CallbackQueryHandler(setup.language, pattern=codec.pattern("lgs")),
            CallbackQueryHandler(setup.settings_entry, pattern=codec.pattern("set")),
            CallbackQueryHandler(setup.skip, pattern=codec.pattern("skip")),
            CallbackQueryHandler(notice_settings.toggle_lead, pattern=codec.pattern("ld")),
            CallbackQueryHandler(notice_settings.quiet_from, pattern=codec.pattern("qs")),
            CallbackQueryHandler(notice_settings.quiet_until, pattern=codec.pattern("qe")),
            CallbackQueryHandler(notice_settings.quiet_until, pattern=codec.pattern("qx")),
            CallbackQueryHandler(account.forget_answer, pattern=codec.pattern("fgt")),
            CallbackQueryHandler(browse.programme_events, pattern=codec.pattern("top")),
            CallbackQueryHandler(browse.audience_events, pattern=codec.pattern("bau")),
            CallbackQueryHandler(browse.region_events, pattern=codec.pattern("brg")),
            CommandHandler("subscribe", subscriptions.subscribe),
            CommandHandler("mysubscriptions", subscriptions.my_subscriptions),
            CallbackQueryHandler(subscriptions.subscribe_facet, pattern=codec.pattern("sbf")),
            CallbackQueryHandler(subscriptions.subscribe_toggle, pattern=codec.pattern("sbt")),
            CallbackQueryHandler(subscriptions.stop_these, pattern=codec.pattern("stp")),
            CallbackQueryHandler(subscriptions.offer_answer, pattern=codec.pattern("ofy")),
            CallbackQueryHandler(subscriptions.offer_answer, pattern=codec.pattern("ofn")),
            CallbackQueryHandler(errors.expired),  # forged, stale or unknown buttons
            InlineQueryHandler(inline.inline_query),
            MessageHandler(filters.TEXT & ~filters.COMMAND & private_or_mention, events.question),
            MessageHandler(filters.COMMAND, setup.unknown_command),  # after every command it has
        ]
    )
    # an evaluation's comment is read before any other text handler (it stops them when it is one)
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, evaluations.typed_comment),
        group=-1,
    )
    application.add_error_handler(errors.on_error)
    return application
