"""`brs-coord bot --webhook` as a process against the fake Bot API: it sets its webhook with the secret,
answers an update posted with that secret and refuses one posted with another or none."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cdp import free_port
from tests.cli_helpers import invoke
from tests.fakebot.client import PROJECT_ROOT, FakeBotClient, spawn_fake_server
from tests.processes import brs_argv

pytestmark = [pytest.mark.slow, pytest.mark.real_clock]
SECRET = "webhook-secret_42"
PUBLIC_URL = "https://calendar.example.org/telegram/hook"


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeBotClient]:
    process, client = spawn_fake_server(tmp_path / "fake.port")
    try:
        yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


def _post(url: str, update: dict[str, object], secret: str | None) -> int:
    request = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if secret is not None:
        request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_webhook_answers_telegrams_posts_only(tmp_path: Path, db_path: Path, fake: FakeBotClient) -> None:
    port = free_port()
    env = dict(os.environ) | {
        "BRS_DB": str(db_path), "BRS_TELEGRAM_TOKEN": "123:FAKE", "BRS_TELEGRAM_API_BASE": fake.url,
        "BRS_LOG_LEVEL": "INFO", "PYTHONPATH": str(PROJECT_ROOT), "BRS_WEBHOOK_PORT": str(port),
        "BRS_WEBHOOK_PATH": "hook", "BRS_WEBHOOK_URL": PUBLIC_URL, "BRS_WEBHOOK_SECRET": SECRET,
    }
    log = tmp_path / "bot.log"
    bot = subprocess.Popen(brs_argv("bot", "--webhook", at=None), cwd=PROJECT_ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=log.open("ab"))
    try:
        deadline = time.monotonic() + 60
        while not fake.calls("setWebhook") and time.monotonic() < deadline:
            time.sleep(0.2)
        calls = fake.calls("setWebhook")
        assert calls, log.read_text()[-2000:]
        assert calls[-1].params["url"] == PUBLIC_URL and calls[-1].params["secret_token"] == SECRET
        assert not fake.calls("getUpdates")  # no polling beside the webhook
        url = f"http://127.0.0.1:{port}/hook"
        time.sleep(0.5)  # the webhook server listens once setWebhook has answered
        update = fake.inject_message(4242, "/start")  # the chat, known to the fake; the update, as Telegram's
        for wrong in ("another-secret", None):
            assert _post(url, update, wrong) == 403
        assert not fake.calls("sendMessage")
        assert _post(url, update, SECRET) == 200
        deadline = time.monotonic() + 30
        while not fake.calls("sendMessage") and time.monotonic() < deadline:
            time.sleep(0.2)
        sent = fake.calls("sendMessage")
        assert sent and int(sent[0].params["chat_id"]) == 4242, log.read_text()[-2000:]
        assert len(sent) == len({c.params.get("text") for c in sent})  # answered once, not per post
    finally:
        bot.terminate()
        bot.wait(timeout=20)
    assert bot.returncode == 0, log.read_text()[-2000:]


def test_webhook_needs_its_address_and_secret(db_path: Path) -> None:
    base = {"BRS_DB": str(db_path), "BRS_TELEGRAM_TOKEN": "123:FAKE"}
    result = invoke("bot", "--webhook", env=base | {"BRS_WEBHOOK_SECRET": SECRET})
    assert result.exit_code == 1 and "needs BRS_WEBHOOK_URL" in result.output
    result = invoke("bot", "--webhook", env=base | {"BRS_WEBHOOK_URL": PUBLIC_URL})
    assert result.exit_code == 1 and "needs BRS_WEBHOOK_SECRET" in result.output
    spaced = {"BRS_WEBHOOK_URL": PUBLIC_URL, "BRS_WEBHOOK_SECRET": "a b"}
    result = invoke("bot", "--webhook", env=base | spaced)
    assert result.exit_code == 1 and "BRS_WEBHOOK_SECRET must be" in result.output
