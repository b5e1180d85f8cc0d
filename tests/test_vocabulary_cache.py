"""The question vocabulary stored beside its catalogue (services/vocabulary_cache.py): read back equal
to a built one, keyed by the catalogue version and the build's fingerprint, written best effort."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from brs_coord.domain import Programme
from brs_coord.services import Services
from brs_coord.services import vocabulary_cache as cache
from brs_coord.services.query import QueryService
from brs_coord.services.vocabulary import Vocabulary
from brs_coord.store import Store
from brs_coord.store.db import BUSY_TIMEOUT_S
from tests.conftest import make_event


def _stored(store: Store) -> tuple[str, int, str] | None:
    row = store.session.db.conn.execute(
        "SELECT fingerprint, catalogue, body FROM vocabulary_cache WHERE id = 1"
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def _no_build(store: Store) -> Vocabulary:
    raise AssertionError("built, though the stored vocabulary was current")


def test_a_stored_vocabulary_reads_back_equal_to_a_built_one(demo_services: Services) -> None:
    store = demo_services.store
    version = store.catalogue.catalogue_version()
    built = cache.build(store)
    assert built.deferred and built.deferred_stops and not built.loaded  # ar, zh, ru: on first use
    assert cache.load(store, version) == built  # built now and stored
    assert _stored(store) is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "build", _no_build)
        loaded = cache.load(store, version)
    assert loaded == built and loaded is not built
    assert cache.decode(cache.encode(built)) == built
    # a script loaded (Cyrillic) beside two still deferred: every field is filled, so equality
    # tests each one, and the stored phrases of a deferred script load as the built ones do
    partly = cache.build(store)
    assert partly.load_scripts("отходы")
    for field in dataclasses.fields(Vocabulary):
        assert getattr(partly, field.name), field.name
    assert cache.decode(cache.encode(partly)) == partly
    assert loaded.load_scripts("отходы") and loaded == partly
    assert loaded.load_scripts("海关 النفايات") and partly.load_scripts("海关 النفايات") and loaded == partly
    assert not loaded.deferred and not loaded.deferred_stops


def test_a_question_reads_the_stored_vocabulary(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = demo_services.query.ask("ateliers au Sénégal en mars").understood
    monkeypatch.setattr(cache, "build", _no_build)
    fresh = QueryService(demo_services.store)  # as a new process: nothing in memory
    understanding = fresh.ask("ateliers au Sénégal en mars").understood
    assert understanding.kinds == expected.kinds == ("workshop",)
    assert understanding.countries == expected.countries == ("SN",)


def test_a_catalogue_change_is_read_from_a_new_build(demo_services: Services) -> None:
    store = demo_services.store
    before = store.catalogue.catalogue_version()
    cache.load(store, before)
    programme = store.catalogue.programmes()[0]
    renamed = replace(programme, aliases={**programme.aliases, "en": ["zebrafish survey"]})
    demo_services.catalogue.save_programme(renamed)
    after = store.catalogue.catalogue_version()
    assert after > before
    assert store.vocabulary_cache.read(cache.fingerprint(), after) is None  # the stored one is stale
    answer = QueryService(store).ask("zebrafish survey")
    assert answer.understood.programmes == (programme.slug,)
    stored = _stored(store)
    assert stored is not None and stored[1] == after


def test_a_restored_backup_brings_its_own_vocabulary(demo_services: Services, tmp_path: Path) -> None:
    """A backup holds an older catalogue, with a lower version: a running service reads it again."""
    store, query = demo_services.store, demo_services.query
    store.backup(tmp_path / "before.db")
    programme = store.catalogue.programmes()[0]
    demo_services.catalogue.save_programme(
        replace(programme, aliases={**programme.aliases, "en": ["zebrafish survey"]})
    )
    assert query.ask("zebrafish survey").understood.programmes == (programme.slug,)
    store.restore(tmp_path / "before.db")
    assert query.ask("zebrafish survey").understood.programmes == ()


def test_events_do_not_change_the_catalogue_version(demo_services: Services) -> None:
    store = demo_services.store
    catalogue, counter = store.catalogue.catalogue_version(), store.catalogue.change_counter()
    store.events.create(make_event(title="Webinar on mercury"), "tester")
    assert store.catalogue.change_counter() > counter
    assert store.catalogue.catalogue_version() == catalogue


VOCABULARY_TABLES = ("conventions", "regions", "countries", "audiences", "programmes", "cities")


@pytest.mark.parametrize("table", VOCABULARY_TABLES)
def test_every_table_the_vocabulary_reads_raises_the_catalogue_version(
    demo_services: Services, table: str
) -> None:
    db = demo_services.store.session.db
    before = demo_services.store.catalogue.catalogue_version()
    db.execute(f"UPDATE {table} SET name = name WHERE id = (SELECT min(id) FROM {table})")
    assert demo_services.store.catalogue.catalogue_version() == before + 1


def test_another_build_does_not_read_it(demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    store = demo_services.store
    version = store.catalogue.catalogue_version()
    cache.load(store, version)
    monkeypatch.setattr(cache, "fingerprint", lambda: "1:another-build")
    assert store.vocabulary_cache.read("1:another-build", version) is None
    cache.load(store, version)
    stored = _stored(store)
    assert stored is not None and stored[0] == "1:another-build"


def test_a_field_the_codec_cannot_write_still_answers(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field added to Vocabulary of a type json_codec does not know: questions are answered (built
    each time), and the round-trip test above fails, saying which type."""
    def unwritable(vocabulary: Vocabulary) -> str:
        raise TypeError("no JSON codec for <class 're.Pattern'>")

    monkeypatch.setattr(cache, "encode", unwritable)
    assert QueryService(demo_services.store).ask("webinars").understood.kinds == ("webinar",)
    assert _stored(demo_services.store) is None


