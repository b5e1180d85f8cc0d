"""The bot keeps its promises (issue 14), end to end against the fake Bot API in en, fr and es: Remind
me with reminders off, cards rendered again after every action, distinct states, a cancelled card,
unknown commands, inline mode, the new-event notice and its buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from brs_coord.config import Settings
from brs_coord.domain import Event
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.conftest import NOW, make_event
from tests.fakebot import FakeBotAPI
from tests.fakebot.model import StoredMessage
from tests.notice_helpers import participant, sender, texts_to

GROUP = -1009876
JOIN = "https://meet.example.org/keep"
LINK = "https://t.me/brs_test_bot?start="

WORDS = {  # language: Remind me, Turn on reminders, off, "1 day and 1 hour before", Add to calendar,
    #           Register, waiting list, unknown command, Stop these
    "en": ("⏰ Remind me", "⏰ Turn on reminders", "Reminders are off", "1 day and 1 hour before",
           "📅 Add to calendar", "✅ Register", "You are on the waiting list (place 1)",
           "I do not know the command /foo.", "Stop these"),
    "fr": ("⏰ Me le rappeler", "⏰ Activer les rappels", "Les rappels sont désactivés",
           "1 jour et 1 heure avant",
           "📅 Ajouter au calendrier", "✅ S’inscrire", "Vous êtes sur la liste d’attente (place 1)",
           "Je ne connais pas la commande /foo.", "Ne plus recevoir ces avis"),
    "es": ("⏰ Recordármelo", "⏰ Activar recordatorios", "Los recordatorios están desactivados",
           "1 día y 1 hora antes", "📅 Añadir al calendario", "✅ Inscribirme",
           "Está en la lista de espera (puesto 1)", "No conozco el comando /foo.", "No recibir más"),
}
LANGS = ["en", "fr", "es"]


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async with bot_running(fake, services, settings) as running_fake:
        yield running_fake


@pytest.fixture
def event(services: Services) -> Event:
    return services.scheduling.create(make_event(online_url=JOIN, title="Keeping promises")).event


async def open_card(fake: FakeBotAPI, chat: int, lang: str, question: str = "/upcoming") -> StoredMessage:
    """Ask, then press 1: the card (a new message)."""
    await act(fake, lambda: fake.inject_message(chat, question, language_code=lang), "sendMessage")
    listing = fake.last_message(chat)
    await act(fake, lambda: fake.press(chat, "1", message_id=listing.message_id, language_code=lang),
              "sendMessage")
    return fake.last_message(chat)


async def press(fake: FakeBotAPI, chat: int, card: StoredMessage, label: str, lang: str) -> StoredMessage:
    """Press ``label`` on ``card``: the card as it is after the bot edited it."""
    await act(fake, lambda: fake.press(chat, label, message_id=card.message_id, language_code=lang),
              "editMessageText")
    return fake.message(chat, card.message_id)


@pytest.mark.parametrize("lang", LANGS)
async def test_remind_me_with_reminders_off_offers_to_turn_them_on(
    bot: FakeBotAPI, services: Services, event: Event, lang: str
) -> None:
    fake = bot
    remind, turn_on, off, when, *_ = WORDS[lang]
    chat = {"en": 1401, "fr": 1402, "es": 1403}[lang]
    card = await open_card(fake, chat, lang)
    p = services.participants.get(chat)
    assert p is not None
    services.reminders.set_leads(p.id, [])  # "No reminders" in /settings
    offered = await press(fake, chat, card, remind, lang)
    assert off in offered.text and when in offered.text  # what turning them on would give
    assert offered.button(turn_on) and remind not in str(offered.button_texts)
    assert services.registrations.reminders(p.id) == set()  # no promise of a reminder that never comes
    done = await press(fake, chat, offered, turn_on, lang)
    assert services.participants.get(chat).reminder_leads == (1440, 60)  # type: ignore[union-attr]
    assert services.registrations.reminders(p.id) == {event.id}
    assert when in done.text and off not in done.text
    assert remind not in str(done.button_texts) and turn_on not in str(done.button_texts)
    [toast] = [c for c in fake.calls("answerCallbackQuery") if when in str(c.params.get("text", ""))]
    assert len(str(toast.params["text"])) <= 200


@pytest.mark.parametrize("lang", LANGS)
async def test_remind_me_says_when(bot: FakeBotAPI, services: Services, event: Event, lang: str) -> None:
    fake = bot
    remind, _, off, when, *_ = WORDS[lang]
    chat = {"en": 1411, "fr": 1412, "es": 1413}[lang]
    card = await open_card(fake, chat, lang)
    reminded = await press(fake, chat, card, remind, lang)
    assert when in reminded.text and off not in reminded.text
    assert remind not in str(reminded.button_texts)
    p = services.participants.get(chat)
    assert p is not None and services.registrations.reminders(p.id) == {event.id}
    await act(fake, lambda: fake.inject_message(chat, "/upcoming", language_code=lang), "sendMessage")
    assert "⏰" in fake.last_message(chat).text.splitlines()[3]  # the list line carries the mark


@pytest.mark.parametrize("lang", LANGS)
async def test_a_waiting_list_place_is_not_shown_as_registered(
    bot: FakeBotAPI, services: Services, lang: str
) -> None:
    fake = bot
    *_, register, waiting, _, _ = WORDS[lang]
    full = services.scheduling.create(make_event(capacity=1, online_url=JOIN, title="Full webinar")).event
    first = participant(services, 1420)
    services.registrations.register(first.id, full.id)
    chat = {"en": 1421, "fr": 1422, "es": 1423}[lang]
    card = await open_card(fake, chat, lang)
    waiting_card = await press(fake, chat, card, register, lang)
    assert "⏳" in waiting_card.text and waiting in waiting_card.text
    assert "✅" not in waiting_card.text and JOIN not in waiting_card.text  # no seat, no join link
    await act(fake, lambda: fake.inject_message(chat, "/upcoming", language_code=lang), "sendMessage")
    line = fake.last_message(chat).text.splitlines()[3]
    assert line.startswith("1. ⏳ ") and "✅" not in line


@pytest.mark.parametrize("lang", LANGS)
async def test_a_cancelled_event_offers_no_calendar_file_and_no_registration(
    bot: FakeBotAPI, services: Services, lang: str
) -> None:
    fake = bot
    *_, add, register, _, _, _ = WORDS[lang]
    created = services.scheduling.create(make_event(
        title="Cancelled workshop", registration_url="https://register.example.org/x", online_url=JOIN,
    )).event
    services.scheduling.cancel(created.id, "Storm", expected_version=created.version)
    chat = {"en": 1431, "fr": 1432, "es": 1433}[lang]
    card = await open_card(fake, chat, lang, "/upcoming cancelled")
    assert card.text.startswith("❌") and "Storm" in card.text
    assert "register.example.org" not in card.text and JOIN not in card.text
    labels = str(card.button_texts)
    assert add not in labels and register not in labels and "🔎" in labels


@pytest.mark.parametrize("lang", LANGS)
async def test_unknown_commands_get_the_short_help(bot: FakeBotAPI, lang: str) -> None:
    fake = bot
    said = WORDS[lang][7]
    chat = {"en": 1441, "fr": 1442, "es": 1443}[lang]
    await act(fake, lambda: fake.inject_message(chat, "/foo bar", language_code=lang), "sendMessage")
    answer = fake.last_message(chat).text
    assert said in answer and "/upcoming" in answer and "/help" in answer
    # in a group a bare /foo may be another bot's: no answer; /foo@this bot is answered
    mark = fake.mark()
    fake.inject_message(GROUP, "/foo", user_id=chat, chat_type="supergroup", language_code=lang)
    await act(fake, lambda: fake.inject_message(GROUP, "/foo@brs_test_bot", user_id=chat,
                                                chat_type="supergroup", language_code=lang), "sendMessage")
    assert [c.params["chat_id"] for c in fake.calls("sendMessage", since=mark)] == [GROUP]
    assert said in fake.last_message(GROUP).text


async def test_inline_results_for_a_stranger_show_the_events_own_time_and_page_on(
    bot: FakeBotAPI, services: Services
) -> None:
    fake = bot
    for day in range(12):
        services.scheduling.create(make_event(title=f"Inline webinar {day}",
                                              starts_at=NOW + timedelta(days=2 + day, hours=3)))
    [first] = await act(fake, lambda: fake.inject_inline_query(1450, "webinars"), "answerInlineQuery")
    results = first.params["results"]
    assert len(results) == 10 and first.params["next_offset"] == "10"
    assert all("UTC" in r["description"] and "your time" not in r["description"] for r in results)
    for result in results:
        buttons = sum(result["reply_markup"]["inline_keyboard"], [])
        assert buttons[-1]["url"] == f"{LINK}det-{result['id']}"  # opens the event in the bot
        assert "your time" not in result["input_message_content"]["message_text"]
    [second] = await act(fake, lambda: fake.inject_inline_query(1450, "webinars", offset="10"),
                         "answerInlineQuery")
    ids = {r["id"] for r in results}
    assert second.params["results"] and not ids & {r["id"] for r in second.params["results"]}
    assert "next_offset" not in second.params  # the last page: nothing more to fetch
    # someone the bot knows sees their own zone in the list they pick from
    participant(services, 1451, zone="Asia/Tokyo")
    [known] = await act(fake, lambda: fake.inject_inline_query(1451, "webinars"), "answerInlineQuery")
    assert all("your time" in r["description"] for r in known.params["results"])


async def test_inline_empty_query_says_it_shows_the_next_events_and_nonsense_shows_none(
    bot: FakeBotAPI, event: Event
) -> None:
    fake = bot
    [empty] = await act(fake, lambda: fake.inject_inline_query(1460, ""), "answerInlineQuery")
    assert empty.params["results"] and empty.params["button"]["text"].startswith("Next events")
    assert empty.params["button"]["start_parameter"] == "help"
    [nonsense] = await act(fake, lambda: fake.inject_inline_query(1460, "hello"), "answerInlineQuery")
    assert nonsense.params["results"] == [] and "Nothing found" in nonsense.params["button"]["text"]
    await act(fake, lambda: fake.inject_message(1460, "/start help"), "sendMessage")
    assert "What I can do" in fake.last_message(1460).text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_new_event_notice_says_why_and_registers_in_one_tap(
    bot: FakeBotAPI, services: Services, lang: str
) -> None:
    fake = bot
    *_, register, _, _, stop = WORDS[lang]
    chat = {"en": 1471, "fr": 1472, "es": 1473}[lang]
    p = participant(services, chat, language=lang, zone="Europe/Paris")
    await act(fake, lambda: fake.inject_message(chat, "hello", language_code=lang), "sendMessage")  # a chat
    services.subscriptions.subscribe(p.id, "programme", "mercury-wastes")
    created = services.scheduling.create(make_event(programme="mercury-wastes", online_url=JOIN,
                                                    title="Mercury webinar")).event
    run = await sender(services, fake)
    assert await run.drain() == 1
    [notice] = [m for m in fake.messages_in(chat) if m.from_bot and "Mercury webinar" in (m.text or "")]
    why = {"en": "Because you follow: Mercury Wastes", "fr": "Parce que vous suivez : ",
           "es": "Porque sigue: "}[lang]
    kind = {"en": "Webinar", "fr": "Webinaire", "es": "Seminario web"}[lang]
    assert why in notice.text and kind in notice.text and "Mercury webinar" in notice.text
    assert "(= Zurich)" in notice.text or "(= Zúrich)" in notice.text  # Paris and Zurich: one clock
    assert notice.button_texts[0][0] == register and notice.button_texts[-1] == [stop]
    await act(fake, lambda: fake.press(chat, register, message_id=notice.message_id, language_code=lang),
              "sendMessage")
    card = fake.last_message(chat)
    assert JOIN in card.text and card.message_id != notice.message_id  # the notice stays as it was
    assert services.registrations.status(p.id, created.id) == "registered"
    assert "Mercury webinar" in texts_to(fake, chat)[-1]


async def test_a_card_carries_its_link_to_share_and_the_link_opens_it(
    bot: FakeBotAPI, event: Event
) -> None:
    fake = bot
    card = await open_card(fake, 1480, "en")
    share = f"{LINK}det-{event.id}"
    assert share in card.text
    await act(fake, lambda: fake.inject_message(1481, f"/start det-{event.id}"), "sendMessage")
    assert "Keeping promises" in fake.last_message(1481).text and share in fake.last_message(1481).text
