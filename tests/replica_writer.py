"""A writer for the Litestream rehearsal: adds events to the database through the scheduling service
until killed, and after each commit appends `title<TAB>unix time` to its log (flushed and synced), so
the test knows what was committed and when."""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from brs_coord.clock import SystemClock
from brs_coord.config import Settings
from brs_coord.domain import EventData, EventKind
from brs_coord.services import build_services


def main(db: str, name: str, log: str) -> None:
    services = build_services(Settings(db_path=Path(db), staff_tz="UTC", staff_name=name), SystemClock())
    start = datetime(2027, 6, 1, 9, tzinfo=UTC)
    with open(log, "a", encoding="utf-8") as stream:
        for n in range(1_000_000):
            title = f"Rehearsal webinar {name} {n}"
            begins = start + timedelta(hours=n)
            services.scheduling.create(EventData(title=title, kind=EventKind.WEBINAR, starts_at=begins,
                                                 ends_at=begins + timedelta(hours=1), timezone="UTC"))
            stream.write(f"{title}\t{time.time():.6f}\n")
            stream.flush()
            os.fsync(stream.fileno())
            time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:4])
