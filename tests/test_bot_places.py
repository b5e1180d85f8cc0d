"""The bot's answer to a country question: the events held there, then the online events open to it
(a line and a button listing them), the country named in the participant's language."""

from __future__ import annotations

import pytest

from brs_coord.config import Settings
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.fakebot import FakeBotAPI

CASES = {
    "en": ("events in Kenya", "I understood: Kenya", "Also open to Kenya: ", "🌐 List the ", "Africa"),
    "fr": ("événements au Kenya", "J’ai compris", "Kenya : également ouverts à ce pays, ",
           "🌐 Voir les ", "Afrique"),
    "es": ("eventos en Kenia", "Entendí: Kenia", "También abiertos a Kenia: ", "🌐 Ver los ", "África"),
}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
async def test_a_country_question_and_its_online_part(
    fake: FakeBotAPI, demo_services: Services, settings: Settings, lang: str
) -> None:
    question, understood, also_line, button, region = CASES[lang]
    chat = {"en": 601, "fr": 602, "es": 603}[lang]
    kw = {"language_code": lang, "first_name": "Amina"}
    also = demo_services.query.ask(question, lang=lang).also_open
    assert also is not None and also.total > 0
    async with bot_running(fake, demo_services, settings):
        await act(fake, lambda: fake.inject_message(chat, question, **kw), "sendMessage")
        listing = fake.last_message(chat)
        assert understood in listing.text and also_line in listing.text
        assert f"{also.total}" in listing.button(button)["text"]
        await act(fake, lambda: fake.press(chat, "1", message_id=listing.message_id, **kw), "sendMessage")
        assert "Nairobi" in fake.last_message(chat).text  # the card of the first: held in Kenya
        await act(fake, lambda: fake.press(chat, button, **kw), "sendMessage")
        online = fake.last_message(chat)
        await act(fake, lambda: fake.press(chat, "1", message_id=online.message_id, **kw), "sendMessage")
        first_online = fake.last_message(chat)
    assert online.message_id != listing.message_id
    assert region in online.text and "Kenya" not in online.text.split("\n")[0]
    lines = [line for line in online.text.splitlines() if line[:1].isdigit()]
    assert len(lines) == min(5, also.total) and "📍 Online" in first_online.text
