"""Tests of the fake Telegram Bot API server (tests/fakebot): plain HTTP, control API,
standalone process, and a real python-telegram-bot Application polling it."""

from __future__ import annotations

import asyncio
import html
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from tests.fakebot import FakeBotAPI, application_builder, fake_bot_api, running, spawn_fake_server
from tests.fakebot.entities import parse_html

# AIORateLimiter reads RetryAfter.retry_after, which PTB 22 deprecates (int -> timedelta).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
)
CHAT = 4242
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n\x00\xff"


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with fake_bot_api() as server:
        yield server


def api(fake: Any, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST form-urlencoded like PTB does (JSON-valued fields as JSON strings)."""
    form = {k: json.dumps(v) if isinstance(v, dict | list) else str(v) for k, v in params.items()}
    data = urllib.parse.urlencode(form).encode()
    return _post(f"{fake.base_url}123:FAKE/{method}", data, "application/x-www-form-urlencoded")


def _post(url: str, data: bytes, content_type: str) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        body = err.read()
        try:
            return err.code, json.loads(body)
        except ValueError:
            return err.code, {"raw": body.decode()}


def send_document(fake: FakeBotAPI, chat_id: int, name: str, data: bytes, **fields: str) -> Any:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in {"chat_id": str(chat_id), **fields}.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    url = f"{fake.base_url}123:FAKE/sendDocument"
    return _post(url, body, f"multipart/form-data; boundary={boundary}")


def eventually(check: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def reachable(fake: Any) -> bool:
    try:
        return api(fake, "getMe")[0] == 200
    except (urllib.error.URLError, ConnectionError):
        return False


def bad(description: str) -> tuple[int, dict[str, Any]]:
    return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


# ---- plain HTTP --------------------------------------------------------------------------------


def test_get_me_unknown_method_and_bad_path(fake: FakeBotAPI) -> None:
    status, body = api(fake, "getMe")
    assert status == 200 and body["result"]["is_bot"] and body["result"]["id"] == 123
    assert api(fake, "getme")[0] == 200  # method names are case-insensitive, as in Telegram
    assert api(fake, "sendCarrierPigeon") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    assert fake.calls("sendCarrierPigeon")[0].status == 404
    assert _post(f"{fake.url}/nothing", b"", "text/plain")[0] == 404


def test_get_updates_long_poll_offset_and_conflict(fake: FakeBotAPI) -> None:
    started = time.monotonic()
    assert api(fake, "getUpdates", timeout=0.3)[1]["result"] == []
    assert time.monotonic() - started >= 0.25
    fake.inject_message(CHAT, "/start")
    fake.inject_message(CHAT, "hello")
    updates = api(fake, "getUpdates", timeout=5)[1]["result"]
    ids = [u["update_id"] for u in updates]
    assert ids == sorted(ids) and len(set(ids)) == 2
    first = updates[0]["message"]
    assert first["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert first["from"]["language_code"] == "en" and first["chat"]["type"] == "private"
    assert "entities" not in updates[1]["message"]
    assert api(fake, "getUpdates", offset=ids[0] + 1)[1]["result"][0]["update_id"] == ids[1]
    assert api(fake, "getUpdates", offset=ids[1] + 1)[1]["result"] == []
    assert fake.pending_updates() == 0

    # a waiting poll returns as soon as an update arrives; a second poll ends the first with 409
    answers: list[tuple[int, dict[str, Any]]] = []
    polls = fake.polls_started
    waiter = threading.Thread(target=lambda: answers.append(api(fake, "getUpdates", timeout=5)))
    waiter.start()
    eventually(lambda: fake.polls_started > polls)
    status, body = api(fake, "getUpdates", timeout=0.2)
    waiter.join(5)
    assert answers[0][0] == 409 and answers[0][1]["description"].startswith("Conflict: terminated")
    assert status == 200
    polls = fake.polls_started
    waiter = threading.Thread(target=lambda: answers.append(api(fake, "getUpdates", timeout=5)))
    waiter.start()
    eventually(lambda: fake.polls_started > polls)
    started = time.monotonic()
    fake.inject_message(CHAT, "late")
    waiter.join(5)
    assert time.monotonic() - started < 4.0  # woken by the message, not by the end of its 5 s poll
    assert answers[1][1]["result"][0]["message"]["text"] == "late"


def test_reset_keeps_update_ids_increasing(fake: FakeBotAPI) -> None:
    before = fake.inject_message(CHAT, "a")["update_id"]
    fake.reset()
    assert fake.known_chats() == [] and fake.calls() == [] and fake.pending_updates() == 0
    assert fake.inject_message(CHAT, "b")["update_id"] > before


def test_send_message_result_store_and_transcript(fake: FakeBotAPI) -> None:
    assert api(fake, "sendMessage", chat_id=CHAT, text="hi") == bad("chat not found")
    fake.inject_message(CHAT, "/start", first_name="Zoé")
    markup = keyboard(
        {"text": "Subscribe", "callback_data": "ev:sub:1"},
        {"text": "Feed", "url": "https://example.org/feed.ics"},
    )
    status, body = api(
        fake,
        "sendMessage",
        chat_id=CHAT,
        text="<b>Hello</b> Zoé &amp; co\nline 2",
        parse_mode="HTML",
        reply_markup=markup,
    )
    assert status == 200
    msg = body["result"]
    assert msg["message_id"] == 2 and msg["chat"]["id"] == CHAT and msg["date"] > 0
    assert msg["text"] == "Hello Zoé & co\nline 2" and msg["from"]["is_bot"]
    assert msg["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    assert msg["reply_markup"] == markup
    seen = fake.messages_in(CHAT)
    assert [m.from_bot for m in seen] == [False, True]
    assert seen[1].button_texts == [["Subscribe", "Feed"]]
    assert seen[1].callback_data == ["ev:sub:1"]
    assert fake.transcript(CHAT) == [
        "user: /start",
        "bot: Hello Zoé & co",
        "     line 2",
        "    [Subscribe] [Feed ↗ https://example.org/feed.ics]",
    ]
    call = fake.wait_for("sendMessage", predicate=lambda c: c.ok)[0]
    assert call.ok and call.chat_id == CHAT and call.params["reply_markup"] == markup
    # JSON bodies and query strings work too
    url = f"{fake.base_url}123:FAKE/sendMessage"
    payload = json.dumps({"chat_id": CHAT, "text": "json"}).encode()
    assert _post(url, payload, "application/json")[1]["result"]["text"] == "json"
    assert _post(f"{url}?chat_id={CHAT}&text=q", b"", "text/plain")[1]["result"]["text"] == "q"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a <br> b", 'Unsupported start tag "br" at byte offset 2'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("x <", "Unclosed start tag at byte offset 2"),
        ("<span>s</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<a href="x>y</a>', "Unclosed start tag at byte offset 0"),
        ("Tom & Jerry", "Unescaped '&' at byte offset 4"),
    ],
)
def test_html_that_telegram_refuses(fake: FakeBotAPI, text: str, error: str) -> None:
    fake.inject_message(CHAT, "hi")
    status, body = api(fake, "sendMessage", chat_id=CHAT, text=text, parse_mode="HTML")
    assert status == 400
    assert body["description"].startswith(f"Bad Request: can't parse entities: {error}")
    assert "can't parse entities" in fake.transcript(CHAT)[-1]
    # without parse_mode the same text is fine
    assert api(fake, "sendMessage", chat_id=CHAT, text=text)[0] == 200


def test_html_entities_and_offsets() -> None:
    text, entities = parse_html('😀 <i>x</i> <a href="https://a.b/?q=1&amp;r=2">l</a> &#65;&gt;')
    assert text == "😀 x l A>"
    assert entities == [
        {"type": "italic", "offset": 3, "length": 1},
        {"type": "text_link", "offset": 5, "length": 1, "url": "https://a.b/?q=1&r=2"},
    ]
    assert parse_html("Tom & Jerry", strict_ampersand=False) == ("Tom & Jerry", [])


def test_text_and_caption_limits(fake: FakeBotAPI) -> None:
    fake.inject_message(CHAT, "hi")
    assert api(fake, "sendMessage", chat_id=CHAT, text="") == bad("message text is empty")
    assert api(fake, "sendMessage", chat_id=CHAT, text="  \n") == bad("message text is empty")
    empty_html = api(fake, "sendMessage", chat_id=CHAT, text="<b></b>", parse_mode="HTML")
    assert empty_html == bad("message text is empty")
    assert api(fake, "sendMessage", chat_id=CHAT, text="x" * 4097) == bad("message is too long")
    long_tags = "<b>" + "x" * 4096 + "</b>"  # 4096 characters after entity parsing: fine
    assert api(fake, "sendMessage", chat_id=CHAT, text=long_tags, parse_mode="HTML")[0] == 200
    assert api(fake, "sendMessage", chat_id=CHAT, text="é" * 4096)[0] == 200
    too_long = send_document(fake, CHAT, "a.ics", b"x", caption="c" * 1025)
    assert too_long == bad("message caption is too long")
    assert send_document(fake, CHAT, "a.ics", b"x", caption="c" * 1024)[0] == 200


@pytest.mark.parametrize(
    ("button", "error"),
    [
        ({"text": "t", "callback_data": "x" * 65}, "BUTTON_DATA_INVALID"),
        ({"text": "t", "callback_data": "é" * 33}, "BUTTON_DATA_INVALID"),  # 66 bytes
        ({"text": "t", "callback_data": ""}, "BUTTON_DATA_INVALID"),
        ({"text": "t"}, "text buttons are unallowed in the inline keyboard"),
        ({"text": "t", "callback_data": "x" * 64}, None),
        ({"text": "t", "callback_data": "é" * 32}, None),
    ],
)
def test_callback_data_rules(fake: FakeBotAPI, button: dict[str, Any], error: str | None) -> None:
    fake.inject_message(CHAT, "hi")
    answer = api(fake, "sendMessage", chat_id=CHAT, text="t", reply_markup=keyboard(button))
    assert answer[0] == 200 if error is None else answer == bad(error)


def test_edits(fake: FakeBotAPI) -> None:
    fake.inject_message(CHAT, "hi")
    kb = keyboard({"text": "A", "callback_data": "a"})
    sent = api(fake, "sendMessage", chat_id=CHAT, text="one", reply_markup=kb)
    mid = sent[1]["result"]["message_id"]
    same = api(fake, "editMessageText", chat_id=CHAT, message_id=mid, text="one", reply_markup=kb)
    assert same == bad(
        "message is not modified: specified new message content and reply markup of the "
        "specified old message are exactly the same"
    )
    missing = api(fake, "editMessageText", chat_id=CHAT, message_id=999, text="x")
    assert missing == bad("message to edit not found")
    assert api(fake, "editMessageText", chat_id=CHAT, message_id=1, text="x") == bad(
        "message can't be edited"
    )
    # an edit without reply_markup removes the keyboard
    status, body = api(fake, "editMessageText", chat_id=CHAT, message_id=mid, text="one")
    assert status == 200 and "reply_markup" not in body["result"] and "edit_date" in body["result"]
    assert fake.message(CHAT, mid).reply_markup is None
    again = api(fake, "editMessageReplyMarkup", chat_id=CHAT, message_id=mid)
    assert again[1]["description"].startswith("Bad Request: message is not modified")
    restored = api(fake, "editMessageReplyMarkup", chat_id=CHAT, message_id=mid, reply_markup=kb)
    assert restored[0] == 200 and fake.message(CHAT, mid).button_texts == [["A"]]
    assert fake.transcript(CHAT)[-4:] == [
        "bot (edited #2): one",
        "bot ✗ editMessageReplyMarkup: " + again[1]["description"],
        "bot (keyboard of #2):",
        "    [A]",
    ]
    assert api(fake, "deleteMessage", chat_id=CHAT, message_id=mid)[0] == 200
    assert [m.message_id for m in fake.messages_in(CHAT)] == [1]


def test_callback_and_inline_answers(fake: FakeBotAPI) -> None:
    fake.inject_message(CHAT, "hi")
    kb = keyboard({"text": "Go", "callback_data": "go:1"})
    api(fake, "sendMessage", chat_id=CHAT, text="pick", reply_markup=kb)
    query_id = fake.press(CHAT, "Go")["callback_query"]["id"]
    assert fake.inject_callback(CHAT, 2, "go:1")["callback_query"]["message"]["text"] == "pick"
    too_old = bad("query is too old and response timeout expired or query ID is invalid")
    assert api(fake, "answerCallbackQuery", callback_query_id="nope") == too_old
    assert api(fake, "answerCallbackQuery", callback_query_id=query_id, text="Done")[0] == 200
    assert api(fake, "answerCallbackQuery", callback_query_id=query_id) == too_old
    assert fake.transcript(CHAT)[-3:] == [
        "user: [pressed 'Go']",
        "user: [pressed 'Go']",
        "bot (toast): Done",
    ]
    with pytest.raises(LookupError):
        fake.press(CHAT, "Nope")

    inline_id = fake.inject_inline_query(77, "bas")["inline_query"]["id"]
    article = {"type": "article", "title": "t", "input_message_content": {"message_text": "m"}}
    many = [dict(article, id=str(i)) for i in range(51)]
    answer = api(fake, "answerInlineQuery", inline_query_id=inline_id, results=many)
    assert answer == bad("RESULTS_TOO_MUCH")
    dup = [dict(article, id="1"), dict(article, id="1")]
    assert api(fake, "answerInlineQuery", inline_query_id=inline_id, results=dup) == bad(
        "RESULT_ID_DUPLICATE"
    )
    ok = api(fake, "answerInlineQuery", inline_query_id=inline_id, results=many[:50])
    assert ok[0] == 200
    again = api(fake, "answerInlineQuery", inline_query_id=inline_id, results=[])
    assert again == too_old
    assert 77 not in fake.known_chats()  # an inline query does not open a chat


def test_send_document_records_name_and_exact_bytes(fake: FakeBotAPI) -> None:
    fake.inject_message(CHAT, "/ics")
    status, body = send_document(
        fake, CHAT, "events.ics", ICS, caption="<i>Add</i>", parse_mode="HTML"
    )
    assert status == 200
    doc = body["result"]["document"]
    assert doc["file_name"] == "events.ics" and doc["file_size"] == len(ICS)
    assert doc["mime_type"] == "text/calendar" and doc["file_id"]
    assert body["result"]["caption"] == "Add"
    call = fake.wait_for("sendDocument")[0]
    assert call.files["document"].filename == "events.ics" and call.files["document"].data == ICS
    assert fake.last_message(CHAT).document_bytes == ICS
    assert fake.transcript(CHAT)[-1] == f"bot: [document events.ics ({len(ICS)} bytes)] Add"
    assert send_document(fake, CHAT, "e.ics", b"") == bad("file must be non-empty")


def test_commands_and_chat_action(fake: FakeBotAPI) -> None:
    cmds = [{"command": "start", "description": "Start"}]
    assert api(fake, "setMyCommands", commands=cmds)[0] == 200
    fr = [{"command": "start", "description": "Démarrer"}]
    assert api(fake, "setMyCommands", commands=fr, language_code="fr")[0] == 200
    scope = {"type": "chat", "chat_id": CHAT}
    assert api(fake, "setMyCommands", commands=cmds, scope=scope)[0] == 200
    assert fake.commands() == cmds and fake.commands("default", "fr") == fr
    assert fake.commands(f"chat(chat_id={CHAT})") == cmds
    assert api(fake, "getMyCommands", language_code="fr")[1]["result"] == fr
    assert api(fake, "deleteMyCommands", language_code="fr")[0] == 200
    assert api(fake, "getMyCommands", language_code="fr")[1]["result"] == []
    upper = [{"command": "Start", "description": "x"}]
    assert api(fake, "setMyCommands", commands=upper) == bad("BOT_COMMAND_INVALID")
    assert api(fake, "sendChatAction", chat_id=CHAT, action="typing") == bad("chat not found")
    fake.inject_message(CHAT, "hi")
    assert api(fake, "sendChatAction", chat_id=CHAT, action="typing")[1]["result"] is True
    assert api(fake, "close")[0] == api(fake, "logOut")[0] == 200


def test_faults_over_http(fake: FakeBotAPI) -> None:
    fake.inject_message(CHAT, "hi")
    fake.fault_429("sendMessage", retry_after=3, times=1)
    assert api(fake, "sendMessage", chat_id=CHAT, text="x") == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    )
    assert api(fake, "sendMessage", chat_id=CHAT, text="x")[0] == 200  # only the next 1 call
    fake.fault_502("sendMessage")
    status, body = api(fake, "sendMessage", chat_id=CHAT, text="x")
    assert status == 502 and "<h1>502 Bad Gateway</h1>" in body["raw"]
    fake.block_chat(CHAT)
    blocked = api(fake, "sendMessage", chat_id=CHAT, text="x")
    assert blocked == (
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    )
    assert api(fake, "sendChatAction", chat_id=CHAT, action="typing")[0] == 403
    assert api(fake, "getMe")[0] == 200  # other chats and methods are unaffected
    fake.unblock_chat(CHAT)
    fake.delay("sendMessage", 0.3)
    started = time.monotonic()
    assert api(fake, "sendMessage", chat_id=CHAT, text="slow")[0] == 200
    assert time.monotonic() - started >= 0.28
    assert [c.status for c in fake.calls("sendMessage")] == [429, 200, 502, 403, 200]

    port = fake.port
    fake.refuse_connections(0.4)
    with pytest.raises(urllib.error.URLError) as refused:
        api(fake, "getMe")
    assert isinstance(refused.value.reason, ConnectionRefusedError)
    eventually(lambda: reachable(fake))
    assert fake.port == port


def test_wait_for_timeout_and_since(fake: FakeBotAPI) -> None:
    fake.inject_message(CHAT, "hi")
    api(fake, "sendMessage", chat_id=CHAT, text="one")
    mark = fake.mark()
    with pytest.raises(TimeoutError, match="sendMessage"):
        fake.wait_for("sendMessage", since=mark, timeout=0.1)
    api(fake, "sendMessage", chat_id=CHAT, text="two")
    assert [c.text for c in fake.wait_for("sendMessage", since=mark)] == ["two"]
    assert len(fake.wait_for("sendMessage", count=2, predicate=lambda c: c.ok)) == 2


def test_standalone_process_and_control_api(tmp_path: Path) -> None:
    proc, client = spawn_fake_server(tmp_path / "fake.port")
    try:
        assert client.health()["ok"] and client.port > 0
        client.inject_message(CHAT, "/start", language_code="fr")
        updates = api(client, "getUpdates")[1]["result"]
        assert updates[0]["message"]["from"]["language_code"] == "fr"
        kb = keyboard({"text": "Sub", "callback_data": "s:1"})
        api(client, "sendMessage", chat_id=CHAT, text="<b>Bonjour</b>", parse_mode="HTML",
            reply_markup=kb)  # fmt: skip
        call = client.wait_for("sendMessage")[0]
        assert call.ok and call.result["text"] == "Bonjour"
        assert client.messages_in(CHAT)[-1].button_texts == [["Sub"]]
        assert client.press(CHAT, "Sub")["callback_query"]["data"] == "s:1"
        assert client.transcript(CHAT) == [
            "user: /start",
            "bot: Bonjour",
            "    [Sub]",
            "user: [pressed 'Sub']",
        ]
        client.fault_429("sendMessage", retry_after=2)
        assert client.faults()[0]["kind"] == "429"
        assert api(client, "sendMessage", chat_id=CHAT, text="x")[0] == 429
        client.block_chat(CHAT)
        assert api(client, "sendMessage", chat_id=CHAT, text="x")[0] == 403
        client.unblock_chat(CHAT)
        client.refuse_connections(0.3)
        with pytest.raises(urllib.error.URLError):
            api(client, "getMe")
        eventually(lambda: reachable(client))
        client.reset()
        assert client.calls() == [] and client.pending_updates() == 0
        client.shutdown()
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# ---- a real PTB Application ---------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.effective_user is not None
    user = update.effective_user
    button = InlineKeyboardButton("Subscribe", callback_data="sub:7")
    await update.message.reply_html(
        f"Hello <b>{html.escape(user.first_name)}</b> ({user.language_code})",
        reply_markup=InlineKeyboardMarkup([[button]]),
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Subscribed")
    await query.edit_message_text(f"OK {query.data}")


async def on_ics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    await context.bot.send_document(
        update.effective_chat.id, document=ICS, filename="events.ics", caption="Add it"
    )


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.inline_query is not None
    content = InputTextMessageContent(update.inline_query.query)
    await update.inline_query.answer(
        [InlineQueryResultArticle(id="1", title="T", input_message_content=content)]
    )


def build_app(fake: FakeBotAPI, **limiter: Any) -> Application[Any, Any, Any, Any, Any, Any]:
    builder = application_builder(fake)
    if limiter:
        builder = builder.rate_limiter(AIORateLimiter(**limiter))
    app = builder.build()
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CommandHandler("ics", on_ics))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    return app


@pytest.fixture
async def polling(fake: FakeBotAPI) -> AsyncIterator[FakeBotAPI]:
    async with running(build_app(fake, max_retries=2)):
        yield fake


async def test_ptb_conversation(polling: FakeBotAPI) -> None:
    fake = polling
    fake.inject_message(CHAT, "/start", language_code="fr", first_name="Ann")
    [sent] = await fake.wait_for_async("sendMessage")
    assert sent.ok and sent.params["parse_mode"] == "HTML"
    assert fake.last_message(CHAT).text == "Hello Ann (fr)"

    mark = fake.mark()
    fake.press(CHAT, "Subscribe")
    await fake.wait_for_async("editMessageText", since=mark)
    assert fake.calls("answerCallbackQuery", since=mark)[0].params["text"] == "Subscribed"
    shown = fake.last_message(CHAT)
    assert shown.text == "OK sub:7" and shown.reply_markup is None and shown.edit_count == 1

    fake.inject_message(CHAT, "/ics")
    [doc] = await fake.wait_for_async("sendDocument")
    assert doc.files["document"].filename == "events.ics" and doc.files["document"].data == ICS

    mark = fake.mark()
    fake.inject_message(CHAT, "echo <this> & that")
    [echo] = await fake.wait_for_async("sendMessage", since=mark)
    assert echo.result["text"] == "echo <this> & that"

    fake.inject_inline_query(CHAT, "basel")
    [answer] = await fake.wait_for_async("answerInlineQuery")
    assert answer.ok and answer.params["results"][0]["input_message_content"]["message_text"]
    assert fake.transcript(CHAT) == [
        "user: /start",
        "bot: Hello Ann (fr)",
        "    [Subscribe]",
        "user: [pressed 'Subscribe']",
        "bot (toast): Subscribed",
        "bot (edited #2): OK sub:7",
        "user: /ics",
        f"bot: [document events.ics ({len(ICS)} bytes)] Add it",
        "user: echo <this> & that",
        "bot: echo <this> & that",
    ]


async def test_ptb_rate_limiter_retries_429(polling: FakeBotAPI) -> None:
    fake = polling
    fake.fault_429("sendMessage", retry_after=1)
    fake.inject_message(CHAT, "hello")
    calls = await fake.wait_for_async("sendMessage", count=2, timeout=6)
    assert [c.status for c in calls] == [429, 200]
    assert fake.last_message(CHAT).text == "hello"


async def test_ptb_polling_survives_refused_connections(polling: FakeBotAPI) -> None:
    fake = polling
    polls = fake.polls_started
    while fake.polls_started == polls:  # let the updater enter a long poll
        await asyncio.sleep(0.02)
    fake.refuse_connections(0.3)
    fake.inject_message(CHAT, "after the outage")
    await fake.wait_for_async("sendMessage", timeout=30)  # PTB backs off after each refused poll
    assert fake.last_message(CHAT).text == "after the outage"
    assert all(c.status == 200 for c in fake.calls("getUpdates"))  # dropped polls end quietly


async def test_ptb_sees_telegram_errors(fake: FakeBotAPI) -> None:
    fake.inject_message(CHAT, "hi")
    app = application_builder(fake).read_timeout(0.5).build()
    async with app:
        bot = app.bot
        with pytest.raises(BadRequest, match="(?i)can't parse entities: unsupported start tag"):
            await bot.send_message(CHAT, "a<br>b", parse_mode="HTML")
        bad_button = InlineKeyboardButton("x", callback_data="é" * 33)
        with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
            await bot.send_message(CHAT, "x", reply_markup=InlineKeyboardMarkup([[bad_button]]))
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(999, "x")
        fake.block_chat(CHAT)
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(CHAT, "x")
        fake.unblock_chat(CHAT)
        fake.fault_429("sendMessage", retry_after=5)
        with pytest.raises(RetryAfter):
            await bot.send_message(CHAT, "x")
        fake.fault_502("sendMessage")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(CHAT, "x")
        fake.delay("sendMessage", 0.8, after=True)
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "late but delivered")
        await fake.wait_for_async("sendMessage", predicate=lambda c: c.ok)
        assert fake.last_message(CHAT).text == "late but delivered"
        fake.refuse_connections(0.3)
        with pytest.raises(NetworkError):
            await bot.send_message(CHAT, "x")
