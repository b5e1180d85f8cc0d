"""Helpers shared by the TUI tests: settle the workers, find the events table, pick a row."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let thread workers finish and their messages land (twice, for chained loads)."""
    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # an exclusive worker was replaced by a newer one, awaited in the next round
        await pilot.pause()


def events_table(pilot: Pilot[Any]) -> Any:
    from brs_coord.tui.widgets.events_table import EventsTable

    return pilot.app.screen.query_one(EventsTable)


async def select_event(pilot: Pilot[Any], event_id: int) -> None:
    """Move the events table's cursor to an event (loaded in the current window)."""
    table = events_table(pilot)
    index = table.index_of(event_id)
    assert index is not None, f"event {event_id} is not in the table"
    table.move_cursor(row=index, animate=False)
    await pilot.pause()


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Pause until ``condition()`` holds (polling-driven updates take a few intervals under load)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen did not update in time"
        await pilot.pause(0.1)
        await settle(pilot, rounds=1)
