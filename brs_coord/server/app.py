"""The HTTP feed server (aiohttp): index page, catalogue feeds, filtered, personal and single-event
feeds, with ETag/Last-Modified (304), gzip, HEAD and plain error pages. SQLite runs in threads."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import signal
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from ..errors import InvalidInput, NotFound
from ..languages import CODES, DEFAULT
from ..redaction import RedactSecrets
from ..services import Services
from ..services.database_watch import run_until_stopped
from ..services.feed_pages import LANGUAGE_SEGMENT
from ..services.participants import ParticipantService
from .cache import JSON_KEY, POLL_INTERVAL, FeedCache, Served, index_key
from .guard import ConnectionGuard, quiet_accept_failures
from .verify import CERTIFICATES, verify

log = logging.getLogger(__name__)

CACHE = web.AppKey("feed_cache", FeedCache)
PARTICIPANTS = web.AppKey("participants", ParticipantService)
REVOKED = "This personal calendar link is unknown or was replaced. Send /feeds to the bot for the new one."
MAX_TARGET = 2048  # longest path + query we answer (longer: 414)
MAX_LINE = 16 * 1024  # what the HTTP parser accepts, so that we can answer 414 ourselves
WRITE_CHUNK = 256 * 1024  # gzip bytes handed to the transport at a time
FEED_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.ics$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}\.ics$")
UID = re.compile(r"^[A-Za-z0-9@._:+-]{1,255}\.ics$")
PUBLIC_CACHE = "public, max-age=600"
PRIVATE_CACHE = "private, max-age=600"
HTML_SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    "Referrer-Policy": "no-referrer",
}


def _page(status: int, title: str, message: str) -> web.Response:
    body = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{status} {html.escape(title)}</title></head>"
        f"<body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem\">"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
        "<p><a href=\"/\">All BRS calendars</a></p></body></html>\n"
    )
    return web.Response(
        status=status, text=body, content_type="text/html", charset="utf-8", headers=HTML_SECURITY
    )


def not_found(message: str = "There is no calendar at this address.") -> web.Response:
    return _page(404, "Not found", message)


def _matches(header: str, served: Served) -> bool:
    if header.strip() == "*":
        return True
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return served.etag in tags or served.gzip_etag in tags


def _headers(served: Served, packed: bool) -> dict[str, str]:
    """The headers of a 200 or 304 for this representation (computed once per built feed)."""
    headers = {
        "ETag": served.gzip_etag if packed else served.etag,
        "Last-Modified": served.last_modified_http,
        "Cache-Control": PRIVATE_CACHE if served.personal else PUBLIC_CACHE,
        "Vary": "Accept-Encoding",
    }
    if served.content_type.startswith("text/html"):
        headers.update(HTML_SECURITY)
    if served.personal:
        headers["X-Robots-Tag"] = "noindex"
        headers["Referrer-Policy"] = "no-referrer"
    return headers


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header takes gzip: named (or ``*``) with a q-value above 0;
    ``gzip;q=0`` refuses it (RFC 9110 §12.5.3)."""
    weights: dict[str, float] = {}
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if coding.strip():
            weights[coding.strip().lower()] = weight
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


async def respond(
    request: web.Request, served: Served, extra: dict[str, str] | None = None
) -> web.StreamResponse:
    """200 (gzip when asked), or 304 when the client's copy is current; ``extra`` headers on a 200.
    A client that takes no gzip gets the identity body inflated from the kept gzip bytes, a piece
    at a time in a thread (no whole identity copy is held)."""
    packed = accepts_gzip(request.headers.get("Accept-Encoding", "")) and served.compressible
    base = served.headers.get(packed)
    if base is None:
        base = served.headers[packed] = _headers(served, packed)
    headers = dict(base)
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        if _matches(if_none_match, served):
            return web.Response(status=304, headers=headers)
    elif "If-Modified-Since" in request.headers:
        since = request.if_modified_since
        if since is not None and served.last_modified.replace(microsecond=0) <= since:
            return web.Response(status=304, headers=headers)
    headers.update(extra or {})
    headers["Content-Type"] = served.content_type
    if packed:
        headers["Content-Encoding"] = "gzip"
        return await _gzipped(request, served, headers)
    if not served.compressible:
        return web.Response(body=served.body, headers=headers)
    return await _inflated(request, served, headers)


async def _gzipped(request: web.Request, served: Served, headers: dict[str, str]) -> web.StreamResponse:
    """The kept gzip segments as they are (never joined into one copy of the body)."""
    response = web.StreamResponse(headers=headers)
    response.content_length = served.gzip_size
    await response.prepare(request)
    if request.method != "HEAD":
        pending: list[bytes] = []
        size = 0
        for piece in served.gzip_chunks():  # small segments written together
            pending.append(piece)
            size += len(piece)
            if size >= WRITE_CHUNK:
                await response.write(b"".join(pending))
                pending, size = [], 0
        if pending:
            await response.write(b"".join(pending))
    await response.write_eof()
    return response


