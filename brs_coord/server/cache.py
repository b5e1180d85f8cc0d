"""Built feeds kept in memory, rebuilt (off the event loop) when the store's change counter moves."""

from __future__ import annotations

import asyncio
import gzip
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, NamedTuple, TypeVar

from ..services.feeds import FeedDocument, FeedService, etag_of

log = logging.getLogger(__name__)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
GZIP_MIN_BYTES = 1024
INDEX_KEY = "page:index"
JSON_KEY = "page:feeds.json"

_Built = TypeVar("_Built")


class State(NamedTuple):
    """What built feeds depend on: the store's change counter and the hour (the window slides)."""

    counter: int
    hour: str  # YYYYMMDDHH, so that text order is time order

    def newer_than(self, other: State) -> bool:
        return self != other and self.counter >= other.counter and self.hour >= other.hour


@dataclass
class Served:
    """One representation ready to send: body, strong ETag, Last-Modified, lazily gzipped body."""

    body: bytes
    etag: str
    content_type: str
    last_modified: datetime
    personal: bool = False
    headers: dict[bool, dict[str, str]] = field(default_factory=dict, repr=False)  # by "gzipped"
    _gzip: bytes | None = field(default=None, repr=False)

    @property
    def last_modified_http(self) -> str:
        return format_datetime(self.last_modified.astimezone(UTC).replace(microsecond=0), usegmt=True)

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'

    @property
    def compressible(self) -> bool:
        return len(self.body) >= GZIP_MIN_BYTES

    def gzipped(self) -> bytes | None:
        """The gzip body (deterministic: no timestamp), or None when not worth compressing."""
        if not self.compressible:
            return None
        if self._gzip is None:
            self._gzip = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzip


class FeedCache:
    """Catalogue feeds, the index page and feeds.json are built together; filtered, personal and
    single-event feeds one by one (LRU-bounded). Everything is dropped when the change counter or
    the hour moves (the feed window slides with time); unchanged content keeps its ETag."""

    def __init__(self, feeds: FeedService, *, poll_interval: float = 2.0, max_entries: int = 512) -> None:
        self.feeds = feeds
        self.poll_interval = poll_interval
        self.max_entries = max_entries
        self._catalogue: dict[str, Served] | None = None
        self._entries: OrderedDict[str, Served] = OrderedDict()
        # the result type depends on the key: the whole catalogue, or one Served feed
        self._pending: dict[str, tuple[State | None, asyncio.Future[Any]]] = {}
        self._state: State | None = None
        self._seen: dict[str, tuple[str, datetime]] = {}
        self._started = feeds_now(feeds)
        self.builds = 0

    # ---- invalidation -----------------------------------------------------------------------

    def _state_now(self) -> State:
        return State(self.feeds.change_counter(), feeds_now(self.feeds).strftime("%Y%m%d%H"))

    async def check(self) -> bool:
        """Look at the store (in a thread); drop every built feed if it changed. True when dropped."""
        return self._adopt(await asyncio.to_thread(self._state_now))

    def _adopt(self, state: State) -> bool:
        """Record ``state`` when it is newer than the recorded one, dropping what was built before.
        True when something was dropped; an older reading (a slow thread) changes nothing."""
        if self._state is not None and not state.newer_than(self._state):
            return False
        dropped = self._state is not None
        self._state = state
        self._catalogue = None
        self._entries.clear()
        return dropped

    def _current(self, state: State) -> bool:
        """May a result built from ``state`` be kept? Only when no newer state was recorded meanwhile."""
        self._adopt(state)
        return state == self._state

    async def watch(self) -> None:
        """Poll the change counter for ever (a background task of the server)."""
        while True:
            try:
                await self.check()
            except Exception:  # a locked or vanished database must not kill the server
                log.exception("feed cache: cannot read the change counter")
            await asyncio.sleep(self.poll_interval)

    # ---- lookups ----------------------------------------------------------------------------

    async def catalogue(self, name: str) -> Served | None:
        """A catalogue feed (``all``, ``kind-webinar``, ...) or page; None when there is no such feed."""
        if self._catalogue is not None:
            return self._catalogue.get(name)
        state, catalogue = await self._shared("catalogue", self._build_catalogue)
        if self._current(state):
            self._catalogue = catalogue
        return catalogue.get(name)

    async def entry(self, key: str, build: Callable[[], FeedDocument]) -> Served:
        """A feed built on demand by ``build`` (in a thread); errors propagate (NotFound, InvalidInput)."""
        kept = self._entries.get(key)
        if kept is not None:
            self._entries.move_to_end(key)
            return kept
        state, served = await self._shared(key, lambda: self._serve_document(key, build()))
        if self._current(state):
            self._entries[key] = served
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return served

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
            result = await asyncio.to_thread(self._stamped, build)
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
        documents = self.feeds.build_all()
        served = {doc.name: self._serve_document(doc.name, doc) for doc in documents}
        latest = max((s.last_modified for s in served.values()), default=self._started)
        for key, body, kind in (
            (INDEX_KEY, self.feeds.index_html(documents), HTML_TYPE),
            (JSON_KEY, self.feeds.feeds_json(documents), JSON_TYPE),
        ):
            served[key] = self._served(key, body, etag_of(body), kind, latest)
        for item in served.values():
            item.gzipped()  # compress here, in the builder's thread, not on the event loop
        return served

    def _serve_document(self, key: str, doc: FeedDocument) -> Served:
        served = self._served(key, doc.body, doc.etag, CALENDAR_TYPE, doc.updated)
        served.personal = key.startswith("u:")
        return served

    def _served(
        self, key: str, body: bytes, etag: str, content_type: str, updated: datetime | None
    ) -> Served:
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
        return Served(body, etag, content_type, modified)


def feeds_now(feeds: FeedService) -> datetime:
    return feeds.now()
