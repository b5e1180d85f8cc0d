"""Groups are safe by construction (issue 14): in a group or channel the bot registers no one, sets no
reminder, shows no join link nor anyone's state, and leaves the shared keyboard alone. A list's number
posts the public card (the event's own time and UTC) whose buttons are t.me deep links; a personal
button from an older keyboard answers with the deep link; the action is finished in the private chat
(``/start <payload>``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from brs_coord.bot.callbacks import CallbackCodec
from brs_coord.config import Settings
from brs_coord.domain import Event, Status
from brs_coord.services import Services
from tests.bot_helpers import TOKEN, act, bot_running
from tests.cli_helpers import invoke
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.fakebot.model import StoredMessage
from tests.notice_helpers import sender, texts_to

GROUP = -1001234567
ASKER = 801
JOIN = "https://meet.example.org/e-waste"
LINK = "https://t.me/brs_test_bot?start="
PERSONAL_METHODS = ("sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup")

WORDS = {  # language: (continue in private, registered, cancelled, unknown link, Register)
    "en": ("finish this in our private chat", "You are registered", "is cancelled", "I do not recognise",
           "Register"),
    "fr": ("Terminons dans notre conversation privée", "Inscription confirmée", "est annulé",
           "Je ne reconnais pas", "S’inscrire"),
    "es": ("Terminemos en nuestro chat privado", "Está inscrito", "está cancelado", "No reconozco",
           "Inscribirme"),
}


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async with bot_running(fake, services, settings) as running_fake:
        yield running_fake


@pytest.fixture
def event(services: Services) -> Event:
    return services.scheduling.create(make_event(online_url=JOIN, title="E-waste webinar")).event


async def group_list(fake: FakeBotAPI) -> int:
    """Someone asks in the supergroup; the list's message id."""
    await act(fake, lambda: fake.inject_message(GROUP, "/upcoming", user_id=ASKER, chat_type="supergroup"),
              "sendMessage")
    return fake.last_message(GROUP).message_id


async def open_in_group(fake: FakeBotAPI, member: int, lang: str, number: str = "1") -> StoredMessage:
    """``member`` presses a number on the group's list: the public card posted in the group."""
    await act(fake, lambda: fake.press(GROUP, number, user_id=member, language_code=lang,
                                       chat_type="supergroup"), "sendMessage")
    return fake.last_message(GROUP)


async def press_in_group(
    fake: FakeBotAPI, message_id: int, action: str, event_id: int, member: int, lang: str
) -> dict[str, object]:
    """``member`` presses a personal ``action`` button of an older keyboard in the group: the callback
    answer's parameters; nothing else goes to the group."""
    mark = fake.mark()
    data = CallbackCodec(TOKEN).encode(action, event_id)
    [answer] = await act(fake, lambda: fake.inject_callback(GROUP, message_id, data, user_id=member,
                                                            language_code=lang, chat_type="supergroup"),
                         "answerCallbackQuery")
    await asyncio.sleep(0.3)  # anything the handler would do after answering would show by now
    after = [c for c in fake.calls(since=mark) if c.method in PERSONAL_METHODS]
    assert after == [], f"the bot acted in the group: {[c.method for c in after]}"
    assert answer.ok
    return dict(answer.params)


def group_texts(fake: FakeBotAPI) -> str:
    return "\n".join(m.text or "" for m in fake.messages_in(GROUP))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
