"""The feed service's memory of its last build: a long-lived service (warm) gives the same bytes and
ETags as a fresh one (cold) after edits, moves between feeds, cancellations, deletions, renames and
time passing (the 90-day window edge, the 14-day cancellation grace), forwards and back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.domain import EventKind, Status
from brs_coord.services import Services
from brs_coord.services.feeds import FeedService
from tests.conftest import NOW, make_event


def cold(services: Services, clock: FixedClock) -> FeedService:
    return FeedService(services.store, clock, services.settings)


def assert_same_as_cold(services: Services, clock: FixedClock, tmp_path: Path, step: str) -> None:
    warm_docs = services.feeds.build_all()
    cold_docs = cold(services, clock).build_all()
    assert [(d.name, d.etag, d.count, d.updated) for d in warm_docs] == [
        (d.name, d.etag, d.count, d.updated) for d in cold_docs
    ], step
    assert [d.body for d in warm_docs] == [d.body for d in cold_docs], step
    warm_dir, cold_dir = tmp_path / "warm", tmp_path / f"cold-{step}"
    services.feeds.export(warm_dir)
    cold(services, clock).export(cold_dir)
    warm_files = {p.name: p.read_bytes() for p in warm_dir.iterdir() if not p.name.startswith(".")}
    cold_files = {p.name: p.read_bytes() for p in cold_dir.iterdir() if not p.name.startswith(".")}
    assert warm_files == cold_files, step
    assert services.feeds.feed("all").body == warm_files["all.ics"], step


def test_warm_builds_equal_cold_builds_after_changes_and_time(
    demo_services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    services = demo_services
    scheduling = services.scheduling
    assert_same_as_cold(services, clock, tmp_path, "start")
    assert services.feeds._memory is not None  # the warm service remembers

    soon = scheduling.create(make_event(
        title="Soon", starts_at=NOW + timedelta(days=3), ends_at=NOW + timedelta(days=4)
    )).event
    ending = scheduling.create(make_event(
        title="Leaves the window in six hours", starts_at=NOW - timedelta(days=89, hours=20),
        ends_at=NOW - timedelta(days=89, hours=18),
    )).event
    doomed = scheduling.create(make_event(title="Doomed")).event
    draft = scheduling.create(make_event(title="Draft", status=Status.DRAFT)).event
    scrap = scheduling.create(make_event(title="Scrap", status=Status.DRAFT)).event
    steps: list[tuple[str, Callable[[], object]]] = [
        ("edit", lambda: scheduling.update(
            soon.id, replace(soon.data(), title="Soon, renamed"), expected_version=1)),
        ("move between feeds", lambda: scheduling.update(
            soon.id, replace(scheduling.get(soon.id).data(), kind=EventKind.WORKSHOP,
                             audiences=("customs-officers",)), expected_version=2)),
        ("reschedule", lambda: scheduling.update(
            soon.id, replace(scheduling.get(soon.id).data(), starts_at=NOW + timedelta(days=40),
                             ends_at=NOW + timedelta(days=41)), expected_version=3)),
        ("cancel", lambda: scheduling.cancel(doomed.id, "No funding", expected_version=1)),
        ("hours pass", lambda: clock.advance(timedelta(hours=5))),
        ("window edge passes", lambda: clock.advance(timedelta(hours=2))),
        ("grace period ends", lambda: clock.advance(timedelta(days=14))),
        ("publish a draft", lambda: scheduling.set_status(draft.id, Status.PLANNED, expected_version=1)),
        ("delete a draft", lambda: scheduling.delete(scrap.id, expected_version=1)),
        ("recreate at once", lambda: scheduling.create(make_event(title="Reborn"))),
        ("rename a programme", lambda: services.catalogue.save_programme(replace(
            next(p for p in services.catalogue.programmes() if p.slug == "e-waste"), name="E-waste (new)"))),
        ("time goes back", lambda: clock.set(NOW)),
        ("months pass", lambda: clock.advance(timedelta(days=120))),
    ]
    for step, change in steps:
        change()
        assert_same_as_cold(services, clock, tmp_path, step)
        body = services.feeds.build_all()[0].body
        if step == "hours pass":
            assert ending.uid.encode() in body and doomed.uid.encode() in body
        elif step == "window edge passes":
            assert ending.uid.encode() not in body and doomed.uid.encode() in body
        elif step == "grace period ends":
            assert doomed.uid.encode() not in body


def test_memory_answers_without_the_store_until_something_changes(
    demo_services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads_from = demo_services.store.feed_cache  # the store boundary the feed service reads through

    first = demo_services.feeds.build_all()
    reads: list[int] = []
    real = reads_from.members
    monkeypatch.setattr(reads_from, "members", lambda *a, **k: reads.append(1) or real(*a, **k))
    again = demo_services.feeds.build_all()
    assert reads == [] and [d.etag for d in again] == [d.etag for d in first]
    event = demo_services.scheduling.create(make_event(title="New", status=Status.CONFIRMED)).event
    after = demo_services.feeds.build_all()
    assert reads == [1] and event.uid.encode() in after[0].body


def test_memory_stays_within_its_limit(demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    from brs_coord.services import feed_plan

    first = demo_services.feeds.build_all()
    monkeypatch.setattr(feed_plan, "MEMORY_LIMIT", 1000)
    monkeypatch.setattr(feed_plan, "PLAN_LIMIT", 1000)
    monkeypatch.setattr(feed_plan, "PLAN_BYTES_PER_EVENT", 0)
    assert [d.body for d in demo_services.feeds.build_all()] == [d.body for d in first]
    memory = demo_services.feeds._memory
    assert memory is not None and memory.members  # the plan and digests fit, the VEVENT bytes do not
    assert all(member.vevent is None and member.size > 0 for member in memory.members.values())
    again = demo_services.feeds.build_all()  # bytes read again from the store's cache
    assert [d.body for d in again] == [d.body for d in first]
    monkeypatch.setattr(feed_plan, "PLAN_BYTES_PER_EVENT", 1000)
    demo_services.scheduling.create(make_event(title="One more"))
    assert demo_services.feeds.build_all()[0].count == first[0].count + 1
    assert demo_services.feeds._memory is None  # nothing fits: nothing kept
