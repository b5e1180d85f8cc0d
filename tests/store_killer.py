"""A writer that reports each transaction, for the kill-mid-transaction test.

Run as ``python -m tests.store_killer DB``: prints ``begin N`` before and ``committed N`` after
each transaction of 25 events, forever (until killed).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from brs_coord.domain import EventData, EventKind
from brs_coord.store import open_store
from tests.clocks import NOW, TickingClock

BATCH = 25


def main() -> None:
    store = open_store(Path(sys.argv[1]), TickingClock(NOW))
    start = datetime(2027, 1, 1, 9, tzinfo=UTC)
    done = 0
    while True:
        print(f"begin {done}", flush=True)
        with store.transaction():
            for index in range(BATCH):
                at = start + timedelta(minutes=done + index)
                store.events.create(
                    EventData(title=f"killed writer {done + index}", kind=EventKind.WEBINAR,
                              starts_at=at, ends_at=at + timedelta(hours=1), timezone="UTC",
                              description="x" * 2000),
                    "killer",
                )
        done += BATCH
        print(f"committed {done}", flush=True)


if __name__ == "__main__":
    main()
