"""The suite's own rules about time: the guard on the system clock and the test launcher's clock."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.clocks import NOW
from tests.processes import ROOT, brs_argv

INNER_TESTS = '''
import pytest
from brs_coord.clock import SystemClock


def test_reads_the_clock_unmarked():
    SystemClock().now()


def test_swallows_the_refusal():
    try:
        SystemClock().now()
    except Exception:
        pass


@pytest.mark.real_clock
def test_marked():
    assert SystemClock().now().year >= 2026
'''


def test_an_unmarked_read_of_the_system_clock_fails_and_names_the_marker(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest('pytest_plugins = ["tests.clock_guard"]\n')
    pytester.makeini("[pytest]\nmarkers =\n    real_clock: runs on real time\n")
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1, errors=1)
    result.stdout.fnmatch_lines(["*test_reads_the_clock_unmarked*read the system clock*"])
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_swallows_the_refusal*"])
    assert "@pytest.mark.real_clock" in result.stdout.str()


def test_a_launched_process_runs_at_the_tests_time(tmp_path: Path) -> None:
    """"tomorrow" in a process started by a test is the day after NOW, whatever the machine's date."""
    db = str(tmp_path / "brs.db")
    env = {**os.environ, "BRS_TZ": "Europe/Zurich"}

    def brs(*args: str) -> str:
        done = subprocess.run(brs_argv("--db", db, *args), cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    brs("init")
    brs("event", "add", "--title", "Webinar on PCB", "--kind", "webinar", "--start", "tomorrow 10:00",
        "--tz", "Europe/Zurich")
    tomorrow = (NOW + timedelta(days=1)).strftime("%a %d %b %Y")
    assert brs("event", "list").startswith(f"{tomorrow} 10:00  webinar          Webinar on PCB")


@pytest.mark.skipif(not os.environ.get("BRS_TEST_CLOCK_SHIFT"), reason="only when the run's clock is shifted")
def test_a_shifted_clock_is_the_same_in_every_process() -> None:
    """Under BRS_TEST_CLOCK_SHIFT a child interpreter sees the same (shifted) wall clock as this one."""
    code = "import datetime; print(datetime.datetime.now(datetime.UTC).timestamp())"
    before = datetime.now(UTC).timestamp()
    child = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout)
    after = datetime.now(UTC).timestamp()
    assert before - 0.05 <= child <= after + 0.05
    assert abs(float(os.environ["BRS_TEST_CLOCK_OFFSET"])) > 3600
