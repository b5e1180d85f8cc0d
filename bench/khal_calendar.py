"""The same scale events as a khal calendar (a vdir of .ics files), built and indexed once, cached."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar, Event

from bench import scale
from brs_coord.clock import FixedClock
from brs_coord.domain import Event as BrsEvent
from brs_coord.store import open_store

KHAL_VERSION = 1
PRODID = "-//brs-coord//bench//EN"

CONFIG = """\
[calendars]
[[bench]]
path = {calendar}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC

[sqlite]
path = {sqlite}
"""


def khal_executable() -> str | None:
    """khal next to this interpreter (the bench extra installs it), else on PATH."""
    beside = Path(sys.executable).with_name("khal")
    return str(beside) if beside.exists() else shutil.which("khal")


def event_ics(event: BrsEvent) -> bytes:
    """One event as a VCALENDAR, in UTC (khal needs no VTIMEZONE then)."""
    calendar = Calendar.new(prodid=PRODID)
    calendar.add_component(Event.new(
        uid=event.uid, summary=event.title, description=event.description,
        start=event.starts_at.astimezone(UTC), end=event.ends_at.astimezone(UTC),
        location=event.location, stamp=scale.REFERENCE_NOW,
    ))
    return calendar.to_ical()


def write_vdir(events: Iterable[BrsEvent], calendar_dir: Path) -> int:
    calendar_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for event in events:
        name = event.uid.replace("@", "_").replace("/", "_")
        (calendar_dir / f"{name}.ics").write_bytes(event_ics(event))
        count += 1
    return count


def khal_command(config: Path, *args: str) -> list[str]:
    executable = khal_executable()
    if executable is None:
        raise FileNotFoundError("khal is not installed (pip install '.[bench]')")
    return [executable, "-c", str(config), *args]


def cached_khal_calendar(size: str, cache_dir: Path = scale.CACHE_DIR) -> Path:
    """A khal config over the public events of a scale database, indexed by khal once; its path."""
    root = cache_dir / f"khal-v{KHAL_VERSION}-scale-v{scale.SCALE_VERSION}-{size}"
    config, done = root / "khal.conf", root / ".done"
    if done.exists():
        return config
    database = scale.cached_database(scale.SIZES[size], cache_dir=cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            return config
        shutil.rmtree(root, ignore_errors=True)
        store = open_store(database, FixedClock(scale.REFERENCE_NOW))
        try:
            events = store.events.in_range(
                datetime(1900, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC), scale.REFERENCE_NOW
            )
        finally:
            store.close()
        write_vdir(events, root / "calendar")
        settings = CONFIG.format(calendar=root / "calendar", sqlite=root / "khal.db")
        config.write_text(settings, encoding="utf-8")
        # The first run indexes every file into khal's own SQLite cache; later runs reuse it.
        subprocess.run(khal_command(config, "list", "today", "30d"), check=True, capture_output=True,
                       env=khal_env(), timeout=900)
        done.touch()
    return config


def khal_env() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC"}
