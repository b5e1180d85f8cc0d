"""Move the wall clock of every Python process of a test run, to catch date dependence.

``BRS_TEST_CLOCK_SHIFT`` names where the machine's clock should stand: an offset such as
``+1 year``, ``+90 days`` or ``-2 hours``, or an instant such as ``2030-02-28 12:00:00`` (UTC).
``make install`` puts a ``.pth`` hook in the virtualenv that runs this file at every interpreter
start when the variable is set: the first process turns it into a fixed offset in seconds
(``BRS_TEST_CLOCK_OFFSET``), which every process it starts inherits, so all of them see the same
shifted wall clock (time-machine, ticking). The monotonic clock, and so every timed wait, stays real.

    BRS_TEST_CLOCK_SHIFT="+1 year" make test
"""

from __future__ import annotations

import os
import re
import sys
import time
from datetime import UTC, datetime

SHIFT = "BRS_TEST_CLOCK_SHIFT"
OFFSET = "BRS_TEST_CLOCK_OFFSET"
UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400, "year": 365 * 86400}


def offset_seconds(shift: str, real_now: float) -> float:
    """Seconds to add to the real clock for ``shift`` (an offset or an instant)."""
    found = re.fullmatch(r"\s*([+-])\s*(\d+)\s*(second|minute|hour|day|week|year)s?\s*", shift)
    if found:
        sign = -1 if found.group(1) == "-" else 1
        return sign * int(found.group(2)) * UNITS[found.group(3)]
    instant = datetime.fromisoformat(shift.strip())
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.timestamp() - real_now


def install() -> None:
    """Write the ``.pth`` hook into this interpreter's site-packages (``python tests/clock_shift.py``)."""
    import sysconfig
    from pathlib import Path

    hook = Path(__file__).resolve()
    pth = Path(sysconfig.get_paths()["purelib"]) / "brs_test_clock_shift.pth"
    pth.write_text(f"import os; os.environ.get({SHIFT!r}) and __import__('runpy').run_path({str(hook)!r})\n")
    print(f"clock-shift hook: {pth}")


def start() -> None:
    if not os.environ.get(SHIFT) or getattr(sys, "_brs_clock_shifted", False):
        return  # not asked for, or already done (site-packages can be seen twice: lib and lib64)
    sys._brs_clock_shifted = True  # type: ignore[attr-defined]
    import time_machine

    real_now = time.time()  # after the import, so that every process starts its travel in step
    if OFFSET not in os.environ:
        os.environ[OFFSET] = repr(offset_seconds(os.environ[SHIFT], real_now))
    time_machine.travel(real_now + float(os.environ[OFFSET]), tick=True).start()
    time.time()  # a ticking travel counts from its first reading: take it now, in step with real_now


if __name__ == "__main__":
    install()
else:
    start()
