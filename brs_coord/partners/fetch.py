"""Fetching a partner source over HTTP without trusting it (synchronous, stdlib only).

A conditional GET (If-None-Match / If-Modified-Since: a 304 comes back as status 304 and no body),
a connect and a read timeout and an overall deadline (a feed that never ends is cut off), a size
cap on the DECODED body (gzip/deflate are decoded as they arrive, so neither a 200 MB feed nor a
zip bomb is ever held whole in memory), https only and public addresses only unless the source is
marked local, at most five redirects with every hop checked again (its host resolved, and the
connection made to the address that was checked, so a name cannot resolve to another one in
between), and a User-Agent naming brs-coord. Every failure is one FetchError whose message a
staff member can act on.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import BrsCoordError
from .fetched import FetchResult

USER_AGENT = f"brs-coord/{__version__} (partner calendar sync; +https://www.brsmeas.org)"
CHUNK = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(BrsCoordError):
    """A source that could not be fetched, and why, in words staff understand."""

    title = "Cannot fetch the source"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 120.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL: where to connect (an address that passed the checks) and what to ask for."""

    url: str
    tls: bool
    host: str
    port: int
    address: str
    path: str


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"The address {host!r} does not resolve ({exc.strerror})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _connect(target: Target, timeout: float) -> socket.socket:
    sock = socket.create_connection((target.address, target.port), timeout=timeout)
    if not target.tls:
        return sock
    context = ssl.create_default_context()
    try:
        return context.wrap_socket(sock, server_hostname=target.host)
    except BaseException:
        sock.close()
        raise


@dataclass(frozen=True, slots=True)
class Network:
    """How names are resolved and connections opened (the tests give a loopback one)."""

    resolve: Callable[[str, int], list[str]] = _resolve
    connect: Callable[[Target, float], socket.socket] = _connect


def check_scheme(url: str, local: bool) -> None:
    """https only, http too when the source is marked local; nothing else (file:, ftp: …)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "https" or (scheme == "http" and local):
        return
    if scheme == "http":
        raise FetchError(f"{url} is plain http: partner sources are fetched over https only, unless the"
                         " source is marked local (--local)")
    raise FetchError(f"{url!r} is not a web address (https://…)")


def check_address(address: str, local: bool) -> None:
    """A public address, or any when the source is marked local: loopback, private, link-local,
    multicast, reserved and unspecified addresses are refused (a feed cannot make the server read
    its own network)."""
    if local:
        return
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    kinds = (("loopback", ip.is_loopback), ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
             ("private", ip.is_private), ("reserved", ip.is_reserved), ("unspecified", ip.is_unspecified))
    for kind, applies in kinds:
        if applies:
            raise FetchError(f"{address} is a {kind} address: a partner source must be on the public"
                             " internet, unless it is marked local (--local)")


def check_url(url: str, local: bool, network: Network = Network()) -> Target:
    """The target a URL names, once its scheme and every address its host resolves to pass."""
    check_scheme(url, local)
    parts = urlsplit(url)
    if not parts.hostname:
        raise FetchError(f"{url!r} names no host")
    tls = parts.scheme.lower() == "https"
    try:
        port = parts.port or (443 if tls else 80)
    except ValueError:
        raise FetchError(f"{url!r} has an invalid port") from None
    addresses = network.resolve(parts.hostname, port)
    if not addresses:
        raise FetchError(f"The address {parts.hostname!r} does not resolve")
    for address in addresses:
        check_address(address, local)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(url, tls, parts.hostname, port, addresses[0], path)


class _Decoder:
    """The body as it arrives, decoded (identity, gzip or deflate), never more than the cap."""

    def __init__(self, encoding: str, cap: int, url: str) -> None:
        encoding = encoding.strip().lower()
        self._raw_fallback = encoding == "deflate"
        if encoding in ("", "identity"):
            self._inflate: zlib._Decompress | None = None
        elif encoding in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
            self._inflate = zlib.decompressobj(wbits=self._wbits)
        elif encoding == "deflate":
            self._wbits = zlib.MAX_WBITS
            self._inflate = zlib.decompressobj(wbits=self._wbits)
        else:
            raise FetchError(f"{url} is sent with the encoding {encoding!r}, which brs-coord does not read")
        self._cap, self._url = cap, url
        self.body = bytearray()

    def feed(self, chunk: bytes) -> None:
        if self._inflate is None:
            self._keep(chunk)
            return
        try:
            data = chunk
            while data:
                out = self._inflate.decompress(data, self._cap + 1 - len(self.body))
                self._keep(out)
                data = self._inflate.unconsumed_tail
                if self._inflate.eof and self._inflate.unused_data:
                    # a gzip body may be several members one after the other
                    data = self._inflate.unused_data
                    self._inflate = zlib.decompressobj(wbits=self._wbits)
                elif not out and data:
                    break
        except zlib.error:
            if self._raw_fallback and not self.body:
                self._wbits, self._raw_fallback = -zlib.MAX_WBITS, False
                self._inflate = zlib.decompressobj(wbits=self._wbits)
                self.feed(chunk)
                return
            raise FetchError(f"{self._url} sent a compressed body that does not decompress") from None

    def finish(self) -> bytes:
        if self._inflate is not None:
            self._keep(self._inflate.flush())
        return bytes(self.body)

    def _keep(self, data: bytes) -> None:
        if len(self.body) + len(data) > self._cap:
            raise FetchError(f"{self._url} is larger than {_size(self._cap)} once decompressed: refused"
                             " (a calendar feed is far smaller; is this the right address?)")
        self.body += data


def _size(count: int) -> str:
    return f"{count / 1_000_000:g} MB" if count >= 1_000_000 else f"{count:,} bytes"


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None, local: bool = False,
          limits: FetchLimits = FetchLimits(), network: Network = Network(),
          monotonic: Callable[[], float] = time.monotonic) -> FetchResult:
    """GET a source's URL as described above; a 304 when the ETag/Last-Modified still hold."""
    ends_by = monotonic() + limits.deadline
    current = url
    for _hop in range(limits.max_redirects + 1):
        target = check_url(current, local, network)
        outcome = _get(target, etag, last_modified, limits, network, monotonic, ends_by)
        if isinstance(outcome, FetchResult):
            return outcome
        current = urljoin(current, outcome)
    raise FetchError(f"{url} redirects more than {limits.max_redirects} times: refused")


