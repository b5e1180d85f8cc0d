"""Honest search (issue 23): a programme named never hides a title holding its words, a uid finds its
event, words of which none was read find nothing, and the TUI placeholder's example finds events."""

from __future__ import annotations

from datetime import timedelta

from brs_coord.domain import EventKind, EventQuery, TimeScope
from brs_coord.services import Services
from tests.conftest import NOW, make_event


def add(services: Services, **overrides: object) -> int:
    return services.store.events.create(make_event(**overrides), "tester").event.id


def titles(services: Services, question: str) -> set[str]:
    return {event.title for event in services.query.ask(question, limit=100).events}


def test_a_programme_word_also_finds_titles_outside_the_programme(services: Services) -> None:
    add(services, title="Webinar on e-waste inventories")  # no programme
    add(services, title="Regional workshop on WEEE", programme="e-waste", kind=EventKind.WORKSHOP)
    add(services, title="Webinar on mercury", programme="mercury-wastes")
    understood = services.query.parse("e-waste")
    assert understood.programmes == ("e-waste",) and understood.title_phrases == ("e-waste",)
    assert titles(services, "e-waste") == {"Webinar on e-waste inventories", "Regional workshop on WEEE"}


def test_the_title_match_keeps_every_other_filter(services: Services) -> None:
    add(services, title="Webinar on e-waste inventories")
    add(services, title="Workshop on e-waste repair", kind=EventKind.WORKSHOP)
    add(services, title="Past webinar on e-waste", starts_at=NOW - timedelta(days=30))
    assert titles(services, "webinars on e-waste") == {"Webinar on e-waste inventories"}
    past = titles(services, "past webinars e-waste")  # the seeded history has e-waste webinars too
    assert "Past webinar on e-waste" in past
    assert not past & {"Webinar on e-waste inventories", "Workshop on e-waste repair"}


def test_the_title_phrase_is_read_in_order_not_as_separate_words(services: Services) -> None:
    add(services, title="Waste of an e-mail")  # holds "e" and "waste", not "e-waste"
    assert titles(services, "e-waste") == set()


def test_customs_finds_the_programme_and_titles_naming_customs(services: Services) -> None:
    add(services, title="Customs and the Rotterdam Convention", programme="industrial-chemicals")
    add(services, title="Green customs training", programme="customs-training")
    assert titles(services, "customs") == {"Customs and the Rotterdam Convention", "Green customs training"}


def test_a_programme_chosen_by_a_face_adds_no_title_match(services: Services) -> None:
    add(services, title="Webinar on e-waste inventories")
    understood = services.query.parse("webinars", chosen={"programmes": ("e-waste",)})
    assert understood.title_phrases == ()
    assert services.query.ask("webinars", chosen={"programmes": ("e-waste",)}).total == 0


def test_the_query_without_title_phrases_reads_the_programme_only(services: Services) -> None:
    add(services, title="Webinar on e-waste inventories")
    only = EventQuery(programmes=("e-waste",))
    assert services.store.events.find(only, NOW) == []
    with_titles = EventQuery(programmes=("e-waste",), title_phrases=("e-waste",))
    found = services.store.events.find(with_titles, NOW)
    assert [e.title for e in found] == ["Webinar on e-waste inventories"]


def test_a_uid_finds_its_event_whatever_its_dates(services: Services) -> None:
    add(services, title="Another webinar")
    past = services.store.events.create(
        make_event(title="Old webinar", starts_at=NOW - timedelta(days=400)), "tester").event
    for typed in (past.uid, past.uid.split("@")[0]):
        answer = services.query.ask(typed, limit=10)
        assert [e.title for e in answer.events] == ["Old webinar"], typed
        assert answer.understood.scope is TimeScope.ALL
        assert past.uid in services.query.describe(answer.understood)


def test_a_uid_that_names_no_event_finds_nothing(services: Services) -> None:
    add(services, title="Another webinar")
    answer = services.query.ask("0f0e0d0c-1111-2222-3333-444455556666@brs-coord", limit=10)
    assert answer.events == () and answer.understood.uids == ()


def test_unknown_words_and_typos_never_show_the_whole_calendar(demo_services: Services) -> None:
    for question in ("xyzzy", "qwrtpl zzkk", "e-wasteee-zz"):
        answer = demo_services.query.ask(question, limit=10)
        assert answer.events == () and answer.total == 0, question


def test_the_placeholder_example_finds_events_on_the_demo(demo_services: Services) -> None:
    from brs_coord.tui.screens.search_reading import SEARCH_EXAMPLE

    answer = demo_services.query.ask(SEARCH_EXAMPLE, tz="Europe/Zurich", limit=10)
    assert answer.total > 0 and not answer.understood.not_understood
    assert {e.kind for e in answer.events} == {EventKind.WEBINAR}
