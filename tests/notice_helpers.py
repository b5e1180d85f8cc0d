"""Helpers for the notice tests: participants with chats on the fake server, a sender over a fake."""

from __future__ import annotations

from typing import Any

from telegram.ext import AIORateLimiter, ExtBot

from brs_coord.bot.callbacks import CallbackCodec
from brs_coord.bot.sender import NoticeSender, notice_request
from brs_coord.services import Services
from brs_coord.services.participants import Participant
from tests.bot_helpers import TOKEN


def participant(
    services: Services, telegram_id: int, *, fake: Any = None, language: str = "en", zone: str = "UTC",
) -> Participant:
    """A participant whose chat the fake server knows (ids double as chat ids)."""
    p = services.participants.get_or_create(telegram_id, chat_id=telegram_id, first_name=f"P{telegram_id}")
    services.participants.set_language(telegram_id, language)
    p = services.participants.set_timezone(telegram_id, zone)
    if fake is not None:
        fake.inject_message(telegram_id, "hello", language_code=language)
    return p


async def sender(
    services: Services, fake: Any, *, rate_limited: bool = False, **kwargs: Any
) -> NoticeSender:
    """A started sender whose bot talks to ``fake`` (PTB's rate limiter on request)."""
    limiter = None
    if rate_limited:
        limiter = AIORateLimiter(overall_max_rate=30, overall_time_period=1, max_retries=0)
    bot: ExtBot[Any] = ExtBot(
        TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url, rate_limiter=limiter,
        request=notice_request(),
    )
    await bot.initialize()
    kwargs.setdefault("interval", 0.0)  # plan reminders and expire offers on every round
    return NoticeSender(services, bot, CallbackCodec(TOKEN), **kwargs)


def texts_to(fake: Any, chat_id: int) -> list[str]:
    return [m.text or "" for m in fake.messages_in(chat_id) if m.from_bot]
