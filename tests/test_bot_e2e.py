"""End to end: the real Application polls the fake Bot API (tests/fakebot) on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running, shown
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import sender

TOKEN = "123:FAKE-token-for-tests"


@pytest.fixture
async def bot(fake: FakeBotAPI, demo_services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async with bot_running(fake, demo_services, settings, token=TOKEN,
                           feed_base_url="https://feeds.example.org") as running_fake:
        yield running_fake


def event_id_of(fake: FakeBotAPI, chat: int, label: str) -> int:
    return int(fake.last_message(chat).button(label)["callback_data"].split(":")[2])


JOURNEYS = {
    # language: (question, Next label, Previous label, Register, Unregister, expected words)
    "en": (
        "webinars next month",
        "Next ›",
        "‹ Previous",
        "Add to calendar",
        "Register",
        "Unregister",
        "I understood",
        "your time",
        "You are registered",
        "no longer registered",
        "Skip ›",
        "Europe",
    ),
    "fr": (
        "webinaires le mois prochain",
        "Suivant ›",
        "‹ Précédent",
        "Ajouter au calendrier",
        "S’inscrire",
        "Se désinscrire",
        "J’ai compris",
        "votre heure",
        "Inscription confirmée",
        "est annulée",
        "Passer ›",
        "Europe",
    ),
    "es": (
        "seminarios web el próximo mes",
        "Siguiente ›",
        "‹ Anterior",
        "Añadir al calendario",
        "Inscribirme",
        "Cancelar inscripción",
        "Entendí",
        "su hora",
        "Está inscrito",
        "Ya no está inscrito",
        "Omitir ›",
        "Europa",
    ),
    "ar": ("ندوات عبر الإنترنت الشهر المقبل", "التالي ›", "‹ السابق", "أضف إلى التقويم", "سجّل",
           "ألغِ التسجيل", "فهمت", "بتوقيتك", "أنت مسجَّل", "لم تعد مسجلا", "تخطَّ ›", "أوروبا"),
    "zh": ("下个月的网络研讨会", "下一页 ›", "‹ 上一页", "添加到日历", "报名", "取消报名", "我的理解",
           "您的时间", "您已报名", "您已不再报名", "跳过 ›", "欧洲"),
    "ru": ("вебинары в следующем месяце", "Далее ›", "‹ Предыдущие", "Добавить в календарь",
           "Зарегистрироваться", "Отменить регистрацию", "Я понял", "по вашему времени",
           "Вы зарегистрированы", "Вы больше не зарегистрированы", "Пропустить ›", "Европа"),
}
PARIS = {"es": "París", "ar": "باريس", "zh": "巴黎", "ru": "Париж"}  # the city button, in each language


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "zh", "ru"])
async def test_journey(bot: FakeBotAPI, demo_services: Services, clock: FixedClock, lang: str) -> None:
    fake = bot
    (question, nxt, prev, add, reg, unreg, understood, your_time, registered, unregistered, skip, europe) = (
        JOURNEYS[lang]
    )
    chat = {"en": 501, "fr": 502, "es": 503, "ar": 504, "zh": 505, "ru": 506}[lang]
    kw = {"language_code": lang, "first_name": "Ann"}
    # /start: greeting, then the time-zone step; pick Europe → Paris, skip country and audience
    await act(fake, lambda: fake.inject_message(chat, "/start", **kw), "sendMessage", count=2)
    assert "Ann" in fake.messages_in(chat)[1].text
    await act(fake, lambda: fake.press(chat, europe, **kw), "editMessageText")
    await act(fake, lambda: fake.press(chat, PARIS.get(lang, "Paris"), **kw), "editMessageText")
    assert demo_services.participants.get(chat).timezone == "Europe/Paris"
    await act(fake, lambda: fake.press(chat, skip, **kw), "editMessageText")
    await act(fake, lambda: fake.press(chat, skip, **kw), "editMessageText")
    # a question: "I understood" and five compact lines, a number button per line
    [sent] = await act(fake, lambda: fake.inject_message(chat, question, **kw), "sendMessage")
    listing = fake.last_message(chat)
    assert understood in listing.text and all(f"{n}. " in shown(listing.text) for n in range(1, 6))
    assert "🕒" not in listing.text and len(listing.text) <= 900
    assert listing.button_texts[0] == ["1", "2", "3", "4", "5"] and len(sum(listing.button_texts, [])) <= 8
    page_one = [len(listing.text), len(sum(listing.button_texts, []))]
    # Next › edits the same message (no new one); ‹ Previous comes back
    messages_before = len(fake.messages_in(chat))
    await act(fake, lambda: fake.press(chat, nxt, **kw), "editMessageText")
    paged = fake.message(chat, listing.message_id)
    assert paged.edit_count == 1 and "6. " in shown(paged.text)
    page_two = [len(paged.text), len(sum(paged.button_texts, []))]  # read now: the message is edited again
    assert page_two[0] <= 900 and page_two[1] <= 8  # five lines, five numbers, ‹ Previous and Next ›
    assert len(fake.messages_in(chat)) == messages_before
    await act(fake, lambda: fake.press(chat, prev, **kw), "editMessageText")
    assert "1. " in shown(fake.message(chat, listing.message_id).text)
    # 1 opens the card: times in the participant's zone, the actions under it
    await act(fake, lambda: fake.press(chat, "1", message_id=listing.message_id, **kw), "sendMessage")
    card = fake.last_message(chat)
    assert your_time in card.text and "🕒" in card.text
    first_id = event_id_of(fake, chat, f"📅 {add}")
    event = demo_services.scheduling.get(first_id)
    assert event.title in card.text and event.online_url not in card.text
    # Add to calendar: an .ics with the event's UID and start
    await act(fake, lambda: fake.press(chat, f"📅 {add}", **kw), "sendDocument")
    cal = Calendar.from_ical(fake.last_message(chat).document_bytes)
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["UID"]) == event.uid
    assert vevent.decoded("DTSTART") == event.starts_at
    # Register: the card itself says so and shows the join link, its button becomes Unregister
    await act(
        fake, lambda: fake.press(chat, f"✅ {reg}", message_id=card.message_id, **kw), "editMessageText"
    )
    registered_card = fake.message(chat, card.message_id)
    assert registered in registered_card.text and event.online_url in registered_card.text
    assert registered_card.button(f"↩️ {unreg}") and f"✅ {reg}" not in str(registered_card.button_texts)
    await _change_notice(fake, demo_services, clock, chat, first_id)
    # Unregister: the card again, without the registration and without the join link
    await act(
        fake, lambda: fake.press(chat, f"↩️ {unreg}", message_id=card.message_id, **kw), "editMessageText"
    )
    after = fake.message(chat, card.message_id)
    assert unregistered in after.text and event.online_url not in after.text
    assert after.button(f"✅ {reg}")
    participant = demo_services.participants.get(chat)
    assert demo_services.registrations.status(participant.id, first_id) is None
    await _honest_answers(fake, demo_services, chat, lang, kw)
    await _country_question(fake, chat, lang, kw)
    assert all(c.ok for c in fake.calls() if c.method != "getUpdates")
    if os.environ.get("BRS_TRANSCRIPT_DIR"):  # to refresh docs/bot-transcripts.md
        Path(os.environ["BRS_TRANSCRIPT_DIR"], f"{lang}.txt").write_text(fake.transcript_text(chat))
        figures = {"first": page_one, "second": page_two}
        Path(os.environ["BRS_TRANSCRIPT_DIR"], f"{lang}.json").write_text(json.dumps(figures))


async def _change_notice(
    fake: FakeBotAPI, services: Services, clock: FixedClock, chat: int, event_id: int,
) -> None:
    """Staff move the event a day later: the registered participant gets a change notice, in their
    language, with the event's title in it where the event has one."""
    event = services.scheduling.get(event_id)
    later = event.starts_at + timedelta(days=1)
    services.scheduling.reschedule(event_id, later, expected_version=event.version)
    clock.advance(timedelta(seconds=31))  # past the batching window
    run = await sender(services, fake)
    try:
        assert await run.drain() >= 1
    finally:
        await run.close()
    notice = shown(fake.last_message(chat).text)
    lang = services.participants.get(chat).language
    assert notice.startswith("✏️") and event.title_in(lang) in notice
    assert f"{later.astimezone(ZoneInfo('Europe/Paris')):%H:%M}" in notice


