"""Catalogue names in the participant's language everywhere in the bot (issue 14): programmes,
conventions, audiences and regions as the catalogue names them in fr and es (English for a language
it has no name in), never a slug, in /topics, a list reached from it, the card, the subscription
toggles, /mysubscriptions, a new-event notice's "because you follow" and inline results. End to end
against the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from brs_coord.bot.i18n import tr
from brs_coord.bot.text_base import cut
from brs_coord.config import Settings
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import sender, texts_to

NAMES = {  # language: (programme, convention, audience, region)
    "en": ("Mercury Wastes", "Basel Convention", "Basel Convention focal points", "Africa"),
    "fr": ("Déchets de mercure", "Convention de Bâle", "Correspondants de la Convention de Bâle", "Afrique"),
    "es": ("Desechos de mercurio", "Convenio de Basilea", "Puntos focales del Convenio de Basilea", "África"),
}
SLUGS = ("mercury-wastes", "basel-focal-points", "basel", "africa")
WHY = {"en": "Because you follow: ", "fr": "Parce que vous suivez : ", "es": "Porque sigue: "}


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async with bot_running(fake, services, settings) as running_fake:
        yield running_fake


def _english_leaks(lang: str, text: str) -> list[str]:
    """English names (and slugs) in a text meant for ``lang``."""
    english = NAMES["en"] if lang != "en" else ()
    return [name for name in (*english, *SLUGS) if name in text]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
async def test_catalogue_names_are_in_the_participants_language_everywhere(
    bot: FakeBotAPI, services: Services, lang: str
) -> None:
    fake = bot
    chat = {"en": 1601, "fr": 1602, "es": 1603}[lang]
    programme, convention, audience, region = NAMES[lang]
    t = tr(lang)
    services.scheduling.create(make_event(
        title="Mercury webinar", programme="mercury-wastes", audiences=("basel-focal-points",),
        regions=("africa",), conventions=("basel",),
    ))
    # /topics: the programmes by their names in the language; one opens its events, the number the card
    await act(fake, lambda: fake.inject_message(chat, "/topics", language_code=lang), "sendMessage")
    topics = fake.last_message(chat)
    labels = [label for row in topics.button_texts for label in row]
    assert cut(programme, 60) in labels and not _english_leaks(lang, " ".join(labels))
    await act(fake, lambda: fake.press(chat, cut(programme, 60), language_code=lang), "sendMessage")
    assert "Mercury webinar" in (fake.last_message(chat).text or "")
    await act(fake, lambda: fake.press(chat, "1", language_code=lang), "sendMessage")
    card = fake.last_message(chat).text or ""
    assert programme in card and audience in card and not _english_leaks(lang, card)
    # /regions: the region's name
    await act(fake, lambda: fake.inject_message(chat, "/regions", language_code=lang), "sendMessage")
    assert region in [label for row in fake.last_message(chat).button_texts for label in row]
    # the subscription toggles and /mysubscriptions
    await act(fake, lambda: fake.inject_message(chat, "/subscribe", language_code=lang), "sendMessage")
    for facet, name in (("Programmes", programme), ("Conventions", convention)):
        await act(fake, lambda f=facet: fake.press(chat, t(f), language_code=lang), "editMessageText")
        toggles = fake.last_message(chat)
        names = " ".join(label for row in toggles.button_texts for label in row)
        assert f"▫️ {cut(name, 60)}" in names and not _english_leaks(lang, names)
        await act(fake, lambda n=name: fake.press(chat, f"▫️ {cut(n, 60)}", language_code=lang),
                  "editMessageText")
        chosen = [label for row in fake.last_message(chat).button_texts for label in row]
        assert f"✅ {cut(name, 60)}" in chosen
        await act(fake, lambda: fake.press(chat, "⬅️", language_code=lang), "editMessageText")
    await act(fake, lambda: fake.inject_message(chat, "/mysubscriptions", language_code=lang), "sendMessage")
    mine = fake.last_message(chat).text or ""
    assert programme in mine and convention in mine and not _english_leaks(lang, mine)
    # a new event they follow: the notice says why, in their language
    services.scheduling.create(make_event(title="Mercury workshop", programme="mercury-wastes",
                                          conventions=("basel",)))
    run = await sender(services, fake)
    assert await run.drain() == 1
    [notice] = [text for text in texts_to(fake, chat) if "Mercury workshop" in text]
    because = (f"{WHY[lang]}{programme}, {convention}", f"{WHY[lang]}{convention}, {programme}")
    assert any(why in notice for why in because)
    assert not _english_leaks(lang, notice)
    # inline: the shared result names the programme in the asker's language
    [answer] = await act(fake, lambda: fake.inject_inline_query(chat, "mercury webinar", language_code=lang),
                         "answerInlineQuery")
    shared = [r["input_message_content"]["message_text"] for r in answer.params["results"]]
    assert any("Mercury webinar" in text and programme in text for text in shared)
    assert not any(_english_leaks(lang, text) for text in shared)


@pytest.mark.parametrize("lang", ["ar", "zh", "ru"])
def test_a_name_the_catalogue_lacks_in_a_language_falls_back_to_english(
    services: Services, lang: str
) -> None:
    from brs_coord.bot.text_base import Names
    from brs_coord.domain import Programme
    from brs_coord.facets import PROGRAMME
    from brs_coord.services.describe import NamesDialect

    services.catalogue.save_programme(Programme(
        0, "ozone-pilot", "Ozone Pilot", conventions=("basel",), names={"fr": "Pilote ozone"}
    ))
    names = Names(services.participants.choices(), tr(lang))
    dialect = NamesDialect(services.query.vocabulary(), lang)
    assert names.programme("ozone-pilot") == dialect.value(PROGRAMME, "ozone-pilot") == "Ozone Pilot"
    native = NAMES["en"][0]  # the reference catalogue names Mercury Wastes in every language
    assert names.programme("mercury-wastes") not in (native, "mercury-wastes")
    assert dialect.value(PROGRAMME, "mercury-wastes") == names.programme("mercury-wastes")
