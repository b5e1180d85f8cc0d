"""The events window grows while another connection edits and the poll reloads (issue 23): the rows
stay unique (a DataTable row key is an event id) and the table ends up as the store orders them."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from brs_coord.domain import EventQuery
from brs_coord.services import Services
from brs_coord.tui.app import StoreChanged, make_app
from brs_coord.tui.screens.events import PAGE
from tests.conftest import NOW
from tests.staff_helpers import colleague
from tests.tui_helpers import events_table, settle, wait_until


def move_to_the_front(services: Services, event_id: int) -> None:
    """Another connection moves an event from beyond the window to the front of the list."""
    other = colleague(services)
    try:
        event = other.scheduling.get(event_id)
        other.scheduling.update(event_id, replace(
            event.data(), starts_at=NOW + timedelta(minutes=1), ends_at=NOW + timedelta(minutes=61),
        ), expected_version=event.version)
    finally:
        other.close()


@pytest.mark.parametrize("first", ["growth", "reload"])
async def test_growing_while_another_connection_edits_and_the_poll_reloads(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """Another connection moves an event to the front, so the next rows read at the old offset
    overlap the rows shown. "growth": they land before the poll noticed the change; "reload": the
    poll's reload is asked for first but its read finishes after the growth (the 2-second poll
    racing "load more rows"). Either way: no DuplicateKey, no event twice, then the store's order."""
    find = demo_services.find
    reload_may_finish = threading.Event()
    gate_the_reload = first == "reload"

    def gated_find(query: EventQuery) -> Any:
        if gate_the_reload and not query.offset:
            reload_may_finish.wait(timeout=10)
        return find(query)

    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        assert len(table.events) == PAGE
        later = find(EventQuery(include_drafts=True, offset=PAGE + 5, limit=1))[0]
        move_to_the_front(demo_services, later.id)
        monkeypatch.setattr(demo_services, "find", gated_find)
        if first == "reload":
            app.post_message(StoreChanged())  # what the poll posts when the change counter moved
            await pilot.pause()
        table.move_cursor(row=PAGE - 1, animate=False)  # asks for the next rows
        if first == "growth":
            await wait_until(pilot, lambda: len(table.events) > PAGE)
        else:
            await pilot.pause(0.3)  # the further rows land while the reload still reads
        reload_may_finish.set()
        app.post_message(StoreChanged())
        await settle(pilot)
        ids = [event.id for event in table.events]
        assert len(ids) == len(set(ids)) == table.row_count
        for _ in range(3):  # and it keeps growing on fresh rows
            table.move_cursor(row=len(table.events) - 1, animate=False)
            await settle(pilot)
        ids = [event.id for event in table.events]
        assert len(ids) == len(set(ids)) == table.row_count and ids[0] == later.id
        expected = [e.id for e in find(EventQuery(include_drafts=True, limit=len(ids)))]
        await wait_until(pilot, lambda: [e.id for e in table.events] == expected)
