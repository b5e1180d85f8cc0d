"""Read queries for staff screens and reports: registrations, outbox, events per month and region."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..records import OutboxLine, RegistrationLine, known_kind, known_status
from .guard import translated
from .rows import iso_utc, parse_iso_utc
from .session import Session

_REGISTRATION_SELECT = """
SELECT g.id, g.event_id, g.participant_id, g.status, g.created_at, g.updated_at,
  p.first_name, coalesce(p.country, '') AS country_code, coalesce(k.name, p.country, '') AS country,
  coalesce(r.slug, '') AS region, coalesce(r.name, '') AS region_name, coalesce(a.slug, '') AS audience
FROM registrations g
JOIN participants p ON p.id = g.participant_id
LEFT JOIN countries k ON k.code = p.country
LEFT JOIN regions r ON r.id = k.region_id
LEFT JOIN audiences a ON a.id = p.audience_id
"""


def _when(text: str | None) -> datetime | None:
    return parse_iso_utc(text) if text else None


def _registration(row: dict[str, Any]) -> RegistrationLine:
    return RegistrationLine(
        id=row["id"], event_id=row["event_id"], participant_id=row["participant_id"],
        name=row["first_name"] or "",
        country=row["country"], region=row["region"], audience=row["audience"],
        status=known_status(row["status"]), registered_at=parse_iso_utc(row["created_at"]),
    )


@translated
class ReportsRepository:
    """Aggregates and lists read by the staff screens (read only)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, sql: str, params: list[object] | None = None) -> list[dict[str, Any]]:
        return list(self._session.db.query(sql, params or []))

    def registrations(self, event_id: int) -> list[RegistrationLine]:
        sql = _REGISTRATION_SELECT + " WHERE g.event_id = ? ORDER BY g.created_at, g.id"
        return [_registration(row) for row in self._rows(sql, [event_id])]

    def registrations_in_period(
        self, start: datetime, end: datetime, programme: str | None = None,
        event_ids: Sequence[int] | None = None,
    ) -> list[dict[str, Any]]:
        """Every registration to events starting in [start, end) (of ``event_ids`` only, when
        given: a selection), for M&E exports."""
        sql = (
            "SELECT e.uid AS event_uid, e.title AS event_title, e.kind, e.starts_at,"
            " coalesce(pr.slug, '') AS programme, x.first_name AS participant, x.country,"
            " x.region, x.audience, x.status"
            " FROM (" + _REGISTRATION_SELECT + ") x JOIN events e ON e.id = x.event_id"
            " LEFT JOIN programmes pr ON pr.id = e.programme_id"
            " WHERE e.starts_at >= ? AND e.starts_at < ?"
        )
        params: list[object] = [iso_utc(start), iso_utc(end)]
        if programme:
            sql += " AND pr.slug = ?"
            params.append(programme)
        if event_ids is not None:
            sql += " AND e.id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(event_ids)))
        return self._rows(sql + " ORDER BY e.starts_at, e.id, x.id", params)

    def registration_counts(self, by: str, event_id: int | None = None) -> list[tuple[str, int, int]]:
        """(country or region name, registered, attended) counts, most registrations first."""
        column = {"country": "country", "region": "region_name"}[by]
        where = " WHERE x.status != 'cancelled'"
        params: list[object] = []
        if event_id is not None:
            where += " AND x.event_id = ?"
            params.append(event_id)
        sql = (
            f"SELECT x.{column} AS name, count(*) AS registered,"
            " sum(CASE WHEN x.status = 'attended' THEN 1 ELSE 0 END) AS attended"
            " FROM (" + _REGISTRATION_SELECT + ") x" + where + f" GROUP BY x.{column}"
            " ORDER BY registered DESC, name"
        )
        return [(r["name"] or "unknown", int(r["registered"]), int(r["attended"] or 0))
                for r in self._rows(sql, params)]

    def outbox(self, state: str = "all", limit: int = 500) -> list[OutboxLine]:
        """Notices, newest first; state is all, pending, sent or failed."""
        conditions = {
            "all": "", "pending": " WHERE o.sent_at IS NULL AND o.failed_at IS NULL",
            "sent": " WHERE o.sent_at IS NOT NULL", "failed": " WHERE o.failed_at IS NOT NULL",
        }
        sql = (
            "SELECT o.*, coalesce(p.first_name, '') AS participant, coalesce(e.title, '') AS event_title"
            " FROM outbox o LEFT JOIN participants p ON p.id = o.participant_id"
            " LEFT JOIN events e ON e.id = o.event_id" + conditions[state] +
            " ORDER BY o.id DESC LIMIT ?"
        )
        return [
            OutboxLine(
                id=r["id"], kind=known_kind(r["kind"]), participant=r["participant"],
                event_title=r["event_title"], created_at=parse_iso_utc(r["created_at"]),
                due_at=parse_iso_utc(r["due_at"]), attempts=r["attempts"], sent_at=_when(r["sent_at"]),
                failed_at=_when(r["failed_at"]), last_error=r["last_error"],
            )
            for r in self._rows(sql, [limit])
        ]

    def outbox_counts(self) -> dict[str, int]:
        row = self._rows(
            "SELECT sum(sent_at IS NULL AND failed_at IS NULL) AS pending,"
            " sum(sent_at IS NOT NULL) AS sent, sum(failed_at IS NOT NULL) AS failed FROM outbox"
        )[0]
        return {name: int(row[name] or 0) for name in ("pending", "sent", "failed")}

    def events_per_month(self, bounds: list[datetime], by: str) -> list[tuple[int, str, int]]:
        """(month index, facet, count) of public events starting in [bounds[i], bounds[i + 1]):
        each event once, its facet its kind or its conventions' codes joined by "+" ("" for none);
        the bounds are instants (months in the caller's zone)."""
        edges = [iso_utc(bound) for bound in bounds]
        month = "CASE " + " ".join(
            f"WHEN e.starts_at < ? THEN {index}" for index in range(len(edges) - 1)) + " END"
        if by == "convention":
            facet = (
                "coalesce((SELECT group_concat(code, '+') FROM (SELECT v.code AS code"
                " FROM event_conventions ec JOIN conventions v ON v.id = ec.convention_id"
                " WHERE ec.event_id = e.id ORDER BY v.code)), '')"
            )
        else:
            facet = "e.kind"
        sql = (
            f"SELECT {month} AS month, {facet} AS facet, count(*) AS n FROM events e"
            " WHERE e.status != 'draft' AND e.starts_at >= ? AND e.starts_at < ?"
            " GROUP BY month, facet ORDER BY month, facet"
        )
        rows = self._rows(sql, [*edges[1:], edges[0], edges[-1]])
        return [(int(r["month"]), r["facet"], int(r["n"])) for r in rows]

    def events_by_region(self, start: datetime, end: datetime) -> list[tuple[str, int]]:
        sql = (
            "SELECT r.name AS name, count(*) AS n FROM events e"
            " JOIN event_regions er ON er.event_id = e.id JOIN regions r ON r.id = er.region_id"
            " WHERE e.status != 'draft' AND e.starts_at >= ? AND e.starts_at < ?"
            " GROUP BY r.name ORDER BY n DESC, r.name"
        )
        return [(r["name"], int(r["n"])) for r in self._rows(sql, [iso_utc(start), iso_utc(end)])]
