"""The notice sender: takes due outbox rows every few seconds and sends them, inside the bot process.

Each round: plan due reminders, expire unconfirmed offers, ask for evaluations of ended events,
claim a batch (claim → send → mark sent, one row at a time, so a crash re-sends at most the rows
in flight; a claim older than the lease is taken again), and send through a bot of its own with
PTB's ``AIORateLimiter`` (30 messages/s overall, no hidden retries). Network errors, 5xx and 429
put the row back with a backoff (429: after ``retry_after``, and the whole sender pauses); after N
attempts the row is failed. 403 (blocked) marks the participant inactive. Other refusals (400) fail
the row at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from ..config import Settings
from ..errors import DatabaseReplaced
from ..services import Services
from ..services.notices import Notice
from .callbacks import CallbackCodec
from .notice_texts import keyboard, notice_facts, render
from .sending import retry_after_seconds

if TYPE_CHECKING:
    from ..services.sender_lease import SenderLease
    from .context import BotData

log = logging.getLogger(__name__)

BATCH = 50
CONCURRENCY = 8
SEND_READ_TIMEOUT_S = 60.0  # Telegram answers sendMessage well within this even when slow
POSSIBLY_DELIVERED = "timed out, possibly delivered"  # last_error of a send that may have arrived


def notice_bot(settings: Settings, *, rate_limited: bool = True) -> ExtBot[Any]:
    """A bot for notices only: same token and server as the bot, its own rate limiter."""
    from .app import api_urls

    if not settings.telegram_token:
        raise ValueError("no bot token")
    base_url, base_file_url = api_urls(settings.telegram_api_base)
    limiter = None
    if rate_limited:
        limiter = AIORateLimiter(overall_max_rate=30, overall_time_period=1, max_retries=0)
    return ExtBot(
        settings.telegram_token, base_url=base_url, base_file_url=base_file_url, rate_limiter=limiter,
        request=notice_request(),
    )


def notice_request() -> HTTPXRequest:
    """Enough pooled connections for the concurrent sends (PTB's default pool holds one), and a read
    timeout longer than a slow Bot API answer: a send given up after 5 s had often been delivered,
    so its retry was a duplicate."""
    return HTTPXRequest(
        connection_pool_size=CONCURRENCY * 2, pool_timeout=10.0, read_timeout=SEND_READ_TIMEOUT_S,
        write_timeout=SEND_READ_TIMEOUT_S,
    )


def by_chat(notices: list[Notice]) -> list[list[Notice]]:
    """The notices grouped by chat, each group in claim order."""
    groups: dict[int, list[Notice]] = {}
    for notice in notices:
        groups.setdefault(notice.chat_id, []).append(notice)
    return list(groups.values())


class NoticeSender:
    """Delivers the outbox; ``run_once`` for tests, ``start``/``stop`` in the bot."""

    def __init__(
        self, services: Services, bot: Bot, codec: CallbackCodec, *, interval: float = 3.0,
        batch: int = BATCH, concurrency: int = CONCURRENCY, lease: SenderLease | None = None,
    ) -> None:
        self.services = services
        self.lease = lease  # held: the one sender of the database (see services.sender_lease)
        self.bot = bot
        self.codec = codec
        self.interval = interval
        self.batch = batch
        self._slots = asyncio.Semaphore(concurrency)
        self._paused_until = 0.0
        self._next_housekeeping = 0.0
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._renewing: asyncio.Task[None] | None = None
        self.sent = 0

    # ---- one round -------------------------------------------------------------------------------

    def _housekeeping(self) -> None:
        self.services.reminders.plan()
        self.services.waitlist.expire_offers()
        self.services.evaluations.plan()  # after the offers: a failure here leaves them done

    async def run_once(self) -> int:
        """Plan (at most once per interval), claim one batch and send it; returns how many were handled."""
        loop = asyncio.get_running_loop()
        if loop.time() >= self._next_housekeeping:
            self._next_housekeeping = loop.time() + self.interval
            try:
                await asyncio.to_thread(self._housekeeping)
            except DatabaseReplaced:
                raise
            except Exception:  # reminders and offers must not stop delivery
                log.exception("notice housekeeping failed")
        held_since = None
        if self.lease is not None:
            if self.lease.held is None:  # lost: another process sends now
                return 0
            held_since = self.lease.since
        notices = await asyncio.to_thread(self.services.notices.claim_due, self.batch, held_since=held_since)
        if notices:
            await asyncio.gather(*(self._deliver_in_order(chat) for chat in by_chat(notices)))
        return len(notices)

    async def _deliver_in_order(self, notices: list[Notice]) -> None:
        """One chat's notices one after the other, in the order they were claimed ("moved" before
        "cancelled"); different chats go side by side."""
        for notice in notices:
            await self._deliver(notice)

    async def drain(self, rounds: int = 100) -> int:
        """Run rounds until nothing is due (tests and benchmarks)."""
        total = 0
        for _ in range(rounds):
            handled = await self.run_once()
            total += handled
            if not handled:
                break
        return total

    async def _deliver(self, notice: Notice) -> None:
        async with self._slots:
            await self._wait_pause()
            notices = self.services.notices
            try:
                facts = await asyncio.to_thread(notice_facts, self.services, notice)
                await self.bot.send_message(
                    notice.chat_id, render(notice, facts), parse_mode="HTML",
                    reply_markup=keyboard(notice, self.codec),
                )
            except RetryAfter as exc:
                seconds = retry_after_seconds(exc)
                self._paused_until = max(self._paused_until, asyncio.get_running_loop().time() + seconds)
                log.warning("notice %d: 429, retry after %gs", notice.id, seconds)
                await asyncio.to_thread(notices.retry, notice, f"429 retry after {seconds:g}s",
                                        after=seconds, count_attempt=False)
            except Forbidden as exc:
                log.info("participant %d blocked the bot: now inactive", notice.participant_id)
                await asyncio.to_thread(notices.blocked, notice.participant_id, f"403 {exc.message}")
            except BadRequest as exc:
                log.warning("notice %d refused: %s", notice.id, exc.message)
                await asyncio.to_thread(notices.fail, notice.id, f"400 {exc.message}")
            except TimedOut as exc:  # may have been delivered: the retry is recorded as a possible duplicate
                log.warning("notice %d: timed out after sending (attempt %d)", notice.id, notice.attempts)
                await asyncio.to_thread(notices.retry, notice, f"{POSSIBLY_DELIVERED}: {exc}")
            except (NetworkError, InvalidToken, TelegramError) as exc:  # 5xx, timeouts, refused connections
                log.warning("notice %d: %s (attempt %d)", notice.id, exc, notice.attempts)
                await asyncio.to_thread(notices.retry, notice, f"{type(exc).__name__}: {exc}")
            except Exception as exc:
                log.exception("notice %d could not be sent", notice.id)
                await asyncio.to_thread(notices.retry, notice, f"{type(exc).__name__}: {exc}")
            else:
                await asyncio.to_thread(notices.mark_sent, notice.id)
                self.sent += 1

    async def _wait_pause(self) -> None:
        loop = asyncio.get_running_loop()
        while (wait := self._paused_until - loop.time()) > 0:
            await asyncio.sleep(wait)

    # ---- the loop --------------------------------------------------------------------------------

    async def run(self) -> None:
        """Rounds until stopped: at once while work is due, else every ``interval`` seconds."""
        while not self._stopping.is_set():
            try:
                handled = await self.run_once()
            except DatabaseReplaced:  # the process stops on it (services.database_watch): no more rounds
                return
            except Exception:
                log.exception("notice round failed")
                handled = 0
            if handled < self.batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.interval)

    async def _keep_lease(self, lease: SenderLease) -> None:
        """Renew the lease on its own clock, so that a long 429 pause or slow sends never let it
        lapse; when another process took it, stop claiming (one ERROR line)."""
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), lease.renew_every)
            if self._stopping.is_set():
                return
            try:
                if not await asyncio.to_thread(lease.renew):
                    log.error("another process took the notice-sender lease: this bot stops sending notices")
                    return
            except DatabaseReplaced:  # the process stops on it
                return
            except Exception as exc:  # a locked database: try again at the next renewal
                log.warning("cannot renew the notice-sender lease (%s)", exc)

    def start(self) -> None:
        self._stopping.clear()
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self.run(), name="notice-sender")
        if self.lease is not None:
            self._renewing = loop.create_task(self._keep_lease(self.lease), name="notice-sender-lease")

    async def stop(self) -> None:
        self._stopping.set()
        for task in (self._task, self._renewing):
            if task is not None:
                await task
        self._task = self._renewing = None
        if self.lease is not None:
            with contextlib.suppress(DatabaseReplaced):  # nothing to release in a file now gone
                await asyncio.to_thread(self.lease.release)

    async def close(self) -> None:
        """Stop, then shut down the sender's own bot (the application's ``NoticeDelivery``)."""
        await self.stop()
        await self.bot.shutdown()


async def start_notice_sender(services: Services, settings: Settings, application: Any) -> NoticeSender:
    """For the bot's ``post_init``: start delivering notices (its own rate-limited bot). The sender is
    owned by the application: held in its ``bot_data`` until :func:`stop_notice_sender`."""
    bot_data: BotData = application.bot_data
    if bot_data.sender is not None:
        raise RuntimeError("this application already runs a notice sender")
    lease = services.sender_lease()
    await asyncio.to_thread(lease.acquire)  # AlreadyRunning: another bot sends for this database
    bot = notice_bot(settings)
    await bot.initialize()
    sender = NoticeSender(services, bot, CallbackCodec(settings.telegram_token or ""),
                          interval=settings.sender_interval, lease=lease)
    sender.start()
    bot_data.sender = sender
    return sender


async def stop_notice_sender(application: Any) -> None:
    """For the bot's ``post_stop``: finish the round in progress and stop."""
    bot_data: BotData = application.bot_data
    sender, bot_data.sender = bot_data.sender, None
    if sender is not None:
        await sender.close()
