"""Built feeds kept in memory (as gzip bytes, in segments: see gzip_segments), rebuilt off the
request path when the store's change counter or the hour moves: requests keep getting the previous
build while the next one is made in a thread, then it is swapped in. A rebuild assembles only the
catalogue feeds whose members changed; the others keep their ``Served`` object (gzip bytes,
headers, Last-Modified), as does any feed rebuilt to the same ETag; a feed assembled again
compresses only the gzip segments whose events changed. A build overtaken by a newer state of the
store while it ran is swapped in as stale (the next poll or request starts the next), never as
fresh. Filtered, personal and single-event feeds (entries) work the same way: a stale one is
answered at once and rebuilt in the background; only a feed never built yet is waited for."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, NamedTuple, TypeVar

from ..errors import InvalidInput, NotFound, StoreError
from ..languages import CODES, DEFAULT
from ..records import iso_utc
from ..services.feed_parts import VeventChanged, parts_size
from ..services.feeds import FeedDocument, FeedService, etag_of
from ..services.thread_work import ThreadWork
from .gzip_segments import PackedBody, pack
from .heap import release_free_memory

log = logging.getLogger(__name__)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
GZIP_MIN_BYTES = 1024
POLL_INTERVAL = 1.0  # seconds between looks at the change counter (a one-row read): part of edit-to-visible
IDENTITY_CHUNK = 256 * 1024  # gzip bytes inflated at a time for a client that takes no gzip
INDEX_KEY = "page:index"
JSON_KEY = "page:feeds.json"


def index_key(lang: str) -> str:
    """The catalogue's key of the index page in a language (the English one is ``INDEX_KEY``)."""
    return INDEX_KEY if lang == DEFAULT else f"{INDEX_KEY}:{lang}"

_Built = TypeVar("_Built")


class State(NamedTuple):
    """What built feeds depend on: the store's change counter and the hour (the window slides)."""

    counter: int
    hour: str  # YYYYMMDDHH, so that text order is time order

    def newer_than(self, other: State) -> bool:
        return self != other and self.counter >= other.counter and self.hour >= other.hour


@dataclass
class Served:
    """One representation ready to send: strong ETag, Last-Modified, and the bytes. A body worth
    compressing is kept as gzip only (deterministic: no timestamp), in the builder's thread: at 100k
    events the identity bytes of the catalogue are ~9x its gzip bytes. ``signature`` is the catalogue
    feed's (what its bytes depend on), so a rebuild can tell it is unchanged without assembling it."""

    etag: str
    content_type: str
    last_modified: datetime
    size: int  # of the identity body
    personal: bool = False
    signature: str = ""
    headers: dict[bool, dict[str, str]] = field(default_factory=dict, repr=False)  # by "gzipped"
    _identity: bytes | None = field(default=None, repr=False)
    _packed: PackedBody | None = field(default=None, repr=False)
    compressed: int = 0  # gzip segments compressed to make it (the others were the previous build's)

    @classmethod
    def of(
        cls, body: bytes | Sequence[bytes], etag: str, content_type: str, last_modified: datetime, *,
        personal: bool = False, signature: str = "", digests: Sequence[bytes] = (),
        previous: Served | None = None,
    ) -> Served:
        """``body`` whole or in parts (a feed's head, VEVENTs and footer, with the VEVENTs'
        ``digests``: compressed in segments, never joined; the segments of ``previous`` that hold
        the same events are reused, not compressed again)."""
        parts = (body,) if isinstance(body, bytes) else body
        size = parts_size(parts)  # a feed's lazy VEVENTs are read only for the segments compressed
        if size < GZIP_MIN_BYTES:
            whole = b"".join(parts)
            return cls(etag, content_type, last_modified, size, personal, signature, _identity=whole)
        reusable = previous._packed.by_key() if previous is not None and previous._packed else None
        packed, compressed = pack(parts, digests, reusable)
        return cls(
            etag, content_type, last_modified, size, personal, signature,
            _packed=packed, compressed=compressed,
        )

    @property
    def last_modified_http(self) -> str:
        return format_datetime(self.last_modified.astimezone(UTC).replace(microsecond=0), usegmt=True)

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'

    @property
    def compressible(self) -> bool:
        return self._packed is not None

    @property
    def segments(self) -> int:
        """How many gzip segments the body is made of (0: kept uncompressed)."""
        return len(self._packed.segments) if self._packed is not None else 0

    @property
    def gzip_size(self) -> int:
        return self._packed.packed_size if self._packed is not None else 0

    def gzip_chunks(self) -> Iterator[bytes]:
        """The gzip body a segment at a time (nothing when too small to be worth compressing)."""
        if self._packed is not None:
            yield from self._packed.chunks()

    def gzipped(self) -> bytes | None:
        """The whole gzip body (a copy), or None when the body was too small to be worth compressing."""
        return b"".join(self.gzip_chunks()) if self._packed is not None else None

    def identity_chunks(self, chunk: int = IDENTITY_CHUNK) -> Iterator[bytes]:
        """The identity body in pieces (inflated from the gzip segments, at most ``chunk`` bytes of
        gzip at a time)."""
        if self._packed is None:
            yield self._identity or b""
            return
        inflater = zlib.decompressobj(wbits=31)
        for piece in self._packed.chunks():
            packed = memoryview(piece)
            for start in range(0, len(packed), chunk):
                yield inflater.decompress(packed[start:start + chunk])
        yield inflater.flush()

    @property
    def body(self) -> bytes:
        """The whole identity body (inflated when only gzip is kept: for small feeds and tests)."""
        return b"".join(self.identity_chunks())


