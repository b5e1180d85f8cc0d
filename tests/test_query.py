"""The query service on a real store: results, paging, statuses, past, leftovers, refresh, describe."""

from __future__ import annotations

from datetime import timedelta

import pytest

from brs_coord.domain import EventKind, Programme, Status
from brs_coord.errors import InvalidInput
from brs_coord.services import Services
from tests.conftest import NOW, make_event


def add(services: Services, **overrides: object):  # type: ignore[no-untyped-def]
    return services.store.events.create(make_event(**overrides), "tester").event


def test_answers_soonest_first_with_paging_and_total(services: Services) -> None:
    for day in (5, 1, 3, 2, 4):
        add(services, title=f"Webinar day {day}", starts_at=NOW + timedelta(days=day))
    first = services.query.ask("webinars", limit=2)
    assert [e.title for e in first.events] == ["Webinar day 1", "Webinar day 2"]
    assert first.total == 5
    second = services.query.ask("webinars", limit=2, offset=4)
    assert [e.title for e in second.events] == ["Webinar day 5"] and second.total == 5


def test_drafts_never_cancelled_and_postponed_included(services: Services) -> None:
    add(services, title="Draft webinar", status=Status.DRAFT)
    add(services, title="Cancelled webinar", status=Status.CANCELLED)
    add(services, title="Postponed webinar", status=Status.POSTPONED)
    answer = services.query.ask("webinars", limit=10)
    assert {e.title for e in answer.events} == {"Cancelled webinar", "Postponed webinar"}
    assert [e.title for e in services.query.ask("cancelled").events] == ["Cancelled webinar"]


def test_ended_events_only_when_the_past_is_asked_for(services: Services) -> None:
    add(services, title="Old one", starts_at=NOW - timedelta(days=20))
    add(services, title="Older one", starts_at=NOW - timedelta(days=40))
    add(services, title="Running now", starts_at=NOW - timedelta(hours=1))
    add(services, title="Future one")
    upcoming = services.query.ask("webinars", limit=10)
    assert [e.title for e in upcoming.events] == ["Running now", "Future one"]
    past = services.query.ask("past webinars", limit=10)
    assert [e.title for e in past.events][:2] == ["Old one", "Older one"]  # most recent first
    assert "Running now" not in {e.title for e in past.events}
    last_month = services.query.ask("webinars last month", limit=10)
    assert [e.title for e in last_month.events] == ["Older one"]


def test_a_word_that_matches_nothing_does_not_empty_the_answer(services: Services) -> None:
    add(services, title="Webinar on e-waste inventories", programme="e-waste")
    answer = services.query.ask("webinars on e-wast")
    assert answer.not_understood == ("e-wast",)
    assert "E-waste" in answer.suggestions
    assert answer.total == 1
    assert services.query.ask("Rotterdm").suggestions[0] == "Rotterdam"


def test_leftover_words_go_to_full_text_search(services: Services) -> None:
    add(services, title="Webinar on inventories", description="Counting stockpiles.")
    add(services, title="Webinar on labelling", description="Labels.")
    answer = services.query.ask("webinars about inventories")
    assert answer.understood.text == "inventories"
    assert [e.title for e in answer.events] == ["Webinar on inventories"]


def test_facets_filter_the_events(services: Services) -> None:
    add(services, title="African e-waste workshop", kind=EventKind.WORKSHOP, programme="e-waste",
        regions=("africa",), audiences=("customs-officers",), languages=("fr",),
        location="Nairobi, Kenya", country="KE", city="nairobi")
    add(services, title="Asian e-waste workshop", kind=EventKind.WORKSHOP, programme="e-waste",
        regions=("asia-pacific",), languages=("en",))
    assert [e.title for e in services.query.ask("ateliers au Kenya").events] == [
        "African e-waste workshop"
    ]
    assert [e.title for e in services.query.ask("ateliers en Afrique").events] == ["African e-waste workshop"]
    assert services.query.ask("ateliers au Sénégal").events == ()
    assert services.query.ask("e-waste workshops in French").total == 1
    assert services.query.ask("talleres para aduanas").total == 1
    assert services.query.ask("workshops in Asia").events[0].title == "Asian e-waste workshop"


def test_vocabulary_follows_the_catalogue(services: Services) -> None:
    assert services.query.parse("plastics").programmes == ()
    services.store.catalogue.save_programme(
        Programme(id=0, slug="plastic-waste", name="Plastic Waste",
                  aliases={"en": ["plastics"], "fr": ["déchets plastiques"], "es": ["plásticos"]}),
        "tester",
    )
    assert services.query.parse("plastics").programmes == ("plastic-waste",)
    assert services.query.parse("déchets plastiques").programmes == ("plastic-waste",)


