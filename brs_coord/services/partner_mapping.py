"""How an upstream event becomes an event's data, and which of its fields differ from an event's:
the fields the importer owns (a field staff edited after import is locked and left alone)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..domain import DatePrecision, Event, EventData, EventKind, Status
from ..partner_records import PartnerSource
from ..partners.upstream import Precision, UpstreamEvent
from ..stored_forms import iso_utc, parse_iso_utc

# The fields an import writes; any other field of an imported event is the staff's alone.
OWNED = ("title", "description", "starts_at", "ends_at", "timezone", "all_day", "location",
         "registration_url")
TIMED_DEFAULT = timedelta(hours=1)  # a timed upstream event with no end


def _zone(source: PartnerSource, upstream: UpstreamEvent) -> str:
    return upstream.zone or source.timezone


def _span(upstream: UpstreamEvent, zone: str) -> tuple[datetime, datetime, bool, DatePrecision]:
    if upstream.precision is Precision.TIMED:
        ends = upstream.ends if upstream.ends > upstream.starts else upstream.starts + TIMED_DEFAULT
        return upstream.starts, ends, False, DatePrecision.DAY
    tz = ZoneInfo(zone)
    starts = datetime.combine(upstream.starts.date(), time(), tz)
    ends = datetime.combine(upstream.ends.date(), time(), tz)
    precision = DatePrecision.MONTH if upstream.precision is Precision.MONTH else DatePrecision.DAY
    return starts, ends, True, precision


def event_data(source: PartnerSource, upstream: UpstreamEvent) -> EventData:
    """A new event from its upstream statement and the source's defaults (kind, centre, audiences...)."""
    zone = _zone(source, upstream)
    starts, ends, all_day, precision = _span(upstream, zone)
    return EventData(
        title=upstream.title[:200], kind=EventKind(source.default_kind),
        starts_at=starts, ends_at=ends, timezone=zone,
        description=upstream.description, all_day=all_day, date_precision=precision,
        location=upstream.location or None, registration_url=upstream.url or None,
        languages=(source.language,), status=Status.PLANNED, organiser=source.centre,
        audiences=source.audiences, conventions=(source.convention,) if source.convention else (),
    )


def owned_values(data: EventData) -> dict[str, Any]:
    """The owned fields of ``data`` in a JSON form (times as UTC ISO text)."""
    values: dict[str, Any] = {}
    for name in OWNED:
        value = getattr(data, name)
        values[name] = iso_utc(value) if isinstance(value, datetime) else value
    return values


def upstream_values(source: PartnerSource, upstream: UpstreamEvent) -> dict[str, Any]:
    return owned_values(event_data(source, upstream))


def fingerprint(values: dict[str, Any], cancelled: bool) -> str:
    text = json.dumps([values, cancelled], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def edited_fields(event: Event, applied: dict[str, Any]) -> list[str]:
    """The owned fields whose value differs from what the import last wrote: staff edited them."""
    current = owned_values(event)
    return [name for name in OWNED if name in applied and current[name] != applied[name]]


def differing(event: Event, wanted: dict[str, Any]) -> list[str]:
    current = owned_values(event)
    return [name for name in OWNED if current[name] != wanted[name]]


def applied_to(event: Event, wanted: dict[str, Any], fields: list[str]) -> EventData:
    """``event``'s data with ``fields`` set to the upstream ``wanted`` values."""
    changes: dict[str, Any] = {}
    for name in fields:
        value = wanted[name]
        changes[name] = parse_iso_utc(value) if name in {"starts_at", "ends_at"} else value
    return replace(event.data(), **changes)