def _get(target: Target, etag: str | None, last_modified: str | None, limits: FetchLimits,
         network: Network, monotonic: Callable[[], float], ends_by: float) -> FetchResult | str:
    """One request: the result, or the Location of a redirect."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": "*/*",
               "Connection": "close"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    connection = http.client.HTTPConnection(target.host, target.port, timeout=limits.read_timeout)
    try:
        try:
            sock = network.connect(target, min(limits.connect_timeout, max(0.01, ends_by - monotonic())))
        except TimeoutError:
            raise FetchError(f"{target.url} did not answer within {limits.connect_timeout:g} s") from None
        except ssl.SSLError as exc:
            raise FetchError(f"{target.url}: the secure connection failed ({exc.reason or exc})") from None
        except OSError as exc:
            raise FetchError(f"{target.url} cannot be reached ({exc.strerror or exc})") from None
        def patience() -> None:
            """The read timeout, or less when the deadline comes first."""
            left = ends_by - monotonic()
            if left <= 0:
                raise FetchError(f"{target.url} was still sending after {limits.deadline:g} s: cut off")
            sock.settimeout(min(limits.read_timeout, left))

        patience()
        connection.sock = sock
        connection.request("GET", target.path, headers=headers)
        response = connection.getresponse()
        return _answer(target, response, etag, last_modified, limits, patience)
    except TimeoutError:
        if monotonic() >= ends_by:
            raise FetchError(f"{target.url} was still sending after {limits.deadline:g} s: cut off") from None
        raise FetchError(f"{target.url} stopped sending for {limits.read_timeout:g} s: cut off") from None
    except (http.client.HTTPException, OSError) as exc:
        raise FetchError(f"{target.url} broke off the answer ({type(exc).__name__}: {exc})") from None
    finally:
        connection.close()


def _answer(target: Target, response: http.client.HTTPResponse, etag: str | None,
            last_modified: str | None, limits: FetchLimits,
            patience: Callable[[], None]) -> FetchResult | str:
    status = response.status
    if status in REDIRECTS:
        location = response.getheader("Location")
        if not location:
            raise FetchError(f"{target.url} redirects ({status}) without saying where")
        return location
    new_etag = response.getheader("ETag") or etag
    new_modified = response.getheader("Last-Modified") or last_modified
    if status == 304:
        return FetchResult(304, b"", new_etag, new_modified)
    if status != 200:
        raise FetchError(f"{target.url} answered {status} {response.reason}".rstrip())
    encoding = response.getheader("Content-Encoding") or ""
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limits.max_bytes:
        raise FetchError(f"{target.url} is {_size(int(length))}, over the {_size(limits.max_bytes)} a source"
                         " may be: refused")
    decoder = _Decoder(encoding, limits.max_bytes, target.url)
    while chunk := response.read1(CHUNK):
        decoder.feed(chunk)
        patience()
    return FetchResult(200, decoder.finish(), new_etag, new_modified)
