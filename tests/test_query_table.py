"""Every row of the question table (tests/questions/) read as a person would expect it."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from brs_coord.clock import FixedClock
from brs_coord.facets import FIELDS
from brs_coord.services.profile import Profile
from brs_coord.services.query import QueryService
from brs_coord.store import Store, open_store
from tests import questions
from tests.questions import NOW, Row


def _all_rows() -> list[Row]:
    """The rows of every module of tests/questions, module by module."""
    rows: list[Row] = []
    for module in sorted(pkgutil.iter_modules(questions.__path__), key=lambda m: m.name):
        rows.extend(importlib.import_module(f"tests.questions.{module.name}").ROWS)
    return rows


ROWS = _all_rows()


def local_midnight_utc(day: str | None, tz: str) -> str | None:
    if day is None:
        return None
    local = datetime.combine(date.fromisoformat(day), time(), tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expected_json(case: Row) -> dict[str, Any]:
    expected: dict[str, Any] = {name: case.facets.get(name, []) for name in FIELDS}
    expected["country"] = (case.facets.get("countries") or [None])[0]
    is_past = case.past
    if case.days is not None:
        start, end = (local_midnight_utc(day, case.tz) for day in case.days)
        is_past = is_past or (end is not None and end <= case.now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    elif case.past:
        start, end = None, case.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        start, end = case.now.strftime("%Y-%m-%dT%H:%M:%SZ"), None
    expected.update({"past": is_past, "from": start, "to": end, "text": case.text})
    return expected


@pytest.fixture(scope="module")
def table_store(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("query-table") / "demo.db"
    shutil.copyfile(demo_template, path)
    store = open_store(path, FixedClock(NOW))
    yield store
    store.close()


@pytest.fixture(scope="module")
def table_service(table_store: Store) -> QueryService:
    return QueryService(table_store)


def test_the_table_is_large_and_in_three_languages() -> None:
    assert len(ROWS) >= 80
    assert any(r.lang == "fr" for r in ROWS) and any(r.lang == "es" for r in ROWS)


@pytest.mark.parametrize("case", ROWS, ids=[f"{i:03}-{r.question[:40]}" for i, r in enumerate(ROWS)])
def test_question(case: Row, table_store: Store, table_service: QueryService) -> None:
    assert isinstance(table_store.clock, FixedClock)
    table_store.clock.set(case.now)
    profile = Profile(case.profile) if case.profile is not None else None
    understood = table_service.parse(case.question, tz=case.tz, lang=case.lang, profile=profile)
    got = understood.to_json()
    got["kinds"], got["languages"] = sorted(got["kinds"]), got["languages"]
    expected = expected_json(case)
    expected["kinds"] = sorted(expected["kinds"])
    for name in ("programmes", "audiences", "regions", "conventions", "countries", "cities"):
        got[name], expected[name] = sorted(got[name]), sorted(expected[name])
    assert got == expected
    assert list(understood.not_understood) == list(case.unknown)
    assert set(case.suggestions) <= set(understood.suggestions)
    assert understood.help is case.help
    assert understood.answerable is (case.answerable and not case.help)
    assert (understood.corrections, understood.personal) == (case.corrections, case.personal)
    placed = dict(understood.words)
    assert {word: placed.get(word) for word in case.places} == case.places
    assert all(place is not None for _, place in understood.words)
