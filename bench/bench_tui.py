"""Staff TUI figures: first paint (process start to the first frame with rows) and filter time.

Filter time is measured from the search being applied (the end of the 120 ms debounce after the last
keystroke, which is not counted) to the first frame composed with the new rows, median over several
searches; "settled" goes on until the process is idle again (the total counted and shown as well);
"UI CPU" is the UI thread's own CPU time over the same span as "rows painted" (`time.thread_time`,
not moved by the load of other processes). The baseline of each filter figure is the same run with
the events table's narrowing switched off (DataTable's own cell measuring and drawing of every
column, the columns scrolled out of view included), as before issue 23's last step.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.harness import BenchContext, Reading, benchmark

SEARCHES = ("waste", "webinars africa december", "training", "mercury", "customs", "e-waste workshop")


def _settings(db: Path) -> Any:
    from brs_coord.config import Settings

    return Settings(db_path=db, staff_tz="Europe/Zurich", staff_name="bench")


async def _first_paint(db: Path, started: float) -> float:
    from bench.scale import REFERENCE_NOW
    from brs_coord.clock import FixedClock
    from brs_coord.services import build_services
    from brs_coord.tui.app import make_app
    from brs_coord.tui.widgets.events_table import EventsTable

    app = make_app(build_services(_settings(db), FixedClock(REFERENCE_NOW)), poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.screen.query(EventsTable) or app.screen.query_one(EventsTable).row_count == 0:
            await asyncio.sleep(0.002)
        await pilot.pause()  # the frame with the rows
        return time.time() - started


def first_paint_once(db: Path) -> float:
    """Seconds from spawning a fresh interpreter to the first frame showing rows."""
    started = time.time()
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_tui", "first-paint", str(db), repr(started)],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    ).stdout
    return float(json.loads(output.strip().splitlines()[-1])["first_paint"])


@contextlib.contextmanager
def _plain_data_table(plain: bool) -> Iterator[None]:
    """With ``plain``, the events table draws as any DataTable does (the baseline)."""
    from textual.widgets import DataTable

    from brs_coord.tui.widgets.events_table import EventsTable

    names = ("_update_dimensions", "render_lines", "_render_cell")
    kept = {name: EventsTable.__dict__[name] for name in names}
    if plain:
        for name in names:
            setattr(EventsTable, name, getattr(DataTable, name))
    try:
        yield
    finally:
        for name, method in kept.items():
            setattr(EventsTable, name, method)


async def _events_screen(app: Any, pilot: Any) -> Any:
    """The events screen once its first load is done."""
    from brs_coord.tui.screens.events import EventsScreen

    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, EventsScreen)
    return screen


async def _search(screen: Any, text: str) -> None:
    """Apply ``text`` as the search (what the debounce timer calls) and wait until its rows are in."""
    screen._apply_search(text)  # noqa: SLF001
    while screen.shown_generation != screen.generation:
        await asyncio.sleep(0.0005)


async def _filter_times(services: Any) -> dict[str, list[tuple[float, float, float]]]:
    """Per search, (rows painted, all settled, UI CPU to rows painted) seconds from the search being
    applied: the first frame composed after the new rows are in the table, and the process idle
    again (the total counted and shown, every repaint done)."""
    from brs_coord.tui.app import make_app

    app = make_app(services, poll_seconds=0)
    frames: list[tuple[float, float]] = []  # (wall, UI thread CPU) when each frame was composed
    display = app._display  # noqa: SLF001 - called with each composed frame (headless: not written)

    def timed_display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames.append((time.perf_counter(), time.thread_time()))
        display(screen, renderable)

    app._display = timed_display  # type: ignore[method-assign]  # noqa: SLF001
    samples: dict[str, list[tuple[float, float, float]]] = {text: [] for text in (*SEARCHES, "")}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _events_screen(app, pilot)
        for round_ in range(3):
            for text in SEARCHES + ("",):
                started, cpu = time.perf_counter(), time.thread_time()
                await _search(screen, text)
                shown = time.perf_counter()
                while not frames or frames[-1][0] < shown:
                    await asyncio.sleep(0.0005)
                painted, painted_cpu = frames[-1]
                await pilot.pause()
                if round_:  # the first round warms caches
                    samples[text].append((painted - started, time.perf_counter() - started,
                                          painted_cpu - cpu))
    return samples


def _first_paint_reading(ctx: BenchContext, size: str) -> Reading:
    db = ctx.database(size)
    first_paint_once(db)  # warm the file cache
    samples = [first_paint_once(db) for _ in range(3 if ctx.quick else 5)]
    return Reading.of(*samples, note="headless, 120x40; includes interpreter start and imports")


def _filter_readings(ctx: BenchContext, size: str, plain: bool = False) -> tuple[Reading, Reading, Reading]:
    """(search applied → rows painted, → settled, UI CPU → rows painted), measured in one run per
    size (``plain``: the baseline, the events table drawn as any DataTable)."""
    key = f"filter-{size}-{'plain' if plain else 'narrowed'}"
    if key not in _MEASURED:
        services = ctx.services(size, copy=False)
        with _plain_data_table(plain):
            by_search = asyncio.run(_filter_times(services))
        medians = ", ".join(
            f"{text or '(cleared)'!r} {statistics.median(p for p, _, _ in times) * 1000:.0f}"
            f"/{statistics.median(s for _, s, _ in times) * 1000:.0f}"
            f"/{statistics.median(c for _, _, c in times) * 1000:.0f} ms"
            for text, times in by_search.items())
        ctx.note(f"{'baseline ' if plain else ''}median per search, painted/settled/UI CPU: {medians}")
        everything = [sample for times in by_search.values() for sample in times]
        painted, settled, cpu = (Reading.of(*(sample[i] for sample in everything)) for i in range(3))
        _MEASURED[key] = (painted, settled, cpu)
    return _MEASURED[key]


_MEASURED: dict[str, tuple[Reading, Reading, Reading]] = {}


@benchmark("tui.first_paint.10k", figure="TUI first paint (process start → rows)", size="10k",
           target="< 1.5 s")
def first_paint_10k(ctx: BenchContext) -> Reading:
    return _first_paint_reading(ctx, "10k")


@benchmark("tui.first_paint.100k", figure="TUI first paint (process start → rows)", size="100k",
           target="< 1.5 s")
def first_paint_100k(ctx: BenchContext) -> Reading:
    return _first_paint_reading(ctx, "100k")


@benchmark("tui.filter.10k", figure="TUI filter (search applied → rows painted)", size="10k",
           target="≤ 50 ms", baseline=lambda ctx: _filter_readings(ctx, "10k", plain=True)[0])
def filter_10k(ctx: BenchContext) -> Reading:
    return _filter_readings(ctx, "10k")[0]


@benchmark("tui.filter.100k", figure="TUI filter (search applied → rows painted)", size="100k",
           target="≤ 50 ms", baseline=lambda ctx: _filter_readings(ctx, "100k", plain=True)[0])
def filter_100k(ctx: BenchContext) -> Reading:
    return _filter_readings(ctx, "100k")[0]


@benchmark("tui.filter_cpu.100k", figure="TUI filter, UI thread CPU (search applied → rows painted)",
           size="100k", target="(on its own)",
           baseline=lambda ctx: _filter_readings(ctx, "100k", plain=True)[2])
def filter_cpu_100k(ctx: BenchContext) -> Reading:
    return _filter_readings(ctx, "100k")[2]


@benchmark("tui.filter_settled.100k", figure="TUI filter (search applied → count shown, idle)",
           size="100k", target="< 150 ms", baseline=lambda ctx: _filter_readings(ctx, "100k", plain=True)[1])
def filter_settled_100k(ctx: BenchContext) -> Reading:
    return _filter_readings(ctx, "100k")[1]


# ---- many staff sessions on one machine (the capacity statement) ---------------------------------

SESSIONS = 8  # staff TUIs at once (SSH logins or browser tabs), each its own process


async def _session(db: Path) -> dict[str, float]:
    """One staff session: open the TUI on ``db``, search each of SEARCHES twice (the second timed),
    and report its filter median and memory."""
    from bench.scale import REFERENCE_NOW
    from brs_coord.clock import FixedClock
    from brs_coord.services import build_services
    from brs_coord.tui.app import make_app

    app = make_app(build_services(_settings(db), FixedClock(REFERENCE_NOW)), poll_seconds=0)
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _events_screen(app, pilot)
        for round_ in range(2):
            for text in SEARCHES + ("",):
                started = time.perf_counter()
                await _search(screen, text)
                await pilot.pause()
                if round_:
                    times.append(time.perf_counter() - started)
        status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
        return {"filter": statistics.median(times), "rss": int(status["VmRSS"].split()[0]) / 1024,
                "hwm": int(status["VmHWM"].split()[0]) / 1024}


def sessions_at_once(db: Path, count: int) -> list[dict[str, float]]:
    """``count`` staff sessions started together on ``db``, each in its own interpreter."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    running = [subprocess.Popen([sys.executable, "-m", "bench.bench_tui", "session", str(db)],
                                stdout=subprocess.PIPE, text=True, env=env) for _ in range(count)]
    found = []
    for process in running:
        output, _ = process.communicate(timeout=600)
        found.append(json.loads(output.strip().splitlines()[-1]))
    return found