COUNTRY = {
    # language: (question naming a country, its name in the head, the line of the online part, its button)
    "en": ("events in Kenya", "Kenya", "Also open to Kenya: ", "🌐 List the "),
    "fr": ("événements au Kenya", "Kenya", "Kenya : également ouverts à ce pays, ", "🌐 Voir les "),
    "es": ("eventos en Kenia", "Kenia", "También abiertos a Kenia: ", "🌐 Ver los "),
    "ar": ("فعاليات في كينيا", "كينيا", "مفتوحة أيضا للمشاركين من كينيا: ", "🌐 اعرض "),
    "zh": ("肯尼亚的活动", "肯尼亚", "同样向肯尼亚开放：", "🌐 列出"),
    "ru": ("мероприятия в Кении", "Кения", "Также открыты для участников из страны Кения: ", "🌐 Показать "),
}


async def _country_question(fake: FakeBotAPI, chat: int, lang: str, kw: dict[str, str]) -> None:
    """A country question: the events held there, then the online events open to it (a line and a
    button listing them in a message of their own)."""
    question, name, also_line, button = COUNTRY[lang]
    await act(fake, lambda: fake.inject_message(chat, question, **kw), "sendMessage")
    listing = fake.last_message(chat)
    assert name in shown(listing.text).splitlines()[0] and also_line in shown(listing.text)
    await act(fake, lambda: fake.press(chat, "1", message_id=listing.message_id, **kw), "sendMessage")
    assert "Nairobi" in shown(fake.last_message(chat).text)  # the card of the first: held in Kenya
    await act(fake, lambda: fake.press(chat, button, message_id=listing.message_id, **kw), "sendMessage")
    online = fake.last_message(chat)
    assert online.message_id != listing.message_id
    assert [line for line in shown(online.text).splitlines() if line[:1].isdigit()]


