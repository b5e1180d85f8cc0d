"""Bot units: rendering on real Update objects (zones, escaping, paging), callback codec, catalogues,
API URLs, and the `brs-coord bot` process (SIGTERM, token never logged)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from telegram import Bot, Chat, Message, MessageEntity, Update, User

from brs_coord.bot import event_keyboards, texts
from brs_coord.bot.app import api_urls
from brs_coord.bot.callbacks import CallbackCodec, Expired
from brs_coord.bot.handlers.common import mentioned_text, split
from brs_coord.bot.i18n import LOCALE_DIR, tr
from brs_coord.bot.search import Found, Understood
from brs_coord.config import Settings
from brs_coord.domain import Event, EventKind, Status
from brs_coord.languages import CODES, DEFAULT
from brs_coord.services import Services
from tests.conftest import make_event
from tests.fakebot import fake_bot_api
from tests.processes import ROOT, brs_argv

BOT_PACKAGE = Path(__file__).resolve().parent.parent / "brs_coord" / "bot"


def stored_event(**overrides: object) -> Event:
    data = make_event(**overrides)
    return Event(**{name: getattr(data, name) for name in data.__dataclass_fields__}, id=7, uid="u-7@brs")


def update_from(text: str, *, lang: str = "en", chat_type: str = "private") -> Update:
    """A real Update, as PTB builds it from Bot API JSON."""
    bot = Bot("123:TEST")
    chat = Chat(42 if chat_type == "private" else -100, chat_type)
    entities = [MessageEntity("bot_command", 0, len(text.split()[0]))] if text.startswith("/") else []
    message = Message(
        1,
        datetime(2026, 11, 21, tzinfo=UTC),
        chat,
        from_user=User(42, "Ann", False, language_code=lang),
        text=text,
        entities=entities,
    )
    raw = Update(5, message=message).to_dict()
    return Update.de_json(raw, bot)


def test_when_shows_participant_zone_and_event_zone() -> None:
    event = stored_event(starts_at=datetime(2027, 3, 3, 9, 0, tzinfo=UTC), timezone="Europe/Zurich")
    assert texts.when(tr("en"), event, "Africa/Nairobi") == "Wed 3 Mar, 12:00–14:00 your time — 10:00 Zurich"
    assert (
        texts.when(tr("fr"), event, "Africa/Nairobi") == "mer. 3 mars, 12:00–14:00 votre heure — 10:00 Zurich"
    )
    assert texts.when(tr("es"), event, "America/Bogota") == "mié 3 mar, 04:00–06:00 su hora — 10:00 Zúrich"
    assert texts.when(tr("en"), event, "Europe/Zurich") == "Wed 3 Mar, 10:00–12:00 your time"
    late = stored_event(starts_at=datetime(2027, 3, 3, 22, 0, tzinfo=UTC), timezone="Europe/Zurich")
    assert "— Wed 3 Mar, 23:00 Zurich" in texts.when(tr("en"), late, "Asia/Tokyo")  # another day there


def test_cards_escape_html_and_mark_cancelled(services: Services) -> None:
    event = stored_event(title="<b>x</b> & co", status=Status.CANCELLED, status_reason="no <funds>")
    names = texts.Names(services.participants.choices(), tr("en"))
    card = texts.event_card(tr("en"), event, "UTC", names)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; co" in card and "<b>x</b>" not in card
    assert card.startswith("❌ <b>CANCELLED</b>") and "no &lt;funds&gt;" in card
    postponed = texts.event_card(tr("fr"), stored_event(status=Status.POSTPONED), "UTC", names)
    assert "REPORTÉ" in postponed
    with_link = stored_event(online_url="https://meet.example.org/secret")
    assert "secret" not in texts.event_card(tr("en"), with_link, "UTC", names)
    assert "secret" not in texts.inline_text(tr("en"), with_link, "UTC", names)
    assert "secret" in texts.event_card(tr("en"), with_link, "UTC", names, join_link=True)


def test_results_page_and_pagination_buttons(services: Services) -> None:
    t = tr("es")
    codec = CallbackCodec("123:TEST")
    events = [stored_event(title=f"Taller {i}", kind=EventKind.WORKSHOP) for i in range(5)]
    found = Found(Understood(kinds=("workshop",)), events, 12)
    names = texts.Names(services.participants.choices(), t)
    text = texts.results(t, found, 5, "UTC", names, {})
    assert (
        text.startswith("🔎 Entendí: talleres") and "Eventos 6 a 10 de 12" in text
        and "<b>6.</b> " in text and " · Taller · Taller 0" in text
    )
    markup = event_keyboards.results(t, codec, events, 5, 12, 3)
    assert [b.text for b in markup.inline_keyboard[0]] == ["6", "7", "8", "9", "10"]
    assert [codec.decode(b.callback_data).action for b in markup.inline_keyboard[0]] == ["ev"] * 5
    nav = [b.text for b in markup.inline_keyboard[-1]]
    assert nav == ["‹ Anterior", "Siguiente ›"]
    assert [codec.decode(b.callback_data).args for b in markup.inline_keyboard[-1]] == [
        ("3", "0"),
        ("3", "10"),
    ]
    assert all(len(b.callback_data.encode()) <= 64 for row in markup.inline_keyboard for b in row)
    last = event_keyboards.results(tr("fr"), codec, events[:2], 10, 12, 3)
    assert [b.text for b in last.inline_keyboard[-1]] == ["‹ Précédent"]
    empty = texts.results(t, Found(Understood(text="zzz"), [], 0), 0, "UTC", names, {})
    assert "No se encontró nada" in empty and "/upcoming" in empty


def test_long_text_is_split_and_group_text_needs_a_mention() -> None:
    parts = split("\n\n".join(["x" * 1000] * 9))
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)
    assert mentioned_text(update_from("hello"), "brs_bot") == "hello"
    assert mentioned_text(update_from("hello", chat_type="group"), "brs_bot") is None
    assert mentioned_text(update_from("@brs_bot webinars", chat_type="group"), "brs_bot") == "webinars"


def test_callback_codec_rejects_forged_and_stale_data() -> None:
    codec = CallbackCodec("123:TEST")
    data = codec.encode("tz", "America/Argentina/Buenos_Aires", "s")
    assert len(data.encode()) <= 64 and codec.decode(data).args == ("America/Argentina/Buenos_Aires", "s")
    other = CallbackCodec("999:OTHER").encode("reg", 5)
    for bad in (other, data.replace("s:", "c:"), "1:reg:5", "", "x" * 65, "0:reg:5:abcdefgh", None):
        with pytest.raises(Expired):
            codec.decode(bad)
    with pytest.raises(ValueError):
        codec.encode("reg", "not-a-number")
    assert codec.pattern("reg")(codec.encode("reg", 5)) and not codec.pattern("unr")(codec.encode("reg", 5))


def test_api_urls() -> None:
    assert api_urls("http://127.0.0.1:8081") == (
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/file/bot",
    )
    assert api_urls("http://127.0.0.1:8081/bot/") == api_urls("http://127.0.0.1:8081")
    assert api_urls("")[0] == "https://api.telegram.org/bot"


def test_every_message_has_a_translation() -> None:
    """Each string marked in brs_coord/bot has a translation in every interface language's compiled
    .mo (languages.CODES but the default), with the same fields."""
    keywords = {"t": None, "N_": None}
    wanted = {
        msg[2]
        for msg in extract_from_dir(str(BOT_PACKAGE), keywords=keywords, method_map=[("**.py", "python")])
        if isinstance(msg[2], str)
    }
    assert len(wanted) > 100
    for lang in (code for code in CODES if code != DEFAULT):
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "brs_coord.mo", "rb") as handle:
            catalogue = read_mo(handle)
        missing = sorted(m for m in wanted if not (catalogue.get(m) and catalogue.get(m).string))
        assert not missing, (
            f"add these to brs_coord/locale/{lang}/LC_MESSAGES/brs_coord.po and compile: {missing}"
        )
        for msg in wanted:
            translated = catalogue.get(msg).string
            assert sorted(_fields(msg)) == sorted(_fields(translated)), (lang, msg)


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


@pytest.mark.slow  # a `brs-coord bot` process, started and stopped
def test_bot_command_runs_and_stops_on_sigterm(tmp_path: Path, settings: Settings) -> None:
    token = "123:SECRET-token-never-logged"
    log_file = tmp_path / "bot.log"
    with fake_bot_api() as fake:
        env = {
            **os.environ,
            "BRS_DB": str(settings.db_path),
            "BRS_TELEGRAM_TOKEN": token,
            "BRS_TELEGRAM_API_BASE": fake.url + "/bot",
            "BRS_LOG_FILE": str(log_file),
            "BRS_LOG_LEVEL": "DEBUG",
        }
        proc = subprocess.Popen(
            brs_argv("bot"), cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
        )
        try:
            fake.wait_for("setMyCommands", count=3, timeout=30)
            fake.wait_for("getUpdates", timeout=10)
            assert fake.commands("default", "fr")[0]["description"] == "Les prochains événements"
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
            assert time.monotonic() - started < 10 and proc.returncode == 0
        finally:
            if proc.poll() is None:
                proc.kill()
        logged = log_file.read_text()
        assert "bot stopped" in logged and token not in logged and token not in (proc.stderr.read() or "")
    missing = subprocess.run(
        brs_argv("bot"), cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "BRS_DB": str(settings.db_path), "BRS_TELEGRAM_TOKEN": ""},
    )
    assert missing.returncode == 1 and missing.stderr.strip().count("\n") == 0
    assert "BRS_TELEGRAM_TOKEN" in missing.stderr
    json.dumps(replace(settings, telegram_token=None).port)


def test_an_unreadable_update_is_emptied_and_keeps_its_id() -> None:
    from brs_coord.bot.tolerance import TolerantUpdatesRequest

    good = {"update_id": 7, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}
    bad = {"update_id": 8, "message": {"message_id": "not a number"}}
    payload = json.dumps({"ok": True, "result": [good, bad]}).encode()
    answer = TolerantUpdatesRequest.parse_json_payload(payload)
    assert answer["result"] == [good, {"update_id": 8}]
