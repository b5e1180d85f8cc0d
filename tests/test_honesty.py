"""Honest answers at the services layer: every word placed once, no events for help or for words of
which none was read, the one "I understood" renderer naming every filter in the asker's language."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from brs_coord.bot.search import Search
from brs_coord.clock import FixedClock
from brs_coord.services.describe import help_lines
from brs_coord.services.nonquestion import unread_script
from brs_coord.services.profile import Profile
from brs_coord.services.query import QueryService
from brs_coord.services.understanding import Place
from brs_coord.services.vocabulary import tokenize
from brs_coord.store import Store, open_store
from tests.questions import NOW
from tests.test_query_table import ROWS


@pytest.fixture(scope="module")
def query(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[QueryService]:
    path = tmp_path_factory.mktemp("honesty") / "demo.db"
    shutil.copyfile(demo_template, path)
    store: Store = open_store(path, FixedClock(NOW))
    yield QueryService(store)
    store.close()


def test_every_word_of_every_question_ends_in_exactly_one_place(query: QueryService) -> None:
    for case in ROWS:
        understood = query.parse(case.question, tz=case.tz, lang=case.lang)
        placed = Counter(word.lower() for word, _ in understood.words)
        written = Counter(token.text.lower() for token in tokenize(case.question))
        assert placed == written, case.question
        unknown = [word for word, place in understood.words if place is Place.UNKNOWN]
        assert list(dict.fromkeys(unknown)) == list(understood.not_understood), case.question


def test_stop_words_and_elisions_leave_the_period_to_answer(query: QueryService) -> None:
    answer = query.ask("Qu'est-ce qui est prévu entre le 15 et le 20 janvier ?", tz="Europe/Paris",
                       lang="fr", limit=100)
    assert answer.understood.text == "" and answer.total > 0
    first, after = datetime(2027, 1, 14, 23, tzinfo=UTC), datetime(2027, 1, 20, 23, tzinfo=UTC)
    assert all(event.ends_at > first and event.starts_at < after for event in answer.events)


@pytest.mark.parametrize("question", ["hello", "aide", "¿cómo me inscribo?", "🙂", "привет", "你好", "xyzzy"])
def test_help_and_unread_questions_get_no_events(query: QueryService, question: str) -> None:
    answer = query.ask(question)
    assert answer.events == () and answer.total == 0
    assert answer.to_json()["help"] is (question != "xyzzy")


def test_a_word_not_understood_is_said_beside_the_events(query: QueryService) -> None:
    answer = query.ask("plastic waste webinars")
    assert answer.total > 0 and answer.not_understood == ("plastic",)
    assert query.describe(answer.understood).splitlines()[1] == "Not understood: plastic"


def test_the_head_names_statuses_conventions_and_the_past_in_the_askers_language(
    query: QueryService,
) -> None:
    cancelled = query.parse("ateliers annulés de la Convention de Bâle", lang="fr")
    assert query.describe(cancelled, "fr").startswith("J'ai compris: ateliers · annulés · Convention de Bâle")
    past = query.parse("past webinars on mercury")
    assert query.describe(past) == "I understood: webinars · Mercury Wastes · past events"
    spanish = query.parse("seminarios web del convenio de Estocolmo", lang="es")
    assert "Convenio de Estocolmo" in query.describe(spanish, "es")


def test_a_personal_question_reads_the_profile_and_says_what_is_missing(query: QueryService) -> None:
    mine = Profile((("audiences", ("farmers",)), ("languages", ())))
    understood = query.parse("anything for me?", profile=mine)
    assert understood.audiences == ("farmers",) and understood.unset == ("languages",)
    assert query.describe(understood).splitlines() == [
        "I understood: for you · Farmers and agricultural workers · from now on",
        "Not set for you: your language",
    ]
    assert Profile.of(None).unset() == ("audiences", "countries", "languages")


def test_help_names_the_languages_read_in_the_askers_language() -> None:
    assert help_lines("es")[-1] == (
        "Leo preguntas en inglés, francés, español, árabe, chino y ruso."
    )
    assert unread_script("გამარჯობა") and unread_script("γεια") and not unread_script("webinars γεια")
    assert not unread_script("سلام") and not unread_script("你好") and not unread_script("привет")


def test_a_suggestion_replaces_only_its_word() -> None:
    search = Search(question="webinars Rotterdm rotterdmx", kind="webinar")
    assert search.with_word("Rotterdm", "Rotterdam").question == "webinars Rotterdam rotterdmx"
    assert search.with_word("rotterdm", "Rotterdam").choices() == {"kinds": ("webinar",)}


def test_this_week_nearly_over_offers_next_week_on_every_face(query: QueryService) -> None:
    clock = query._store.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime(2026, 11, 22, 19, 0, tzinfo=UTC))  # Sunday 20:00 in Paris
    try:
        late = query.parse("webinars this week", tz="Europe/Paris")
        assert late.offer is not None and late.offer.phrase == "next week"
        assert late.alternatives[-1] == ("this week", "next week")
        assert query.describe(late).splitlines()[1] == (
            "Less than a day of it is left — ask for next week (23 Nov – 29 Nov)?"
        )
        offer = query.ask("webinars this week", tz="Europe/Paris").to_json()["offer"]
        assert offer == {"phrase": "next week", "from": "2026-11-22T23:00:00Z", "to": "2026-11-29T23:00:00Z"}
        french = query.parse("webinaires cette semaine", tz="Europe/Paris", lang="fr")
        assert french.alternatives[-1] == ("cette semaine", "la semaine prochaine")
    finally:
        clock.set(NOW)
    early = query.parse("webinars this week", tz="Europe/Paris")  # Saturday morning: two days left
    assert early.offer is None and early.alternatives == ()
