"""/start offers the six languages (issue 15): the greeting says which language the bot writes in
and why (the Telegram app's language_code when it is one of the six, else English), with the six
under it, the current one ticked; a choice rewrites the greeting and the set-up in that language."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from brs_coord.config import Settings
from brs_coord.languages import INTERFACE_LANGUAGES
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.fakebot import FakeBotAPI

SIX = [["English", "Français", "Español"], ["العربية", "中文", "Русский"]]


@pytest.fixture
async def bot(fake: FakeBotAPI, demo_services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async with bot_running(fake, demo_services, settings) as running_fake:
        yield running_fake


def _ticked(rows: list[list[str]]) -> list[list[str]]:
    return [[label.removeprefix("✓ ") for label in row] for row in rows]


@pytest.mark.parametrize(("code", "line", "ticked"), [
    ("ru", "Я пишу вам на языке «русский» — языке вашего приложения Telegram.", "✓ Русский"),
    ("zh-hans", "我用中文给您写信，这是您 Telegram 应用的语言。", "✓ 中文"),
    ("ar", "أكتب إليك بـالعربية، لغة تطبيق Telegram لديك.", "✓ العربية"),
    ("de", "Your Telegram app is in a language I do not write (de), so I write to you in English.",
     "✓ English"),
    (None, "I write to you in English. Another one?", "✓ English"),
])  # fmt: skip
async def test_start_says_which_language_it_read_and_offers_the_six(
    bot: FakeBotAPI, code: str | None, line: str, ticked: str
) -> None:
    chat = 700 + len(code or "")
    kw = {"language_code": code}  # None: a Telegram app that tells no language
    await act(bot, lambda: bot.inject_message(chat, "/start", **kw), "sendMessage", count=2)
    first = bot.messages_in(chat)[1]
    assert line in first.text
    assert _ticked(first.button_texts) == SIX
    assert ticked in sum(first.button_texts, []) and str(first.button_texts).count("✓") == 1


async def test_a_language_chosen_at_start_rewrites_the_greeting_and_the_set_up(
    bot: FakeBotAPI, demo_services: Services
) -> None:
    chat = 731
    kw = {"language_code": "es-MX", "first_name": "Ana"}
    await act(bot, lambda: bot.inject_message(chat, "/start", **kw), "sendMessage", count=2)
    greeting = bot.messages_in(chat)[1]
    assert "Le escribo en español, el idioma de su aplicación Telegram." in greeting.text
    await act(bot, lambda: bot.press(chat, "Français", message_id=greeting.message_id, **kw), "sendMessage")
    assert demo_services.participants.get(chat).language == "fr"
    rewritten = bot.message(chat, greeting.message_id)
    assert "Ana" in rewritten.text
    assert "Je vous écris en français, la langue que vous avez choisie." in rewritten.text
    assert "✓ Français" in sum(rewritten.button_texts, [])
    step = bot.last_message(chat)
    assert step.message_id != greeting.message_id and "Passer ›" in sum(step.button_texts, [])
    assert set(INTERFACE_LANGUAGES.values()) == set(sum(_ticked(rewritten.button_texts), []))
