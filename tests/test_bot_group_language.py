"""A group's own language (issue 14): every answer the bot posts in a group is in the group's language,
and in the language of the member who asked only when the group has none. One of the group's
administrators sets it (/language fr, /language -, or the buttons under /settings or /language in
the group); other members are refused politely and nothing changes. End to end against the fake Bot
API: the real Application, the answers as Telegram would show them."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from brs_coord.bot.callbacks import CallbackCodec
from brs_coord.config import Settings
from brs_coord.domain import Event
from brs_coord.services import Services
from tests.bot_helpers import TOKEN, act, bot_running
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI

GROUP = -1009876543
ADMIN, MEMBER_FR, MEMBER_ES = 901, 902, 903
# words of a group list's one line per event (the kind), and of the unknown command's short help
LIST_WORDS = {"en": "Webinar", "fr": "Webinaire", "es": "Seminario web"}
HELP_WORDS = {"en": "I do not know", "fr": "Je ne connais pas", "es": "No conozco"}
SET_WORDS = {"fr": "Langue du groupe enregistrée", "es": "Idioma del grupo guardado"}
REFUSED = {"en": "Only an administrator", "fr": "Seuls les administrateurs", "es": "Solo un administrador"}
NONE_WORDS = {"en": "no language of its own", "fr": "n’a pas de langue à lui", "es": "no tiene idioma propio"}


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    fake.set_member_status(GROUP, ADMIN, "administrator")
    async with bot_running(fake, services, settings) as running_fake:
        yield running_fake


@pytest.fixture
def event(services: Services) -> Event:
    return services.scheduling.create(make_event(title="E-waste webinar")).event


async def say_in_group(fake: FakeBotAPI, user: int, lang: str, text: str) -> str:
    """``user`` (Telegram language ``lang``) writes ``text`` in the group: the bot's answer there."""
    await act(fake, lambda: fake.inject_message(GROUP, text, user_id=user, language_code=lang,
                                                chat_type="supergroup"), "sendMessage")
    return fake.last_message(GROUP).text or ""


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
async def test_a_group_without_a_language_is_answered_in_each_senders_language(
    bot: FakeBotAPI, services: Services, event: Event, lang: str
) -> None:
    fake = bot
    listing = await say_in_group(fake, MEMBER_FR, lang, "/upcoming")
    assert "E-waste webinar" in listing and LIST_WORDS[lang] in listing
    assert HELP_WORDS[lang] in await say_in_group(fake, MEMBER_FR, lang, "/nosuch@brs_test_bot")
    assert NONE_WORDS[lang] in await say_in_group(fake, MEMBER_FR, lang, "/language")
    assert services.chat_languages.language(GROUP) is None


@pytest.mark.parametrize("lang", ["fr", "es"])
async def test_an_admin_gives_the_group_a_language_and_everyone_there_is_answered_in_it(
    bot: FakeBotAPI, services: Services, event: Event, lang: str
) -> None:
    fake = bot
    said = await say_in_group(fake, ADMIN, "en", f"/language {lang}")
    assert SET_WORDS[lang] in said
    assert services.chat_languages.language(GROUP) == lang
    other = "es" if lang == "fr" else "fr"
    for member, member_lang in ((MEMBER_FR, other), (MEMBER_ES, "en")):
        listing = await say_in_group(fake, member, member_lang, "/upcoming")
        assert LIST_WORDS[lang] in listing and LIST_WORDS[member_lang] not in listing
        assert HELP_WORDS[lang] in await say_in_group(fake, member, member_lang, "/nosuch@brs_test_bot")
    # the public card opened from the list is in the group's language too
    await act(fake, lambda: fake.press(GROUP, "1", user_id=MEMBER_ES, language_code="en",
                                       chat_type="supergroup"), "sendMessage")
    card = fake.last_message(GROUP)
    assert "E-waste webinar" in (card.text or "") and LIST_WORDS[lang] in (card.text or "")
    assert card.button_texts[0][0] != "✅ Register"
    # a member's private chat stays in their own language
    await act(fake, lambda: fake.inject_message(MEMBER_ES, "/upcoming", language_code="en"), "sendMessage")
    assert LIST_WORDS["en"] in (fake.last_message(MEMBER_ES).text or "")
    # taken away again: each sender's language (said in the admin's, as the group has none now)
    assert NONE_WORDS["en"] in await say_in_group(fake, ADMIN, "en", "/language -")
    assert services.chat_languages.language(GROUP) is None
    assert LIST_WORDS["en"] in await say_in_group(fake, MEMBER_ES, "en", "/upcoming")
    if os.environ.get("BRS_TRANSCRIPT_DIR"):  # to refresh docs/bot-transcripts.md
        Path(os.environ["BRS_TRANSCRIPT_DIR"], f"group-{lang}.txt").write_text(fake.transcript_text(GROUP))


