"""Bulk loading for scale data: many events or participants in one transaction with executemany.

The per-row triggers (full-text index, change counter) still fire, so a bulk-loaded database is
indistinguishable from one filled through the repositories, apart from a one-line history per event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain import EventData
from ..errors import InvalidInput
from ..rules import validate_event
from .rows import dump, event_search_forms, iso_utc, translations_column

if TYPE_CHECKING:
    from . import Store

EVENT_COLUMNS = (
    "id", "uid", "kind", "title", "description", "programme_id", "starts_at", "ends_at", "timezone",
    "all_day", "date_precision", "location", "online_url", "registration_url", "languages", "status",
    "status_reason", "status_changed_at", "funding_status", "organiser_centre_id", "capacity",
    "version", "is_demo", "source", "created_at", "created_by", "updated_at", "updated_by",
    "country", "city", "search_forms", "translations",
)
_LINK_TABLES = (
    ("audiences", "event_audiences", "audience_id"),
    ("regions", "event_regions", "region_id"),
    ("conventions", "event_conventions", "convention_id"),
)


@dataclass(frozen=True)
class ParticipantRow:
    """A participant with the subscriptions (facet, value) and registrations (event uid, status)."""

    telegram_id: int
    first_name: str
    language: str = "en"
    timezone: str = "UTC"
    country: str | None = None
    audience: str | None = None
    feed_token: str | None = None
    subscriptions: tuple[tuple[str, str], ...] = ()
    registrations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ParticipantCounts:
    participants: int
    subscriptions: int
    registrations: int


def _slug_ids(store: Store, table: str, column: str = "slug") -> dict[str, int]:
    rows = store.session.db.query(f"SELECT id, {column} FROM {table}")
    return {str(row[column]): int(row["id"]) for row in rows}


def _resolve(ids: dict[str, int], label: str, slug: str | None) -> int | None:
    if slug is None or slug == "":
        return None
    try:
        return ids[slug]
    except KeyError:
        raise InvalidInput(f"Unknown {label} {slug!r}", field=label) from None


def bulk_insert_events(
    store: Store, events: Iterable[tuple[str, EventData]], *, by: str, source: str = "bulk",
    validate: bool = True,
) -> int:
    """Insert (uid, data) pairs with their links and an 'imported' history row; returns the count."""
    db = store.session.db
    now = iso_utc(store.clock.now())
    programmes, centres = _slug_ids(store, "programmes"), _slug_ids(store, "centres")
    link_ids = {facet: _slug_ids(store, facet) for facet, _, _ in _LINK_TABLES}
    next_id = int(next(db.query("SELECT coalesce(max(id), 0) + 1 AS n FROM events"))["n"])
    event_rows: list[tuple[Any, ...]] = []
    links: dict[str, list[tuple[int, int]]] = {facet: [] for facet, _, _ in _LINK_TABLES}
    history: list[tuple[Any, ...]] = []
    for event_id, (uid, data) in enumerate(events, start=next_id):
        if validate:
            validate_event(data)
        event_rows.append((
            event_id, uid, data.kind.value, data.title.strip(), data.description,
            _resolve(programmes, "programme", data.programme), iso_utc(data.starts_at),
            iso_utc(data.ends_at), data.timezone, int(data.all_day), data.date_precision.value,
            data.location, data.online_url, data.registration_url, dump(list(data.languages)),
            data.status.value, data.status_reason, now,
            data.funding_status.value if data.funding_status else None,
            _resolve(centres, "organiser", data.organiser), data.capacity, 1, int(data.is_demo),
            source, now, by, now, by, data.country, data.city,
            event_search_forms(data), translations_column(data),
        ))
        for facet, _, _ in _LINK_TABLES:
            resolved = {int(_resolve(link_ids[facet], facet, s) or 0) for s in getattr(data, facet)}
            links[facet].extend((event_id, link_id) for link_id in sorted(resolved))
        history.append((event_id, uid, now, by, "imported", 1, "{}"))
    placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
    with store.transaction() as tx:
        tx.conn.executemany(
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})", event_rows
        )
        for facet, table, column in _LINK_TABLES:
            tx.conn.executemany(f"INSERT INTO {table} (event_id, {column}) VALUES (?, ?)", links[facet])
        tx.conn.executemany(
            "INSERT INTO event_history (event_id, event_uid, changed_at, changed_by, action, version,"
            " changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            history,
        )
    return len(event_rows)


def bulk_insert_participants(store: Store, participants: Iterable[ParticipantRow]) -> ParticipantCounts:
    """Insert participants with their subscriptions and registrations in one transaction."""
    db = store.session.db
    now = iso_utc(store.clock.now())
    audiences = _slug_ids(store, "audiences")
    event_ids = _slug_ids(store, "events", "uid")
    next_id = int(next(db.query("SELECT coalesce(max(id), 0) + 1 AS n FROM participants"))["n"])
    people: list[tuple[Any, ...]] = []
    subscriptions: list[tuple[Any, ...]] = []
    registrations: list[tuple[Any, ...]] = []
    for participant_id, person in enumerate(participants, start=next_id):
        people.append((
            participant_id, person.telegram_id, person.telegram_id, person.first_name, person.language,
            person.timezone, person.country, _resolve(audiences, "audience", person.audience),
            person.feed_token, now, now,
        ))
        subscriptions.extend((participant_id, facet, value, now) for facet, value in person.subscriptions)
        registrations.extend(
            (_resolve(event_ids, "event", uid), participant_id, status, now, now)
            for uid, status in person.registrations
        )
    with store.transaction() as tx:
        tx.conn.executemany(
            "INSERT INTO participants (id, telegram_id, chat_id, first_name, language, timezone, country,"
            " audience_id, feed_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            people,
        )
        tx.conn.executemany(
            "INSERT INTO subscriptions (participant_id, facet, value, created_at) VALUES (?, ?, ?, ?)",
            subscriptions,
        )
        tx.conn.executemany(
            "INSERT INTO registrations (event_id, participant_id, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            registrations,
        )
    return ParticipantCounts(len(people), len(subscriptions), len(registrations))
