"""Property-based tests of the query service: no question raises, and a range never runs backwards."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brs_coord.clock import FixedClock
from brs_coord.services.query import QueryService
from brs_coord.store import Store, open_store

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
WORDS = [
    "webinars", "ateliers", "talleres", "e-waste", "mercurio", "next", "week", "month", "in",
    "December", "mars", "el", "próximo", "lunes", "between", "3", "and", "10", "March", "before",
    "the", "end", "of", "year", "past", "cancelled", "Kenya", "BC/RC/SC", '"', "*", "NEAR(",
    "2027", "31/02", "from", "to", "until", "today", "demain", "mañana", "la", "semaine",
    "prochaine", "focal", "points", "DNAs", "🎉", "\x00", "'", "-", "AND", "OR", "NOT",
]
ZONES = ["UTC", "Europe/Paris", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kathmandu"]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Known answers, tried first as explicit examples: a parser that finds no range fails on them.
RANGES = {
    ("webinars next month", "Europe/Paris", "en"):
        (datetime(2026, 11, 30, 23, 0, tzinfo=UTC), datetime(2026, 12, 31, 23, 0, tzinfo=UTC)),
    ("ateliers la semaine prochaine", "UTC", "fr"):
        (datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)),
    ("talleres el próximo mes", "America/Los_Angeles", "es"):
        (datetime(2026, 12, 1, 8, 0, tzinfo=UTC), datetime(2027, 1, 1, 8, 0, tzinfo=UTC)),
}  # fmt: skip


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[QueryService]:
    path = tmp_path_factory.mktemp("query-properties") / "demo.db"
    shutil.copyfile(demo_template, path)
    store: Store = open_store(path, FixedClock(NOW))
    yield QueryService(store)
    store.close()


@FAST
@given(question=st.text(max_size=300))
def test_any_text_is_answered(service: QueryService, question: str) -> None:
    answer = service.ask(question, limit=3)
    assert answer.total >= len(answer.events)


@FAST
@example(question="webinars next month", zone="Europe/Paris", lang="en")
@example(question="ateliers la semaine prochaine", zone="UTC", lang="fr")
@example(question="talleres el próximo mes", zone="America/Los_Angeles", lang="es")
@given(
    question=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    zone=st.sampled_from(ZONES),
    lang=st.sampled_from([None, "en", "fr", "es"]),
)
def test_question_like_text_gives_ordered_ranges(
    service: QueryService, question: str, zone: str, lang: str | None
) -> None:
    understood = service.parse(question, tz=zone, lang=lang)
    expected = RANGES.get((question, zone, lang))
    if expected is not None:
        assert (understood.start, understood.end) == expected
        assert (understood.to_json()["from"], understood.to_json()["to"]) == tuple(
            bound.strftime("%Y-%m-%dT%H:%M:%SZ") for bound in expected
        )
    if understood.start is not None and understood.end is not None:
        assert understood.start <= understood.end
    data = understood.to_json()
    if data["from"] and data["to"]:
        assert data["from"] <= data["to"]
    service.ask(question, tz=zone, lang=lang, limit=2)
