"""Steps of the evaluation scenario with the fake Bot API: an event ends, the attendee receives the
evaluation through the notice sender and answers it (the certificate steps follow in the joined test)."""

from __future__ import annotations

from typing import Any

from brs_coord.services import Services
from tests.bot_helpers import act
from tests.notice_helpers import sender


async def says_hello(fake: Any, chat: int, **user: Any) -> None:
    """The participant writes to the bot once (/help), so that the fake server knows their chat."""
    await act(fake, lambda: fake.inject_message(chat, "/help", **user), "sendMessage")


async def deliver_evaluations(services: Services, fake: Any) -> int:
    """One sender's rounds (plan, claim, send) until nothing is due; how many notices it handled."""
    run = await sender(services, fake)
    try:
        return await run.drain()
    finally:
        await run.bot.shutdown()


async def answer_evaluation(
    fake: Any, chat: int, usefulness: str, will_apply: str, comment: str | None, *, skip: str = "Skip",
    **user: Any,
) -> None:
    """As the participant in ``chat``: tap the usefulness, the "will apply" answer, then type the
    comment (None: tap the ``skip`` button)."""
    await act(fake, lambda: fake.press(chat, usefulness, **user), "editMessageText")
    await act(fake, lambda: fake.press(chat, will_apply, **user), "editMessageText")
    if comment is None:
        await act(fake, lambda: fake.press(chat, skip, **user), "editMessageText")
    else:
        await act(fake, lambda: fake.inject_message(chat, comment, **user), "sendMessage")
