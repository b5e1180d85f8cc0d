"""The partner-source fetcher against hostile servers on loopback: a 200 MB feed, a feed that never
ends, one that stalls, a zip bomb served with Content-Encoding: gzip, redirects to private and
loopback addresses and redirect loops, and a conditional re-fetch answered 304."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from brs_coord.partners.fetch import (
    USER_AGENT,
    FetchError,
    FetchLimits,
    Network,
    Target,
    check_address,
    check_scheme,
    check_url,
    fetch,
)

pytestmark = pytest.mark.hardening

FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
ETAG = '"feed-v1"'
MODIFIED = "Sat, 21 Nov 2026 09:00:00 GMT"
MB = 1_000_000
BLOCK = b"X" * 65536


def _bomb(decoded: int) -> bytes:
    """gzip of `decoded` zero bytes, compressed a block at a time (never built whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MB)
    return b"".join([*(packer.compress(zeros) for _ in range(decoded // MB)), packer.flush()])


@dataclass
class Served:
    """What the server saw: each request's headers, and how much the big feeds wrote."""

    requests: list[dict[str, str]] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)


def _handler(served: Served, bomb: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, name: str, total: int, pause: float = 0.0, **headers: str) -> None:
            """`total` bytes (or forever when 0) in blocks, without Content-Length, counting what went out."""
            self.send_response(200)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            sent = 0
            try:
                while total == 0 or sent < total:
                    self.wfile.write(BLOCK)
                    sent += len(BLOCK)
                    if pause:
                        time.sleep(pause)
            except OSError:
                pass
            finally:
                served.sent[name] = sent
                served.done.set()

        def do_GET(self) -> None:  # noqa: N802
            served.requests.append({k.lower(): v for k, v in self.headers.items()} | {"path": self.path})
            path = self.path
            if path == "/feed":
                if self.headers.get("If-None-Match") == ETAG:
                    self._send(304, ETag=ETAG, Last_Modified=MODIFIED)
                else:
                    self._send(200, FEED, ETag=ETAG, Last_Modified=MODIFIED, Content_Type="text/calendar")
            elif path == "/dated":
                if self.headers.get("If-Modified-Since") == MODIFIED:
                    self._send(304)
                else:
                    self._send(200, FEED, Last_Modified=MODIFIED)
            elif path == "/gzip":
                self._send(200, gzip.compress(FEED), Content_Encoding="gzip")
            elif path == "/gzip-members":
                members = gzip.compress(FEED[:20]) + gzip.compress(FEED[20:])
                self._send(200, members, Content_Encoding="gzip")
            elif path == "/deflate":
                self._send(200, zlib.compress(FEED), Content_Encoding="deflate")
            elif path == "/raw-deflate":
                packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
                self._send(200, packer.compress(FEED) + packer.flush(), Content_Encoding="deflate")
            elif path == "/bomb":
                self._send(200, bomb, Content_Encoding="gzip", Content_Type="text/calendar")
            elif path == "/declared-200mb":
                self.send_response(200)
                self.send_header("Content-Length", str(200 * MB))
                self.end_headers()
                self._stream("declared", 200 * MB)
            elif path == "/200mb":
                self._stream("200mb", 200 * MB)
            elif path == "/endless":
                self._stream("endless", 0, pause=0.02)
            elif path == "/stall":
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"BEGIN:VCALENDAR\r\n")
                self.wfile.flush()
                time.sleep(3)
            elif path.startswith("/hop/"):
                left = int(path.rsplit("/", 1)[1])
                self._send(302, Location=f"/hop/{left - 1}" if left else "/feed")
            elif path == "/loop":
                self._send(301, Location="/loop")
            elif path == "/to-private":
                self._send(302, Location="https://intranet.partner.test/feed")
            elif path == "/to-loopback":
                self._send(307, Location="https://loopback.partner.test/feed")
            elif path == "/to-public":
                self._send(302, Location="https://mirror.partner.test/feed")
            elif path == "/to-http":
                self._send(302, Location="http://feed.partner.test/feed")
            elif path == "/gone":
                self._send(404, b"no such calendar")
            else:
                self._send(500)

    return Handler


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb(200 * MB)


@pytest.fixture
def server(bomb: bytes) -> Iterator[tuple[str, int, Served]]:
    served = Served()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served, bomb))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", httpd.server_address[1], served
    finally:
        httpd.shutdown()
        httpd.server_close()