def test_a_save_for_a_version_already_past_writes_nothing(demo_services: Services) -> None:
    store = demo_services.store
    version = store.catalogue.catalogue_version()
    assert not store.vocabulary_cache.save(cache.fingerprint(), version - 1, "{}")
    assert store.vocabulary_cache.save(cache.fingerprint(), version, "{}")
    assert _stored(store) == (cache.fingerprint(), version, "{}")


@pytest.mark.parametrize("body", [
    "not json", "[]", '{"entries": []}', "[" * 100_000,
    '{"entries": [[["webinar"]], [[["kind", "webinar", "webinar", "no"]]]]}',
], ids=["not-json", "a-list", "fields-missing", "too-deep", "a-wrong-type"])
def test_a_damaged_stored_vocabulary_is_built_again(demo_services: Services, body: str) -> None:
    store = demo_services.store
    version = store.catalogue.catalogue_version()
    good = cache.encode(cache.build(store))
    if body.startswith('{"entries": [[['):  # every field present, one value of the wrong type
        fields = cache.json.loads(good)
        fields["entries"] = cache.json.loads(body)["entries"]
        body = cache.json.dumps(fields)
    assert store.vocabulary_cache.save(cache.fingerprint(), version, body)
    assert QueryService(store).ask("webinars").understood.kinds == ("webinar",)
    stored = _stored(store)
    assert stored is not None and cache.decode(stored[2]) == cache.decode(good)  # and stored again


def test_a_read_only_database_answers_and_stores_nothing(demo_services: Services) -> None:
    store = demo_services.store
    store.session.db.execute("PRAGMA query_only = ON")
    answer = QueryService(store).ask("webinars")
    assert answer.understood.kinds == ("webinar",) and answer.total > 0
    store.session.db.execute("PRAGMA query_only = OFF")
    assert _stored(store) is None


def test_a_locked_database_answers_at_once_and_stores_nothing(demo_services: Services) -> None:
    store = demo_services.store
    other = sqlite3.connect(store.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        started = time.monotonic()
        answer = QueryService(store).ask("webinars")
        waited = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
    assert answer.understood.kinds == ("webinar",) and waited < BUSY_TIMEOUT_S / 3
    assert _stored(store) is None
    timeout = store.session.db.conn.execute("PRAGMA busy_timeout").fetchone()[0]
    assert timeout == int(BUSY_TIMEOUT_S * 1000)  # the store's usual patience is back


def test_an_open_transaction_is_not_joined(demo_services: Services) -> None:
    store = demo_services.store
    with store.transaction():
        store.catalogue.save_programme(
            Programme(0, "zz-test", "Zebrafish survey programme", "", "", ""), "tester"
        )
        answer = QueryService(store).ask("zebrafish survey programme")
        assert answer.understood.programmes == ("zz-test",)
    assert _stored(store) is None
