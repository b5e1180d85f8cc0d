"""Loading the reference catalogue from the seed documents' data: add what is missing, never overwrite."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ..domain import DatePrecision, EventData, EventKind, Status
from ..rules import validate_event
from .connection import Connection
from .places import Gazetteer
from .reference_data import catalogue_data, city_row
from .results_plan import add_missing_plan
from .rows import dump
from .session import Session

SEED_BY = "brs-coord catalogue"


@dataclass
class SeedReport:
    """How many entries of each kind were added."""

    added: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _insert_missing(db: Connection, table: str, key: str, row: dict[str, Any]) -> int:
    columns = ", ".join(row)
    cursor = db.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in row)})"
        f" ON CONFLICT({key}) DO NOTHING",
        list(row.values()),
    )
    return cursor.rowcount


def _region_id(db: Connection, slug: str | None) -> int | None:
    if not slug:
        return None
    rows = list(db.query("SELECT id FROM regions WHERE slug = ?", [slug]))
    return int(rows[0]["id"]) if rows else None


def seed_reference(session: Session, data: dict[str, Any] | None = None) -> SeedReport:
    """Insert every catalogue entry that is missing, in one transaction."""
    data = data or catalogue_data()
    report = SeedReport()
    with session.transaction() as db:
        report.added["conventions"] = sum(
            _insert_missing(db, "conventions", "slug", {
                "slug": c["slug"], "code": c["code"], "name": c["name"],
                "aliases": dump(c.get("aliases", {})),
            })
            for c in data["conventions"]
        )
        report.added["regions"] = sum(
            _insert_missing(db, "regions", "slug", {
                "slug": r["slug"], "name": r["name"], "names": dump(r.get("names", {})),
                "aliases": dump(r.get("aliases", {})),
            })
            for r in data["regions"]
        )
        report.added["countries"] = sum(
            _insert_missing(db, "countries", "code", {
                "code": c["code"], "name": c["name"], "region_id": _region_id(db, c["region"]),
                "names": dump(c.get("names", {})), "aliases": dump(c.get("aliases", {})),
            })
            for c in data["countries"]
        )
        report.added["cities"] = sum(
            _insert_missing(db, "cities", "slug", city_row(c)) for c in data.get("cities", [])
        )
        _seed_people_and_places(db, data, report)
        report.added["results framework"] = add_missing_plan(db)
    report.added["historical events"] = seed_history(session, data)
    return report


def _seed_people_and_places(db: Connection, data: dict[str, Any], report: SeedReport) -> None:
    report.added["audiences"] = sum(
        _insert_missing(db, "audiences", "slug", {
            "slug": a["slug"], "name": a["name"], "names": dump(a.get("names", {})),
            "aliases": dump(a.get("aliases", {})), "conventions": dump(a.get("conventions", [])),
        })
        for a in data["audiences"]
    )
    report.added["centres"] = sum(
        _insert_missing(db, "centres", "slug", {
            "slug": c["slug"], "name": c["name"], "country": c.get("country", ""),
            "city": c.get("city", ""), "region_id": _region_id(db, c.get("region")),
            "timezone": c.get("timezone", "UTC"), "conventions": dump(c.get("conventions", [])),
        })
        for c in data["centres"]
    )
    report.added["programmes"] = sum(
        _insert_missing(db, "programmes", "slug", {
            "slug": p["slug"], "name": p["name"], "cluster": p.get("cluster", ""),
            "background": p.get("background", ""), "objectives": p.get("objectives", ""),
            "conventions": dump(p.get("conventions", [])), "audiences": dump(p.get("audiences", [])),
            "aliases": dump(p.get("aliases", {})), "names": dump(p.get("names", {})),
            "planned_activities": dump(p.get("planned_activities", [])),
        })
        for p in data["programmes"]
    )


def historical_uid(line: dict[str, Any]) -> str:
    """A stable UID for a historical calendar line, derived from its content."""
    key = f"{line['programme']}|{line['year']}|{line.get('month') or 0}|{line['title']}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return f"seed-{line['programme']}-{line['year']}-{digest}@brs-coord"


def historical_event(line: dict[str, Any], programme_conventions: list[str]) -> EventData:
    """A historical calendar line as a held, all-day event of its real precision."""
    year, month = int(line["year"]), line.get("month")
    if month:
        start = datetime(year, int(month), 1, tzinfo=UTC)
        end = datetime(year + (month == 12), 1 if month == 12 else int(month) + 1, 1, tzinfo=UTC)
        precision = DatePrecision.MONTH
    else:
        start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
        precision = DatePrecision.YEAR
    return EventData(
        title=line["title"], kind=EventKind(line["kind"]), starts_at=start, ends_at=end,
        timezone="UTC", all_day=True, date_precision=precision, status=Status.HELD,
        programme=line["programme"], location=line.get("location"),
        regions=(line["region"],) if line.get("region") else (),
        conventions=tuple(programme_conventions),
        description=f"Historical calendar entry from the source documents: {line['source']}",
    )


def seed_history(session: Session, data: dict[str, Any]) -> int:
    """Insert the historical calendar lines that are not in the store yet."""
    from .events import EventRepository

    events = EventRepository(session)
    existing = {r["uid"] for r in session.db.query("SELECT uid FROM events WHERE source = 'seed'")}
    conventions = {p["slug"]: p.get("conventions", []) for p in data["programmes"]}
    gazetteer = Gazetteer.of(data.get("cities", []), data["countries"])
    added = 0
    with session.transaction():
        for line in data.get("historical_events", []):
            uid = historical_uid(line)
            if uid in existing:
                continue
            event = historical_event(line, conventions.get(line["programme"], []))
            country, city = gazetteer.place_of(event.location)
            event = replace(event, country=country, city=city)
            validate_event(event)
            events.create(event, SEED_BY, uid=uid, source="seed")
            added += 1
    return added
