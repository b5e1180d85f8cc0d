"""A writer process of the 60-second soak: edits through the services, as the TUI does.

Run as ``python -m tests.soak_writer DB SECONDS NAME OWN_UID SHARED_UID``. For SECONDS it retitles
its own event ("NAME edit N") and adds one to the shared event's capacity (read, change, write with
the version read: a Conflict is read again and retried, as staff would). Prints a JSON summary:
its edits, bumps, conflicts, store errors (a lock error would be one) and its last title.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from brs_coord.config import Settings
from brs_coord.errors import Conflict, StoreError
from brs_coord.services import build_services
from tests.clocks import NOW, TickingClock


def main() -> None:
    db, seconds, name, own_uid, shared_uid = sys.argv[1], float(sys.argv[2]), *sys.argv[3:6]
    services = build_services(Settings(db_path=Path(db), staff_tz="UTC", staff_name=name), TickingClock(NOW))
    scheduling = services.scheduling
    summary = {"edits": 0, "bumps": 0, "conflicts": 0, "errors": [], "title": None}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            own = scheduling.get_by_uid(own_uid)
            title = f"{name} edit {summary['edits'] + 1}"
            scheduling.update(own.id, replace(own.data(), title=title), expected_version=own.version)
            summary["edits"] += 1
            summary["title"] = title
            while True:
                shared = scheduling.get_by_uid(shared_uid)
                try:
                    scheduling.update(shared.id, replace(shared.data(), capacity=(shared.capacity or 0) + 1),
                                      expected_version=shared.version)
                    break
                except Conflict:
                    summary["conflicts"] += 1
            summary["bumps"] += 1
        except StoreError as exc:
            summary["errors"].append(exc.message)
        time.sleep(0.02)  # staff at a keyboard, quickly: other writers get the lock between edits
    services.close()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