async def test_register_in_a_group_finishes_in_private_where_the_cancellation_reaches_the_member(
    bot: FakeBotAPI, services: Services, event: Event, db_path: Path, lang: str
) -> None:
    fake = bot
    member = {"en": 811, "fr": 812, "es": 813}[lang]  # never opened a private chat with the bot
    listing = await group_list(fake)
    card = await open_in_group(fake, member, lang)
    register = WORDS[lang][4]
    assert card.button(f"✅ {register}")["url"] == f"{LINK}reg-{event.id}"  # a link, not a callback
    assert "E-waste webinar" in (card.text or "") and "UTC" in (card.text or "")
    assert JOIN not in group_texts(fake) and "registered" not in group_texts(fake)
    assert services.participants.get(member) is None  # nothing stored about them, nothing registered
    # a Register from an older keyboard: the same link, as the answer to the press
    answer = await press_in_group(fake, listing, "reg", event.id, member, lang)
    assert answer["url"] == f"{LINK}reg-{event.id}"
    assert WORDS[lang][0] in str(answer["text"]) and len(str(answer["text"])) <= 200
    assert fake.message(GROUP, listing).button_texts[0] == ["1"]  # the shared keyboard did not flip
    assert services.participants.get(member) is None
    # the link opens the private chat with /start reg-<id>: registered there, join link there
    await act(fake, lambda: fake.inject_message(member, f"/start reg-{event.id}", language_code=lang),
              "sendMessage")
    confirmation = fake.last_message(member).text or ""
    assert WORDS[lang][1] in confirmation and JOIN in confirmation
    person = services.participants.get(member)
    assert person is not None and person.chat_id == member
    assert services.registrations.status(person.id, event.id) == "registered"
    # staff cancel from the command line; the sender delivers the notice to the private chat
    result = await asyncio.to_thread(invoke, "--db", str(db_path), "event", "cancel", event.uid,
                                     "--reason", "Funding withdrawn", env={"BRS_TZ": "Europe/Zurich"})
    assert result.exit_code == 0, result.output
    run = await sender(services, fake)
    assert await run.drain() == 1
    notice = texts_to(fake, member)[-1]
    assert WORDS[lang][2] in notice and "Funding withdrawn" in notice and "E-waste webinar" in notice
    [row] = services.notices.outbox.rows(participant_id=person.id)
    assert row["sent_at"] is not None and row["failed_at"] is None
    assert JOIN not in group_texts(fake)


@pytest.mark.parametrize("payload", ["rem", "det", "ics", "rmo"])
async def test_other_personal_buttons_in_a_group_answer_with_a_deep_link_only(
    bot: FakeBotAPI, services: Services, event: Event, payload: str
) -> None:
    fake = bot
    listing = await group_list(fake)
    answer = await press_in_group(fake, listing, payload, event.id, 821, "en")
    payload = "rem" if payload == "rmo" else payload  # turning reminders on is a reminder too
    assert answer["url"] == f"{LINK}{payload}-{event.id}"
    assert services.participants.get(821) is None
    # finished in private
    method = "sendDocument" if payload == "ics" else "sendMessage"
    await act(fake, lambda: fake.inject_message(821, f"/start {payload}-{event.id}"), method)
    person = services.participants.get(821)
    assert person is not None
    if payload == "rem":
        assert services.registrations.reminders(person.id) == {event.id}
        said = texts_to(fake, 821)[-1]  # the card, headed by when it will remind
        assert "I will remind you 1 day and 1 hour before" in said and "E-waste webinar" in said
    elif payload == "det":
        card = texts_to(fake, 821)[-1]
        assert "E-waste webinar" in card and JOIN not in card  # not registered: no join link
    else:
        document = fake.last_message(821).document_bytes
        assert document and event.uid.encode() in document
    assert services.registrations.statuses(person.id) == {}


