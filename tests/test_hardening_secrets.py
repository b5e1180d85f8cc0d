"""Hardening (secrets): personal feed tokens and the bot token never reach a log line or stderr."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from brs_coord.redaction import RedactSecrets, redact
from brs_coord.server import start_feed_server
from brs_coord.services import Services
from tests.fakebot.client import PROJECT_ROOT, spawn_fake_server
from tests.processes import brs_argv

pytestmark = pytest.mark.hardening

BOT_TOKEN = "424242:SECRETS-never-Shown_1a2b"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"GET /u/Abc_DEF-123456789012.ics HTTP/1.1" 200', '"GET /u/<redacted>.ics HTTP/1.1" 200'),
        ("GET /u/Abc_DEF-123456789012.ics?x=1", "GET /u/<redacted>.ics?x=1"),
        ("link https://x.org/u/tok3n-tok3n-tok3n.ics)", "link https://x.org/u/<redacted>.ics)"),
        ("GET /u/not-a-feed", "GET /u/<redacted>"),
        ("GET /calendars/all.ics", "GET /calendars/all.ics"),
        (f"POST /bot{BOT_TOKEN}/getMe", "POST /bot<token>/getMe"),
        ("The token `SECRETS-never-Shown_1a2b` was rejected", "The token `<token>` was rejected"),
    ],
)
def test_redact(line: str, expected: str) -> None:
    assert redact(line, BOT_TOKEN) == expected


def test_tracebacks_are_redacted_too() -> None:
    try:
        raise RuntimeError(f"failed for /u/Abc_DEF-123456789012.ics with {BOT_TOKEN}")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    RedactSecrets(BOT_TOKEN).filter(record)
    shown = logging.Formatter().format(record)
    assert "Abc_DEF" not in shown and "SECRETS" not in shown and "/u/<redacted>.ics" in shown


async def test_the_access_log_hides_personal_tokens(
    demo_services: Services, unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    person = demo_services.participants.get_or_create(97, chat_id=97)
    token = demo_services.participants.feed_token(97)
    assert person.id
    runner = await start_feed_server(demo_services, "127.0.0.1", unused_tcp_port)
    try:
        with caplog.at_level(logging.INFO, logger="brs_coord.server.access"):
            async with aiohttp.ClientSession() as session:
                for path in (f"/u/{token}.ics", f"/u/{token}.ics?x=1", "/calendars/all.ics"):
                    async with session.get(f"http://127.0.0.1:{unused_tcp_port}{path}") as response:
                        await response.read()
            await asyncio.sleep(0.05)
    finally:
        await runner.cleanup()
    lines = [r.getMessage() for r in caplog.records if r.name == "brs_coord.server.access"]
    assert len(lines) == 3
    assert not any(token in line for line in lines)
    assert sum("/u/<redacted>.ics" in line for line in lines) == 2


def _bot(db: Path, api_base: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ) | {
        "BRS_DB": str(db), "BRS_TELEGRAM_TOKEN": BOT_TOKEN, "BRS_TELEGRAM_API_BASE": api_base,
        "BRS_LOG_LEVEL": "DEBUG", "PYTHONPATH": str(PROJECT_ROOT),
    }
    return subprocess.run(brs_argv("bot"), cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.slow
def test_a_rejected_bot_token_is_one_line_without_it(tmp_path: Path, demo_template: Path) -> None:
    db = tmp_path / "brs.db"
    db.write_bytes(demo_template.read_bytes())
    fake_process, fake = spawn_fake_server(tmp_path / "fake.port", extra_args=["--token", "1:OTHER"])
    try:
        done = _bot(db, fake.url)
    finally:
        fake_process.terminate()
        fake_process.wait(timeout=10)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "SECRETS-never-Shown" not in output and "Traceback" not in output
    errors = [line for line in done.stderr.splitlines() if line.startswith("brs-coord:")]
    assert errors == ["brs-coord: The Bot API refused BRS_TELEGRAM_TOKEN (unknown or revoked token); "
                      "check it with @BotFather"]


@pytest.mark.slow
def test_an_unreachable_bot_api_at_start_is_one_line(tmp_path: Path, demo_template: Path) -> None:
    db = tmp_path / "brs.db"
    db.write_bytes(demo_template.read_bytes())
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _bot(db, f"http://127.0.0.1:{port}")
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr and "SECRETS-never-Shown" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("brs-coord:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"brs-coord: Cannot reach the Bot API at http://127.0.0.1:{port}")
