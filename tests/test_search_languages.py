"""Full-text search in Chinese, Arabic and Russian (issue 15): a word finds events whose text holds
another form of it (a Chinese word inside a longer run of characters, an Arabic word with its
article or other letter variants, a Russian word in another case), and not unrelated events."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.services import Services
from brs_coord.store import open_store
from brs_coord.store.db import connect
from brs_coord.store.migrations import migrations
from brs_coord.word_forms import arabic_form, search_forms, spaced_han, word_form
from tests.conftest import NOW, make_event

EVENTS = {
    "zh": ("面向海关官员的电子废物管理培训", "介绍废弃电器电子产品的越境转移。"),
    "ar": ("ورشة عمل حول إدارة النفايات الإلكترونية", "للموظفين في الموانئ والجمارك."),
    "ru": ("Семинар по обращению с отходами", "Для сотрудников таможни и портовых властей."),
    "en": ("Webinar on used oils", "Re-refining and collection."),
}


@pytest.fixture
def titled(services: Services) -> dict[str, int]:
    """One event per language, by language: its id."""
    return {
        lang: services.store.events.create(
            make_event(title=title, description=description), "tester"
        ).event.id
        for lang, (title, description) in EVENTS.items()
    }


def _found(services: Services, text: str) -> set[str]:
    titles = {event.title for event in services.store.events.search(text, NOW, limit=50)}
    return {lang for lang, (title, _) in EVENTS.items() if title in titles}


@pytest.mark.parametrize(
    ("word", "lang"),
    [
        # Chinese: a word inside a longer run of characters (unicode61 sees one token there)
        ("海关", "zh"), ("电子废物", "zh"), ("官员", "zh"), ("越境转移", "zh"),
        # Arabic: without the article, without hamza, ة written ه, with a conjunction
        ("نفايات", "ar"), ("النفايات", "ar"), ("الالكترونيه", "ar"), ("والنفايات", "ar"),
        ("جمارك", "ar"), ("إدارة", "ar"),
        # Russian: other cases of the same word
        ("отходы", "ru"), ("отходов", "ru"), ("отходам", "ru"), ("таможня", "ru"), ("семинары", "ru"),
    ],
)
def test_a_word_finds_the_event_holding_another_form_of_it(
    services: Services, titled: dict[str, int], word: str, lang: str
) -> None:
    assert _found(services, word) == {lang}
    assert services.store.events.has_text(word, prefix=False)


@pytest.mark.parametrize("word", ["海洋", "关海", "نفط", "ртуть", "oils refining waste"])
def test_unrelated_words_find_nothing_of_them(
    services: Services, titled: dict[str, int], word: str
) -> None:
    assert not _found(services, word) - {"en"}


def test_latin_text_keeps_no_search_forms_and_is_found_as_before(
    services: Services, titled: dict[str, int]
) -> None:
    assert search_forms("Webinar on used oils", "Re-refining and collection.") == ""
    assert _found(services, "oils") == {"en"} and _found(services, "refining") == {"en"}


def test_search_forms_follow_an_edit(services: Services, titled: dict[str, int]) -> None:
    event = services.store.events.get(titled["ru"])
    data = make_event(title="Вебинар о ртути", description="")
    services.store.events.update(event.id, data, expected_version=event.version, by="tester")
    assert _found(services, "отходы") == set()
    assert [found.title for found in services.store.events.search("ртуть", NOW)] == ["Вебинар о ртути"]


def test_word_forms() -> None:
    assert arabic_form("النفايات") == arabic_form("نفايات") == "نفايات"
    assert arabic_form("للجمارك") == arabic_form("الجمارك") == "جمارك"
    assert word_form("الإلكترونيّة") == word_form("الالكترونيه")
    assert word_form("отходы") == word_form("отходам") == word_form("отходов")
    assert word_form("Роттердамской") == word_form("Роттердамская")
    assert spaced_han("下周的网络研讨会").split() == list("下周的网络研讨会")
    assert word_form("déchets") == "dechets"


def test_a_question_in_chinese_searches_a_word_no_filter_names(
    services: Services, titled: dict[str, int]
) -> None:
    answer = services.query.ask("越境转移的网络研讨会", lang="zh")
    assert answer.understood.kinds == ("webinar",)
    assert answer.understood.text == "越境转移"
    assert [event.title for event in answer.events] == [EVENTS["zh"][0]]


def test_the_migration_indexes_the_search_forms_of_existing_events(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    old = connect(path)
    migrations.apply(old, stop_before="m011_search_forms")
    for uid, title in (("a", "Семинар по отходам"), ("b", "海关官员培训"), ("c", "Used oils")):
        old.execute(
            "INSERT INTO events (uid, kind, title, starts_at, ends_at, timezone, created_at,"
            " created_by, updated_at, updated_by) VALUES (?, 'workshop', ?, '2027-01-01T09:00:00Z',"
            " '2027-01-01T17:00:00Z', 'UTC', '2026-11-01T09:00:00Z', 't', '2026-11-01T09:00:00Z', 't')",
            [uid, title],
        )
    old.conn.close()
    store = open_store(path, FixedClock(NOW))
    try:
        found = {word: {event.uid for event in store.events.search(word, NOW)}
                 for word in ("отходы", "海关", "oils")}  # fmt: skip
        assert found == {"отходы": {"a"}, "海关": {"b"}, "oils": {"c"}}
        forms = dict(store.session.db.conn.execute("SELECT uid, search_forms FROM events"))
        assert forms["c"] == "" and forms["b"] == "海 关 官 员 培 训"
    finally:
        store.close()
