"""Helpers to run a real python-telegram-bot ``Application`` against the fake (lazy PTB import,
so the standalone server does not need PTB)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from telegram.ext import Application, ApplicationBuilder


class _HasUrls(Protocol):
    base_url: str
    base_file_url: str


def application_builder(fake: _HasUrls, token: str = "123:FAKE") -> ApplicationBuilder[Any]:
    """``ApplicationBuilder`` with token, ``base_url``, ``base_file_url`` set for the fake."""
    from telegram.ext import ApplicationBuilder

    builder = ApplicationBuilder().token(token).base_url(fake.base_url)
    return builder.base_file_url(fake.base_file_url)


@contextlib.asynccontextmanager
async def running(
    app: Application[Any, Any, Any, Any, Any, Any], *, poll_timeout: float = 1.0, **polling: Any
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Initialize, start polling and start ``app`` (no ``post_init``: call it yourself),
    then stop everything on exit. Use inside pytest instead of ``run_polling``."""
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=poll_timeout, **polling)
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
