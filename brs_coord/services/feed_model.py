"""What the feed service hands out: feed specs and built documents, their options, and how a
document's bytes and strong ETag are put together from a header and per-event VEVENT bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from ..ics import CalendarMeta, calendar_header, timezones
from ..ics.calendar import HEADER_END, quiet_component
from .feed_parts import FeedParts, parts_size
from .translation import N_

Progress = Callable[[int, int], None]

CALENDAR_PREFIX = N_("BRS technical assistance")
FOOTER = HEADER_END.encode("ascii")


@dataclass(frozen=True)
class FeedOptions:
    """How the feeds are built; defaults follow DESIGN.md."""

    past_days: int = 90
    cancelled_grace_days: int = 14
    refresh: timedelta = timedelta(hours=6)
    alarm_minutes: int | None = None


@dataclass(frozen=True)
class FeedSpec:
    """A published feed: its file name is ``<name>.ics`` and never changes (slugs are stable)."""

    name: str
    group: str
    title: str
    description: str
    facet: str | None = None  # EventQuery field ("kinds", "conventions", ...), None for all
    slug: str | None = None

    @property
    def filename(self) -> str:
        return f"{self.name}.ics"


@dataclass(frozen=True)
class FeedDocument:
    """A built feed: its bytes in parts (head, each VEVENT, footer: the VEVENT bytes are shared with
    the build, or read on demand (see feed_parts), so a feed costs no copy until someone joins
    them), a strong ETag (see ``feed_etag``), event count, latest change."""

    name: str
    parts: Sequence[bytes]
    etag: str
    count: int
    updated: datetime | None = None
    title: str = ""
    description: str = ""
    group: str = ""
    signature: str = ""
    reused: bool = False
    digests: tuple[bytes, ...] = ()  # of each VEVENT (parts[1:-1]), when built from VEVENTs

    @property
    def body(self) -> bytes:
        """The whole feed as one bytes object (a copy: writers and compressors take ``parts``)."""
        return b"".join(self.parts)

    @property
    def size(self) -> int:
        return parts_size(self.parts)


def etag_of(body: bytes) -> str:
    """A strong ETag of a whole body (pages: index.html, feeds.json)."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def vevent_digest(vevent: bytes) -> bytes:
    """The SHA-256 of one VEVENT's bytes (kept beside the bytes, so each is hashed once)."""
    return hashlib.sha256(vevent).digest()


def feed_etag(head: bytes, digests: Iterable[bytes]) -> str:
    """A strong ETag of ``head + VEVENTs + footer``: SHA-256 over the digest of the head and the
    digest of each VEVENT in order (the footer is fixed). Any changed byte changes it, and a feed
    after one edit hashes one VEVENT and a list of digests, not megabytes."""
    outer = hashlib.sha256(hashlib.sha256(head).digest())
    outer.update(b"".join(digests))
    return '"' + outer.hexdigest()[:32] + '"'


def feed_head(
    meta: CalendarMeta, zones: Iterable[str], years: tuple[int, int] | None, *, empty: bool = False
) -> bytes:
    """The calendar properties and the VTIMEZONE of every zone used over ``years``, as UTF-8 (an
    ``empty`` feed, with no event yet, still carries one component: see ``quiet_component``)."""
    zone_text = timezones(zones, years) if years else ""
    if empty and not zone_text:
        zone_text = quiet_component()
    return (calendar_header(meta) + zone_text).encode("utf-8")


class Composed(NamedTuple):
    """A feed's bytes in parts (head, VEVENTs, footer), the digest of each VEVENT, its ETag."""

    parts: FeedParts
    digests: tuple[bytes, ...]
    etag: str


def compose(
    meta: CalendarMeta, zones: Iterable[str], years: tuple[int, int] | None,
    vevents: Sequence[bytes], digests: Sequence[bytes] | None = None,
) -> Composed:
    """A feed's bytes in parts (joined, the same as ``ics.assemble``) and its ETag; ``digests`` of
    the VEVENTs when known already."""
    head = feed_head(meta, zones, years, empty=not vevents)
    if digests is None:
        digests = [vevent_digest(vevent) for vevent in vevents]
    return Composed(FeedParts(head, vevents, FOOTER), tuple(digests), feed_etag(head, digests))
