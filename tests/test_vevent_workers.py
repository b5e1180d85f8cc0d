"""VEVENTs built by worker processes (vevent_pool): the export they make is the export one process
makes, byte for byte, and the cache they fill is the one it fills; workers are used only for many
events, on more than one core, from a process running no other thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from brs_coord.services import Services, feed_vevents, vevent_pool


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _cache(services: Services) -> list[tuple[object, ...]]:
    conn = services.store.session.db.conn
    return conn.execute("SELECT event_id, variant, version, updated_at, vevent FROM event_ics_cache"
                        " ORDER BY event_id, variant").fetchall()


def test_workers_write_the_export_one_process_writes(
    demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_services.feeds.export(tmp_path / "one")
    alone, alone_cache = _files(tmp_path / "one"), _cache(demo_services)
    conn = demo_services.store.session.db.conn
    conn.execute("DELETE FROM event_ics_cache")
    calls: list[int] = []
    real = vevent_pool.build_in_workers

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(feed_vevents, "usable", lambda count: count > 0)
    monkeypatch.setattr(feed_vevents, "build_in_workers", counted)
    monkeypatch.setattr(feed_vevents, "_BUILD_BATCH", 7)  # many chunks, more than the workers take at once
    fresh = type(demo_services.feeds)(demo_services.store, demo_services.feeds._clock, demo_services.settings)
    fresh.export(tmp_path / "workers")
    assert calls, "the workers were not used"
    assert _files(tmp_path / "workers") == alone
    assert _cache(demo_services) == alone_cache


def test_workers_only_for_many_events_and_no_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vevent_pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert vevent_pool.usable(vevent_pool.PARALLEL_MIN)
    assert not vevent_pool.usable(vevent_pool.PARALLEL_MIN - 1)
    monkeypatch.setattr(vevent_pool.os, "cpu_count", lambda: 1)
    assert not vevent_pool.usable(vevent_pool.PARALLEL_MIN)
    monkeypatch.setattr(vevent_pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # a server's or a TUI's threads
    assert not vevent_pool.usable(vevent_pool.PARALLEL_MIN)


def test_chunks_are_built_here_when_the_workers_cannot_start(
    demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_services.feeds.export(tmp_path / "one")
    alone = _files(tmp_path / "one")
    demo_services.store.session.db.conn.execute("DELETE FROM event_ics_cache")

    class NoFork:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("fork: Resource temporarily unavailable")

    monkeypatch.setattr(vevent_pool, "ProcessPoolExecutor", NoFork)
    monkeypatch.setattr(feed_vevents, "usable", lambda count: count > 0)
    fresh = type(demo_services.feeds)(demo_services.store, demo_services.feeds._clock, demo_services.settings)
    fresh.export(tmp_path / "here")
    assert _files(tmp_path / "here") == alone
