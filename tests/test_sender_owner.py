"""The notice sender belongs to the application that started it (no process-global registry)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from brs_coord.bot import sender as sender_module
from brs_coord.bot.app import BotData
from brs_coord.config import Settings
from brs_coord.errors import AlreadyRunning
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
    started = await sender_module.start_notice_sender(services, settings, first)
    assert first.bot_data.sender is started
    with pytest.raises(RuntimeError, match="already runs a notice sender"):
        await sender_module.start_notice_sender(services, settings, first)
    # One sender per database: a second application on it is refused while the first holds the lease.
    with pytest.raises(AlreadyRunning, match="only one bot may run per database"):
        await sender_module.start_notice_sender(services, settings, second)
    assert second.bot_data.sender is None
    await sender_module.stop_notice_sender(first)
    assert first.bot_data.sender is None and started.bot.shut
    # A clean stop gives the lease up: the next sender starts at once.
    other = await sender_module.start_notice_sender(services, settings, second)
    assert second.bot_data.sender is other and other is not started and not other.bot.shut
    await sender_module.stop_notice_sender(second)
    await sender_module.stop_notice_sender(second)  # stopping twice is harmless
    assert second.bot_data.sender is None and other.bot.shut
    assert not hasattr(sender_module, "_SENDERS")
