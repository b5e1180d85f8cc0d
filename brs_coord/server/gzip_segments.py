"""A feed's gzip body made of segments compressed one by one, so that a rebuild compresses again
only the segments whose events changed (at 100k events, gzipping all.ics whole took seconds).

Each segment is a run of raw deflate blocks from a fresh compressor, ended by a sync flush: byte
aligned, not final, and referring to no byte before it, so segments can be put one after the other
in any combination. The gzip member is a fixed header, the segments, an empty final block and the
trailer (CRC-32 of the whole, combined from the segments' own, and the length). Segment boundaries
follow the events (a VEVENT whose digest is a multiple of SEGMENT_EVENTS ends one: a segment holds
SEGMENT_EVENTS events on average, ~400 KB of a feed at 100k events),
so adding or removing an event changes the segment it falls in, not every segment after it.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

LEVEL = 6
SEGMENT_EVENTS = 256
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, mtime 0, OS unknown
FINAL = b"\x03\x00"  # an empty final block: the end of the deflate stream
_POLY = 0xEDB88320  # CRC-32, reflected


class Segment(NamedTuple):
    """Some consecutive parts of a body, compressed: what they are (``key``), their CRC-32 and length."""

    key: bytes
    packed: bytes
    crc: int
    size: int


class PackedBody(NamedTuple):
    """A whole gzip member as segments (see the module)."""

    segments: tuple[Segment, ...]
    crc: int
    size: int

    def chunks(self) -> Iterator[bytes]:
        """The gzip bytes, a segment at a time."""
        yield HEADER
        for segment in self.segments:
            yield segment.packed
        yield FINAL + struct.pack("<II", self.crc, self.size & 0xFFFFFFFF)

    @property
    def packed_size(self) -> int:
        return len(HEADER) + sum(len(segment.packed) for segment in self.segments) + len(FINAL) + 8

    def by_key(self) -> dict[bytes, Segment]:
        return {segment.key: segment for segment in self.segments}


def pack(
    parts: Sequence[bytes], digests: Sequence[bytes] = (), previous: Mapping[bytes, Segment] | None = None,
) -> tuple[PackedBody, int]:
    """``parts`` as one gzip member, and how many segments were compressed now. With ``digests``
    (one per part between the first and the last: a feed's head, VEVENTs and footer) the VEVENTs
    are segmented by event and segments found in ``previous`` (by key) are reused; without, the
    body is one segment."""
    previous = previous or {}
    segments: list[Segment] = []
    compressed = 0
    for key, start, stop in _runs(parts, digests):
        segment = previous.get(key)
        if segment is None:
            segment = _compress(key, parts[start:stop])  # only now are the run's bytes read
            compressed += 1
        segments.append(segment)
    crc, size = 0, 0
    for segment in segments:
        crc = crc32_combine(crc, segment.crc, segment.size)
        size += segment.size
    return PackedBody(tuple(segments), crc, size), compressed


def _runs(parts: Sequence[bytes], digests: Sequence[bytes]) -> Iterator[tuple[bytes, int, int]]:
    """(key, start, stop) of each segment: which of the parts it holds. The key of a run of VEVENTs
    is made from their digests alone, so a reused segment's VEVENTs are never read."""
    count = len(parts)
    if not digests or len(digests) != count - 2:
        yield hashlib.sha256(b"whole\n" + b"".join(parts)).digest(), 0, count
        return
    yield hashlib.sha256(b"head\n" + parts[0]).digest(), 0, 1
    start, every, last = 0, SEGMENT_EVENTS, len(digests) - 1
    for index, digest in enumerate(digests):
        if int.from_bytes(digest[:4], "big") % every == 0 or index == last:
            yield hashlib.sha256(b"events\n" + b"".join(digests[start : index + 1])).digest(), \
                start + 1, index + 2
            start = index + 1
    yield hashlib.sha256(b"foot\n" + parts[-1]).digest(), count - 1, count


def _compress(key: bytes, run: Sequence[bytes]) -> Segment:
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    packed = [packer.compress(part) for part in run]
    packed.append(packer.flush(zlib.Z_SYNC_FLUSH))
    crc = 0
    for part in run:
        crc = zlib.crc32(part, crc)
    return Segment(key, b"".join(packed), crc, sum(map(len, run)))


# ---- CRC-32 of two pieces from the CRC of each (zlib's crc32_combine, which Python does not offer) ----

def _multiply(a: int, b: int) -> int:
    """a * b modulo the CRC polynomial (reflected)."""
    m, product = 1 << 31, 0
    while True:
        if a & m:
            product ^= b
            if a & (m - 1) == 0:
                return product
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _powers() -> tuple[int, ...]:
    powers = [1 << 30]  # x^1
    for _ in range(31):
        powers.append(_multiply(powers[-1], powers[-1]))
    return tuple(powers)


_X2N = _powers()  # x^(2^k) modulo the polynomial


def _x_power(n: int, k: int) -> int:
    """x^(n * 2^k) modulo the polynomial."""
    product = 1 << 31  # x^0
    while n:
        if n & 1:
            product = _multiply(_X2N[k & 31], product)
        n >>= 1
        k += 1
    return product


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from the CRC-32 of A, of B and the length of B."""
    return _multiply(_x_power(length2, 3), crc1) ^ crc2 if length2 else crc1
