"""How the tests start `brs-coord` processes: at the test's time unless a test needs real time."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from tests.clocks import NOW

ROOT = Path(__file__).resolve().parent.parent


def brs_argv(*args: str, at: datetime | None = NOW) -> list[str]:
    """The argv of a `brs-coord ARGS...` process whose clock starts at ``at`` (run it with cwd=ROOT).

    ``at=None`` gives the real clock, for tests marked ``real_clock`` whose own side reads it too.
    """
    if at is None:
        return [sys.executable, "-m", "brs_coord.cli", *args]
    return [sys.executable, "-m", "tests.brs_at", at.isoformat(), *args]
