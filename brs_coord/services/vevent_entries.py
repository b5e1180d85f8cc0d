"""Events to the VEVENT cache's entries: what the feed service builds in process and what the
VEVENT workers (vevent_pool) build, one code path for both."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..domain import Event, Status
from ..ics import Names, build_vevent

Built = tuple[int, int, datetime, str]  # event id, version, last change, VEVENT text


def build_entries(
    events: Iterable[Event], names: Names, private: bool, alarm_minutes: int | None
) -> list[Built]:
    """The VEVENT of each event (drafts skipped) with what its cache entry is valid for."""
    return [
        (event.id, event.version, event.updated_at or event.created_at or event.starts_at,
         build_vevent(event, names, private=private, alarm_minutes=alarm_minutes))
        for event in events if event.status is not Status.DRAFT
    ]
