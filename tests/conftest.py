"""Shared fixtures: a fixed clock and real SQLite files (catalogue and demo templates copied per test).

No test reads the machine's clock by accident: see tests/clock_guard.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.domain import EventData, EventKind, Status
from brs_coord.identity import os_login
from brs_coord.permissions import Role, StaffMember
from brs_coord.services import Services, build_services
from brs_coord.store import open_store
from tests.clocks import NOW

pytest_plugins = ["pytester", "tests.clock_guard"]


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors that do not blink: a blinking one makes a snapshot depend on how long the test
    took to get there (a loaded machine took a picture half a second later, without the cursor).
    The cursor stays as focus and keys leave it: shown in the focused field, hidden elsewhere."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


def make_event(**overrides: Any) -> EventData:
    """A valid upcoming event three days after NOW; override any field."""
    start = overrides.pop("starts_at", NOW + timedelta(days=3))
    base = EventData(
        title="Webinar on e-waste inventories",
        kind=EventKind.WEBINAR,
        starts_at=start,
        ends_at=overrides.pop("ends_at", start + timedelta(hours=2)),
        timezone="Europe/Zurich",
        description="How to inventory WEEE; step by step.",
        languages=("en", "fr"),
        status=Status.CONFIRMED,
        capacity=100,
    )
    return replace(base, **overrides)


@pytest.fixture(scope="session")
def catalogue_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "catalogue.db"
    store = open_store(path, FixedClock(NOW), create=True)
    store.seed_reference()
    # as `brs-coord init` does: the login running the tests is the staff list's admin
    store.staff.save(StaffMember(login=os_login(), role=Role.ADMIN, added_by=os_login()))
    store.close()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, catalogue_template: Path) -> Path:
    path = tmp_path_factory.mktemp("templates") / "demo.db"
    shutil.copyfile(catalogue_template, path)
    settings = Settings(db_path=path, staff_tz="Europe/Zurich", staff_name="tester")
    services = build_services(settings, FixedClock(NOW))
    services.add_demo()
    services.close()
    return path


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def db_path(tmp_path: Path, catalogue_template: Path) -> Path:
    path = tmp_path / "brs.db"
    shutil.copyfile(catalogue_template, path)
    return path


@pytest.fixture
def settings(tmp_path: Path, db_path: Path) -> Settings:
    return Settings(
        db_path=db_path, staff_tz="Europe/Zurich", staff_name="tester",
        feed_dir=tmp_path / "calendars",
    )


@pytest.fixture
def services(settings: Settings, clock: FixedClock) -> Iterator[Services]:
    built = build_services(settings, clock)
    yield built
    built.close()


@pytest.fixture
def demo_services(
    tmp_path: Path, demo_template: Path, settings: Settings, clock: FixedClock
) -> Iterator[Services]:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    built = build_services(replace(settings, db_path=path), clock)
    yield built
    built.close()


@pytest.fixture
def fake() -> Iterator[Any]:
    """The fake Telegram Bot API server (tests/fakebot) on 127.0.0.1, in a thread."""
    from tests.fakebot import fake_bot_api

    with fake_bot_api() as server:
        yield server