def test_json_shape(services: Services) -> None:
    add(services, online_url="https://meet.example.org/secret",
        registration_url="https://example.org/register")
    data = services.query.ask("webinars").to_json()
    assert set(data) == {
        "understood", "not_understood", "suggestions", "events", "total", "total_exact",
        "help", "personal", "unset", "corrections", "words", "also_open", "offer", "title_phrases",
        "uids", "ongoing",
    }
    for key in ("kinds", "programmes", "audiences", "regions", "conventions", "languages", "from",
                "to", "text"):
        assert key in data["understood"]
    event = data["events"][0]
    assert set(event) >= {"uid", "title", "kind", "status", "start", "end", "timezone", "programme",
                          "audiences", "regions", "conventions", "languages", "url"}
    assert event["url"] == "https://example.org/register"
    assert "secret" not in str(data)
    assert event["start"].endswith("Z")


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("en", "webinars on e-waste next month",
         "I understood: webinars · E-waste · next month (1 Dec – 31 Dec)"),
        ("fr", "ateliers en Afrique", "J'ai compris: ateliers · Afrique · à partir de maintenant"),
        ("es", "talleres en África la próxima semana",
         "Entendí: talleres · África · la próxima semana (23 nov – 29 nov)"),
    ],
)
def test_describe(services: Services, lang: str, question: str, expected: str) -> None:
    understood = services.query.parse(question, tz="Europe/Paris", lang=lang)
    assert services.query.describe(understood, lang) == expected


def test_unknown_time_zone_is_a_clear_error(services: Services) -> None:
    with pytest.raises(InvalidInput):
        services.query.ask("webinars", tz="Mars/Olympus")


@pytest.mark.parametrize(
    "question",
    ["", " ", '"', "*", "NEAR(", 'webinar" OR 1=1; DROP TABLE events; --', "a" * 10_000,
     "🎉🎉 webinars 🎉", "\x00\x01\x1b[31m webinars", "\ud800", "e-waste* NOT^ ((", "x " * 5000],
)
def test_hostile_questions_never_raise(demo_services: Services, question: str) -> None:
    answer = demo_services.query.ask(question)
    assert answer.total >= len(answer.events)


def test_long_running_events_come_first_and_paging_crosses_them(services: Services) -> None:
    add(services, title="Course begun a month ago", kind=EventKind.E_LEARNING,
        starts_at=NOW - timedelta(days=30), ends_at=NOW + timedelta(days=30))
    add(services, title="Course begun a year ago", kind=EventKind.E_LEARNING,
        starts_at=NOW - timedelta(days=300), ends_at=NOW + timedelta(days=60))
    add(services, title="Course that ended", kind=EventKind.E_LEARNING,
        starts_at=NOW - timedelta(days=60), ends_at=NOW - timedelta(days=1))
    add(services, title="Webinar running", starts_at=NOW - timedelta(hours=1))
    add(services, title="Webinar soon", starts_at=NOW + timedelta(days=2))
    expected = ["Course begun a year ago", "Course begun a month ago", "Webinar running", "Webinar soon"]
    pages = [services.query.ask("webinars and e-learning", limit=1, offset=n) for n in range(5)]
    assert [e.title for page in pages for e in page.events] == expected
    assert {page.total for page in pages} == {4}
    in_december = services.query.ask("e-learning in December")
    assert [e.title for e in in_december.events] == ["Course begun a year ago", "Course begun a month ago"]


def test_a_large_answer_is_counted_up_to_the_cap(services: Services, monkeypatch) -> None:
    from brs_coord.services import query as query_module

    monkeypatch.setattr(query_module, "TOTAL_CAP", 3)
    for day in range(6):
        services.scheduling.create(make_event(title=f"Capped webinar {day}",
                                              starts_at=NOW + timedelta(days=day + 1)))
    answer = services.query.ask("webinars", limit=2)
    assert (answer.total, answer.total_exact, answer.total_text) == (3, False, "3+")
    assert len(answer.events) == 2
    small = services.query.ask("webinars", limit=10)
    assert small.total == 6 and small.total_exact


def test_with_facets_replaces_only_the_named_facets() -> None:
    from brs_coord.domain import EventQuery

    query = EventQuery(kinds=("webinar",), regions=("africa",), text="waste")
    changed = query.with_facets({"regions": ("asia-pacific",), "languages": ("fr",)})
    assert (changed.kinds, changed.regions, changed.languages, changed.text) == (
        ("webinar",), ("asia-pacific",), ("fr",), "waste"
    )
    with pytest.raises(ValueError):
        query.with_facets({"colour": ("red",)})
