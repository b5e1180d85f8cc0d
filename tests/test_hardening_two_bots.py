"""Hardening (two bots): two `brs-coord bot` processes on one database, against the fake Bot API.

The second refuses with one line while the first runs; 40 notices behind a 429 pause longer than
the notice lease go out once each; after a SIGKILL mid-delivery the next bot (restarted at once)
repeats at most the notices in flight at the kill.
"""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from brs_coord.clock import SystemClock
from tests.conftest import make_event
from tests.fakebot.client import PROJECT_ROOT, FakeBotClient
from tests.processes import brs_argv
from tests.test_notices_processes import delivered, fake, known_chat, real_services, start_bot, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.hardening, pytest.mark.real_clock]
__all__ = ["fake"]  # the fixture


def _second_bot(db_path: Path, fake: FakeBotClient) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ) | {
        "BRS_DB": str(db_path), "BRS_TELEGRAM_TOKEN": "123:FAKE", "BRS_TELEGRAM_API_BASE": fake.url,
        "BRS_NOTICE_LEASE": "2", "BRS_LOG_LEVEL": "WARNING", "PYTHONPATH": str(PROJECT_ROOT),
    }
    return subprocess.run(brs_argv("bot", at=None), cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_two_bots_on_one_database(tmp_path: Path, db_path: Path, fake: FakeBotClient) -> None:
    services = real_services(db_path)
    event = services.scheduling.create(
        make_event(starts_at=SystemClock().now() + timedelta(days=3), capacity=None)
    ).event
    chats = list(range(30_001, 30_041))
    for chat in chats:
        p = services.participants.get_or_create(chat, chat_id=chat, first_name="P")
        services.registrations.register(p.id, event.id)
        known_chat(fake, chat)
    log = tmp_path / "bot.log"
    first = start_bot(db_path, fake, log)  # lease 2 s, a round every 0.5 s
    try:
        fake.wait_for("getUpdates", timeout=30)
        second = _second_bot(db_path, fake)
        assert second.returncode == 1
        errors = [line for line in second.stderr.splitlines() if line.startswith("brs-coord:")]
        assert len(errors) == 1 and "only one bot may run per database" in errors[0], second.stderr
        assert "Traceback" not in second.stderr

        # A 429 pause of 5 s (longer than the 2 s lease) on the first sends: every notice once.
        fake.fault_429("sendMessage", retry_after=5, times=3)
        assert services.notices.message_registrants(event.id, "Message about the first round") == 40
        wait_until(lambda: services.notices.counts()["pending"] == 0, 60)
        counts = delivered(fake)
        assert set(counts) == set(chats) and set(counts.values()) == {1}, counts

        # Killed mid-delivery, restarted at once: the new bot takes the dead one's lease.
        mark = fake.mark()
        fake.delay("sendMessage", 0.2, times=None)
        assert services.notices.message_registrants(event.id, "Message about the second round") == 40
        wait_until(lambda: sum(delivered(fake, mark).values()) >= 10, 60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=10)
    in_flight = {int(r["participant_id"]) for r in services.notices.outbox.rows(kind="message")
                 if r["claimed_at"] is not None and r["sent_at"] is None}
    chat_of = {services.participants.get(c).id: c for c in chats}
    fake.clear_faults()
    restarted = start_bot(db_path, fake, log)
    try:
        wait_until(lambda: services.notices.counts()["pending"] == 0, 60)
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=20)
    counts = delivered(fake, mark)
    assert set(counts) == set(chats)
    duplicates = {chat for chat, n in counts.items() if n > 1}
    assert duplicates <= {chat_of[pid] for pid in in_flight} and max(counts.values()) <= 2
    assert "AlreadyRunning" not in log.read_text() and "Traceback" not in log.read_text()
    print(f"\ntwo bots: second refused in one line; 40/40 once behind a 5 s 429 pause; after SIGKILL "
          f"{len(in_flight)} in flight, {len(duplicates)} duplicates, 40/40 delivered")
    services.close()