async def test_a_group_list_shows_no_ones_registration_and_no_join_link(
    bot: FakeBotAPI, services: Services, event: Event
) -> None:
    fake = bot
    await act(fake, lambda: fake.inject_message(ASKER, f"/start reg-{event.id}"), "sendMessage")
    listing = await group_list(fake)  # asked by someone registered
    message = fake.message(GROUP, listing)
    assert message.button_texts[0] == ["1"] and JOIN not in (message.text or "")
    assert "registered" not in (message.text or "") and "✅" not in (message.text or "")
    card = await open_in_group(fake, ASKER, "en")  # the card they open there is everyone's too
    assert "registered" not in (card.text or "") and JOIN not in (card.text or "")
    assert "your time" not in (card.text or "") and "UTC" in (card.text or "")
    # Unregister never appears there; one from an older list answers with the card in private
    mark = fake.mark()
    stale = CallbackCodec(TOKEN).encode("unr", event.id)
    [answer] = await act(fake, lambda: fake.inject_callback(GROUP, listing, stale, user_id=ASKER,
                                                            chat_type="supergroup"), "answerCallbackQuery")
    assert answer.params["url"] == f"{LINK}det-{event.id}"
    assert not [c for c in fake.calls(since=mark) if c.method in PERSONAL_METHODS]
    person = services.participants.get(ASKER)
    assert person is not None and services.registrations.status(person.id, event.id) == "registered"


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("command", ["/myevents", "/feeds", "/feeds reset"])
async def test_personal_commands_in_a_group_answer_with_a_deep_link(
    bot: FakeBotAPI, services: Services, event: Event, command: str, lang: str
) -> None:
    fake = bot
    await act(fake, lambda: fake.inject_message(ASKER, f"/start reg-{event.id}", language_code=lang),
              "sendMessage")
    token = services.participants.feed_token(ASKER)
    await act(fake, lambda: fake.inject_message(GROUP, command, user_id=ASKER, chat_type="supergroup",
                                                language_code=lang), "sendMessage")
    said = fake.last_message(GROUP).text or ""
    action = "my" if command == "/myevents" else "feeds"
    assert f"{LINK}{action}" in said and JOIN not in said and token not in said
    assert services.participants.feed_token(ASKER) == token  # /feeds reset in a group reset nothing
    personal = {"en": "personal", "fr": "personnel", "es": "personal"}[lang]
    assert personal in said
    await act(fake, lambda: fake.inject_message(ASKER, f"/start {action}", language_code=lang), "sendMessage")
    if action == "my":  # one line per registration; its number opens the card, with the join link
        assert "E-waste webinar" in texts_to(fake, ASKER)[-1]
        await act(fake, lambda: fake.press(ASKER, "1", language_code=lang), "sendMessage")
    mine = texts_to(fake, ASKER)[-1]
    assert (JOIN if action == "my" else token) in mine


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize(
    "payload", ["hello", "reg-", "reg-0", "reg-abc", "reg-1-2", "x" * 65, "reg-1;drop", "feeds reset"]
)
async def test_a_malformed_or_unknown_start_payload_gets_a_clear_message(
    bot: FakeBotAPI, services: Services, event: Event, payload: str, lang: str
) -> None:
    fake = bot
    chat = 831
    await act(fake, lambda: fake.inject_message(chat, f"/start {payload}", language_code=lang), "sendMessage")
    assert WORDS[lang][3] in (fake.last_message(chat).text or "")
    person = services.participants.get(chat)
    assert person is not None and services.registrations.statuses(person.id) == {}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
async def test_a_start_payload_for_a_missing_or_draft_event_registers_nothing(
    bot: FakeBotAPI, services: Services, lang: str
) -> None:
    fake = bot
    draft = services.scheduling.create(make_event(status=Status.DRAFT, online_url=JOIN)).event
    gone = {"en": "no longer available", "fr": "n’est plus disponible", "es": "ya no está disponible"}[lang]
    for payload in (f"reg-{draft.id}", f"det-{draft.id}", f"ics-{draft.id}", "reg-999999"):
        await act(fake, lambda p=payload: fake.inject_message(832, f"/start {p}", language_code=lang),
                  "sendMessage")
        said = fake.last_message(832).text or ""
        assert gone in said and JOIN not in said
    assert not fake.calls("sendDocument")
    person = services.participants.get(832)
    assert person is not None and services.registrations.statuses(person.id) == {}


def test_deep_link_payloads_are_what_telegram_allows_and_parse_back() -> None:
    from brs_coord.deep_links import DeepLink, deep_link, parse

    for link in (DeepLink("reg", 1), DeepLink("ics", 999_999_999_999), DeepLink("my"), DeepLink("feeds")):
        url = deep_link("brs_bot", link)
        payload = url.removeprefix("https://t.me/brs_bot?start=")
        assert len(payload) <= 64 and all(c.isascii() and (c.isalnum() or c in "_-") for c in payload)
        assert parse(payload) == link
    for bad in ("", "reg-1\n", "reg-01", "reg-1 ", "rég-1", "unr-1", "my-1", "a" * 65, "reg-1000000000000"):
        assert parse(bad) is None, bad
