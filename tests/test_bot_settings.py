"""/settings end to end against the fake Bot API: every setting in one menu, reminder lead times as
toggles, quiet hours; and the command menu in each language."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from brs_coord.config import Settings
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.fakebot import FakeBotAPI


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async with bot_running(fake, services, settings) as running_fake:
        yield running_fake


async def test_settings_show_every_setting_in_one_menu(bot: FakeBotAPI, services: Services) -> None:
    fake = bot
    await act(fake, lambda: fake.inject_message(801, "/settings"), "sendMessage")
    menu = fake.last_message(801)
    text = menu.text or ""
    for line in ("Language: English", "Time zone: UTC", "Country: not set", "Audience: not set",
                 "Reminders: 1 day before, 1 hour before", "Quiet hours: off"):
        assert line in text
    labels = [label for row in menu.button_texts for label in row]
    assert labels == ["Language", "Time zone", "Country", "Audience", "Reminders", "Quiet hours"]


async def test_reminder_lead_times_are_toggles_that_edit_the_message(
    bot: FakeBotAPI, services: Services
) -> None:
    fake, chat = bot, 802
    await act(fake, lambda: fake.inject_message(chat, "/settings"), "sendMessage")
    menu = fake.last_message(chat)
    await act(fake, lambda: fake.press(chat, "Reminders"), "editMessageText")
    page = fake.message(chat, menu.message_id)
    assert "✅ 1 day before" in page.button_texts[0] and "▫️ 1 week before" in page.button_texts[0]

    def leads() -> tuple[int, ...]:
        found = services.participants.get(chat)
        assert found is not None
        return found.reminder_leads

    await act(fake, lambda: fake.press(chat, "▫️ 1 week before"), "editMessageText")
    assert leads() == (10080, 1440, 60)
    await act(fake, lambda: fake.press(chat, "✅ 1 hour before"), "editMessageText")
    assert leads() == (10080, 1440)
    await act(fake, lambda: fake.press(chat, "▫️ 3 hours before"), "editMessageText")
    await act(fake, lambda: fake.press(chat, "▫️ 15 minutes before"), "editMessageText")
    assert leads() == (10080, 1440, 180, 15)
    [refused] = await act(fake, lambda: fake.press(chat, "▫️ 1 hour before"), "answerCallbackQuery")
    assert "At most 4" in refused.params["text"] and refused.params.get("show_alert")
    assert leads() == (10080, 1440, 180, 15)
    await act(fake, lambda: fake.press(chat, "▫️ No reminders"), "editMessageText")
    assert leads() == ()
    page = fake.message(chat, menu.message_id)
    assert "Reminders: none" in (page.text or "") and "✅ No reminders" in page.button_texts[-2]
    assert len([m for m in fake.messages_in(chat) if m.from_bot]) == 1  # one message, edited
    await act(fake, lambda: fake.press(chat, "‹ Back"), "editMessageText")
    assert "Language: English" in (fake.message(chat, menu.message_id).text or "")


async def test_quiet_hours_from_until_and_off(bot: FakeBotAPI, services: Services) -> None:
    fake, chat = bot, 803
    await act(fake, lambda: fake.inject_message(chat, "/settings"), "sendMessage")
    menu = fake.last_message(chat)
    await act(fake, lambda: fake.press(chat, "Quiet hours"), "editMessageText")
    assert "Quiet from which hour?" in (fake.message(chat, menu.message_id).text or "")
    await act(fake, lambda: fake.press(chat, "22:00"), "editMessageText")
    until = fake.message(chat, menu.message_id)
    assert "from 22:00" in (until.text or "") and "22:00" not in sum(until.button_texts, [])
    mark = fake.mark()
    await act(fake, lambda: fake.press(chat, "07:00"), "editMessageText")
    assert fake.calls("answerCallbackQuery", since=mark)[-1].params["text"] == "Quiet hours: 22:00–07:00"
    assert "Quiet hours: 22:00–07:00" in (fake.message(chat, menu.message_id).text or "")
    found = services.participants.get(chat)
    assert found is not None and (found.quiet_start, found.quiet_end) == ("22:00", "07:00")

    mark = fake.mark()
    await act(fake, lambda: fake.press(chat, "Quiet hours"), "editMessageText")
    await act(fake, lambda: fake.press(chat, "No quiet hours"), "editMessageText")
    assert fake.calls("answerCallbackQuery", since=mark)[-1].params["text"] == "Quiet hours: off"
    found = services.participants.get(chat)
    assert found is not None and (found.quiet_start, found.quiet_end) == (None, None)
    assert "Quiet hours: off" in (fake.message(chat, menu.message_id).text or "")


async def test_settings_in_french_and_spanish(bot: FakeBotAPI) -> None:
    fake = bot
    for chat, lang, words in ((804, "fr", ("Rappels : 1 jour avant, 1 heure avant", "Plage de silence",
                                           "Plage de silence : désactivée")),
                              (805, "es", ("Recordatorios: 1 día antes, 1 hora antes", "Horas de silencio"))):
        await act(fake, lambda c=chat, lg=lang: fake.inject_message(c, "/settings", language_code=lg),
                  "sendMessage")
        menu = fake.last_message(chat)
        assert all(word in (menu.text or "") for word in words), menu.text
        assert words[1] in sum(menu.button_texts, [])


async def test_command_menu_lists_subscriptions_in_each_language(bot: FakeBotAPI) -> None:
    fake = bot
    expected = {
        "": ("Hear about new events that interest me", "What I follow"),
        "fr": ("Être informé des nouveaux événements qui m’intéressent", "Mes abonnements"),
        "es": ("Recibir avisos de nuevos eventos que me interesan", "Lo que sigo"),
    }
    for language, (subscribe, mine) in expected.items():
        commands = {c["command"]: c["description"] for c in fake.commands("default", language)}
        assert commands["subscribe"] == subscribe and commands["mysubscriptions"] == mine
        assert "settings" in commands and "help" in commands
