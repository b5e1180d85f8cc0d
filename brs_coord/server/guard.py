"""The feed server's connection guard: a time limit on request heads, a cap per address, quiet logs.

Slowloris: aiohttp waits for a request head as long as the client likes, so about a thousand
half-open connections (at a 1,024 file limit) locked every other client out, and asyncio logged a
traceback for each failed accept. The guard sits between the listening socket and aiohttp's protocol:

- a request head (request line and headers) must be complete within ``header_timeout`` seconds of
  its first byte (of the connection opening, for the first one), else the connection is closed;
- one address holds at most ``per_address`` connections at a time; more are closed at once;
- refusals are logged as one WARNING line per kind per ``log_interval``, with the count since
  the last line (``ThrottledLog``); so is asyncio's "out of system resource" on accept.

An idle keep-alive connection (between requests) is aiohttp's to close (its keep-alive timeout).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# The defaults; `serve` and `bot --serve` take them from BRS_HEADER_TIMEOUT and BRS_CONNECTIONS_PER_ADDRESS
HEADER_TIMEOUT_S = 10.0
PER_ADDRESS = 64  # an office behind one NAT address fetches its calendars well within this
LOG_INTERVAL_S = 60.0
HEAD_END = b"\r\n\r\n"


class ThrottledLog:
    """One WARNING line per kind of event per interval: the first at once, later ones counted."""

    def __init__(self, interval: float = LOG_INTERVAL_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._last: dict[str, float] = {}
        self._held: Counter[str] = Counter()

    def note(self, kind: str, detail: str) -> bool:
        """Record one event; True when it was logged (else it is counted for the next line)."""
        now = self._clock()
        last = self._last.get(kind)
        if last is not None and now - last < self.interval:
            self._held[kind] += 1
            return False
        self._last[kind] = now
        held = self._held.pop(kind, 0)
        more = f" ({held} more since the last such line)" if held else ""
        log.warning("connection refused: %s (%s)%s", kind, detail, more)
        return True


class ConnectionGuard:
    """Counts open connections per address and wraps each connection's protocol (``wrap``)."""

    def __init__(
        self, *, header_timeout: float = HEADER_TIMEOUT_S, per_address: int = PER_ADDRESS,
        log_interval: float = LOG_INTERVAL_S,
    ) -> None:
        self.header_timeout = header_timeout
        self.per_address = per_address
        self.refusals = ThrottledLog(log_interval)
        self.open: Counter[str] = Counter()

    def wrap(self, factory: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for ``loop.create_server`` around aiohttp's."""
        return lambda: GuardedProtocol(factory(), self)

    def admit(self, address: str) -> bool:
        if self.open[address] >= self.per_address:
            self.refusals.note("too many connections from one address",
                               f"{address} has {self.open[address]} open")
            return False
        self.open[address] += 1
        return True

    def leave(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]

    def accept_failed(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> bool:
        """For the loop's exception handler: True when ``context`` is a failed accept (logged here,
        one line per interval, instead of asyncio's traceback each)."""
        message = str(context.get("message", ""))
        if not message.startswith("socket.accept() out of system resource"):
            return False
        error = context.get("exception")
        self.refusals.note("cannot accept", f"{error or message}; the file limit is reached")
        return True


def quiet_accept_failures(loop: asyncio.AbstractEventLoop, guard: ConnectionGuard) -> None:
    """Route asyncio's failed-accept reports through ``guard``; everything else as before."""
    previous = loop.get_exception_handler()

    def handle(running: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if guard.accept_failed(running, context):
            return
        if previous is not None:
            previous(running, context)
        else:
            running.default_exception_handler(context)

    loop.set_exception_handler(handle)


class GuardedProtocol(asyncio.Protocol):
    """aiohttp's protocol for one connection, behind the guard's cap and head time limit."""

    def __init__(self, inner: asyncio.Protocol, guard: ConnectionGuard) -> None:
        self._inner = inner
        self._guard = guard
        self._address: str | None = None  # set once admitted
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._tail = b""  # the last bytes of a head being read (HEAD_END may straddle two reads)

    # ---- the head's time limit -------------------------------------------------------------------

    def _start_head(self) -> None:
        self._tail = b""
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._guard.header_timeout, self._head_too_slow)

    def _stop_head(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _head_too_slow(self) -> None:
        self._timer = None
        self._guard.refusals.note("request head not complete in time",
                                  f"{self._address}, {self._guard.header_timeout:g} s")
        if self._transport is not None:
            self._transport.abort()

    def _scan(self, data: bytes) -> None:
        """Follow request heads through ``data``: a head ends at an empty line; bytes after it
        begin the next one (pipelining), whose clock starts now."""
        if self._timer is None:
            self._start_head()
        seen = self._tail + data
        end = seen.rfind(HEAD_END)
        if end < 0:
            self._tail = seen[-(len(HEAD_END) - 1):]
            return
        self._stop_head()
        rest = seen[end + len(HEAD_END):]
        if rest:
            self._start_head()
            self._tail = rest[-(len(HEAD_END) - 1):]

    # ---- asyncio.Protocol, passed on -------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else "unknown"
        if not self._guard.admit(address):
            transport.abort()
            return
        self._address = address
        self._transport = transport
        self._start_head()
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._address is None:
            return
        self._scan(data)
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._address is not None else None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._address is None:
            return
        self._stop_head()
        self._guard.leave(self._address)
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()
