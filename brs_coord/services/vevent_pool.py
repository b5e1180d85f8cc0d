"""Building many VEVENTs on both cores: worker processes make the events of the rows the calling
process reads and sends them, and build their VEVENTs, while the caller reads the next rows, writes
the cache and keeps the bytes. For a cold export at 100k events (54k VEVENTs to build, ~4 s of
reading and building on one core); below PARALLEL_MIN events one process does it all. Workers are
forked (``spawn`` would start new interpreters that import the caller's main script again), and
only from a process running no other thread (a CLI export; not the feed server nor the TUI, where a
fork could copy a lock another thread holds). A worker never touches SQLite: a forked child that
opened the parent's database file would share the parent's idea of the locks it holds.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any

from ..ics import Names
from ..store import FeedReads, events_of
from .vevent_entries import Built, build_entries

PARALLEL_MIN = 12000  # events to build from which workers build them
WORKERS = 2
AHEAD = 2  # chunks sent beyond the one being collected: bounds the rows and texts in flight

_worker: tuple[Names, bool, int | None] | None = None


def _start(names: Names, private: bool, alarm_minutes: int | None) -> None:
    global _worker
    _worker = (names, private, alarm_minutes)


def _build(rows: list[dict[str, Any]]) -> list[Built]:  # rows of FeedReads.event_rows
    assert _worker is not None, "not a VEVENT worker"
    names, private, alarm_minutes = _worker
    return build_entries(events_of(rows).values(), names, private, alarm_minutes)


def usable(count: int) -> bool:
    """Whether ``count`` events are worth workers on this machine."""
    return (
        count >= PARALLEL_MIN and WORKERS > 1 and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    )


def build_in_workers(
    reads: FeedReads, chunks: Sequence[Sequence[int]], names: Names, private: bool, alarm_minutes: int | None,
) -> Iterator[list[Built]]:
    """The built VEVENTs of each chunk of event ids, chunk after chunk in order (drafts skipped).
    When workers cannot be started or one dies, the chunks not built yet are built here."""
    plain = replace(names)  # without its memo
    done = 0
    try:
        with ProcessPoolExecutor(
            WORKERS, mp_context=multiprocessing.get_context("fork"), initializer=_start,
            initargs=(plain, private, alarm_minutes),
        ) as pool:
            pending: list[Future[list[Built]]] = []
            for chunk in chunks:
                pending.append(pool.submit(_build, reads.event_rows(chunk)))
                if len(pending) > AHEAD:
                    yield pending.pop(0).result()
                    done += 1
            while pending:
                yield pending.pop(0).result()
                done += 1
    except (OSError, BrokenProcessPool):  # no fork here (a process limit, memory): one process then
        for chunk in chunks[done:]:
            yield build_entries(reads.events_by_ids(chunk).values(), names, private, alarm_minutes)
