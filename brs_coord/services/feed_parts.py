"""A feed's bytes as parts (head, each VEVENT, footer) without holding every VEVENT: the VEVENTs
may be a ``LazyVevents``, which knows each one's digest and size and reads the bytes from the
store's cache only when asked, a run at a time (the feed server compresses only the gzip segments
whose events changed, so after an edit it reads a few hundred VEVENTs, not the whole catalogue).

Bytes read late are checked against the digests the feed's ETag was made from: when another
process rewrote an event's cached VEVENT meanwhile (the event changed), ``VeventChanged`` is
raised and the build is given up (a newer one follows), never served with a mismatched ETag."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from ..errors import BrsCoordError

READ_BATCH = 1000  # VEVENTs read at a time when a whole feed is walked (writing, identity bodies)

Loader = Callable[[Sequence[int]], Sequence[bytes]]  # event ids -> their VEVENT bytes, in order


class VeventChanged(BrsCoordError):
    """A VEVENT read late is not the one the build planned with (its event changed since)."""

    title = "Feed changed while built"


class LazyVevents(Sequence[bytes]):
    """The VEVENTs of one feed (in feed order) by event id, read through ``load`` on demand."""

    def __init__(
        self, ids: Sequence[int], digests: Sequence[bytes], sizes: Sequence[int], load: Loader
    ) -> None:
        self.ids = tuple(ids)
        self.digests = tuple(digests)
        self.size = sum(sizes)
        self._load = load

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            return self._read(*index.indices(len(self.ids)))
        position = range(len(self.ids))[index]
        return self._read(position, position + 1, 1)[0]

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.ids), READ_BATCH):
            yield from self._read(start, min(start + READ_BATCH, len(self.ids)), 1)

    def _read(self, start: int, stop: int, step: int) -> list[bytes]:
        ids, digests = self.ids[start:stop:step], self.digests[start:stop:step]
        if not ids:
            return []
        found = list(self._load(ids))
        for vevent, digest in zip(found, digests, strict=True):
            if hashlib.sha256(vevent).digest() != digest:
                raise VeventChanged("An event changed while its feed was built")
        return found


class FeedParts(Sequence[bytes]):
    """``head``, each of ``vevents`` and ``footer`` as one sequence of parts; slices of VEVENTs are
    read in one go from a ``LazyVevents``."""

    def __init__(self, head: bytes, vevents: Sequence[bytes], footer: bytes) -> None:
        self.head = head
        self.vevents = vevents
        self.footer = footer

    def __len__(self) -> int:
        return len(self.vevents) + 2

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        last = len(self) - 1
        if isinstance(index, int):
            position = range(len(self))[index]
            if position == 0:
                return self.head
            return self.footer if position == last else self.vevents[position - 1]
        start, stop, step = index.indices(len(self))
        if step != 1:
            return [self[position] for position in range(start, stop, step)]
        inner = start < last and stop > 1
        middle = list(self.vevents[max(start, 1) - 1 : min(stop, last) - 1]) if inner else []
        return [*([self.head] if start == 0 and stop > 0 else []), *middle,
                *([self.footer] if stop > last >= start else [])]

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        yield from self.vevents
        yield self.footer

    @property
    def size(self) -> int:
        """The bytes of the whole feed (without reading lazy VEVENTs)."""
        return len(self.head) + len(self.footer) + vevents_size(self.vevents)


def vevents_size(vevents: Sequence[bytes]) -> int:
    return vevents.size if isinstance(vevents, LazyVevents) else sum(map(len, vevents))


def parts_size(parts: Sequence[bytes]) -> int:
    """The bytes of a body in parts (a ``FeedParts`` says without reading its VEVENTs)."""
    return parts.size if isinstance(parts, FeedParts) else sum(map(len, parts))
