"""How a review item reads in the staff UI: its one-line summary and the diff pane (each field the
upstream value beside the local one; a field staff edited is marked as kept)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text

from ..partner_records import PartnerSource, Review, ReviewChange, field_label
from ..stored_forms import parse_iso_utc
from .formatting import clip

KEPT = "kept: staff edited"
TIME_FIELDS = frozenset({"starts_at", "ends_at"})
WHAT = {
    ReviewChange.NEW: "New upstream event",
    ReviewChange.CHANGED: "Changed upstream",
    ReviewChange.CANCELLED: "Cancelled upstream",
    ReviewChange.VANISHED: "No longer in the partner's calendar",
    ReviewChange.MATCH: "Same event under a new UID? (matched by title and time, not merged)",
}


def item_title(item: Review) -> str:
    return str(item.upstream.get("values", {}).get("title") or item.local.get("title") or item.external_uid)


def changed_fields(item: Review) -> str:
    """'Title*, Starts, Ends': the fields that differ, a star on those staff edited (kept)."""
    return ", ".join(field_label(name) + ("*" if name in item.locked else "") for name in item.fields)


def source_label(source: PartnerSource | None, source_id: int) -> str:
    return f"{source.centre} ({source.kind.value})" if source is not None else f"source {source_id}"


def age(item: Review, now: datetime) -> str:
    """How long the item has waited: minutes, hours or days."""
    minutes = max(0, int((now - item.created_at).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def shown(name: str, value: Any, zone: ZoneInfo) -> str:
    """A field's value as staff read it: times in the staff zone, empty as a dash."""
    if value in (None, ""):
        return "—"
    if name in TIME_FIELDS and isinstance(value, str):
        return f"{parse_iso_utc(value).astimezone(zone):%Y-%m-%d %H:%M %Z}"
    return clip(" ".join(str(value).split()), 70)


def diff_text(item: Review, source: PartnerSource | None, zone: ZoneInfo) -> Text:
    """The detail pane of one item: what it is, then each field upstream vs local."""
    text = Text()
    text.append(WHAT[item.change], style="bold")
    text.append(f" · {source_label(source, item.source_id)} · UID {item.external_uid}")
    upstream = item.upstream.get("values", {})
    if item.event_id:
        text.append(f"\nEvent {item.event_id}: {item.local.get('title', '')}")
    if item.change is ReviewChange.NEW:
        for name, value in upstream.items():
            if value not in (None, "", False):
                text.append(f"\n  {field_label(name)}: {shown(name, value, zone)}")
        return text
    if item.change is ReviewChange.VANISHED:
        text.append("\n  Applying cancels the local event (it is never deleted).")
        return text
    if item.change is ReviewChange.CANCELLED:
        text.append("\n  Applying cancels the local event.")
    if not item.fields and item.change is not ReviewChange.CANCELLED:
        text.append("\n  No field differs.")
    for name in item.fields:
        text.append(f"\n  {field_label(name)}", style="bold")
        text.append(f"\n    upstream: {shown(name, upstream.get(name), zone)}")
        text.append(f"\n    local:    {shown(name, item.local.get(name), zone)}")
        if name in item.locked:
            text.append(f"  ({KEPT})", style="yellow")
    return text
