"""The bot under load: update → reply time and peak memory of `brs-coord bot` at 100k events.

Update → reply is measured twice: inside the process (the real Application built by
``build_application``, updates handed to ``process_update``, Bot API calls recorded instead of
sent: ``bench.offline_bot``), and end to end through the fake Bot API of the tests
(``tests/fakebot``) on the loopback address, which adds HTTP and its polling turnaround.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.bench_startup import brs_coord_executable, brs_env
from bench.harness import BenchContext, NotAvailable, Reading, benchmark

SIZE = "100k"
FIRST_PARTICIPANT = 100_000_000  # telegram ids of the scale participants (bench.scale)
MESSAGES = ("/start", "webinars in the next 30 days", "PCB inventory guidance", "ateliers en Afrique",
            "talleres el próximo mes", "/upcoming")
START_SECONDS = 20.0
REPLY_TIMEOUT = 10.0
REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "sendDocument"})


@dataclass
class RunningBot:
    process: subprocess.Popen[bytes]
    fake: Any  # tests.fakebot.client.FakeBotClient
    stderr_path: Path

    def peak_rss_mb(self) -> float:
        """VmHWM: the most resident memory the process has had (Linux)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise NotAvailable("no VmHWM in /proc (not Linux?)")


_running: dict[int, RunningBot] = {}


def _refusal(bot: RunningBot) -> str:
    text = bot.stderr_path.read_text(encoding="utf-8", errors="replace").strip()
    return (text.splitlines() or [f"exit {bot.process.returncode}"])[-1]


def running_bot(ctx: BenchContext) -> RunningBot:
    """One bot process over a copy of the 100k database, shared by this run's bot benchmarks."""
    if id(ctx) in _running:
        bot = _running[id(ctx)]
    else:
        from tests.fakebot.client import spawn_fake_server

        fake_process, fake = spawn_fake_server(ctx.work_dir / "fakebot.port")
        ctx.on_close(lambda: _stop(fake_process))
        env = brs_env() | {
            "BRS_TELEGRAM_TOKEN": "123456:bench-token",
            "BRS_TELEGRAM_API_BASE": fake.url,
            "BRS_LOG_LEVEL": "WARNING",
        }
        stderr_path = ctx.work_dir / "bot.stderr"
        with stderr_path.open("wb") as stderr:
            process = subprocess.Popen(
                [brs_coord_executable(), "--db", str(ctx.copy_database(SIZE)), "bot"],
                env=env, stdout=subprocess.DEVNULL, stderr=stderr,
            )
        ctx.on_close(lambda: _stop(process))
        bot = _running[id(ctx)] = RunningBot(process, fake, stderr_path)
        ctx.on_close(lambda: _running.pop(id(ctx), None))
        _wait_until_polling(bot)
    if bot.process.poll() is not None:
        raise NotAvailable(f"`brs-coord bot` exited {bot.process.returncode}: {_refusal(bot)}")
    return bot


def _wait_until_polling(bot: RunningBot) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and bot.process.poll() is None:
        if bot.fake.calls("getUpdates"):
            return
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ask(bot: RunningBot, chat_id: int, text: str) -> float:
    """Seconds from injecting one update to the bot's first answer to it."""
    mark = bot.fake.mark()
    started = time.perf_counter()
    bot.fake.inject_message(chat_id, text)
    bot.fake.wait_for(None, since=mark, timeout=REPLY_TIMEOUT, interval=0.002,
                      predicate=lambda call: call.method in REPLY_METHODS)
    return time.perf_counter() - started


INPROCESS_QUESTIONS = (("PCB inventory guidance", "en"), ("inventaire des PCB", "fr"),
                      ("inventario de PCB", "es"))
INPROCESS_ROUNDS = 10  # six updates each: /start, a question in en, fr and es, Next page, Details


async def _inprocess_round(application: Any, request: Any, user_id: int, first_update: int) -> list[float]:
    """One round of the fixed update mix for one participant; the seconds to each reply."""
    from bench import offline_bot as ob

    samples: list[float] = []
    number = iter(range(first_update, first_update + 10))
    start = ob.message_update(next(number), user_id, "/start", "en")
    seconds, _ = await ob.time_update(application, request, start)
    samples.append(seconds)
    answer = None
    for text, language in INPROCESS_QUESTIONS:
        seconds, answer = await ob.time_update(
            application, request, ob.message_update(next(number), user_id, text, language)
        )
        samples.append(seconds)
    assert answer is not None
    for action in ("pg", "ev"):  # the Next button of the last answer, then a number (the card)
        data = ob.button_data(answer, action)
        if data is None:
            raise RuntimeError(f"no {action!r} button under the answer to {INPROCESS_QUESTIONS[-1][0]!r}")
        seconds, reply = await ob.time_update(
            application, request, ob.callback_update(next(number), user_id, data, ob.sent_message(answer))
        )
        samples.append(seconds)
        answer = reply if action == "pg" else answer
    return samples


async def _inprocess_samples(services: Any, rounds: int) -> list[float]:
    from bench.offline_bot import build_offline
    from brs_coord.bot.app import post_init

    application, request = build_offline(services)
    samples: list[float] = []
    async with application:
        await post_init(application)
        await _inprocess_round(application, request, FIRST_PARTICIPANT + 999, 1)  # warm-up
        for i in range(rounds):
            samples += await _inprocess_round(application, request, FIRST_PARTICIPANT + i, 100 + 10 * i)
    return samples


@benchmark("bot.reply.inprocess", figure="bot: update → reply, in process", size=SIZE,
           target="p99 < 200 ms")
def bot_reply_inprocess(ctx: BenchContext) -> Reading:
    services = ctx.services(SIZE, copy=True)
    rounds = 4 if ctx.quick else INPROCESS_ROUNDS
    samples = asyncio.run(_inprocess_samples(services, rounds))
    return Reading(tuple(samples), note=(
        "in process: build_application + process_update, Bot API calls recorded, no network; "
        f"{len(samples)} updates (/start, en/fr/es questions, Next, Details) after a warm-up round"
    ))


@benchmark("bot.reply", figure="bot: update → reply, loopback", size=SIZE, target="p99 < 200 ms")
def bot_reply(ctx: BenchContext) -> Reading:
    bot = running_bot(ctx)
    rounds = 20 if ctx.quick else 100
    for warm in range(len(MESSAGES)):
        _ask(bot, FIRST_PARTICIPANT + warm, MESSAGES[warm])
    samples = [_ask(bot, FIRST_PARTICIPANT + i % 500, MESSAGES[i % len(MESSAGES)]) for i in range(rounds)]
    return Reading(tuple(samples), note="through the fake Bot API on loopback (adds its polling turnaround)")


@benchmark("bot.rss", figure="bot: peak RSS (10k participants)", size=SIZE, target="≤ 150 MB")
def bot_rss(ctx: BenchContext) -> Reading:
    bot = running_bot(ctx)
    for i, text in enumerate(MESSAGES * 3):
        _ask(bot, FIRST_PARTICIPANT + i * 37, text)
    if bot.process.poll() is not None:
        raise NotAvailable(f"`brs-coord bot` exited {bot.process.returncode}: {_refusal(bot)}")
    return Reading.of(bot.peak_rss_mb(), unit="MB", note=f"VmHWM after {len(MESSAGES) * 3} updates")
