"""The benchmark registry and runner behind `python -m bench` (nothing here passes or fails).

Adding a benchmark: create ``bench/bench_<area>.py`` (imported automatically) and write::

    from bench.harness import BenchContext, benchmark

    @benchmark("query.vocabulary", figure="ask: vocabulary question", size="10k", target="< 20 ms",
               baseline=lambda ctx: plain_sql_query(ctx))
    def vocabulary(ctx: BenchContext) -> Callable[[], object]:
        services = ctx.services("10k")          # cached scale database, fixed clock
        return lambda: services.query.ask("webinars next month")

The decorated function does its set-up and returns a zero-argument callable; the harness calls it
``warmup`` times, then up to ``repeat`` times (or until ``max_seconds``), and reports the median and
p99 (p99 only with 20+ samples). A function may instead return a ``Reading`` (samples it measured
itself, any unit, e.g. RSS in MB), or raise ``NotAvailable("why")`` for a face that is not built
yet. The optional ``baseline`` has the same signature and is measured in the same run; the ratio
is benchmark / baseline. Sizes are "1k", "10k", "100k" (``bench.scale``) or free text.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import scale
from brs_coord.clock import FixedClock


class NotAvailable(Exception):
    """Raised by a benchmark whose subject does not exist yet; reported, not failed."""


@dataclass(frozen=True)
class Reading:
    """Samples a benchmark measured itself; ``unit`` "s" is shown as a duration."""

    samples: tuple[float, ...]
    unit: str = "s"
    note: str = ""

    @classmethod
    def of(cls, *samples: float, unit: str = "s", note: str = "") -> Reading:
        return cls(tuple(samples), unit, note)


Measured = Callable[[], object] | Reading
Setup = Callable[["BenchContext"], Measured]


@dataclass(frozen=True)
class Benchmark:
    name: str
    figure: str
    size: str
    target: str
    setup: Setup
    baseline: Setup | None = None
    warmup: int = 3
    repeat: int = 30
    max_seconds: float = 20.0


@dataclass(frozen=True)
class Stats:
    median: float | None
    p99: float | None
    unit: str
    count: int

    @classmethod
    def from_samples(cls, samples: tuple[float, ...], unit: str) -> Stats:
        if not samples:
            return cls(None, None, unit, 0)
        ordered = sorted(samples)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] if len(ordered) >= 20 else None
        return cls(statistics.median(ordered), p99, unit, len(ordered))


@dataclass(frozen=True)
class Result:
    benchmark: Benchmark
    measured: Stats
    baseline: Stats | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.median or self.measured.median is None:
            return None
        return self.measured.median / self.baseline.median


@dataclass
class Registry:
    """Benchmarks in registration order; names are unique."""

    benchmarks: dict[str, Benchmark] = field(default_factory=dict)

    def benchmark(
        self, name: str, *, figure: str, size: str = "", target: str = "", baseline: Setup | None = None,
        warmup: int = 3, repeat: int = 30, max_seconds: float = 20.0,
    ) -> Callable[[Setup], Setup]:
        """Register the decorated set-up function as a benchmark."""

        def register(setup: Setup) -> Setup:
            if name in self.benchmarks:
                raise ValueError(f"benchmark {name!r} is registered twice")
            self.benchmarks[name] = Benchmark(
                name, figure, size, target, setup, baseline, warmup, repeat, max_seconds
            )
            return setup

        return register

    def select(self, keyword: str | None) -> list[Benchmark]:
        """Benchmarks whose name or figure contains any of the comma-separated keywords."""
        if not keyword:
            return list(self.benchmarks.values())
        words = [w.strip().lower() for w in keyword.split(",") if w.strip()]
        return [
            b for b in self.benchmarks.values()
            if any(w in b.name.lower() or w in b.figure.lower() for w in words)
        ]


REGISTRY = Registry()
benchmark = REGISTRY.benchmark
_ADMINS: set[Path] = set()


def _with_an_admin(path: Path, clock: FixedClock) -> None:
    """As ``brs-coord init`` does, make the login running the benchmarks the database's admin when
    its staff list is empty (scale databases built before the staff list have nobody on it), so
    the benchmarks that write through the services are allowed to."""
    if path in _ADMINS:
        return
    from brs_coord.identity import os_login
    from brs_coord.permissions import Role, StaffMember
    from brs_coord.store import open_store

    store = open_store(path, clock)
    try:
        if not store.staff.count():
            store.staff.save(StaffMember(login=os_login(), role=Role.ADMIN, added_by=os_login()))
    finally:
        store.close()
    _ADMINS.add(path)


class BenchContext:
    """What a benchmark's set-up gets: scale databases, services over them, a scratch folder."""

    def __init__(self, *, quick: bool = False, cache_dir: Path = scale.CACHE_DIR) -> None:
        self.quick = quick
        self.cache_dir = cache_dir
        self.clock = FixedClock(scale.REFERENCE_NOW)
        self._exit = contextlib.ExitStack()
        self.work_dir = Path(self._exit.enter_context(tempfile.TemporaryDirectory(prefix="brs-bench-")))
        self.notes: list[str] = []
        self._copies = 0

    def note(self, text: str) -> None:
        """Attach a remark to the benchmark being measured (shown under the table)."""
        if text not in self.notes:
            self.notes.append(text)

    def database(self, size: str | int) -> Path:
        """The cached scale database of this size ("1k", "10k", "100k" or an event count)."""
        events = scale.SIZES[size] if isinstance(size, str) else size
        path = scale.cached_database(events, cache_dir=self.cache_dir)
        _with_an_admin(path, self.clock)
        return path

    def copy_database(self, size: str | int) -> Path:
        """A private copy of a scale database, for benchmarks that write."""
        # a name never used before: one counted from the folder's entries could be a copy's whose
        # -wal file is still there (SQLite would replay it into the new copy)
        self._copies += 1
        target = self.work_dir / f"copy-{self._copies}.db"
        shutil.copyfile(self.database(size), target)
        return target

    def services(self, size: str | int, *, copy: bool = False) -> Any:
        """Services over a scale database with the fixed reference clock; closed after the run."""
        from brs_coord.config import Settings
        from brs_coord.services import build_services

        path = self.copy_database(size) if copy else self.database(size)
        services = build_services(Settings(db_path=path, staff_name="bench"), self.clock)
        self._exit.callback(services.close)
        return services

    def on_close(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` when the run ends (stop a process, close a handle)."""
        self._exit.callback(callback)

    def close(self) -> None:
        self._exit.close()


def time_callable(
    run: Callable[[], object], warmup: int, repeat: int, max_seconds: float
) -> tuple[float, ...]:
    """Wall-clock seconds of ``repeat`` calls after ``warmup`` calls (fewer if time runs out)."""
    for _ in range(warmup):
        run()
    samples: list[float] = []
    deadline = time.perf_counter() + max_seconds
    while len(samples) < repeat and (len(samples) < 3 or time.perf_counter() < deadline):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return tuple(samples)


def _measure(setup: Setup, item: Benchmark, ctx: BenchContext) -> tuple[Stats, str]:
    measured = setup(ctx)
    if isinstance(measured, Reading):
        return Stats.from_samples(measured.samples, measured.unit), measured.note
    warmup, repeat = (1, max(5, item.repeat // 4)) if ctx.quick else (item.warmup, item.repeat)
    max_seconds = item.max_seconds / 3 if ctx.quick else item.max_seconds
    return Stats.from_samples(time_callable(measured, warmup, repeat, max_seconds), "s"), ""


def run_one(item: Benchmark, ctx: BenchContext) -> Result:
    """Measure one benchmark and its baseline; a failure becomes a note, never an exception."""
    empty = Stats(None, None, "s", 0)
    ctx.notes = []
    try:
        measured, note = _measure(item.setup, item, ctx)
    except NotAvailable as exc:
        return Result(item, empty, note=f"not available yet: {exc}")
    except Exception as exc:  # a broken benchmark must not hide the others' figures
        return Result(item, empty, note=f"error: {type(exc).__name__}: {exc}")
    baseline = None
    if item.baseline is not None:
        try:
            baseline, base_note = _measure(item.baseline, item, ctx)
            note = "; ".join(filter(None, [note, base_note and f"baseline: {base_note}"]))
        except Exception as exc:
            note = "; ".join(filter(None, [note, f"baseline failed: {type(exc).__name__}: {exc}"]))
    return Result(item, measured, baseline, "; ".join(filter(None, [*ctx.notes, note])))


def run_all(
    items: list[Benchmark], ctx: BenchContext, progress: Callable[[str], None] | None = None
) -> Iterator[Result]:
    for item in items:
        if progress:
            progress(f"{item.name} ({item.size or '-'}) ...")
        started = time.perf_counter()
        result = run_one(item, ctx)
        if progress:
            progress(f"  done in {time.perf_counter() - started:.1f} s")
        yield result
