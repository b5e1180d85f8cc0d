"""Event titles and descriptions in several languages (issue 15): stored with the event (migration
m013_event_translations), validated, found by full-text search by any of their titles, and shown in
the participant's language (bot cards and lists) and in a feed's language, the event's own title
where it has none in that language."""

from __future__ import annotations

import icalendar
import pytest
from textual.widgets import Button, Input, Label, Static, TabbedContent, TextArea

from brs_coord.bidi import visual_rtl
from brs_coord.bot import texts
from brs_coord.bot.cards import list_line
from brs_coord.bot.i18n import tr
from brs_coord.domain import Event, EventQuery, TimeScope
from brs_coord.errors import ValidationFailed
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.editor_guard import form_values
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


ARABIC = ("ar", "ورشة عمل UNEP/CHW.13 حول النفايات", "الجلسة 10:00 (افتتاحية)")


def test_an_rtl_line_is_drawn_in_the_order_it_reads() -> None:
    assert visual_rtl("ورشة عمل") == "لمع ةشرو"
    assert visual_rtl(ARABIC[1]) == "تايافنلا لوح UNEP/CHW.13 لمع ةشرو"  # the Latin run as written
    assert visual_rtl(ARABIC[2]) == "(ةيحاتتفا) 10:00 ةسلجلا"  # brackets mirrored


async def test_staff_see_and_edit_each_language_s_title_and_description_in_the_tui_editor(
    services: Services,
) -> None:
    event = services.scheduling.create(make_event(translations=(FRENCH, CHINESE))).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#tr-title-fr", Input).value == FRENCH[1]
        assert screen.query_one("#tr-description-zh", TextArea).text == CHINESE[2]
        assert screen.query_one("#tr-title-es", Input).value == ""
        screen.query_one("#translations", TabbedContent).active = "tr-es"
        await settle(pilot)
        assert form_values(screen) == screen.filled  # looking at another tab changes nothing
        screen.query_one("#tr-description-es", TextArea).text = "Solo una descripción"
        await settle(pilot)
        assert screen.query_one("#save", Button).disabled  # a description needs its title
        error = str(screen.query_one("#err-translations", Label).render())
        assert "es: a one-line title is required" in error
        screen.query_one("#tr-title-es", Input).value = "Seminario web sobre inventarios"
        screen.query_one("#tr-title-zh", Input).value = ""
        screen.query_one("#tr-description-zh", TextArea).text = ""
        screen.query_one("#tr-title-ar", Input).value = ARABIC[1]
        screen.query_one("#tr-description-ar", TextArea).text = ARABIC[2]
        await settle(pilot)
        shown = str(screen.query_one("#tr-shown-ar", Static).render())
        assert visual_rtl(ARABIC[1]) in shown and visual_rtl(ARABIC[2]) in shown
        screen.query_one("#save", Button).press()
        await settle(pilot)
    saved = services.scheduling.get(event.id)
    spanish = ("es", "Seminario web sobre inventarios", "Solo una descripción")
    assert saved.translations == (FRENCH, spanish, ARABIC)
    assert saved.version == 2


async def test_translations_are_saved_with_the_event_s_optimistic_lock(services: Services) -> None:
    event = services.scheduling.create(make_event(translations=(FRENCH,))).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("e")
        await settle(pilot)
        services.scheduling.update(event.id, make_event(translations=(CHINESE,)), expected_version=1)
        app.screen.query_one("#tr-title-fr", Input).value = "Autre titre"
        await settle(pilot)
        app.screen.query_one("#save", Button).press()
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictScreen"
    assert services.scheduling.get(event.id).translations == (CHINESE,)  # the other edit is not lost