HONEST = {
    # language: (question with a misspelt word, its button, the convention's name, greeting,
    #            words of the help answer, personal question, "not set", audience name)
    "en": ("workshops Rotterdm", "Did you mean: Rotterdam?", "Rotterdam Convention", "hello",
           "I read questions in", "anything for me?", "Not set yet: your audience", "Customs officers"),
    "fr": ("ateliers Rotterdm", "Vouliez-vous dire : Rotterdam ?", "Convention de Rotterdam", "bonjour",
           "Je lis les questions en", "quoi de neuf pour moi ?", "Pas encore renseigné : votre public",
           "Agents des douanes"),
    "es": ("talleres Rotterdm", "¿Quiso decir: Rotterdam?", "Convenio de Rotterdam", "hola",
           "Leo preguntas en", "¿qué hay para mí?", "Aún sin indicar: su público", "Funcionarios de aduanas"),
    "ar": ("ورش عمل Rotterdm", "هل تقصد: Rotterdam؟", "اتفاقية روتردام", "مرحبا", "أقرأ الأسئلة",
           "هل يوجد شيء لي؟", "لم يُحدد بعد: جمهورك", "موظفو الجمارك"),
    "zh": ("研讨会 Rotterdm", "您是不是要找：Rotterdam？", "鹿特丹公约", "你好", "我能读懂", "有适合我的吗？",
           "尚未设置：您的受众类别", "海关官员"),
    "ru": ("семинары Rotterdm", "Вы имели в виду: Rotterdam?", "Роттердамская конвенция", "привет",
           "Я понимаю вопросы", "есть что-нибудь для меня?", "Ещё не указано: ваша аудитория",
           "Сотрудники таможни"),
}


