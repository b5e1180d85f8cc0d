"""End to end with the fake Bot API (issue 19): /series lists a webinar series with its next session
in the participant's zone, its card marks the attended, cancelled and next sessions, "Register for
the whole series" takes a seat in every session left (the card says so in place), "the next session
of the PIC webinar series" is answered with that session's card, a forged series button is refused;
in English and in French."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from brs_coord.bot.callbacks import CallbackCodec
from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.domain import Event
from brs_coord.series_domain import EditScope, RegistrationMode, Series, SeriesData, SeriesKind
from brs_coord.services import Services
from tests.bot_helpers import TOKEN, act, bot_running
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant

CHAT = 4719
WORDS = {
    "en": {
        "zone": "America/New_York", "head": "Series and courses", "title": "PIC webinars",
        "next": "next: Tue 1 Dec, 08:00", "register": "✅ Register for the whole series",
        "registered": "sessions left of", "whole": "You are registered for the whole series.",
        "attended": "✓ 1. Tue 24 Nov, 08:00 — you attended",
        "cancelled": "✗ 3. Tue 8 Dec, 08:00 — session cancelled",
        "mark": "👉 2. Tue 1 Dec, 08:00 — next", "times": "Times in New York.",
        "question": "When is the next session of the PIC webinar series?",
        "answer": "The next session of", "expired": "This button has expired",
    },
    "fr": {
        "zone": "Europe/Paris", "head": "Séries et cours", "title": "Webinaires sur la PIC",
        "next": "prochaine séance : mar. 1 déc., 14:00", "register": "✅ S’inscrire à toute la série",
        "registered": "séances restantes de", "whole": "Vous êtes inscrit(e) à toute la série.",
        "attended": "✓ 1. mar. 24 nov., 14:00 — vous y avez participé",
        "cancelled": "✗ 3. mar. 8 déc., 14:00 — séance annulée",
        "mark": "👉 2. mar. 1 déc., 14:00 — la prochaine", "times": "Heures de Paris.",
        "question": "la prochaine séance de la série PIC",
        "answer": "La prochaine séance de", "expired": "Ce bouton a expiré",
    },
}


def pic_series(services: Services) -> tuple[Series, list[Event]]:
    data = SeriesData(title="PIC webinars", kind=SeriesKind.WEBINAR_SERIES, timezone="UTC",
                      rule="every Tuesday 14:00 Geneva for 6 weeks", programme="e-waste", capacity=30,
                      registration_mode=RegistrationMode.BOTH,
                      translations=(("fr", "Webinaires sur la PIC"),))
    return services.series.create(services.series.preview(data))


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_series_card_and_whole_series_registration(
    fake: FakeBotAPI, services: Services, settings: Settings, clock: FixedClock, lang: str
) -> None:
    words = WORDS[lang]
    series, sessions = pic_series(services)
    p = participant(services, CHAT, language=lang, zone=words["zone"])
    services.registrations.register(p.id, sessions[0].id)
    services.series.cancel(sessions[2].uid, "speaker unavailable", EditScope.THIS)
    clock.set(sessions[0].ends_at + timedelta(hours=2))  # session 1 is over: attended
    services.registrations.mark_attendance(sessions[0].id, p.id, True)
    kw = {"language_code": lang, "first_name": "Ana"}
    async with bot_running(fake, services, settings):
        await act(fake, lambda: fake.inject_message(CHAT, "/series", **kw), "sendMessage")
        listing = fake.last_message(CHAT)
        assert words["head"] in listing.text and words["title"] in listing.text
        assert words["next"] in listing.text  # session 2, in the participant's zone
        await act(fake, lambda: fake.press(CHAT, "1", message_id=listing.message_id, **kw), "sendMessage")
        card = fake.last_message(CHAT)
        for key in ("attended", "cancelled", "mark", "times"):
            assert words[key] in card.text, (key, card.text)
        assert [words["register"]] in card.button_texts
        assert ["2", "4", "5", "6"] in card.button_texts  # the sessions to come open their cards

        await act(fake, lambda: fake.press(CHAT, words["register"], message_id=card.message_id, **kw),
                  "editMessageText")
        registered = fake.message(CHAT, card.message_id)
        assert words["registered"] in registered.text and words["whole"] in registered.text
        assert words["register"] not in str(registered.button_texts)
        assert set(services.registrations.statuses(p.id)) == {s.id for s in sessions[1:] if s != sessions[2]}

        await act(fake, lambda: fake.inject_message(CHAT, words["question"], **kw), "sendMessage")
        answer = fake.last_message(CHAT)
        assert words["answer"] in answer.text and "(2/6)" in answer.text

        forged = CallbackCodec("another token").encode("srg", series.id)
        calls = await act(fake, lambda: fake.inject_callback(CHAT, card.message_id, forged, **kw),
                          "answerCallbackQuery")
        assert words["expired"] in calls[-1].params["text"]
        assert CallbackCodec(TOKEN).encode("srg", series.id) != forged
        transcript = fake.transcript_text(CHAT)
    assert all(c.ok for c in fake.calls() if c.method != "getUpdates")
    print(transcript)  # read it: pytest -s
    if os.environ.get("BRS_TRANSCRIPT_DIR"):  # to refresh docs/bot-series.md
        Path(os.environ["BRS_TRANSCRIPT_DIR"], f"series-{lang}.txt").write_text(transcript)


async def test_in_a_group_registering_for_the_series_opens_its_card_in_private(
    fake: FakeBotAPI, services: Services, settings: Settings,
) -> None:
    series, sessions = pic_series(services)
    group = -1004719
    kw = {"user_id": CHAT, "language_code": "en", "first_name": "Ana", "chat_type": "supergroup"}
    async with bot_running(fake, services, settings):
        await act(fake, lambda: fake.inject_message(group, "/series", **kw), "sendMessage")
        listing = fake.last_message(group)
        await act(fake, lambda: fake.press(group, "1", message_id=listing.message_id, **kw),
                  "answerCallbackQuery")  # the card is sent, then the press answered
        card = fake.last_message(group)
        link = card.button(WORDS["en"]["register"])
        assert "callback_data" not in link and link["url"].endswith(f"?start=ser-{series.id}")
        old = CallbackCodec(TOKEN).encode("srg", series.id)  # a keyboard from before the link
        calls = await act(fake, lambda: fake.inject_callback(group, card.message_id, old, **kw),
                          "answerCallbackQuery")
        assert calls[-1].params.get("url") == link["url"], calls[-1].params
        assert services.registrations.statuses(CHAT) == {}  # nothing done in the group

        private = {"language_code": "en", "first_name": "Ana"}
        start = f"/start ser-{series.id}"
        await act(fake, lambda: fake.inject_message(CHAT, start, **private), "sendMessage")
        opened = fake.last_message(CHAT)
        assert "PIC webinars" in opened.text and [WORDS["en"]["register"]] in opened.button_texts
        await act(fake, lambda: fake.press(CHAT, WORDS["en"]["register"], message_id=opened.message_id,
                                           **private), "editMessageText")
        p = services.participants.get(CHAT)
        assert p is not None and set(services.registrations.statuses(p.id)) == {s.id for s in sessions}
        await act(fake, lambda: fake.inject_message(CHAT, "/start ser-999999", **private), "sendMessage")
        assert "no longer" in (fake.last_message(CHAT).text or "").lower()
    assert all(c.ok for c in fake.calls() if c.method != "getUpdates")
