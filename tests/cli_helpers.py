"""`brs-coord` commands run inside the test process (click's CliRunner) at the test's time."""

from __future__ import annotations

from collections.abc import Mapping

from click.testing import CliRunner, Result

from brs_coord.cli import CliContext, main
from brs_coord.clock import Clock, FixedClock
from tests.clocks import NOW


def invoke(*args: str, env: Mapping[str, str | None] | None = None, clock: Clock | None = None) -> Result:
    """Run ``brs-coord ARGS...`` with the given clock (default: fixed at NOW) and extra environment."""
    context = CliContext(clock=clock or FixedClock(NOW))
    return CliRunner().invoke(main, list(args), env=env, obj=context)
