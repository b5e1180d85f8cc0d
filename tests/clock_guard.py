"""A pytest plugin: no test reads the machine's clock by accident.

``SystemClock.now`` fails every test that is not marked ``real_clock`` (processes and soaks that
measure elapsed time, with both sides on the real clock). The read raises, and if the code under test
swallows the error the test still fails, at teardown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from brs_coord.clock import SystemClock

REAL_CLOCK_MARKER = "real_clock"


def shifted_clock() -> str | None:
    """The run's clock shift (tests/clock_shift.py), if any; refuses a shift that was not applied."""
    shift = os.environ.get("BRS_TEST_CLOCK_SHIFT")
    if shift and "BRS_TEST_CLOCK_OFFSET" not in os.environ:
        raise pytest.UsageError(
            "BRS_TEST_CLOCK_SHIFT is set but the clock-shift hook did not run: `make install` writes it")
    return shift or None


def pytest_configure(config: pytest.Config) -> None:
    shifted_clock()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if shift := shifted_clock():
        now = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        terminalreporter.write_line(f"wall clock shifted by BRS_TEST_CLOCK_SHIFT={shift!r}: now {now}")


CALL_FAILED = pytest.StashKey[bool]()


class WallClockRead(AssertionError):
    """A test read the system clock without being marked as one that needs real time."""


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(autouse=True)
def _no_wall_clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make ``SystemClock.now`` fail inside tests that are not marked ``real_clock``.

    The read raises, and the test fails at teardown even if the code under test swallowed the error.
    """
    if request.node.get_closest_marker(REAL_CLOCK_MARKER):
        yield
        return
    reads: list[str] = []
    message = (
        f"{request.node.nodeid} read the system clock (SystemClock.now). Give the code under test the "
        f"test's clock (the `clock` fixture, FixedClock(NOW), or tests.brs_at for a process), or mark "
        f"the test @pytest.mark.{REAL_CLOCK_MARKER} if it must run on real time."
    )

    def refuse(self: SystemClock) -> datetime:
        reads.append(message)
        raise WallClockRead(message)

    monkeypatch.setattr(SystemClock, "now", refuse)
    yield
    if reads and not request.node.stash.get(CALL_FAILED, False):  # the refusal was swallowed
        pytest.fail(message, pytrace=False)
