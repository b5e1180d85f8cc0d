"""`brs-coord bot` as a process against the standalone fake Bot API: crash safety, cross-process notices.

Both tests are slow (several processes, real time) and run loopback only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from brs_coord.clock import SystemClock
from brs_coord.config import Settings
from brs_coord.services import Services, build_services
from tests.conftest import make_event
from tests.fakebot.client import PROJECT_ROOT, FakeBotClient, spawn_fake_server
from tests.processes import brs_argv

# Real time on both sides: the bot's leases and sender interval are measured in elapsed seconds.
pytestmark = [pytest.mark.slow, pytest.mark.real_clock]
MARKER = "Message about"


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeBotClient]:
    process, client = spawn_fake_server(tmp_path / "fake.port")
    try:
        yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


def known_chat(fake: FakeBotClient, chat_id: int) -> None:
    """Make a chat known to the fake without a message the bot would answer (a channel post)."""
    update = {"channel_post": {"message_id": 1, "date": 0, "text": "-",
                               "chat": {"id": chat_id, "type": "channel", "title": f"c{chat_id}"}}}
    fake._request("POST", "inject", {"type": "raw", "update": update})


def real_services(db_path: Path) -> Services:
    return build_services(Settings(db_path=db_path, staff_name="tester"), SystemClock())


def start_bot(db_path: Path, fake: FakeBotClient, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ) | {
        "BRS_DB": str(db_path), "BRS_TELEGRAM_TOKEN": "123:FAKE", "BRS_TELEGRAM_API_BASE": fake.url,
        "BRS_SENDER_INTERVAL": "0.5", "BRS_NOTICE_LEASE": "2", "BRS_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    return subprocess.Popen(brs_argv("bot", at=None), cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("ab"))


def delivered(fake: FakeBotClient, since: int = 0) -> Counter[int]:
    calls = fake.calls("sendMessage", since=since)
    return Counter(int(c.params["chat_id"]) for c in calls if c.ok and MARKER in str(c.params.get("text")))


def drain(pending: Any, log: Path, stall: float = 60.0, interval: float = 0.2) -> None:
    """Wait until ``pending()`` is 0, failing only when it stops going down for ``stall`` seconds
    (a loaded machine sends slowly; a stuck sender sends nothing): the error carries the bot's log."""
    left, moved = pending(), time.monotonic()
    while left:
        time.sleep(interval)
        now_left = pending()
        if now_left < left:
            left, moved = now_left, time.monotonic()
        elif time.monotonic() - moved > stall:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise TimeoutError(f"{left} notices still pending, none sent for {stall:.0f}s; bot log:\n{tail}")


def wait_until(predicate: Any, timeout: float, interval: float = 0.1, log: Path | None = None) -> None:
    """Poll ``predicate``; on timeout, the error carries the end of the bot's log (``log``)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
            raise TimeoutError(f"not reached within {timeout}s; bot log:\n{tail}")
        time.sleep(interval)


def test_crash_mid_delivery_loses_nothing_and_repeats_only_in_flight(
    tmp_path: Path, db_path: Path, fake: FakeBotClient
) -> None:
    services = real_services(db_path)
    start = SystemClock().now() + timedelta(days=3)
    event = services.scheduling.create(make_event(starts_at=start, capacity=None)).event
    chats = list(range(20_001, 20_501))
    for chat in chats:
        p = services.participants.get_or_create(chat, chat_id=chat, first_name="P")
        services.registrations.register(p.id, event.id)
        known_chat(fake, chat)
    assert services.notices.message_registrants(event.id, "Crash test") == 500
    fake.delay("sendMessage", 0.02, times=None)  # slow enough to kill it mid-delivery

    log = tmp_path / "bot.log"
    bot = start_bot(db_path, fake, log)
    try:
        wait_until(lambda: sum(delivered(fake).values()) >= 150, 60)
        bot.send_signal(signal.SIGKILL)
        bot.wait(timeout=10)
    finally:
        if bot.poll() is None:
            bot.kill()
    before_restart = delivered(fake)
    outbox = services.notices.outbox
    in_flight = {int(r["participant_id"]) for r in outbox.rows(kind="message")
                 if r["claimed_at"] is not None and r["sent_at"] is None}
    chat_of = {services.participants.get(c).id: c for c in chats}
    in_flight_chats = {chat_of[pid] for pid in in_flight}
    assert 150 <= sum(before_restart.values()) < 500

    fake.clear_faults()
    bot = start_bot(db_path, fake, log)
    try:
        drain(lambda: services.notices.counts()["pending"], log)
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=20)
    counts = delivered(fake)
    assert set(counts) == set(chats), "every notice delivered"
    duplicates = {chat: n - 1 for chat, n in counts.items() if n > 1}
    assert set(duplicates) <= in_flight_chats, "duplicates only among the notices in flight at the kill"
    assert all(n == 1 for n in duplicates.values())
    print(f"\ncrash test: {sum(before_restart.values())} delivered before SIGKILL, {len(in_flight_chats)} in "
          f"flight, {sum(duplicates.values())} duplicates after restart, 500/500 delivered")
    services.close()


def test_cli_cancellation_reaches_registrants_while_the_bot_runs(
    tmp_path: Path, db_path: Path, fake: FakeBotClient
) -> None:
    services = real_services(db_path)
    event = services.scheduling.create(make_event(starts_at=SystemClock().now() + timedelta(days=3))).event
    chats = [30_001, 30_002, 30_003]
    for chat in chats:
        p = services.participants.get_or_create(chat, chat_id=chat, first_name="P")
        services.registrations.register(p.id, event.id)
        known_chat(fake, chat)
    bot = start_bot(db_path, fake, tmp_path / "bot.log")
    try:
        fake.wait_for("getUpdates", timeout=30)
        env = dict(os.environ) | {"BRS_DB": str(db_path), "PYTHONPATH": str(PROJECT_ROOT)}
        started = time.monotonic()
        done = subprocess.run(
            brs_argv("event", "cancel", event.uid, "--reason", "Storm", at=None),
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Cancelled {event.uid}")
        fake.wait_for("sendMessage", count=3, timeout=0.5 + 10,
                      predicate=lambda c: c.ok and "cancelled" in str(c.params.get("text")))
        elapsed = time.monotonic() - started
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=20)
    assert elapsed < 0.5 + 10
    print(f"\ncross-process: CLI cancel → 3 notices in {elapsed:.2f} s (sender interval 0.5 s)")
    services.close()
