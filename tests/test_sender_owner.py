"""The notice sender belongs to the application that started it (no process-global registry)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from brs_coord.bot import sender as sender_module
from brs_coord.bot.app import BotData
from brs_coord.config import Settings
from brs_coord.services import Services


class StubBot:
    def __init__(self) -> None:
        self.shut = False

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        self.shut = True


async def test_each_application_owns_and_stops_its_own_sender(
    services: Services, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sender_module, "notice_bot", lambda settings: StubBot())
    settings = replace(settings, telegram_token="1:x", sender_interval=0.05)
    first, second = (SimpleNamespace(bot_data=BotData()) for _ in range(2))
    started: list[Any] = [
        await sender_module.start_notice_sender(services, settings, app) for app in (first, second)
    ]
    assert [first.bot_data.sender, second.bot_data.sender] == started and started[0] is not started[1]
    with pytest.raises(RuntimeError, match="already runs a notice sender"):
        await sender_module.start_notice_sender(services, settings, first)
    await sender_module.stop_notice_sender(first)
    assert first.bot_data.sender is None and started[0].bot.shut
    assert second.bot_data.sender is started[1] and not started[1].bot.shut
    await sender_module.stop_notice_sender(second)
    await sender_module.stop_notice_sender(second)  # stopping twice is harmless
    assert second.bot_data.sender is None and started[1].bot.shut
    assert not hasattr(sender_module, "_SENDERS")
