"""Running the bot in the foreground: polling (or, behind TLS, Telegram's webhook) until
SIGTERM/SIGINT, then a clean stop (< 10 s)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

from ..config_remote import WebhookSettings
from ..services.database_watch import run_until_stopped
from .app import post_init
from .tolerance import polling_error

log = logging.getLogger(__name__)
POLL_TIMEOUT_S = 5  # a long poll ends by itself within this, so a stop never waits longer


async def serve(
    application: Any,
    *,
    on_start: Callable[[], Awaitable[Any]] | None = None,
    on_stop: Callable[[], Awaitable[Any]] | None = None,
    webhook: WebhookSettings | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Poll (or, with ``webhook``, take Telegram's posts on PTB's webhook server, each checked for its
    secret token) until a stop signal (or ``stop`` is set); ``on_start``/``on_stop`` run beside (e.g.
    the feed server); the due partner sources are synced every BRS_SOURCE_SYNC_SECONDS.
    Raises DatabaseReplaced (after a clean stop) when the database file is deleted or replaced."""
    owns_stop = stop is None
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    if owns_stop:  # a caller that passes ``stop`` (tests) stops it itself
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
    async with application:
        await post_init(application)
        from .sender import start_notice_sender, stop_notice_sender  # the outbox is delivered beside polling

        services, settings = application.bot_data.services, application.bot_data.settings
        await start_notice_sender(services, settings, application)
        # the due partner sources, synced beside (issue 20)
        scheduled = services.scheduled_sync(settings.source_sync_seconds)
        if scheduled is not None:
            scheduled.start()
        try:
            if on_start is not None:
                await on_start()
            if webhook is None:
                await application.updater.start_polling(
                    timeout=POLL_TIMEOUT_S, drop_pending_updates=False, error_callback=polling_error
                )
            else:  # setWebhook with the secret; PTB's server answers 403 to a post without it
                await application.updater.start_webhook(
                    listen=webhook.listen, port=webhook.port, url_path=webhook.url_path,
                    webhook_url=webhook.webhook_url, secret_token=webhook.secret_token,
                    drop_pending_updates=False,
                )
            await application.start()
            how = "polling" if webhook is None else f"on its webhook {webhook.listen}:{webhook.port}"
            log.info("bot @%s is %s", application.bot.username, how)
            await run_until_stopped(stop, services.store)
        finally:
            log.info("stopping the bot")
            # told at once; waited for last: the store is closed after this returns, never under a sync
            stopping_sync = asyncio.ensure_future(scheduled.stop()) if scheduled is not None else None
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await stop_notice_sender(application)
            if on_stop is not None:
                await on_stop()
            if stopping_sync is not None:
                await stopping_sync
    log.info("bot stopped")
