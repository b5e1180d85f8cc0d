"""One notice sender per database: a lease in the store that its holder renews.

Two `brs-coord bot` processes on one database (a deployment mistake) would both deliver the outbox:
a claim older than the notice lease looked abandoned and was taken again while its sender was only
slow (a long 429 pause), so notices went out twice. Now the sender holds the ``notice-sender`` lease,
renewed every third of its length; another process refuses to start while it is live, and the holder
takes again only the claims made before its lease began (by a process that is gone).
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta

from ..errors import AlreadyRunning
from ..records import Lease
from ..repositories import Leases
from ..store import Store

NOTICE_SENDER = "notice-sender"


def process_name() -> str:
    """This process, as named in the lease: host, pid and a random tag (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def dead_here(holder: str) -> bool:
    """True when ``holder`` names a process of this machine that no longer exists."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, another user's
        return False
    return False


class SenderLease:
    """The notice sender's lease for one process: ``acquire`` once, ``renew`` often, ``release`` at stop."""

    def __init__(self, store: Store, *, seconds: int, holder: str | None = None) -> None:
        self._store = store
        self._leases: Leases = store.leases
        self.length = timedelta(seconds=seconds)
        self.holder = holder or process_name()
        self.held: Lease | None = None

    @property
    def renew_every(self) -> float:
        return self.length.total_seconds() / 3

    @property
    def since(self) -> datetime:
        """When this holder took the lease: claims older than this are a previous holder's."""
        if self.held is None:
            raise RuntimeError("the notice-sender lease is not held")
        return self.held.since

    def _take(self, replacing: str | None = None) -> Lease:
        now = self._store.clock.now()
        return self._leases.take(NOTICE_SENDER, self.holder, now, now + self.length, replacing=replacing)

    def acquire(self) -> None:
        """Take the lease, or raise AlreadyRunning naming the live holder. A holder on this machine
        whose process is gone (killed, then restarted by the service manager) is replaced at once."""
        lease = self._take()
        if lease.holder != self.holder and dead_here(lease.holder):
            lease = self._take(replacing=lease.holder)
        if lease.holder != self.holder:
            host, _, rest = lease.holder.partition(":")
            pid = rest.partition(":")[0]
            raise AlreadyRunning(
                f"another bot (pid {pid} on {host}) is sending the notices of this database; only one"
                " bot may run per database (stop it first, or wait "
                f"{int(self.length.total_seconds())} s after it died)"
            )
        self.held = lease

    def renew(self) -> bool:
        """Extend the lease; False when another process took it (this one must stop sending)."""
        lease = self._take()
        if lease.holder != self.holder:
            self.held = None
            return False
        self.held = lease
        return True

    def release(self) -> None:
        if self.held is not None:
            self._leases.give_up(NOTICE_SENDER, self.holder)
            self.held = None
