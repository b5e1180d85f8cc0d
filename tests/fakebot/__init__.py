"""A fake Telegram Bot API server for the project's tests (see :mod:`tests.fakebot.server`).

    from tests.fakebot import application_builder, fake_bot_api, running

    with fake_bot_api() as fake:                       # sync or async tests
        app = application_builder(fake).build()        # token 123:FAKE, base_url -> fake
        ...                                            # add handlers
        async with running(app):                       # polls the fake (timeout=1)
            fake.inject_message(42, "/start", language_code="fr")
            [call] = await fake.wait_for_async("sendMessage")
            fake.press(42, "Subscribe")                # presses a visible inline button
            print(fake.transcript_text(42))

Another process: ``spawn_fake_server(path)`` -> (Popen, FakeBotClient) with the same helpers.
Names are imported lazily, so ``python -m tests.fakebot.server`` runs without a warning.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import FakeBotClient, read_control_file, spawn_fake_server
    from .model import Call, Fault, StoredMessage, UploadedFile
    from .ptb import application_builder, running
    from .server import FakeBotAPI, fake_bot_api

_EXPORTS = {
    "FakeBotAPI": "server",
    "fake_bot_api": "server",
    "FakeBotClient": "client",
    "read_control_file": "client",
    "spawn_fake_server": "client",
    "Call": "model",
    "Fault": "model",
    "StoredMessage": "model",
    "UploadedFile": "model",
    "application_builder": "ptb",
    "running": "ptb",
}
__all__ = [
    "Call",
    "FakeBotAPI",
    "FakeBotClient",
    "Fault",
    "StoredMessage",
    "UploadedFile",
    "application_builder",
    "fake_bot_api",
    "read_control_file",
    "running",
    "spawn_fake_server",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
