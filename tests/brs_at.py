"""`brs-coord` at the test's time, for the processes the tests start.

``python -m tests.brs_at INSTANT ARGS...`` runs the command line exactly as ``brs-coord ARGS...``
does, with one difference: its clock starts at INSTANT (ISO 8601, with an offset) and ticks on in
real time. This launcher lives in the test suite only; the installed ``brs-coord`` has no way to
fake its time.
"""

from __future__ import annotations

import sys
from datetime import datetime

from brs_coord.cli import CliContext, run
from tests.clocks import TickingClock


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: python -m tests.brs_at INSTANT [ARGS...]")
    instant = datetime.fromisoformat(sys.argv.pop(1))
    run(CliContext(clock=TickingClock(instant)))


if __name__ == "__main__":
    main()
