"""Hardening of the staff TUI: the database changes underneath it (another process edits, deletes,
or locks the file for 10 s) and the screen updates or says why; it never crashes."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from brs_coord.domain import Status
from brs_coord.services import Services, build_services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.editor import EventEditor
from tests.conftest import make_event
from tests.tui_helpers import events_table, select_event, settle, wait_until

pytestmark = pytest.mark.hardening
ROOT = Path(__file__).resolve().parent.parent


def other_staff(services: Services) -> Services:
    """Another staff member's process on the same database file."""
    return build_services(replace(services.settings, staff_name="colleague"), services.clock)


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding an exclusive write lock on the database for ``seconds``."""
    code = (
        "import sqlite3, sys, time\n"
        f"conn = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "conn.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
        "conn.execute('ROLLBACK')\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


async def test_an_event_deleted_by_another_process_disappears_and_editing_it_says_why(
    services: Services,
) -> None:
    draft = services.scheduling.create(make_event(title="Draft to vanish", status=Status.DRAFT)).event
    keep = services.scheduling.create(make_event(title="Stays")).event
    app = make_app(services, poll_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, draft.id)
        other = other_staff(services)
        try:
            other.scheduling.delete(draft.id, expected_version=draft.version)
        finally:
            other.close()
        await pilot.press("e")  # the row may still be there for an instant: editing must not crash
        await pilot.pause(0.3)
        await settle(pilot)
        if isinstance(app.screen, EventEditor):
            await pilot.press("escape")
        await wait_until(pilot, lambda: [e.id for e in events_table(pilot).events] == [keep.id])
        assert app.is_running


async def test_an_edit_saved_while_another_process_edits_is_never_lost(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Original")).event
    app = make_app(services, poll_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        other = other_staff(services)
        try:
            other.scheduling.update(event.id, replace(event.data(), title="Colleague's title"),
                                    expected_version=event.version)
        finally:
            other.close()
        await wait_until(pilot, lambda: events_table(pilot).events[0].title == "Colleague's title")
        assert app.is_running


@pytest.mark.slow
async def test_a_database_locked_for_ten_seconds_delays_the_write_and_nothing_crashes(
    services: Services,
) -> None:
    event = services.scheduling.create(make_event(title="To cancel")).event
    app = make_app(services, poll_seconds=0.5)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        holder = hold_lock(services.settings.db_path, 10)
        started = time.monotonic()
        try:
            await select_event(pilot, event.id)
            await pilot.press("c")
            await pilot.press(*"venue closed", "enter")
            while holder.poll() is None:  # the UI keeps running (polls, keys) while the file is locked
                await pilot.press("down", "up")
                await pilot.pause(0.5)
                assert app.is_running
        finally:
            holder.wait(timeout=30)
        deadline = time.monotonic() + 20
        while services.scheduling.get(event.id).status is not Status.CANCELLED:
            assert time.monotonic() < deadline, "the cancellation was lost"
            await pilot.pause(0.3)
        assert time.monotonic() - started >= 9
        await settle(pilot)
        assert app.is_running