async def _inflated(request: web.Request, served: Served, headers: dict[str, str]) -> web.StreamResponse:
    response = web.StreamResponse(headers=headers)
    response.content_length = served.size
    await response.prepare(request)
    if request.method != "HEAD":
        chunks = served.identity_chunks()
        while (piece := await asyncio.to_thread(next, chunks, None)) is not None:
            await response.write(piece)
    await response.write_eof()
    return response


def _too_long(request: web.Request) -> web.Response | None:
    if len(request.raw_path) > MAX_TARGET:
        return _page(414, "Address too long", f"Addresses longer than {MAX_TARGET} characters are refused.")
    return None


def _language(request: web.Request) -> str | web.Response:
    """The language asked for in the path (``/xx/``, ``/calendars/xx/``, as the export names its files)
    or with ``?lang=xx`` (English without either); a 400 page for an unknown one."""
    lang = request.match_info.get("lang") or request.query.get("lang", DEFAULT).strip() or DEFAULT
    if lang not in CODES:
        return _page(400, "Unknown language", f"lang must be one of {', '.join(CODES)}.")
    return lang


async def index(request: web.Request) -> web.StreamResponse:
    """The index page (``?lang=xx``: in that language): every feed with subscribe buttons."""
    lang = _language(request)
    if isinstance(lang, web.Response):
        return lang
    served = await request.app[CACHE].catalogue(index_key(lang))
    assert served is not None
    return await respond(request, served)


async def feeds_json(request: web.Request) -> web.StreamResponse:
    """The feed list, machine-readable."""
    served = await request.app[CACHE].catalogue(JSON_KEY)
    assert served is not None
    return await respond(request, served)


async def calendar(request: web.Request) -> web.StreamResponse:
    """A catalogue feed: /calendars/<name>.ics (``?lang=xx``: named and worded in that language,
    built on demand; the English ones with the whole catalogue)."""
    name = request.match_info["name"]
    if not FEED_NAME.match(name):
        return not_found()
    lang = _language(request)
    if isinstance(lang, web.Response):
        return lang
    cache = request.app[CACHE]
    feed = name.removesuffix(".ics")
    missing = f"There is no feed called {name}. The list of feeds is on the home page."
    if lang != DEFAULT:
        try:
            served = await cache.entry(f"l:{lang}:{feed}", lambda: cache.feeds.feed(feed, lang))
        except NotFound:
            return not_found(missing)
        return await respond(request, served)
    found = await cache.catalogue(feed)
    if found is None:
        return not_found(missing)
    return await respond(request, found)


async def filtered(request: web.Request) -> web.StreamResponse:
    """/feed.ics?kind=...&convention=...: a feed filtered by slugs (and an optional question); its
    ``lang=`` filters events by their language and words the feed in it (FeedService.filtered)."""
    if (too_long := _too_long(request)) is not None:
        return too_long
    params: dict[str, str] = {}
    for key, value in request.query.items():
        params[key] = f"{params[key]},{value}" if key in params else value
    feeds = request.app[CACHE].feeds
    key = "q:" + "&".join(f"{k}={params[k]}" for k in sorted(params))
    try:
        served = await request.app[CACHE].entry(key, lambda: feeds.filtered(params))
    except InvalidInput as exc:
        return _page(400, "Unknown filter", exc.message)
    return await respond(request, served)


async def personal(request: web.Request) -> web.StreamResponse:
    """/u/<token>.ics: a participant's own feed (registrations with join links, subscriptions)."""
    token = request.match_info["token"]
    if not TOKEN.match(token):
        return not_found()
    cache = request.app[CACHE]
    value = token.removesuffix(".ics")
    key = "u:" + value
    # Asked of the store on every request, before the cache: a reset or forgotten token answers 404 at
    # once, not when the cache next notices a change.
    if not await asyncio.to_thread(request.app[PARTICIPANTS].serves_personal_feed, value):
        cache.drop(key)
        return not_found(REVOKED)
    try:
        served = await cache.entry(key, lambda: cache.feeds.personal(value))
    except NotFound:
        return not_found(REVOKED)
    return await respond(request, served)


async def single_event(request: web.Request) -> web.StreamResponse:
    """/events/<uid>.ics: one event, to download once."""
    uid = request.match_info["uid"]
    if not UID.match(uid) or ".." in uid:
        return not_found()
    lang = _language(request)
    if isinstance(lang, web.Response):
        return lang
    feeds = request.app[CACHE].feeds
    value = uid.removesuffix(".ics")
    try:
        served = await request.app[CACHE].entry(f"e:{lang}:{value}", lambda: feeds.event(value, lang))
    except NotFound:
        return not_found("There is no public event with this identifier.")
    disposition = f'attachment; filename="{value.split("@")[0]}.ics"'
    return await respond(request, served, {"Content-Disposition": disposition})


READ_ONLY = "GET, HEAD"


