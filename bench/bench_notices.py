"""Notices: fan-out of one change to 10,000 subscribers, and delivery throughput against the fake Bot API.

- ``notices.fanout``: creating one webinar that all 10k scale participants follow writes 10k
  "new-event" outbox rows in the creating transaction (one INSERT … SELECT). Target < 1 s.
- ``notices.delivery.uncapped``: the bot's sender delivers 10k due notices to the standalone fake
  server (another process, loopback), no rate limiter: messages per second.
- ``notices.delivery.limited``: 600 notices through PTB's AIORateLimiter (30 messages/s overall), so
  about 30 msg/s is the expected figure.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

from bench.harness import BenchContext, Reading, benchmark
from tests.conftest import make_event

SIZE = "1k"  # events; every scale database has 10k participants
TOKEN = "123:FAKE"


def _follow_webinars(services: Any, participant_ids: list[int]) -> None:
    with services.store.transaction():
        for pid in participant_ids:
            services.subscriptions.subscribe(pid, "kind", "webinar")


def _participant_ids(services: Any) -> list[int]:
    first = 100_000_000
    found = []
    for offset in range(10_000):
        p = services.participants.get(first + offset)
        if p is not None:
            found.append(p.id)
    return found


@benchmark("notices.fanout", figure="enqueue one change for 10k subscribers", size="10k subscribers",
           target="< 1 s")
def fanout(ctx: BenchContext) -> Reading:
    services = ctx.services(SIZE, copy=True)
    ids = _participant_ids(services)
    _follow_webinars(services, ids)
    samples = []
    for round_ in range(5 if not ctx.quick else 2):
        started = time.perf_counter()
        start = ctx.clock.now() + timedelta(days=3)
        services.scheduling.create(make_event(title=f"Fan-out webinar {round_}", starts_at=start))
        samples.append(time.perf_counter() - started)
    written = services.notices.counts()["pending"]
    ctx.note(f"{written // len(samples)} outbox rows per change")
    return Reading.of(*samples)


def _deliver(ctx: BenchContext, count: int, *, rate_limited: bool) -> Reading:
    from telegram.ext import AIORateLimiter, ExtBot

    from brs_coord.bot.callbacks import CallbackCodec
    from brs_coord.bot.sender import NoticeSender, notice_request
    from tests.fakebot.client import spawn_fake_server

    services = ctx.services(SIZE, copy=True)
    everyone = _participant_ids(services)
    with services.store.transaction():
        for pid in everyone:
            services.reminders.set_leads(pid, [])  # only the measured notices go out
    ids = everyone[:count]
    process, fake = spawn_fake_server(ctx.work_dir / f"fake-{count}.port")
    ctx.on_close(process.terminate)
    for pid in ids:
        chat = services.participants._repo.get(pid).chat_id
        update = {"channel_post": {"message_id": 1, "date": 0, "text": "-",
                                   "chat": {"id": chat, "type": "channel", "title": "c"}}}
        fake._request("POST", "inject", {"type": "raw", "update": update})
    event = services.scheduling.create(make_event(capacity=None)).event
    with services.store.transaction():
        for pid in ids:
            services.registrations.register(pid, event.id)
    services.notices.claim_due(1_000_000)  # set aside the event's "new-event" fan-out: not measured here
    queued = services.notices.message_registrants(event.id, "Throughput test")
    limiter = None
    if rate_limited:
        limiter = AIORateLimiter(overall_max_rate=30, overall_time_period=1, max_retries=0)

    async def run() -> float:
        bot: ExtBot[Any] = ExtBot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url,
                                  rate_limiter=limiter, request=notice_request())
        async with bot:
            sender = NoticeSender(services, bot, CallbackCodec(TOKEN), batch=100, concurrency=16)
            started = time.perf_counter()
            await sender.drain(rounds=10_000)
            return time.perf_counter() - started

    seconds = asyncio.run(run())
    sent = sum(1 for r in services.notices.outbox.rows(kind="message") if r["sent_at"])
    ctx.note(f"{sent}/{queued} sent in {seconds:.1f} s")
    return Reading.of(sent / seconds, unit="msg/s")


@benchmark("notices.delivery.uncapped", figure="delivery throughput, no rate limiter",
           size="10k notices", target="≫ 30 msg/s", repeat=1)
def delivery_uncapped(ctx: BenchContext) -> Reading:
    return _deliver(ctx, 2_000 if ctx.quick else 10_000, rate_limited=False)


@benchmark("notices.delivery.limited", figure="delivery throughput, AIORateLimiter on",
           size="600 notices", target="≈ 30 msg/s", repeat=1)
def delivery_limited(ctx: BenchContext) -> Reading:
    return _deliver(ctx, 600, rate_limited=True)
