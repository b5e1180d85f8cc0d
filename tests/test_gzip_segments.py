"""The feed server's gzip bodies in segments (issue 16, edit to visible at 100k): a body made of
segments is one valid gzip member for every decoder, byte for byte the body; the CRC-32 combined
from the segments' own is zlib's; a rebuild after one changed, added or removed event compresses
only the segment it falls in; a served feed after an edit is built that way and decodes to the
feed's bytes."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import io
import random
import zlib

import pytest

from brs_coord.server import gzip_segments
from brs_coord.server.cache import FeedCache
from brs_coord.server.gzip_segments import crc32_combine, pack
from brs_coord.services import Services
from tests.test_feed_cache_swap import _retitle_first


def _feed(count: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    events = [
        (f"BEGIN:VEVENT\r\nUID:event-{index}@brs\r\nSUMMARY:Webinar {rng.random()}\r\n"
         + "DESCRIPTION:" + "Ré union, 会议. " * rng.randint(1, 40) + "\r\nEND:VEVENT\r\n").encode()
        for index in range(count)
    ]
    return [b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", *events, b"END:VCALENDAR\r\n"]


def _digests(parts: list[bytes]) -> list[bytes]:
    return [hashlib.sha256(part).digest() for part in parts[1:-1]]


def _decoded_every_way(packed: bytes) -> list[bytes]:
    return [
        gzip.decompress(packed),
        zlib.decompress(packed, wbits=31),
        gzip.GzipFile(fileobj=io.BytesIO(packed)).read(),
    ]


@pytest.mark.parametrize("sizes", [(0, 5), (5, 0), (1, 1), (1000, 7), (3, 300_000), (70_000, 2)])
def test_the_combined_crc_is_zlibs(sizes: tuple[int, int]) -> None:
    rng = random.Random(sum(sizes))
    first, second = (bytes(rng.getrandbits(8) for _ in range(size)) for size in sizes)
    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


def test_a_segmented_body_is_one_gzip_member_of_the_bytes() -> None:
    parts = _feed(3000)
    body, compressed = pack(parts, _digests(parts))
    packed = b"".join(body.chunks())
    assert len(body.segments) == compressed > 5  # head, runs of events, footer
    assert body.packed_size == len(packed)
    assert all(decoded == b"".join(parts) for decoded in _decoded_every_way(packed))
    assert len(packed) < 1.2 * len(gzip.compress(b"".join(parts)))  # segments cost little ratio


def test_without_digests_the_body_is_one_segment() -> None:
    parts = _feed(50)
    body, compressed = pack(parts)
    assert compressed == len(body.segments) == 1
    assert gzip.decompress(b"".join(body.chunks())) == b"".join(parts)


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_one_changed_event_compresses_only_its_segment(change: str) -> None:
    parts = _feed(3000)
    before, _ = pack(parts, _digests(parts))
    changed = list(parts)
    if change == "edit":
        changed[1500] = changed[1500].replace(b"SUMMARY:Webinar", b"SUMMARY:Workshop")
    elif change == "add":
        changed.insert(1500, b"BEGIN:VEVENT\r\nUID:new@brs\r\nEND:VEVENT\r\n")
    else:
        del changed[1500]
    after, compressed = pack(changed, _digests(changed), before.by_key())
    # the segment it falls in (two when the event's digest moves a segment boundary)
    assert 1 <= compressed <= 2 < len(after.segments)
    reused = set(before.by_key()) & set(after.by_key())
    assert len(reused) >= len(after.segments) - 2
    assert all(decoded == b"".join(changed) for decoded in _decoded_every_way(b"".join(after.chunks())))


async def test_an_edit_recompresses_few_segments_of_the_served_feed(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gzip_segments, "SEGMENT_EVENTS", 16)  # the demo's few hundred events in segments
    cache = FeedCache(demo_services.feeds, poll_interval=3600)
    await cache.check()
    await cache.refreshed()
    first = await cache.catalogue("all")
    assert first is not None and first.segments > 3
    assert first.compressed == first.segments
    await asyncio.to_thread(_retitle_first, demo_services, "Retitled for the segments")
    assert await cache.check()
    await cache.refreshed()
    served = await cache.catalogue("all")
    assert served is not None and served is not first
    assert 1 <= served.compressed <= 3 < served.segments
    expected = next(doc for doc in demo_services.feeds.build_all() if doc.name == "all").body
    packed = served.gzipped()
    assert packed is not None and b"Retitled for the segments" in expected
    assert all(decoded == expected for decoded in _decoded_every_way(packed))
    assert b"".join(served.identity_chunks(chunk=4096)) == expected
