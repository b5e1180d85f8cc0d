"""An UpstreamEvent kept in a review item (JSON) and read back when staff apply it."""

from __future__ import annotations

from typing import Any

from ..partners.upstream import Precision, UpstreamEvent
from ..stored_forms import iso_utc, parse_iso_utc


def to_json(event: UpstreamEvent) -> dict[str, Any]:
    return {
        "external_uid": event.external_uid, "title": event.title, "starts": event.starts.isoformat(),
        "ends": event.ends.isoformat(), "precision": event.precision.value, "zone": event.zone,
        "description": event.description, "location": event.location, "url": event.url,
        "categories": list(event.categories), "cancelled": event.cancelled, "sequence": event.sequence,
        "last_modified": iso_utc(event.last_modified) if event.last_modified else None,
        "recurrence_id": event.recurrence_id,
    }


def from_json(data: dict[str, Any]) -> UpstreamEvent:
    from datetime import datetime

    return UpstreamEvent(
        external_uid=data["external_uid"], title=data["title"], starts=datetime.fromisoformat(data["starts"]),
        ends=datetime.fromisoformat(data["ends"]), precision=Precision(data["precision"]), zone=data["zone"],
        description=data["description"], location=data["location"], url=data["url"],
        categories=tuple(data["categories"]), cancelled=bool(data["cancelled"]), sequence=data["sequence"],
        last_modified=parse_iso_utc(data["last_modified"]) if data["last_modified"] else None,
        recurrence_id=data["recurrence_id"],
    )
