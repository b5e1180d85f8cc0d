"""A writer process for the concurrency tests: creates events and bumps a shared counter event.

Run as ``python -m tests.store_writer DB SECONDS NAME SHARED_EVENT_ID``; prints a JSON summary.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from brs_coord.domain import EventData, EventKind
from brs_coord.errors import Conflict
from brs_coord.store import open_store
from tests.clocks import NOW, TickingClock


def bump_capacity(store, event_id: int, name: str) -> int:  # type: ignore[no-untyped-def]
    """Read-modify-write with optimistic locking, retried on conflict; returns the retries."""
    retries = 0
    while True:
        current = store.events.get(event_id)
        try:
            store.events.update(
                event_id, replace(current.data(), capacity=(current.capacity or 0) + 1),
                expected_version=current.version, by=name,
            )
            return retries
        except Conflict:
            retries += 1


def main() -> None:
    db, seconds, name, shared_id = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    store = open_store(Path(db), TickingClock(NOW))
    start = datetime(2027, 1, 1, 9, tzinfo=UTC)
    created = bumps = conflicts = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        store.events.create(
            EventData(title=f"{name} event {created}", kind=EventKind.WEBINAR,
                      starts_at=start + timedelta(hours=created),
                      ends_at=start + timedelta(hours=created + 1),
                      timezone="UTC"),
            name,
        )
        created += 1
        conflicts += bump_capacity(store, shared_id, name)
        bumps += 1
    store.close()
    print(json.dumps({"created": created, "bumps": bumps, "conflicts": conflicts}))


if __name__ == "__main__":
    main()