class FeedCache:
    """Catalogue feeds, the index page and feeds.json are built together (the catalogue); filtered,
    personal and single-event feeds one by one (LRU-bounded entries). When the change counter or
    the hour moves, what was built becomes stale: the catalogue goes on being served while
    ``watch`` (or the first request that finds it stale) rebuilds it in the background, then it is
    swapped; a stale entry is answered at once too and rebuilt in the background when asked for
    (an unchanged result keeps its gzip bytes). Unchanged content keeps its ETag."""

    def __init__(
        self, feeds: FeedService, *, poll_interval: float = POLL_INTERVAL, max_entries: int = 512
    ) -> None:
        self.feeds = feeds
        self.poll_interval = poll_interval
        self.max_entries = max_entries
        self._catalogue: dict[str, Served] | None = None
        self._catalogue_state: State | None = None  # the state the served catalogue was built from
        self._entries: OrderedDict[str, tuple[State, Served]] = OrderedDict()
        # the result type depends on the key: the whole catalogue, or one Served feed
        self._pending: dict[str, tuple[State | None, asyncio.Future[Any]]] = {}
        self._state: State | None = None
        self._seen: dict[str, tuple[str, datetime]] = {}
        self._started = feeds_now(feeds)
        self._refreshing: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()  # stale entries being rebuilt
        self._threads = ThreadWork()  # reads of the store in threads: waited for on stop
        self._listening: asyncio.Event | None = None  # set: the first build may start (see watch)
        self.builds = 0
        self.swaps = 0  # catalogues swapped in
        self.reused = 0  # catalogue feeds kept from the previous build (not assembled, not gzipped)

    # ---- invalidation -----------------------------------------------------------------------

    def _state_now(self) -> State:
        return State(self.feeds.change_counter(), feeds_now(self.feeds).strftime("%Y%m%d%H"))

    async def check(self) -> bool:
        """Look at the store (in a thread) and record its state. True when it moved (what was built
        before is stale from now on)."""
        return self._adopt(await self._threads.run(self._state_now))

    def _adopt(self, state: State) -> bool:
        """Record ``state`` when it is newer than the recorded one; True when it replaced one. An
        older reading (a slow thread) changes nothing."""
        if self._state is not None and not state.newer_than(self._state):
            return False
        moved = self._state is not None
        self._state = state
        return moved

    @property
    def fresh(self) -> bool:
        """True when the served catalogue was built from the newest recorded state."""
        return self._catalogue is not None and self._catalogue_state == self._state

    def build_once_listening(self) -> None:
        """Hold the watcher's first build until ``listening()``: a server that cannot bind its
        address (refused at start) never builds, so it writes nothing to the database."""
        self._listening = asyncio.Event()

    def listening(self) -> None:
        """The server is bound to its address: the watcher may build."""
        if self._listening is not None:
            self._listening.set()

    async def watch(self) -> None:
        """Poll the change counter for ever (a background task of the server), rebuilding the
        catalogue in the background whenever it is stale (at start too, once listening: the first
        request does not wait for it)."""
        if self._listening is not None:
            await self._listening.wait()
        while True:
            try:
                await self.check()
                self.refresh_soon()
            except StoreError as exc:  # locked, out of file descriptors: one line, tried again
                log.warning("feed cache: cannot read the change counter (%s)", exc.message)
            except Exception:  # anything else must not kill the server either
                log.exception("feed cache: cannot read the change counter")
            await asyncio.sleep(self.poll_interval)

    def refresh_soon(self) -> None:
        """Start rebuilding the catalogue in the background unless it is fresh or being rebuilt."""
        if self.fresh or (self._refreshing is not None and not self._refreshing.done()):
            return
        self._refreshing = asyncio.create_task(self._refresh_logged())

    async def _refresh_logged(self) -> None:
        try:
            await self._refresh()
        except StoreError as exc:  # locked, out of file descriptors: one line; the next poll tries again
            log.warning("feed cache: cannot rebuild the feeds (%s)", exc.message)
        except OSError as exc:  # out of file descriptors while reading zone files: the same
            log.warning("feed cache: cannot rebuild the feeds (%s)", exc)
        except VeventChanged:  # another process rewrote a cached VEVENT it was reading: the next poll
            log.info("feed cache: an event changed during the rebuild; built again at the next poll")
        except Exception:  # the previous build goes on being served; the next poll tries again
            log.exception("feed cache: cannot rebuild the feeds")

    async def _refresh(self) -> dict[str, Served]:
        """Build the catalogue (joining a build of the same state) and swap it in when it is newer
        than the served one. A build overtaken by a newer state (edits coming faster than builds)
        is still swapped in, as stale (``fresh`` stays False, so the next build starts): otherwise
        a store edited without pause would keep the first build served for ever."""
        state, catalogue = await self._shared("catalogue", self._build_catalogue)
        self._adopt(state)
        served = self._catalogue_state
        if served is None or state.newer_than(served):
            self._catalogue, self._catalogue_state = catalogue, state
            self.swaps += 1
        return catalogue

    async def refreshed(self) -> None:
        """Wait until the served catalogue is built from the newest recorded state."""
        while not self.fresh:
            self.refresh_soon()
            if self._refreshing is not None:
                await asyncio.shield(self._refreshing)

    async def stop(self) -> None:
        """Cancel the background rebuilds, then wait for the threads still reading the store: once
        this returns the store may be closed (closing a connection under a running query can crash
        the process)."""
        tasks = [*self._background, *([self._refreshing] if self._refreshing is not None else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._threads.wait()

    # ---- lookups ----------------------------------------------------------------------------

    async def catalogue(self, name: str) -> Served | None:
        """A catalogue feed (``all``, ``kind-webinar``, ...) or page; None when there is no such feed.
        A stale catalogue is answered at once (a rebuild runs behind it); none at all is waited for."""
        if self._catalogue is not None:
            self.refresh_soon()
            return self._catalogue.get(name)
        return (await self._refresh()).get(name)

    async def entry(self, key: str, build: Callable[[], FeedDocument]) -> Served:
        """A feed built on demand by ``build`` (in a thread); errors propagate (NotFound, InvalidInput)
        when nothing was built for ``key`` yet. A stale one is answered at once while it is rebuilt
        in the background (as the catalogue is), then swapped in: no request waits on a rebuild."""
        kept = self._entries.get(key)
        if kept is None:
            return await self._build_entry(key, build)
        self._entries.move_to_end(key)
        if kept[0] != self._state:
            self._rebuild_entry_soon(key, build)
        return kept[1]

    async def _build_entry(self, key: str, build: Callable[[], FeedDocument]) -> Served:
        """Build ``key`` and keep it unless what is kept was built from a newer state meanwhile (a
        build overtaken by an edit is kept as stale: the next request rebuilds it)."""
        kept = self._entries.get(key)
        previous = kept[1] if kept is not None else None
        state, served = await self._shared(key, lambda: self._serve_document(key, build(), previous))
        self._adopt(state)
        kept = self._entries.get(key)
        if kept is None or state.newer_than(kept[0]):
            self._entries[key] = (state, served)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return served

    def _rebuild_entry_soon(self, key: str, build: Callable[[], FeedDocument]) -> None:
        """Rebuild a stale entry in the background unless a build of the newest state is running."""
        pending = self._pending.get(key)
        if pending is not None and pending[0] == self._state:
            return
        task = asyncio.create_task(self._rebuild_entry(key, build))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _rebuild_entry(self, key: str, build: Callable[[], FeedDocument]) -> None:
        try:
            await self._build_entry(key, build)
        except (NotFound, InvalidInput):  # the feed is gone (a revoked link, a filter no longer valid)
            self.drop(key)
        except StoreError as exc:  # locked: the stale one goes on being served, the next request tries again
            log.warning("feed cache: cannot rebuild a feed (%s)", exc.message)
        except OSError as exc:  # out of file descriptors: the stale one goes on being served
            log.warning("feed cache: cannot rebuild %s (%s)", key.split(":")[0], exc)
        except Exception:  # the stale one goes on being served; the next request tries again
            log.exception("feed cache: cannot rebuild a feed")

    async def settled(self) -> None:
        """Wait for the background rebuilds of stale entries started so far."""
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    def drop(self, key: str) -> None:
        """Forget one built feed (a revoked personal feed)."""
        self._entries.pop(key, None)

    async def _shared(self, key: str, build: Callable[[], _Built]) -> tuple[State, _Built]:
        """Run ``build`` once in a thread even when many requests want it at the same moment; the
        result comes with the store's state read just before the build began. A request never
        joins a build launched before the newest recorded state (it would get older content)."""
        pending = self._pending.get(key)
        if pending is not None and pending[0] == self._state:
            result: tuple[State, _Built] = await asyncio.shield(pending[1])
            return result
        future: asyncio.Future[tuple[State, _Built]] = asyncio.get_running_loop().create_future()
        self._pending[key] = (self._state, future)
        try:
            result = await self._threads.run(lambda: self._stamped(build))
            future.set_result(result)
            self.builds += 1
            return result
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        finally:
            if self._pending.get(key, (None, None))[1] is future:
                del self._pending[key]

    def _stamped(self, build: Callable[[], _Built]) -> tuple[State, _Built]:
        """The state first, then the build: an edit landing during the build makes the result look
        older than it is (rebuilt once more), never newer (kept as fresh while stale)."""
        state = self._state_now()
        return state, build()

    # ---- building (threads) -----------------------------------------------------------------

    def _build_catalogue(self) -> dict[str, Served]:
        """Every catalogue feed and the two pages. Feeds whose signature the served catalogue holds
        are not assembled (their Served is kept); each assembled feed is compressed as soon as it
        is built and its identity bytes let go, so one feed's bytes are held at a time."""
        previous = self._catalogue or {}
        known = {
            name: {"signature": item.signature, "etag": item.etag, "updated": iso_utc(item.last_modified)}
            for name, item in previous.items() if item.signature
        }
        built: dict[str, Served] = {}

        def serve(doc: FeedDocument) -> None:
            built[doc.name] = self._serve_document(doc.name, doc, previous.get(doc.name))

        documents = self.feeds.build_all(known=known, on_built=serve, late=True)
        served = {doc.name: previous[doc.name] if doc.reused else built[doc.name] for doc in documents}
        self.reused += sum(doc.reused for doc in documents)
        latest = max((s.last_modified for s in served.values()), default=self._started)
        pages = [(index_key(lang), self.feeds.index_html(documents, lang), HTML_TYPE) for lang in CODES]
        for key, body, kind in (*pages, (JSON_KEY, self.feeds.feeds_json(documents), JSON_TYPE)):
            served[key] = self._served(key, body, etag_of(body), kind, latest, previous.get(key))
        release_free_memory()  # the build's VEVENT bytes and rows: freed, returned to the system
        return served

    def _serve_document(self, key: str, doc: FeedDocument, previous: Served | None = None) -> Served:
        return self._served(
            key, doc.parts, doc.etag, CALENDAR_TYPE, doc.updated, previous,
            personal=key.startswith("u:"), signature=doc.signature, digests=doc.digests,
        )

    def _served(
        self, key: str, body: bytes | Sequence[bytes], etag: str, content_type: str, updated: datetime | None,
        previous: Served | None = None, *, personal: bool = False, signature: str = "",
        digests: Sequence[bytes] = (),
    ) -> Served:
        """``previous`` itself when the bytes are the same (its gzip bytes are kept), else a new one."""
        if previous is not None and previous.etag == etag:
            if signature and previous.signature != signature:
                previous.signature = signature  # the same bytes from other members' versions
            return previous
        seen = self._seen.get(key)
        if seen is not None and seen[0] == etag:
            modified = seen[1]
        else:
            # first sight: the latest change of its events, so a restart keeps Last-Modified as it keeps
            # the ETag; a later new ETag: now (content can change with no event changing)
            modified = (updated or self._started) if seen is None else feeds_now(self.feeds)
            if updated is not None:
                modified = max(modified, updated)
            if len(self._seen) > 10 * self.max_entries:
                self._seen.clear()
            self._seen[key] = (etag, modified)
        return Served.of(
            body, etag, content_type, modified, personal=personal, signature=signature, digests=digests,
            previous=previous,
        )


def feeds_now(feeds: FeedService) -> datetime:
    return feeds.now()