async def _honest_answers(
    fake: FakeBotAPI, services: Services, chat: int, lang: str, kw: dict[str, str]
) -> None:
    """A dropped word said with a one-tap suggestion, a greeting answered with help, a personal question
    (first without a saved audience, then with one)."""
    typo, button, convention, greeting, help_words, personal, unset, audience = HONEST[lang]
    await act(fake, lambda: fake.inject_message(chat, typo, **kw), "sendMessage")
    answer = fake.last_message(chat)
    assert "Rotterdm" in shown(answer.text) and "1. " in shown(answer.text)
    await act(fake, lambda: fake.press(chat, button, **kw), "sendMessage")
    again = fake.last_message(chat)
    assert convention in shown(again.text).splitlines()[0] and "Rotterdm" not in shown(again.text)
    await act(fake, lambda: fake.inject_message(chat, greeting, **kw), "sendMessage")
    helped = fake.last_message(chat)
    said = shown(helped.text)
    assert help_words in said and "1. " not in said and "/upcoming" in said
    await act(fake, lambda: fake.inject_message(chat, personal, **kw), "sendMessage")
    assert unset in shown(fake.last_message(chat).text)
    services.participants.set_audience(chat, "customs-officers")
    await act(fake, lambda: fake.inject_message(chat, personal, **kw), "sendMessage")
    mine = shown(fake.last_message(chat).text)
    assert audience in mine.splitlines()[0] and unset not in mine


async def test_a_suggestion_button_asks_again_with_the_word_replaced(bot: FakeBotAPI) -> None:
    fake = bot
    chat = 611
    await act(fake, lambda: fake.inject_message(chat, "webinars Rotterdm"), "sendMessage")
    first = fake.last_message(chat)
    assert first.text.startswith("🔎 I understood: webinars")
    assert "❓ I did not understand: Rotterdm" in first.text
    await act(fake, lambda: fake.press(chat, "Did you mean: Rotterdam?"), "sendMessage")
    second = fake.last_message(chat)
    assert second.message_id != first.message_id
    assert second.text.startswith("🔎 I understood: webinars · Rotterdam Convention")
    assert "did not understand" not in second.text and "Did you mean" not in str(second.button_texts)


async def test_forged_suggestion_buttons_are_answered_plainly(bot: FakeBotAPI) -> None:
    from brs_coord.bot.callbacks import CallbackCodec

    fake = bot
    chat = 612
    await act(fake, lambda: fake.inject_message(chat, "webinars Rotterdm"), "sendMessage")
    listing = fake.last_message(chat)
    real = listing.button("Did you mean: Rotterdam?")["callback_data"]
    search_id = real.split(":")[2]
    codec = CallbackCodec(TOKEN)
    forged = real.replace(f":{search_id}:0:", f":{search_id}:1:")  # another number, the same signature
    for data in (forged, codec.encode("dym", search_id, 2), codec.encode("dym", 999, 0), "1:dym:1:0"):
        before = fake.mark()
        await act(
            fake, lambda d=data: fake.inject_callback(chat, listing.message_id, d), "answerCallbackQuery"
        )
        [answer] = fake.calls("answerCallbackQuery", since=before)
        assert "expired" in answer.params["text"]
        assert not fake.calls("sendMessage", since=before)


@pytest.mark.parametrize(("text", "words"), [
    ("hello", "I read questions in English, French, Spanish, Arabic, Chinese and Russian."),
    ("thanks!", "I answer questions"),
    ("🙂", "I answer questions"),
    ("how do I register?", "/settings"),
    ("გამარჯობა, ვებინარები?", "I read questions in"),  # a script not read (Georgian)
])
async def test_a_message_that_is_not_a_question_gets_help(bot: FakeBotAPI, text: str, words: str) -> None:
    fake = bot
    chat = 613
    await act(fake, lambda: fake.inject_message(chat, text), "sendMessage")
    answer = fake.last_message(chat)
    assert words in answer.text and "1. " not in answer.text and "Events 1" not in answer.text


@pytest.mark.parametrize(
    "text", ["привет, какие вебинары?", "有哪些网络研讨会？", "ما هي الندوات عبر الإنترنت؟"]
)
async def test_a_question_in_russian_chinese_or_arabic_gets_events(bot: FakeBotAPI, text: str) -> None:
    fake = bot
    chat = 614
    await act(fake, lambda: fake.inject_message(chat, text), "sendMessage")
    answer = fake.last_message(chat)
    assert "I understood: webinars" in answer.text and "Events 1" in answer.text