def _local(server: tuple[str, int, Served]) -> Callable[[str], str]:
    host, port, _ = server
    return lambda path: f"http://{host}:{port}{path}"


# The public internet as the tests see it: names resolve to these addresses, and every connection,
# whatever its address, reaches the loopback server over plain TCP.
ADDRESSES = {
    "feed.partner.test": ["93.184.216.34"],
    "mirror.partner.test": ["151.101.1.69"],
    "intranet.partner.test": ["10.1.2.3"],
    "loopback.partner.test": ["127.0.0.1"],
    "sneaky.partner.test": ["93.184.216.34", "192.168.1.7"],
}


def _internet(port: int, connected: list[str]) -> Network:
    def connect(target: Target, timeout: float) -> socket.socket:
        connected.append(target.address)
        return socket.create_connection(("127.0.0.1", port), timeout=timeout)

    return Network(resolve=lambda host, _port: ADDRESSES[host], connect=connect)


def test_a_feed_then_a_conditional_refetch_that_transfers_nothing(server: tuple[str, int, Served]) -> None:
    url = _local(server)("/feed")
    first = fetch(url, local=True)
    assert (first.status, first.body, first.etag, first.last_modified) == (200, FEED, ETAG, MODIFIED)
    again = fetch(url, etag=first.etag, last_modified=first.last_modified, local=True)
    assert (again.status, again.body, again.etag) == (304, b"", ETAG)
    sent = server[2].requests
    assert sent[1]["if-none-match"] == ETAG and sent[1]["if-modified-since"] == MODIFIED
    assert "if-none-match" not in sent[0]
    assert all(r["user-agent"] == USER_AGENT and "brs-coord" in r["user-agent"] for r in sent)


def test_last_modified_alone_gives_304_and_keeps_the_date(server: tuple[str, int, Served]) -> None:
    result = fetch(_local(server)("/dated"), last_modified=MODIFIED, local=True)
    assert (result.status, result.body, result.etag, result.last_modified) == (304, b"", None, MODIFIED)


@pytest.mark.parametrize("path", ["/gzip", "/gzip-members", "/deflate", "/raw-deflate"])
def test_compressed_feeds_are_decoded(server: tuple[str, int, Served], path: str) -> None:
    assert fetch(_local(server)(path), local=True).body == FEED


