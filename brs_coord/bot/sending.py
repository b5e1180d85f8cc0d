"""Bounded retries of Bot API calls: 429 (waiting ``retry_after``), 5xx and timeouts.

A :class:`~telegram.ext.BaseRateLimiter` sees every request the bot makes, so one place retries
them all. Each retry is one WARNING line without a traceback; requests Telegram refused for good
(400, 403, 401/404) are not retried. ``getUpdates`` is left to the updater's own loop.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
MAX_WAIT_S = 30.0


def retry_after_seconds(exc: RetryAfter) -> float:
    """Telegram's retry_after in seconds (an int in PTB 22, a timedelta later)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class RetryingLimiter(BaseRateLimiter[None]):
    """Retry transient failures up to ``attempts`` tries in all, waiting between them."""

    def __init__(self, attempts: int = MAX_ATTEMPTS, backoff: float = 0.5) -> None:
        self.attempts = attempts
        self.backoff = backoff

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint == "getUpdates":
            return await callback(*args, **kwargs)
        for attempt in range(1, self.attempts + 1):
            try:
                return await callback(*args, **kwargs)
            except (BadRequest, Forbidden, InvalidToken, Conflict, ChatMigrated):
                raise
            except RetryAfter as exc:
                seconds = retry_after_seconds(exc)
                wait, reason = min(seconds, MAX_WAIT_S), f"429 retry after {seconds:g}s"
                if attempt >= self.attempts:
                    log.warning("%s failed after %d attempts (%s)", endpoint, attempt, reason)
                    raise
            except NetworkError as exc:  # 5xx, timeouts, refused connections
                wait, reason = self.backoff * attempt, str(exc) or type(exc).__name__
                if attempt >= self.attempts:
                    log.warning("%s failed after %d attempts (%s)", endpoint, attempt, reason)
                    raise
            log.warning(
                "%s failed (%s); retry %d of %d in %.1fs", endpoint, reason, attempt, self.attempts - 1, wait
            )
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")
