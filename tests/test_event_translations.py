"""Event titles and descriptions in several languages (issue 15): stored with the event (migration
m013_event_translations), validated, found by full-text search by any of their titles, and shown in
the participant's language (bot cards and lists) and in a feed's language, the event's own title
where it has none in that language."""

from __future__ import annotations

import icalendar
import pytest
from textual.widgets import Button, Label, TextArea

from brs_coord.bot import texts
from brs_coord.bot.cards import list_line
from brs_coord.bot.i18n import tr
from brs_coord.domain import Event, EventQuery, TimeScope
from brs_coord.errors import ValidationFailed
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.editor_form import TRANSLATIONS_HINT, read_translations, translations_text
from tests.conftest import make_event
from tests.tui_helpers import select_event, settle

FRENCH = ("fr", "Webinaire sur les inventaires de déchets électroniques", "Comment inventorier les DEEE.")
CHINESE = ("zh", "电子废物清单网络研讨会", "如何清点电子废物。")


def _create(services: Services) -> Event:
    return services.scheduling.create(make_event(translations=(FRENCH, CHINESE))).event


def test_translations_are_stored_and_read_back(services: Services) -> None:
    event = _create(services)
    again = services.scheduling.get(event.id)
    assert again.translations == (FRENCH, CHINESE)
    assert again.title_in("fr") == FRENCH[1] and again.description_in("zh") == CHINESE[2]
    assert again.title_in("ru") == again.title == "Webinar on e-waste inventories"  # its own
    spanish = make_event(translations={"es": ("Seminario web sobre inventarios", "")})
    edited = services.scheduling.update(event.id, spanish, expected_version=1).event
    assert services.scheduling.get(edited.id).translations == (("es", "Seminario web sobre inventarios", ""),)


@pytest.mark.parametrize(("translations", "message"), [
    ((("xx", "Titre", ""),), "unknown language code(s): xx"),
    ((("fr", "Un", ""), ("fr", "Deux", "")), "one title per language"),
    ((("fr", "", "texte"),), "fr: a one-line title is required"),
    ((("fr", "Deux\nlignes", ""),), "fr: a one-line title is required"),
])  # fmt: skip
def test_a_translation_is_checked(services: Services, translations: object, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.scheduling.create(make_event(translations=translations))
    assert caught.value.problems["translations"] == message


@pytest.mark.parametrize("words", ["inventaires", "déchets électroniques", "电子废物", "清单"])
def test_full_text_search_finds_an_event_by_any_of_its_titles(services: Services, words: str) -> None:
    event = _create(services)
    services.scheduling.create(make_event(title="Workshop on mercury", description="Mercury."))
    found = services.find(EventQuery(scope=TimeScope.ALL, text=words))
    assert [e.id for e in found] == [event.id]


def test_the_bot_shows_the_participant_s_title_and_the_event_s_own_otherwise(services: Services) -> None:
    event = _create(services)
    for lang, title, description in (("fr", FRENCH[1], FRENCH[2]), ("zh", CHINESE[1], CHINESE[2]),
                                     ("ru", event.title, event.description)):  # fmt: skip
        t = tr(lang)
        names = texts.Names(services.participants.choices(), t)
        card = texts.event_card(t, event, "Europe/Zurich", names, full=True)
        assert title in card and description in card
        assert title in list_line(t, event, "Europe/Zurich", 1)
    english = texts.event_card(tr("en"), event, "UTC", texts.Names(services.participants.choices(), tr("en")))
    assert FRENCH[1] not in english and event.title in english


def test_a_feed_in_a_language_carries_the_event_s_title_in_it(services: Services) -> None:
    event = _create(services)
    for lang, title in (("fr", FRENCH[1]), ("zh", CHINESE[1]), ("ar", event.title), ("en", event.title)):
        (vevent,) = icalendar.Calendar.from_ical(services.feeds.feed("all", lang).body).walk("VEVENT")
        assert str(vevent["SUMMARY"]) == title
    (french,) = icalendar.Calendar.from_ical(services.feeds.feed("all", "fr").body).walk("VEVENT")
    assert str(french["DESCRIPTION"]).startswith(FRENCH[2])


def test_the_editor_reads_and_writes_titles_line_by_line() -> None:
    kept = (("fr", "Ancien titre", "Description française."),)
    assert translations_text((FRENCH, CHINESE)) == f"fr: {FRENCH[1]}\nzh: {CHINESE[1]}"
    typed = "fr: Nouveau titre\n\n ES : Taller sobre mercurio \n"
    assert read_translations(typed, kept) == (
        (("fr", "Nouveau titre", "Description française."), ("es", "Taller sobre mercurio", "")), None)
    assert read_translations("Français: Titre", kept)[1] == TRANSLATIONS_HINT
    assert read_translations("just a title", kept)[1] == TRANSLATIONS_HINT


async def test_staff_enter_titles_in_other_languages_in_the_tui_editor(services: Services) -> None:
    event = services.scheduling.create(make_event(translations=(FRENCH,))).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("e")
        await settle(pilot)
        area = app.screen.query_one("#translations", TextArea)
        assert area.text == f"fr: {FRENCH[1]}"
        area.text = f"fr: {FRENCH[1]}\nes: Seminario web sobre inventarios\nxx-y Título"
        await settle(pilot)
        assert app.screen.query_one("#save", Button).disabled  # the third line is not 'code: title'
        assert "one a line" in str(app.screen.query_one("#err-translations", Label).render())
        area.text = f"fr: {FRENCH[1]}\nes: Seminario web sobre inventarios"
        await settle(pilot)
        app.screen.query_one("#save", Button).press()
        await settle(pilot)
    saved = services.scheduling.get(event.id)
    assert saved.translations == (FRENCH, ("es", "Seminario web sobre inventarios", ""))
    assert saved.version == 2
