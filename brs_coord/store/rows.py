"""Conversions between SQLite rows and domain objects (timestamps, JSON columns)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

from ..domain import DatePrecision, Event, EventData, EventKind, FundingStatus, Status
from ..stored_forms import dump, iso_utc, parse_iso_utc
from ..word_forms import search_forms

__all__ = [
    "dump", "event_from_row", "event_search_forms", "iso_utc", "json_dict", "json_list", "parse_iso_utc",
    "translations_column",
]


def translations_column(data: EventData) -> str:
    """The ``translations`` column: [[code, title, description], ...] as JSON."""
    return dump([list(item) for item in data.translations])


def event_search_forms(data: EventData) -> str:
    """What the full-text index holds beside the title and description: their search forms (see
    word_forms), and every translated title and description with theirs, so that an event is found
    by any of its titles."""
    parts = [search_forms(data.title, data.description)]
    for _, title, description in data.translations:
        parts += [title, description, search_forms(title, description)]
    return " ".join(part for part in parts if part)


def json_list(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def json_dict(text: str | None) -> dict[str, Any]:
    return dict(json.loads(text)) if text else {}


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(sorted(text.split(","))) if text else ()


_E = TypeVar("_E", bound=Enum)

# A page of events repeats the same few language lists and slug lists: each text is read once.
_READ_MEMO = 4096
_languages_memo: dict[str, tuple[str, ...]] = {}
_slugs_memo: dict[str, tuple[str, ...]] = {}


def _memo(
    memo: dict[str, tuple[str, ...]], text: str | None, read: Callable[[str], tuple[str, ...]]
) -> tuple[str, ...]:
    if not text:
        return ()
    found = memo.get(text)
    if found is None:
        if len(memo) >= _READ_MEMO:
            memo.clear()
        found = memo[text] = read(text)
    return found


def _member(members: dict[str, _E], enum: type[_E], value: str) -> _E:
    """The enum member of a stored value (a dict look-up; an unknown value raises as ``enum(value)``)."""
    member = members.get(value)
    return member if member is not None else enum(value)


_KINDS = {member.value: member for member in EventKind}
_STATUSES = {member.value: member for member in Status}
_PRECISIONS = {member.value: member for member in DatePrecision}
_FUNDING = {member.value: member for member in FundingStatus}


def event_from_row(row: Mapping[str, Any]) -> Event:
    """Build an Event from a row of the events query (with the joined slug columns)."""
    return Event(
        id=row["id"],
        uid=row["uid"],
        kind=_member(_KINDS, EventKind, row["kind"]),
        title=row["title"],
        description=row["description"],
        programme=row["programme_slug"],
        starts_at=parse_iso_utc(row["starts_at"]),
        ends_at=parse_iso_utc(row["ends_at"]),
        timezone=row["timezone"],
        all_day=bool(row["all_day"]),
        date_precision=_member(_PRECISIONS, DatePrecision, row["date_precision"]),
        location=row["location"],
        online_url=row["online_url"],
        registration_url=row["registration_url"],
        languages=_memo(_languages_memo, row["languages"], json_list),
        status=_member(_STATUSES, Status, row["status"]),
        status_reason=row["status_reason"],
        status_changed_at=parse_iso_utc(row["status_changed_at"])
        if row["status_changed_at"]
        else None,
        funding_status=(
            _member(_FUNDING, FundingStatus, row["funding_status"]) if row["funding_status"] else None
        ),
        organiser=row["organiser_slug"],
        capacity=row["capacity"],
        audiences=_memo(_slugs_memo, row["audience_slugs"], _split),
        regions=_memo(_slugs_memo, row["region_slugs"], _split),
        conventions=_memo(_slugs_memo, row["convention_slugs"], _split),
        results=_memo(_slugs_memo, row["result_slugs"], _split),
        version=row["version"],
        is_demo=bool(row["is_demo"]),
        country=row["country"],
        city=row["city"],
        translations=tuple(tuple(item) for item in json.loads(row["translations"] or "[]")),
        created_at=parse_iso_utc(row["created_at"]),
        created_by=row["created_by"],
        updated_at=parse_iso_utc(row["updated_at"]),
        updated_by=row["updated_by"],
        registered_count=row["registered_count"],
        series_uid=row.get("series_uid"),
        session_number=row.get("session_number"),
    )
