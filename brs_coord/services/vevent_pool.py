"""Building many VEVENTs on both cores: worker processes read their share of the events from the
database themselves and hand back the VEVENT text, while the calling process writes the cache and
keeps the bytes. For a cold export at 100k events (54k VEVENTs to build, ~4 s of reading and
building on one core); below PARALLEL_MIN events one process does it all. Workers are forked, and
only from a process running no other thread (a CLI export; not the feed server nor the TUI, where a
fork could copy a lock another thread holds): ``spawn`` would start new interpreters that import
the caller's main script again. A forked worker opens the database anew and never touches the
parent's connection (it leaves through ``os._exit``, which finalizes nothing)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from ..clock import FixedClock
from ..ics import Names
from ..store import Store, open_store
from .vevent_entries import Built, build_entries

PARALLEL_MIN = 12000  # events to build from which workers build them
WORKERS = 2
AHEAD = 4  # chunks submitted beyond the one being collected: bounds the texts waiting in the pipe

_worker: tuple[Store, Names, bool, int | None] | None = None


def _start(path: Path, names: Names, private: bool, alarm_minutes: int | None, now: datetime) -> None:
    global _worker
    _worker = (open_store(path, FixedClock(now)), names, private, alarm_minutes)  # builds read no clock


def _build(ids: Sequence[int]) -> list[Built]:
    assert _worker is not None, "not a VEVENT worker"
    store, names, private, alarm_minutes = _worker
    return build_entries(store.feed_cache.events_by_ids(ids).values(), names, private, alarm_minutes)


def usable(count: int) -> bool:
    """Whether ``count`` events are worth workers on this machine."""
    return (
        count >= PARALLEL_MIN and WORKERS > 1 and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    )


def build_in_workers(
    path: Path, now: datetime, chunks: Sequence[Sequence[int]], names: Names, private: bool,
    alarm_minutes: int | None,
) -> Iterator[list[Built]]:
    """The built VEVENTs of each chunk of event ids, chunk after chunk in order (drafts skipped)."""
    context = multiprocessing.get_context("fork")
    plain = replace(names)  # without its memo
    with ProcessPoolExecutor(
        WORKERS, mp_context=context, initializer=_start,
        initargs=(path, plain, private, alarm_minutes, now),
    ) as pool:
        pending: list[Future[list[Built]]] = []
        waiting = list(reversed(chunks))
        while waiting or pending:
            while waiting and len(pending) <= AHEAD:
                pending.append(pool.submit(_build, list(waiting.pop())))
            yield pending.pop(0).result()

