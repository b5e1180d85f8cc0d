"""Conversions between SQLite rows and domain objects (timestamps, JSON columns)."""

from __future__ import annotations

import json
from typing import Any

from ..domain import DatePrecision, Event, EventKind, FundingStatus, Status
from ..records import dump, iso_utc, parse_iso_utc

__all__ = ["dump", "event_from_row", "iso_utc", "json_dict", "json_list", "parse_iso_utc"]


def json_list(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def json_dict(text: str | None) -> dict[str, Any]:
    return dict(json.loads(text)) if text else {}


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(sorted(text.split(","))) if text else ()


def event_from_row(row: dict[str, Any]) -> Event:
    """Build an Event from a row of the events query (with the joined slug columns)."""
    return Event(
        id=row["id"],
        uid=row["uid"],
        kind=EventKind(row["kind"]),
        title=row["title"],
        description=row["description"],
        programme=row["programme_slug"],
        starts_at=parse_iso_utc(row["starts_at"]),
        ends_at=parse_iso_utc(row["ends_at"]),
        timezone=row["timezone"],
        all_day=bool(row["all_day"]),
        date_precision=DatePrecision(row["date_precision"]),
        location=row["location"],
        online_url=row["online_url"],
        registration_url=row["registration_url"],
        languages=json_list(row["languages"]),
        status=Status(row["status"]),
        status_reason=row["status_reason"],
        status_changed_at=parse_iso_utc(row["status_changed_at"])
        if row["status_changed_at"]
        else None,
        funding_status=FundingStatus(row["funding_status"]) if row["funding_status"] else None,
        organiser=row["organiser_slug"],
        capacity=row["capacity"],
        audiences=_split(row["audience_slugs"]),
        regions=_split(row["region_slugs"]),
        conventions=_split(row["convention_slugs"]),
        version=row["version"],
        is_demo=bool(row["is_demo"]),
        country=row["country"],
        city=row["city"],
        created_at=parse_iso_utc(row["created_at"]),
        created_by=row["created_by"],
        updated_at=parse_iso_utc(row["updated_at"]),
        updated_by=row["updated_by"],
        registered_count=row["registered_count"],
    )
