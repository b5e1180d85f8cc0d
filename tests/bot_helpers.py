"""Helpers for the bot tests: the real Application polling the fake Bot API, and acting as a user."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from brs_coord.bot.app import build_application, post_init
from brs_coord.config import Settings
from brs_coord.services import Services
from tests.fakebot import FakeBotAPI, running
from tests.fakebot.model import Call

TOKEN = "123:FAKE"


@asynccontextmanager
async def bot_running(
    fake: FakeBotAPI, services: Services, settings: Settings, *, token: str = TOKEN, **overrides: Any
) -> AsyncIterator[FakeBotAPI]:
    """The real Application polling ``fake`` (post_init run as run_polling would), stopped on exit."""
    bot_settings = replace(settings, telegram_token=token, telegram_api_base=fake.url, **overrides)
    app = build_application(services, bot_settings)
    async with running(app, poll_timeout=1):
        await post_init(app)
        yield fake


async def act(
    fake: FakeBotAPI, action: Callable[[], Any], method: str, count: int = 1, **kw: Any
) -> list[Call]:
    """Do something as the user, then wait for the bot's answer(s)."""
    mark = fake.mark()
    action()
    return await fake.wait_for_async(method, since=mark, count=count, timeout=10, **kw)


def shown(text: str) -> str:
    """A message's text as a reader sees it: without the marks that set Arabic lines' direction
    (bidi.rtl_safe's RLM and isolates)."""
    from brs_coord.bidi import FSI, PDI, RLM

    return text.replace(RLM, "").replace(FSI, "").replace(PDI, "")