@pytest.mark.parametrize("status", ["member", "restricted", "left"])
async def test_a_member_who_is_not_an_admin_is_refused_politely(
    bot: FakeBotAPI, services: Services, event: Event, status: str
) -> None:
    fake = bot
    fake.set_member_status(GROUP, MEMBER_FR, status)
    said = await say_in_group(fake, MEMBER_FR, "fr", "/language es")
    assert REFUSED["fr"] in said and "/settings" in said
    assert services.chat_languages.language(GROUP) is None
    # once the group has a language, a refusal is said in it
    await say_in_group(fake, ADMIN, "en", "/language es")
    assert REFUSED["es"] in await say_in_group(fake, MEMBER_FR, "fr", "/language -")
    assert services.chat_languages.language(GROUP) == "es"


async def test_the_group_settings_buttons_change_the_language_for_admins_only(
    bot: FakeBotAPI, services: Services, event: Event
) -> None:
    fake = bot
    shown = await say_in_group(fake, MEMBER_FR, "en", "/settings")
    assert NONE_WORDS["en"] in shown and "https://t.me/brs_test_bot?start=settings" in shown
    menu = fake.last_message(GROUP)
    assert "Français" in menu.button_texts[0] and "✓ Each person’s language" in menu.button_texts[-1]
    # a member presses Français: an alert only they see, no change, the menu as it was
    [answer] = await act(fake, lambda: fake.press(GROUP, "Français", user_id=MEMBER_FR, language_code="fr",
                                                  chat_type="supergroup", message_id=menu.message_id),
                         "answerCallbackQuery")
    assert REFUSED["fr"] in str(answer.params["text"]) and answer.params.get("show_alert") in (True, "true")
    assert len(str(answer.params["text"])) <= 200
    await asyncio.sleep(0.2)
    assert services.chat_languages.language(GROUP) is None
    assert fake.message(GROUP, menu.message_id).text == menu.text
    # the admin presses it: saved, and the menu says so in French, Français ticked
    await act(fake, lambda: fake.press(GROUP, "Français", user_id=ADMIN, language_code="en",
                                       chat_type="supergroup", message_id=menu.message_id), "editMessageText")
    assert services.chat_languages.language(GROUP) == "fr"
    edited = fake.message(GROUP, menu.message_id)
    assert "Langue de ce groupe : " in (edited.text or "") and "✓ Français" in edited.button_texts[0]


async def test_an_anonymous_admin_writing_as_the_group_may_set_its_language(
    bot: FakeBotAPI, services: Services
) -> None:
    """Telegram sends an anonymous administrator's message with the group as its sender_chat (and
    GroupAnonymousBot as its user, whom getChatMember does not know as an admin)."""
    fake = bot
    group = {"id": GROUP, "type": "supergroup", "title": f"Chat {GROUP}"}
    message = {
        "message_id": 7001, "date": 1_800_000_000, "chat": group, "sender_chat": group,
        "text": "/language fr",
        "from": {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len("/language")}],
    }
    await act(fake, lambda: fake.inject_raw({"message": message}), "sendMessage")
    assert services.chat_languages.language(GROUP) == "fr"


async def test_language_in_the_private_chat_sets_the_participants_own(
    bot: FakeBotAPI, services: Services
) -> None:
    fake = bot
    await act(fake, lambda: fake.inject_message(MEMBER_ES, "/language es"), "sendMessage")
    assert "Guardado" in (fake.last_message(MEMBER_ES).text or "")
    person = services.participants.get(MEMBER_ES)
    assert person is not None and person.language == "es"
    await act(fake, lambda: fake.inject_message(MEMBER_ES, "/language klingon"), "sendMessage")
    said = fake.last_message(MEMBER_ES).text or ""
    assert "klingon" in said and "en, fr, es, ar, zh, ru" in said
    await act(fake, lambda: fake.inject_message(MEMBER_ES, "/language"), "sendMessage")
    assert "✓ Español" in fake.last_message(MEMBER_ES).button_texts[0]


def test_a_chat_language_is_stored_and_only_an_admin_status_may_set_it(services: Services) -> None:
    from brs_coord.errors import InvalidInput, NotAllowed

    service = services.chat_languages
    for status in ("member", "restricted", "left", "kicked", None):
        with pytest.raises(NotAllowed):
            service.set(GROUP, "fr", member_status=status)
    with pytest.raises(InvalidInput):
        service.set(GROUP, "xx", member_status="creator")
    service.set(GROUP, "ru", member_status="creator")
    assert service.language(GROUP) == "ru" and service.for_reply(GROUP, "fr") == "ru"
    assert service.for_reply(GROUP - 1, "fr") == "fr"
    service.set(GROUP, None, member_status="administrator")
    assert service.language(GROUP) is None and service.for_reply(GROUP, "es") == "es"


def test_the_codec_accepts_the_group_language_buttons() -> None:
    codec = CallbackCodec(TOKEN)
    assert codec.decode(codec.encode("glg", "-")).args == ("-",)