async def test_lists_reached_by_browsing_say_what_was_chosen(bot: FakeBotAPI) -> None:
    fake = bot
    chat = 614
    await act(fake, lambda: fake.inject_message(chat, "/topics"), "sendMessage")
    await act(fake, lambda: fake.press(chat, "E-waste"), "sendMessage")
    head = fake.last_message(chat).text.splitlines()[0]
    assert head.startswith("🔎 I understood: E-waste") and "all upcoming events" not in head
    await act(fake, lambda: fake.inject_message(chat, "/regions"), "sendMessage")
    await act(fake, lambda: fake.press(chat, "Africa"), "sendMessage")
    assert fake.last_message(chat).text.startswith("🔎 I understood: Africa")
    await act(fake, lambda: fake.inject_message(chat, "cancelled webinars"), "sendMessage")
    assert fake.last_message(chat).text.startswith("🔎 I understood: webinars · cancelled")
    await act(fake, lambda: fake.inject_message(chat, "past webinars on mercury"), "sendMessage")
    assert fake.last_message(chat).text.startswith("🔎 I understood: webinars · Mercury Wastes · past events")


async def test_forged_and_stale_callbacks(bot: FakeBotAPI, demo_services: Services) -> None:
    fake = bot
    chat = 601
    await act(fake, lambda: fake.inject_message(chat, "/upcoming"), "sendMessage")
    listing = fake.last_message(chat)
    await act(fake, lambda: fake.press(chat, "1", message_id=listing.message_id), "sendMessage")
    listing = fake.last_message(chat)  # the card
    real = listing.button("✅ Register")["callback_data"]
    forged = real.replace(real.split(":")[2], "1")  # another event id, same signature
    before = fake.mark()
    for data in (forged, "1:reg:1", "garbage", "2:reg:1:abcdefgh"):
        await act(
            fake, lambda d=data: fake.inject_callback(chat, listing.message_id, d), "answerCallbackQuery"
        )
    answers = fake.calls("answerCallbackQuery", since=before)
    assert all("expired" in c.params["text"] for c in answers)
    assert not fake.calls("sendMessage", since=before) and not fake.calls("editMessageText", since=before)
    p = demo_services.participants.get(chat)
    assert demo_services.registrations.statuses(p.id) == {}


async def test_inline_query_shares_registration_link_not_join_link(bot: FakeBotAPI) -> None:
    fake = bot
    [answer] = await act(fake, lambda: fake.inject_inline_query(777, "webinar"), "answerInlineQuery")
    results = answer.params["results"]
    assert answer.ok and 1 <= len(results) <= 10
    texts = [r["input_message_content"]["message_text"] for r in results]
    assert not any("meet.example.org" in t for t in texts)


async def test_429_and_502_on_send_message_are_retried(
    bot: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    fake = bot
    caplog.set_level(logging.WARNING)
    fake.fault_429("sendMessage", retry_after=1)
    calls = await act(fake, lambda: fake.inject_message(701, "/help"), "sendMessage", count=2)
    assert [c.status for c in calls] == [429, 200]
    fake.fault_502("sendMessage")
    calls = await act(fake, lambda: fake.inject_message(701, "/help"), "sendMessage", count=2)
    assert [c.status for c in calls] == [502, 200]
    warnings = [r for r in caplog.records if r.name == "brs_coord.bot.sending"]
    assert len(warnings) == 2 and all(r.exc_info is None for r in warnings)
    assert "429" in warnings[0].getMessage() and "retry" in warnings[0].getMessage()
    assert TOKEN not in caplog.text


async def test_feeds_reset_revokes_the_old_link_at_the_very_next_request(
    bot: FakeBotAPI, demo_services: Services
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from brs_coord.server import build_feed_app
    from brs_coord.server.app import RUNNER_ARGS

    fake = bot
    chat = 651
    app = build_feed_app(demo_services, poll_interval=3600)  # no poll of the store can help
    async with TestClient(TestServer(app, **RUNNER_ARGS)) as client:
        await act(fake, lambda: fake.inject_message(chat, "/feeds"), "sendMessage")
        old = (fake.last_message(chat).text or "").split("/u/")[1].split(".ics")[0]
        assert (await client.get(f"/u/{old}.ics")).status == 200
        await act(fake, lambda: fake.inject_message(chat, "/feeds reset"), "sendMessage")
        said = fake.last_message(chat).text or ""
        assert "no longer works" in said
        new = said.split("/u/")[1].split(".ics")[0]
        assert (await client.get(f"/u/{old}.ics")).status == 404
        assert (await client.get(f"/u/{new}.ics")).status == 200
