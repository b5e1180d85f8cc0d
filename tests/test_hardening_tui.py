"""Hardening of the staff TUI: the database changes underneath it (another process edits, deletes,
or locks the file for 10 s) and the screen updates or says why; it never crashes."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Button, Input

from brs_coord.domain import EventQuery, Status
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.conflict import ConflictScreen
from brs_coord.tui.screens.editor import EventEditor
from tests.conftest import make_event
from tests.staff_helpers import colleague
from tests.tui_helpers import events_table, select_event, settle, wait_until

pytestmark = pytest.mark.hardening
ROOT = Path(__file__).resolve().parent.parent


def other_staff(services: Services) -> Services:
    """Another staff member's process on the same database file."""
    return colleague(services)


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
        await pilot.press("e")  # the editor is open on the draft when another process deletes it
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor) and editor.event is not None
        assert editor.event.id == draft.id
        other = other_staff(services)
        try:
            other.scheduling.delete(draft.id, expected_version=draft.version)
        finally:
            other.close()
        editor.query_one("#title", Input).value = "Renamed after all"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        # Saving says why it cannot: the event is no longer there (and nothing is written back).
        assert app.screen is editor
        why = [n for n in app._notifications if n.severity == "error"]
        assert [(n.title, str(n.message)) for n in why] == [("Not found", f"No event with id {draft.id}")]
        assert f"No event with id {draft.id}" in str(editor.query_one("#editor-warning").render())
        await pilot.press("escape")  # the form was changed: Escape asks (issue 23), and we discard
        await settle(pilot)
        await pilot.click("#yes")
        await wait_until(pilot, lambda: [e.id for e in events_table(pilot).events] == [keep.id])
        assert [e.id for e in services.find(EventQuery(include_drafts=True))] == [keep.id]
        assert app.is_running


async def test_an_edit_saved_while_another_process_edits_is_never_lost(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Original", location="Geneva")).event
    app = make_app(services, poll_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("e")  # this TUI opens the form on version 1 ...
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor) and editor.version == event.version
        other = other_staff(services)
        try:  # ... another process saves version 2 ...
            other.scheduling.update(event.id, replace(event.data(), title="Colleague's title"),
                                    expected_version=event.version)
        finally:
            other.close()
        editor.query_one("#location", Input).value = "Nairobi"  # ... and this TUI saves its version 1
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))

        # The conflict is shown, with both changes; nothing was written over theirs.
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        text = str(dialog.query_one("#conflict-text").render())
        assert "changed since you opened the form" in text and "colleague" in text
        assert "Colleague's title" in text and "Nairobi" in text
        stored = services.scheduling.get(event.id)
        assert (stored.title, stored.location, stored.version) == ("Colleague's title", "Geneva", 2)

        # Back to the form: my change is still in it; taking theirs in and overwriting keeps both.
        dialog.query_one("#back", Button).press()
        await wait_until(pilot, lambda: app.screen is editor)
        assert app.screen is editor and editor.query_one("#location", Input).value == "Nairobi"
        editor.query_one("#title", Input).value = "Colleague's title"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)  # still version 1 in the form: asked again
        dialog.query_one("#overwrite", Button).press()
        await wait_until(pilot, lambda: not isinstance(app.screen, EventEditor | ConflictScreen))
        await settle(pilot)
        assert not isinstance(app.screen, EventEditor | ConflictScreen)
        stored = services.scheduling.get(event.id)
        assert (stored.title, stored.location, stored.version) == ("Colleague's title", "Nairobi", 3)
        await wait_until(pilot, lambda: [(e.title, e.location) for e in events_table(pilot).events]
                         == [("Colleague's title", "Nairobi")])
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
