"""The feed server at 100k (issue 16, "feeds4"): a serving build holds no VEVENT bytes (only digests
and sizes; the gzip segments read the bytes of the runs they compress), the plan is patched after
an edit, and stale filtered and personal feeds are answered at once while rebuilt behind.

Checked against a fresh service's build from scratch: an edit shows in each feed holding the event
and only there, a cancelled event leaves after its grace period, a personal feed follows its
subscriptions; bytes that changed under a build are never served with the build's ETag."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from brs_coord.clock import FixedClock
from brs_coord.domain import Event, Status
from brs_coord.server.cache import FeedCache, Served
from brs_coord.services import Services
from brs_coord.services.feed_parts import FeedParts, LazyVevents, VeventChanged
from brs_coord.services.feed_words import SERIES_GROUP
from brs_coord.services.feeds import FeedService
from tests.test_hardening_feed_cache import Gate


def _scratch(services: Services, clock: FixedClock) -> dict[str, bytes]:
    """Every catalogue feed built from scratch by a new service (no memory, VEVENT bytes held)."""
    fresh = FeedService(services.store, clock, services.settings)
    return {doc.name: doc.body for doc in fresh.build_all()}


def _served(cache: FeedCache) -> dict[str, Served]:
    assert cache._catalogue is not None
    return {name: served for name, served in cache._catalogue.items() if not name.startswith("page:")}


async def _rebuilt(cache: FeedCache) -> dict[str, Served]:
    await cache.check()
    await cache.refreshed()
    return _served(cache)


def _upcoming(services: Services) -> list[Event]:
    return [e for e in services.upcoming(limit=50) if e.status in {Status.PLANNED, Status.CONFIRMED}]


async def test_an_edit_shows_in_each_feed_holding_it_and_only_there(
    demo_services: Services, clock: FixedClock
) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    before = await _rebuilt(cache)
    assert demo_services.feeds._memory is not None  # the plan is remembered
    assert all(member.vevent is None for member in demo_services.feeds._memory.members.values())
    event = _upcoming(demo_services)[0]
    holding = {name for name, served in before.items() if event.uid.encode() in served.body}
    await asyncio.to_thread(
        demo_services.scheduling.update, event.id, replace(event.data(), title="Edited in place"),
        expected_version=event.version,
    )
    after = await _rebuilt(cache)
    changed = {name for name in after if after[name].etag != before[name].etag}
    assert changed == holding and "all" in changed
    assert all(after[name] is before[name] for name in after.keys() - changed)  # gzip bytes kept
    assert max(after[name].compressed for name in changed) <= 3  # head, the event's segment, footer
    scratch = _scratch(demo_services, clock)
    assert {name: served.body for name, served in after.items()} == scratch
    assert all(b"Edited in place" in scratch[name] for name in changed)


async def test_a_cancelled_event_leaves_after_its_grace_period(
    demo_services: Services, clock: FixedClock
) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await _rebuilt(cache)
    event = _upcoming(demo_services)[1]
    await asyncio.to_thread(
        demo_services.scheduling.cancel, event.id, "moved", expected_version=event.version
    )
    cancelled = await _rebuilt(cache)
    assert b"STATUS:CANCELLED" in cancelled["all"].body and event.uid.encode() in cancelled["all"].body
    clock.advance(timedelta(days=demo_services.feeds.options.cancelled_grace_days, hours=1))
    gone = await _rebuilt(cache)
    assert all(event.uid.encode() not in served.body for served in gone.values())
    assert {name: served.body for name, served in gone.items()} == _scratch(demo_services, clock)


async def test_a_personal_feed_follows_its_subscriptions_without_waiting(demo_services: Services) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    person = demo_services.participants.get_or_create(97, chat_id=97)
    token = demo_services.participants.feed_token(97)
    key = f"u:{token}"

    def build() -> object:
        return demo_services.feeds.personal(token)

    first = await cache.entry(key, build)  # type: ignore[arg-type]
    kind = _upcoming(demo_services)[0].kind.value
    await asyncio.to_thread(demo_services.subscriptions.subscribe, person.id, "kind", kind)
    assert await cache.check()
    gate = Gate()
    held = gate.wrap(build)
    gate.armed = True
    stale = await cache.entry(key, held)  # type: ignore[arg-type]
    assert stale is first  # answered at once: the rebuild is held in its thread
    assert await asyncio.to_thread(gate.reached.wait, 10)
    assert await cache.entry(key, held) is first  # type: ignore[arg-type]  # joins, does not wait
    gate.release.set()
    await cache.settled()
    followed = await cache.entry(key, held)  # type: ignore[arg-type]
    assert followed is not first and followed.etag == cache.feeds.personal(token).etag
    wanted = [e.uid for e in demo_services.upcoming(limit=20) if e.kind.value == kind
              and e.status is not Status.DRAFT]
    assert all(uid.encode() in followed.body for uid in wanted)


async def test_a_revoked_personal_feed_is_forgotten_by_its_rebuild(demo_services: Services) -> None:
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    demo_services.participants.get_or_create(96, chat_id=96)
    token = demo_services.participants.feed_token(96)
    key = f"u:{token}"
    await cache.entry(key, lambda: demo_services.feeds.personal(token))
    await asyncio.to_thread(demo_services.participants.reset_feed_token, 96)
    event = _upcoming(demo_services)[0]  # any change: the entry is stale
    await asyncio.to_thread(
        demo_services.scheduling.update, event.id, replace(event.data(), title="Elsewhere"),
        expected_version=event.version,
    )
    assert await cache.check()
    await cache.entry(key, lambda: demo_services.feeds.personal(token))
    await cache.settled()
    assert key not in cache._entries


def test_late_vevents_read_only_what_is_asked_and_check_their_digests(demo_services: Services) -> None:
    documents: dict[str, FeedParts] = {}

    def keep(doc: object) -> None:
        if doc.group == SERIES_GROUP:  # type: ignore[attr-defined]  # a series' few sessions: built whole, not late
            return
        parts = doc.parts  # type: ignore[attr-defined]
        assert isinstance(parts, FeedParts) and isinstance(parts.vevents, LazyVevents)
        documents[doc.name] = parts  # type: ignore[attr-defined]

    eager = {doc.name: doc.body for doc in FeedService(
        demo_services.store, demo_services.clock, demo_services.settings).build_all()}
    demo_services.feeds.build_all(on_built=keep, late=True)
    parts = documents["all"]
    asked: list[int] = []
    vevents = parts.vevents
    assert isinstance(vevents, LazyVevents)
    load = vevents._load
    vevents._load = lambda ids: asked.append(len(ids)) or load(ids)  # type: ignore[method-assign]
    assert parts.size == len(eager["all"]) and asked == []  # the size without a read
    assert b"".join(parts[3:6]) == b"".join(eager_parts(eager["all"])[3:6]) and asked == [3]
    assert b"".join(parts) == eager["all"]
    first = vevents.ids[0]
    demo_services.store.feed_cache.save_vevents([(
        first, demo_services.feeds._variant(demo_services.feeds.names(), False),
        *next((m.version, m.updated_at) for i, m in demo_services.feeds._memory.members.items()  # type: ignore[union-attr]
              if i == first), "BEGIN:VEVENT\r\nUID:changed\r\nEND:VEVENT\r\n",
    )])
    with pytest.raises(VeventChanged):
        parts[1]


def eager_parts(body: bytes) -> list[bytes]:
    """A feed's parts as the eager build makes them: head, each VEVENT, footer."""
    head, _, rest = body.partition(b"BEGIN:VEVENT\r\n")
    events = [b"BEGIN:VEVENT\r\n" + piece for piece in rest.split(b"BEGIN:VEVENT\r\n")]
    last, _, _ = events[-1].rpartition(b"END:VEVENT\r\n")
    events[-1] = last + b"END:VEVENT\r\n"
    return [head, *events, body[len(head) + sum(map(len, events)):]]
