"""Hardening, round two (issue 22): backups of a damaged database, feeds of words that match nothing,
the database file replaced under a running process, untrusted text in CSV cells."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from brs_coord.errors import StoreError
from brs_coord.services import Services
from brs_coord.store.maintenance import integrity

pytestmark = pytest.mark.hardening


def _damage(path: Path) -> None:
    """Garbage in the middle of an index page: the file opens, its integrity check fails."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", ["events_kind_page"]
        ).fetchone()[0]
        conn.execute("PRAGMA journal_mode = DELETE")
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 12)  # after the page header: cell pointers and cells
        handle.write((bytes(range(7, 256)) * 64)[: page_size - 12])
    assert integrity(path) != "ok"


def test_backup_of_a_damaged_database_keeps_the_good_backup(
    tmp_path: Path, demo_services: Services
) -> None:
    good = tmp_path / "good.db"
    demo_services.store.backup(good)
    assert integrity(good) == "ok"
    before = good.read_bytes()
    demo_services.close()
    _damage(demo_services.store.path)
    from brs_coord.services import build_services

    damaged = build_services(demo_services.settings, demo_services.clock)
    try:
        with pytest.raises(StoreError, match=r"Not backed up: the database .* is damaged .*left as it was"):
            damaged.store.backup(good)
    finally:
        damaged.close()
    assert good.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_damaged_file_is_described_in_a_few_problems(tmp_path: Path, demo_services: Services) -> None:
    copy = tmp_path / "copy.db"
    demo_services.store.backup(copy)
    _damage(copy)
    verdict = integrity(copy)
    assert "\n" not in verdict and verdict.count("; ") <= 3


def _calendar(document: bytes) -> tuple[str, int]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(document)
    return str(calendar["X-WR-CALNAME"]), len(calendar.walk("VEVENT"))


def test_a_question_of_words_that_match_nothing_is_an_empty_feed(demo_services: Services) -> None:
    feeds = demo_services.feeds
    everything = _calendar(feeds.filtered({}).body)[1]
    assert everything > 50
    name, count = _calendar(feeds.filtered({"q": "plastic"}).body)
    assert count == 0 and "nothing matches" in name and "plastic" in name
    assert _calendar(feeds.filtered({"q": "hello"}).body)[1] == 0  # help, not a question about events


def test_words_not_understood_beside_words_read_are_named(demo_services: Services) -> None:
    feeds = demo_services.feeds
    webinars = _calendar(feeds.filtered({"kind": "webinar"}).body)[1]
    name, count = _calendar(feeds.filtered({"q": "webinars plastic"}).body)
    assert 0 < count == webinars and "not understood: plastic" in name
