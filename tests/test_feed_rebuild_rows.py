"""A rebuild after an edit holds one row object per unchanged event: the kept plan's (the rows it
reads are let go as they come), a new one for the edited event; cancelled events past their grace
period are still left out, and the feeds are those of a fresh service."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from brs_coord.clock import FixedClock
from brs_coord.domain import Status
from brs_coord.services import Services
from brs_coord.services.feeds import FeedService
from tests.conftest import NOW, make_event


def test_a_rebuild_keeps_the_rows_of_unchanged_events(demo_services: Services, clock: FixedClock) -> None:
    services = demo_services
    gone = services.scheduling.create(make_event(title="Cancelled long ago", status=Status.CANCELLED)).event
    clock.advance(timedelta(days=15))  # past the 14-day grace period: out of every feed
    services.feeds.build_all()
    memory = services.feeds._memory
    assert memory is not None
    before = {row.id: row for row in memory.catalogue.rows}
    assert gone.id not in before
    edited = next(event for event in services.upcoming() if event.id in before)
    services.scheduling.update(
        edited.id, replace(edited.data(), title="Edited"), expected_version=edited.version
    )
    docs = services.feeds.build_all()
    memory = services.feeds._memory
    assert memory is not None
    after = {row.id: row for row in memory.catalogue.rows}
    assert after.keys() == before.keys()
    assert after[edited.id] is not before[edited.id] and after[edited.id].version == edited.version + 1
    assert all(after[i] is before[i] for i in after if i != edited.id)
    fresh = FeedService(services.store, clock, services.settings).build_all()
    assert [(d.name, d.etag) for d in docs] == [(d.name, d.etag) for d in fresh]
    assert NOW < clock.now()
