"""A reader process, as the bot is: asks questions and lists events until its time is up.

Run as ``python -m tests.store_reader DB SECONDS``; prints a JSON summary with any errors seen.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from brs_coord.config import Settings
from brs_coord.errors import BrsCoordError
from brs_coord.services import build_services
from tests.clocks import NOW, TickingClock

QUESTIONS = ("webinars", "workshops in Africa next month", "event", "PCB", "formations en décembre")


def main() -> None:
    db, seconds = Path(sys.argv[1]), float(sys.argv[2])
    services = build_services(Settings(db_path=db, staff_tz="UTC", staff_name="reader"), TickingClock(NOW))
    answers = 0
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            services.query.ask(QUESTIONS[answers % len(QUESTIONS)], limit=5)
            services.upcoming(limit=20)
            answers += 1
        except BrsCoordError as exc:
            errors.append(exc.message)
    services.close()
    print(json.dumps({"answers": answers, "errors": errors[:5], "error_count": len(errors)}))


if __name__ == "__main__":
    main()
