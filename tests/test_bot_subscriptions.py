"""/subscribe, /mysubscriptions and "Stop these" under a notice, end to end against the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from brs_coord.config import Settings
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant, sender

FACETS = {"Audiences": "audience", "Programmes": "programme", "Conventions": "convention",
          "Regions": "region", "Kinds of event": "kind"}


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    # the notice sender signs its buttons with the same token, so the bot understands them
    async with bot_running(fake, services, settings) as running_fake:
        yield running_fake


def followed(services: Services, chat: int) -> set[tuple[str, str]]:
    found = services.participants.get(chat)
    assert found is not None
    return {(s.facet, s.value) for s in services.subscriptions.list(found.id)}


async def test_subscribe_toggles_edit_the_message_for_every_facet(
    bot: FakeBotAPI, services: Services
) -> None:
    fake, chat = bot, 901
    await act(fake, lambda: fake.inject_message(chat, "/subscribe"), "sendMessage")
    menu = fake.last_message(chat)
    assert "new event is announced" in (menu.text or "")
    assert [row[0] for row in menu.button_texts] == list(FACETS)
    for label, facet in FACETS.items():
        await act(fake, lambda lb=label: fake.press(chat, lb), "editMessageText")
        page = fake.message(chat, menu.message_id)
        assert page.text == label
        first = page.button_texts[0][0]
        assert first.startswith("▫️ ")
        await act(fake, lambda f=first: fake.press(chat, f), "editMessageText")
        toggled = fake.message(chat, menu.message_id)
        assert toggled.button_texts[0][0] == "✅ " + first.removeprefix("▫️ ")
        assert facet in {f for f, _ in followed(services, chat)}
        await act(fake, lambda: fake.press(chat, "⬅️"), "editMessageText")
    assert len(followed(services, chat)) == 5
    assert len([m for m in fake.messages_in(chat) if m.from_bot]) == 1  # one message, edited throughout

    # toggling again switches it off
    await act(fake, lambda: fake.press(chat, "Kinds of event"), "editMessageText")
    on = fake.message(chat, menu.message_id).button_texts[0][0]
    await act(fake, lambda: fake.press(chat, on), "editMessageText")
    assert "kind" not in {f for f, _ in followed(services, chat)}


async def test_my_subscriptions_lists_what_is_followed(bot: FakeBotAPI, services: Services) -> None:
    fake, chat = bot, 902
    await act(fake, lambda: fake.inject_message(chat, "/mysubscriptions"), "sendMessage")
    assert "You follow nothing yet." in (fake.last_message(chat).text or "")
    found = services.participants.get(chat)
    assert found is not None
    services.subscriptions.subscribe(found.id, "kind", "webinar")
    services.subscriptions.subscribe(found.id, "region", "africa")
    await act(fake, lambda: fake.inject_message(chat, "/mysubscriptions"), "sendMessage")
    listing = fake.last_message(chat)
    assert "Kinds of event: webinars" in (listing.text or "") and "Regions: Africa" in (listing.text or "")
    assert [row[0] for row in listing.button_texts] == list(FACETS)

    await act(fake, lambda: fake.inject_message(903, "/mysubscriptions", language_code="fr"), "sendMessage")
    assert "Vous ne suivez encore rien." in (fake.last_message(903).text or "")


async def test_stop_these_under_a_new_event_notice_unsubscribes(bot: FakeBotAPI, services: Services) -> None:
    fake, chat = bot, 904
    await act(fake, lambda: fake.inject_message(chat, "/help"), "sendMessage")  # the chat knows the bot
    p = participant(services, chat)
    services.subscriptions.subscribe(p.id, "kind", "webinar")
    services.scheduling.create(make_event(title="Webinar on e-waste"))
    assert await (await sender(services, fake)).drain() == 1
    notice = fake.last_message(chat)
    assert "New event" in (notice.text or "")

    [answer] = await act(fake, lambda: fake.press(chat, "Stop these"), "answerCallbackQuery")
    assert "will not hear about such new events" in answer.params["text"] and answer.params["show_alert"]
    await fake.wait_for_async("editMessageReplyMarkup", timeout=10)
    assert followed(services, chat) == set()
    assert not fake.message(chat, notice.message_id).button_texts  # the keyboard is gone

    services.scheduling.create(make_event(title="Another webinar"))
    assert len(services.notices.outbox.rows(participant_id=p.id, kind="new-event")) == 1  # the first only


async def test_stop_these_under_a_change_notice_mutes_the_event(bot: FakeBotAPI, services: Services) -> None:
    fake, chat = bot, 905
    await act(fake, lambda: fake.inject_message(chat, "/help", language_code="es"), "sendMessage")
    p = participant(services, chat, language="es")
    event = services.scheduling.create(make_event(location="Geneva")).event
    services.registrations.register(p.id, event.id)
    services.notices.batch_seconds = 0
    event = services.scheduling.update(event.id, replace(event.data(), location="Nairobi"),
                                       expected_version=event.version).event
    assert await (await sender(services, fake)).drain() == 1
    [answer] = await act(fake, lambda: fake.press(chat, "No recibir más", language_code="es"),
                         "answerCallbackQuery")
    assert answer.params["show_alert"]
    services.scheduling.update(event.id, replace(event.data(), location="Dakar"),
                               expected_version=event.version)
    assert await (await sender(services, fake)).drain() == 0