def _sessions_reading(ctx: BenchContext, count: int) -> Reading:
    key = f"sessions-{count}"
    if key not in _SESSIONS:
        db = ctx.database("100k")
        sessions_at_once(db, 1)  # warm the file cache
        found = sessions_at_once(db, count)
        rss = statistics.median(s["rss"] for s in found)
        hwm = max(s["hwm"] for s in found)
        ctx.note(f"{count} session(s) at once: RSS {rss:.0f} MB each (median), peak {hwm:.0f} MB;"
                 f" {count * rss / 1024:.1f} GB in all")
        _SESSIONS[key] = Reading.of(*(s["filter"] for s in found))
    return _SESSIONS[key]


_SESSIONS: dict[str, Reading] = {}


@benchmark("tui.sessions.100k", figure=f"TUI filter, {SESSIONS} staff sessions searching at once (vs one)",
           size="100k", target="(capacity)", baseline=lambda ctx: _sessions_reading(ctx, 1))
def sessions_100k(ctx: BenchContext) -> Reading:
    return _sessions_reading(ctx, SESSIONS)


def _main(argv: list[str]) -> None:
    if argv[:1] == ["first-paint"]:
        print(json.dumps({"first_paint": asyncio.run(_first_paint(Path(argv[1]), float(argv[2])))}))
    elif argv[:1] == ["session"]:
        print(json.dumps(asyncio.run(_session(Path(argv[1])))))
    else:
        print("usage: python -m bench.bench_tui first-paint DB STARTED | session DB", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    _main(sys.argv[1:])