def test_a_zip_bomb_is_refused_by_its_decoded_size(server: tuple[str, int, Served], bomb: bytes) -> None:
    assert len(bomb) < MB  # 200 MB of zeros in a few hundred kB
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than 20 MB once decompressed"):
            fetch(_local(server)("/bomb"), local=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * 20 * MB


def test_a_200_mb_feed_is_refused_without_reading_it_all(server: tuple[str, int, Served]) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than 20 MB"):
            fetch(_local(server)("/200mb"), local=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * 20 * MB
    assert server[2].done.wait(10)
    assert server[2].sent["200mb"] < 200 * MB  # the server was cut off, not drained


def test_a_declared_200_mb_feed_is_refused_before_its_body(server: tuple[str, int, Served]) -> None:
    with pytest.raises(FetchError, match=r"is 200 MB, over the 20 MB a source may be"):
        fetch(_local(server)("/declared-200mb"), local=True)


def test_a_feed_that_never_ends_is_cut_off_at_the_deadline(server: tuple[str, int, Served]) -> None:
    limits = FetchLimits(deadline=1.0, read_timeout=5.0, max_bytes=1_000 * MB)
    began = time.monotonic()
    with pytest.raises(FetchError, match=r"still sending after 1 s: cut off"):
        fetch(_local(server)("/endless"), local=True, limits=limits)
    assert time.monotonic() - began < 3


def test_a_feed_that_stalls_is_cut_off_at_the_read_timeout(server: tuple[str, int, Served]) -> None:
    with pytest.raises(FetchError, match=r"stopped sending for 0.3 s"):
        fetch(_local(server)("/stall"), local=True, limits=FetchLimits(read_timeout=0.3))


def test_redirects_are_followed_up_to_five_times(server: tuple[str, int, Served]) -> None:
    assert fetch(_local(server)("/hop/4"), local=True).body == FEED  # 5 redirects
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch(_local(server)("/hop/5"), local=True)
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch(_local(server)("/loop"), local=True)


def test_a_404_says_so(server: tuple[str, int, Served]) -> None:
    with pytest.raises(FetchError, match="answered 404 Not Found"):
        fetch(_local(server)("/gone"), local=True)


@pytest.mark.parametrize(("path", "refusal"), [
    ("/to-private", "10.1.2.3 is a private address"),
    ("/to-loopback", "127.0.0.1 is a loopback address"),
    ("/to-http", "plain http"),
])
def test_a_public_source_redirecting_inward_is_refused(server: tuple[str, int, Served], path: str,
                                                       refusal: str) -> None:
    connected: list[str] = []
    with pytest.raises(FetchError, match=refusal):
        fetch(f"https://feed.partner.test{path}", network=_internet(server[1], connected))
    assert connected == ["93.184.216.34"]  # the refused hop is never connected to


Server = tuple[str, int, Served]


def test_a_public_source_redirecting_to_another_public_host_is_followed(server: Server) -> None:
    connected: list[str] = []
    result = fetch("https://feed.partner.test/to-public", network=_internet(server[1], connected))
    assert result.body == FEED and connected == ["93.184.216.34", "151.101.1.69"]


def test_a_local_source_may_redirect_to_loopback(server: tuple[str, int, Served]) -> None:
    connected: list[str] = []
    result = fetch("https://feed.partner.test/to-loopback", local=True,
                   network=_internet(server[1], connected))
    assert result.body == FEED and connected == ["93.184.216.34", "127.0.0.1"]


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    with pytest.raises(FetchError, match="192.168.1.7 is a private address"):
        check_url("https://sneaky.partner.test/feed", False, Network(resolve=lambda h, p: ADDRESSES[h]))


def test_the_loopback_server_itself_is_refused_unless_local(server: tuple[str, int, Served]) -> None:
    with pytest.raises(FetchError, match="plain http"):
        fetch(_local(server)("/feed"))
    with pytest.raises(FetchError, match="loopback address"):
        fetch(f"https://127.0.0.1:{server[1]}/feed")
    assert server[2].requests == []


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.0.0.1", "172.16.5.4", "192.168.0.10",
                                     "169.254.169.254", "fe80::1", "224.0.0.251", "ff02::1", "0.0.0.0",
                                     "::ffff:127.0.0.1", "fd00::7"])
def test_inward_addresses_are_refused_unless_local(address: str) -> None:
    with pytest.raises(FetchError, match="must be on the public internet, unless it is marked local"):
        check_address(address, False)
    check_address(address, True)


def test_public_addresses_pass() -> None:
    for address in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"):
        check_address(address, False)


def test_https_only_unless_local() -> None:
    check_scheme("https://centre.example/events.ics", False)
    with pytest.raises(FetchError, match="plain http: partner sources are fetched over https only"):
        check_scheme("http://centre.example/events.ics", False)
    check_scheme("http://centre.example/events.ics", True)
    for url in ("file:///etc/passwd", "ftp://centre.example/a.ics", "centre.example/a.ics"):
        with pytest.raises(FetchError, match="is not a web address"):
            check_scheme(url, True)


def test_an_unresolvable_host_and_a_closed_port_say_so() -> None:
    def nowhere(host: str, port: int) -> list[str]:
        raise FetchError(f"The address {host!r} does not resolve (Name or service not known)")

    with pytest.raises(FetchError, match="does not resolve"):
        fetch("https://nowhere.partner.test/feed", network=Network(resolve=nowhere))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot be reached"):
        fetch(f"http://127.0.0.1:{port}/feed", local=True)
