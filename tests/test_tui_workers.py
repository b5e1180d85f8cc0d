"""The TUI reads in workers, never on the UI thread (a slow or locked store cannot freeze the keys),
and logs what goes wrong to a file (the terminal is Textual's)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from brs_coord.config import Settings
from brs_coord.errors import ConfigError
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.logfile import logging_to_file, tui_log_path
from tests.tui_helpers import events_table, settle, wait_until


async def test_the_search_is_read_in_a_worker_so_a_waiting_store_never_freezes_the_keys(
    demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the search words reads the store; while that read waits (as on a database another
    process has locked), keys are still handled, and the answer shows once the read goes on."""
    gate = threading.Event()
    readers: list[threading.Thread] = []
    parse = demo_services.query.parse

    def waiting_parse(*args: Any, **kwargs: Any) -> Any:
        readers.append(threading.current_thread())
        gate.wait(timeout=10)
        return parse(*args, **kwargs)

    monkeypatch.setattr(demo_services.query, "parse", waiting_parse)
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        try:
            await settle(pilot)
            table = events_table(pilot)
            shown = list(table.events)
            await pilot.press("slash", *"mercury")
            deadline = time.monotonic() + 10
            while not readers:  # not settle(): it would wait for the waiting worker
                assert time.monotonic() < deadline, "the search was never read"
                await pilot.pause(0.05)
            assert readers[0] is not threading.main_thread(), "the search was read on the UI thread"
            await pilot.press("enter", "down")  # back to the table, one row down: handled at once
            assert app.focused is table and table.cursor_row == 1
            assert table.events == shown and not gate.is_set()
        finally:
            gate.set()
        await wait_until(pilot, lambda: bool(table.events) and all(
            "mercury" in (e.title + e.description).lower() for e in table.events))


async def test_an_unexpected_error_is_shown_and_its_traceback_written_to_the_log_file(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Any:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(services.reports, "events_per_month", broken)
    log_file = services.settings.db_path.with_suffix(".tui.log")
    root_handlers = list(logging.getLogger().handlers)
    with logging_to_file(services.settings) as path:
        assert path == log_file
        app = make_app(services, poll_seconds=0)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f4")  # the overview reads the reports in a worker
            await settle(pilot)
            errors = [(n.title, str(n.message)) for n in app._notifications if n.severity == "error"]
            assert errors == [("Unexpected error", "RuntimeError: the disk is on fire")]
            assert app.is_running
    assert logging.getLogger().handlers == root_handlers  # the TUI's handler is gone once it ends
    text = log_file.read_text("utf-8")
    assert "ERROR brs_coord.tui.screens.base: unexpected error in the staff UI" in text
    assert "Traceback (most recent call last)" in text
    assert text.rstrip().endswith("RuntimeError: the disk is on fire")


def test_the_log_file_is_brs_log_file_else_beside_the_database_else_in_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(db_path=tmp_path / "data" / "brs.db")
    (tmp_path / "data").mkdir()
    assert tui_log_path(settings) == tmp_path / "data" / "brs.tui.log"
    chosen = tmp_path / "logs" / "staff.log"
    assert tui_log_path(replace(settings, log_file=chosen)) == chosen
    monkeypatch.setattr("brs_coord.tui.logfile.os.access", lambda path, mode: False)
    state = {"XDG_STATE_HOME": str(tmp_path / "state")}
    assert tui_log_path(settings, state) == tmp_path / "state" / "brs-coord" / "tui.log"
    with logging_to_file(settings, state) as path:
        logging.getLogger("brs_coord.tui").error("written to the state folder")
    assert "written to the state folder" in path.read_text("utf-8")


def test_a_log_file_that_cannot_be_written_is_refused_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("")
    settings = Settings(db_path=tmp_path / "brs.db", log_file=tmp_path / "not-a-folder" / "tui.log")
    with pytest.raises(ConfigError, match="not-a-folder"), logging_to_file(settings):
        pass