async def anything_else(request: web.Request) -> web.StreamResponse:
    """Every other address (including traversal attempts): 404, or 414 when absurdly long; a
    method other than GET or HEAD is 405 anywhere (every address here is read-only)."""
    if request.method not in ("GET", "HEAD"):
        response = _page(405, "Method not allowed", "These calendars are read-only: use GET.")
        response.headers["Allow"] = READ_ONLY
        return response
    return _too_long(request) or not_found()


async def _watch_store(app: web.Application) -> AsyncIterator[None]:
    cache = app[CACHE]
    await cache.check()
    task = asyncio.create_task(cache.watch())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await cache.stop()


class ClientFaultsInOneLine(logging.Filter):
    """Malformed HTTP is the client's fault: one WARNING line instead of aiohttp's ERROR traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            record.msg, record.args = "bad request refused (%s %s)", (error.code, type(error).__name__)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def build_feed_app(services: Services, *, poll_interval: float = POLL_INTERVAL) -> web.Application:
    """The feed server as an aiohttp application (also mounted by `brs-coord bot --serve`)."""
    server_log = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, ClientFaultsInOneLine) for f in server_log.filters):
        server_log.addFilter(ClientFaultsInOneLine())
    app = web.Application()
    app[CACHE] = FeedCache(services.feeds, poll_interval=poll_interval)
    app[PARTICIPANTS] = services.participants
    app[CERTIFICATES] = services.certificates
    app.router.add_get("/", index)
    app.router.add_get("/index.html", index)
    app.router.add_get("/feeds.json", feeds_json)
    app.router.add_get("/calendars/{name}", calendar)
    app.router.add_get(f"/calendars/{{lang:{LANGUAGE_SEGMENT}}}/{{name}}", calendar)
    app.router.add_get(f"/{{lang:{LANGUAGE_SEGMENT}}}/", index)
    app.router.add_get(f"/{{lang:{LANGUAGE_SEGMENT}}}/index.html", index)
    app.router.add_get("/feed.ics", filtered)
    app.router.add_get("/u/{token}", personal)
    app.router.add_get("/events/{uid}", single_event)
    app.router.add_get("/verify/{code}", verify)
    app.router.add_route("*", "/{tail:.*}", anything_else)
    app.cleanup_ctx.append(_watch_store)
    return app


def _access_log() -> logging.Logger:
    """The access log, which never records a personal feed's token (``/u/<redacted>.ics``)."""
    access = logging.getLogger("brs_coord.server.access")
    if not any(isinstance(f, RedactSecrets) for f in access.filters):
        access.addFilter(RedactSecrets())
    return access


RUNNER_ARGS: dict[str, Any] = {"max_line_size": MAX_LINE, "max_field_size": MAX_LINE}


class GuardedRunner(web.AppRunner):
    """aiohttp's runner whose sites accept connections through a ConnectionGuard (``server.guard``)."""

    def __init__(self, app: web.Application, guard: ConnectionGuard, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.guard = guard

    @property
    def server(self) -> web.Server | None:
        """The protocol factory the sites listen with: aiohttp's, each connection behind the guard
        (a sites' factory only: the runner itself shuts down its own ``web.Server``)."""
        inner = super().server
        return None if inner is None else cast(web.Server, self.guard.wrap(inner))


async def start_feed_server(
    services: Services, host: str, port: int, *, poll_interval: float = POLL_INTERVAL,
    access_log: bool = True, guard: ConnectionGuard | None = None,
) -> web.AppRunner:
    """Start serving on ``host:port`` in the running event loop; ``await runner.cleanup()`` stops it.
    ``guard`` (default: the limits of the settings, BRS_HEADER_TIMEOUT and
    BRS_CONNECTIONS_PER_ADDRESS) caps connections per address and the time to send a request head,
    and keeps failed accepts to one log line per minute."""
    app = build_feed_app(services, poll_interval=poll_interval)
    app[CACHE].build_once_listening()
    settings = services.settings
    guard = guard or ConnectionGuard(header_timeout=settings.header_timeout,
                                     per_address=settings.connections_per_address)
    quiet_accept_failures(asyncio.get_running_loop(), guard)
    runner = GuardedRunner(app, guard, access_log=_access_log() if access_log else None, **RUNNER_ARGS)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    app[CACHE].listening()
    log.info("serving feeds on http://%s:%s/", host, port)
    return runner


def run_feed_server(
    services: Services, host: str, port: int, on_ready: Callable[[], None] | None = None
) -> None:
    """Serve until interrupted (the `brs-coord serve` command); ``on_ready`` once listening.
    Raises DatabaseReplaced when the database file is deleted or replaced meanwhile."""

    async def main() -> None:
        runner = await start_feed_server(services, host, port)
        if on_ready is not None:
            on_ready()
        stop = asyncio.Event()
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        try:
            await run_until_stopped(stop, services.store)
        finally:
            await runner.cleanup()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
