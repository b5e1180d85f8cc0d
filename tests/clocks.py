"""The tests' time: the fixed instant every test runs at, and a clock that ticks on from it.

``NOW`` is where the suite's calendar stands, whatever the machine's date: fixtures build their
events around it and every service under test reads it through a ``FixedClock``. Processes the
tests start get a ``TickingClock`` from the same instant (``tests.brs_at``), so the two sides agree.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


class TickingClock:
    """Starts at a given instant and moves on in real (monotonic) time: a process's "now"."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("TickingClock needs an aware datetime")
        self._start = start.astimezone(UTC)
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._started)
