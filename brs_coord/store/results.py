"""The results-framework repository: the plan's outcomes, outputs and indicators, targets, events'
results tags, evidence rows and Party status, and the attendance rows indicators are counted from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import InvalidInput, NotFound
from ..results import (
    Attendance,
    Disaggregation,
    Evidence,
    Indicator,
    PartyRecord,
    Period,
    PlanItem,
    Rule,
    TaggedEvent,
    Target,
    Unit,
)
from .guard import translated
from .rows import dump, iso_utc, json_list
from .session import Session


def _indicator(row: dict[str, Any]) -> Indicator:
    return Indicator(
        code=row["code"], outcome=row["outcome"], convention=row["convention"], text=row["text"],
        unit=Unit(row["unit"]), rule=Rule(row["rule"]), threshold=float(row["threshold"]),
        audiences=json_list(row["audiences"]),
        disaggregations=tuple(Disaggregation(d) for d in json_list(row["disaggregations"])),
    )


def _evidence(row: dict[str, Any]) -> Evidence:
    return Evidence(indicator=row["indicator"], on=date.fromisoformat(row["on_date"]), country=row["country"],
                    reference=row["reference"], note=row["note"])


_INDICATOR_SELECT = (
    "SELECT i.*, o.convention FROM results_indicators i JOIN results_outcomes o ON o.code = i.outcome"
)


def _local_day(starts_at: str, zone: str) -> date:
    instant = datetime.fromisoformat(starts_at.replace("Z", "+00:00"))
    try:
        return instant.astimezone(ZoneInfo(zone)).date()
    except (KeyError, ValueError):
        return instant.date()


@translated
class ResultsRepository:
    """Reads and writes of the results framework's tables."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self._session.db.query(sql, list(params)))

    # The plan

    def outcomes(self) -> list[tuple[str, str | None, str]]:
        """(code, convention, text) of every outcome, in the plan's order."""
        rows = self._rows("SELECT code, convention, text FROM results_outcomes ORDER BY position")
        return [(r["code"], r["convention"], r["text"]) for r in rows]

    def outputs(self) -> list[tuple[str, str, str]]:
        """(code, outcome, text) of every output, in the plan's order."""
        rows = self._rows("SELECT code, outcome, text FROM results_outputs ORDER BY position")
        return [(r["code"], r["outcome"], r["text"]) for r in rows]

    def indicators(self) -> list[Indicator]:
        return [_indicator(r) for r in self._rows(_INDICATOR_SELECT + " ORDER BY i.position")]

    def indicator(self, code: str) -> Indicator:
        rows = self._rows(_INDICATOR_SELECT + " WHERE i.code = ?", [code])
        if not rows:
            raise NotFound(f"No indicator {code!r} in the plan")
        return _indicator(rows[0])

    def plan_items(self) -> list[PlanItem]:
        """Every output and indicator with its outcome's convention: each outcome's outputs, then
        its indicators, in the plan's order."""
        rows = self._rows(
            "SELECT x.code, x.outcome, o.convention, x.text, o.position, 0 AS part, x.position AS n"
            " FROM results_outputs x JOIN results_outcomes o ON o.code = x.outcome"
            " UNION ALL SELECT i.code, i.outcome, o.convention, i.text, o.position, 1, i.position"
            " FROM results_indicators i JOIN results_outcomes o ON o.code = i.outcome"
            " ORDER BY 5, 6, 7")
        return [PlanItem(r["code"], r["outcome"], r["convention"], r["text"]) for r in rows]

    def known_codes(self) -> set[str]:
        rows = self._rows("SELECT code FROM results_indicators UNION ALL SELECT code FROM results_outputs")
        return {r["code"] for r in rows}

    def update_indicator(
        self, code: str, by: str, *, threshold: float | None = None,
        audiences: Iterable[str] | None = None,
    ) -> Indicator:
        """Change an indicator's threshold or eligible audiences (unknown audiences refused)."""
        with self._session.transaction() as db:
            self.indicator(code)
            if threshold is not None:
                if not 0 < threshold <= 1:
                    raise InvalidInput("The attendance threshold is a share above 0 and at most 1 (0.75)",
                                       field="threshold")
                db.execute("UPDATE results_indicators SET threshold = ? WHERE code = ?", [threshold, code])
            if audiences is not None:
                slugs = sorted(set(audiences))
                for slug in slugs:
                    self._session.ids.audience(slug)
                db.execute("UPDATE results_indicators SET audiences = ? WHERE code = ?", [dump(slugs), code])
            db.execute(
                "UPDATE results_indicators SET updated_at = ?, updated_by = ? WHERE code = ?",
                [iso_utc(self._session.clock.now()), by, code],
            )
        return self.indicator(code)

    def targets(self, biennium: str) -> dict[str, Target]:
        rows = self._rows("SELECT * FROM results_targets WHERE biennium = ?", [biennium])
        return {r["indicator"]: Target(r["baseline"], r["target"]) for r in rows}

    def set_target(self, code: str, biennium: str, target: Target, by: str) -> None:
        Period.biennium(biennium)
        with self._session.transaction() as db:
            self.indicator(code)
            db.execute(
                "INSERT INTO results_targets (indicator, biennium, baseline, target, updated_at, updated_by)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(indicator, biennium) DO UPDATE SET"
                " baseline = excluded.baseline, target = excluded.target,"
                " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                [code, biennium, target.baseline, target.target, iso_utc(self._session.clock.now()), by],
            )

    # Events' tags

    def tags(self, event_id: int) -> tuple[str, ...]:
        rows = self._rows("SELECT code FROM event_results WHERE event_id = ? ORDER BY code", [event_id])
        return tuple(r["code"] for r in rows)

    def set_tags(self, event_id: int, codes: Iterable[str]) -> tuple[str, ...]:
        """Replace an event's results tags; a code that is not in the plan is refused."""
        wanted = sorted(set(codes))
        unknown = [c for c in wanted if c not in self.known_codes()]
        if unknown:
            raise InvalidInput(f"Not in the plan: {', '.join(unknown)} (indicators are written as BC-2-v,"
                               " outputs as BC-1-out-iii)", field="results")
        with self._session.transaction() as db:
            db.execute("DELETE FROM event_results WHERE event_id = ?", [event_id])
            db.conn.executemany("INSERT INTO event_results (event_id, code) VALUES (?, ?)",
                                [(event_id, c) for c in wanted])
        return tuple(wanted)

    def tagged_events(self, period: Period, *, centre: str | None = None) -> list[TaggedEvent]:
        """Every event tagged with a results code that may start in ``period`` (by local day);
        with ``centre``, only the events that centre (its slug) organised."""
        start = datetime(period.start.year, period.start.month, period.start.day).isoformat()
        by_centre = "" if centre is None else " AND c.slug = ?"
        rows = self._rows(
            "SELECT e.id, e.uid, e.title, e.starts_at, e.timezone, e.kind, e.status,"
            " coalesce(c.name, '') AS organiser, c.slug AS centre,"
            " (SELECT group_concat(code, ' ') FROM event_results t WHERE t.event_id = e.id) AS codes,"
            " (SELECT group_concat(v.slug, ' ') FROM event_conventions ec"
            "  JOIN conventions v ON v.id = ec.convention_id WHERE ec.event_id = e.id) AS conventions"
            " FROM events e LEFT JOIN centres c ON c.id = e.organiser_centre_id"
            " WHERE e.id IN (SELECT event_id FROM event_results)"
            " AND e.starts_at >= date(?, '-1 day') AND e.starts_at < date(?, '+2 days')" + by_centre,
            [start, period.end.isoformat(), *([] if centre is None else [centre])],
        )
        now = iso_utc(self._session.clock.now())
        return [
            TaggedEvent(
                uid=r["uid"], title=r["title"], starts_on=_local_day(r["starts_at"], r["timezone"]),
                started=r["starts_at"] <= now,
                kind=r["kind"], status=r["status"], organiser=r["organiser"],
                codes=frozenset((r["codes"] or "").split()),
                conventions=tuple(sorted((r["conventions"] or "").split())), centre=r["centre"],
            )
            for r in rows
        ]

    def attendance(self, event_uids: Iterable[str]) -> list[Attendance]:
        """Who attended the given events, with the share attended and their profile's facts."""
        uids = sorted(set(event_uids))
        if not uids:
            return []
        marks = ", ".join("?" for _ in uids)
        rows = self._rows(
            "SELECT e.uid, x.participant_id, coalesce(x.attended_share, 1.0) AS share,"
            " p.country, rg.slug AS region, a.slug AS audience"
            " FROM registrations x JOIN events e ON e.id = x.event_id"
            " JOIN participants p ON p.id = x.participant_id"
            " LEFT JOIN countries ct ON ct.code = p.country LEFT JOIN regions rg ON rg.id = ct.region_id"
            " LEFT JOIN audiences a ON a.id = p.audience_id"
            f" WHERE x.status = 'attended' AND e.uid IN ({marks})",
            uids,
        )
        return [
            Attendance(event_uid=r["uid"], participant_id=r["participant_id"], share=float(r["share"]),
                       country=r["country"], region=r["region"], audience=r["audience"])
            for r in rows
        ]

    # Evidence and Party status

    def add_evidence(self, evidence: Evidence, by: str) -> int:
        self.indicator(evidence.indicator)
        cursor = self._session.db.execute(
            "INSERT INTO results_evidence (indicator, country, on_date, reference, note, created_at,"
            " created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [evidence.indicator, evidence.country, evidence.on.isoformat(), evidence.reference,
             evidence.note, iso_utc(self._session.clock.now()), by],
        )
        return int(cursor.lastrowid or 0)

    def evidence(self, period: Period) -> list[Evidence]:
        rows = self._rows(
            "SELECT * FROM results_evidence WHERE on_date >= ? AND on_date <= ? ORDER BY on_date, id",
            [period.start.isoformat(), period.end.isoformat()],
        )
        return [_evidence(r) for r in rows]

    def evidence_of(self, code: str) -> list[tuple[int, Evidence]]:
        """An indicator's evidence rows, each with its number, in date order."""
        rows = self._rows("SELECT * FROM results_evidence WHERE indicator = ? ORDER BY on_date, id", [code])
        return [(r["id"], _evidence(r)) for r in rows]

    def remove_evidence(self, number: int) -> None:
        if not self._session.db.execute("DELETE FROM results_evidence WHERE id = ?", [number]).rowcount:
            raise NotFound(f"No evidence row {number}")

    def remove_party_status(self, country: str, convention: str) -> None:
        cursor = self._session.db.execute(
            "DELETE FROM party_status WHERE country = ? AND convention = ?", [country, convention])
        if not cursor.rowcount:
            raise NotFound(f"No recorded status of {country} under the {convention} convention")

    def set_party_status(self, records: Iterable[PartyRecord], by: str) -> int:
        """Record (or correct) countries' status under conventions; returns how many were written."""
        rows = [(r.country, r.convention, r.since.isoformat() if r.since else None) for r in records]
        now = iso_utc(self._session.clock.now())
        with self._session.transaction() as db:
            db.conn.executemany(
                "INSERT INTO party_status (country, convention, party_since, updated_at, updated_by)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(country, convention) DO UPDATE SET"
                " party_since = excluded.party_since, updated_at = excluded.updated_at,"
                " updated_by = excluded.updated_by",
                [(*row, now, by) for row in rows],
            )
        return len(rows)

    def party_statuses(self) -> list[PartyRecord]:
        rows = self._rows("SELECT country, convention, party_since FROM party_status")
        return [
            PartyRecord(r["country"], r["convention"],
                        date.fromisoformat(r["party_since"]) if r["party_since"] else None)
            for r in rows
        ]

    # Reported periods

    def lock(self, period: Period, by: str) -> None:
        self._session.db.execute(
            "INSERT INTO results_locks (first_day, last_day, locked_at, locked_by) VALUES (?, ?, ?, ?)",
            [period.start.isoformat(), period.end.isoformat(), iso_utc(self._session.clock.now()), by],
        )

    def locked_period(self, day: date) -> Period | None:
        """The locked (reported) period ``day`` falls in, if any."""
        rows = self._rows(
            "SELECT first_day, last_day FROM results_locks WHERE first_day <= ? AND last_day >= ?"
            " ORDER BY id LIMIT 1", [day.isoformat(), day.isoformat()],
        )
        if not rows:
            return None
        return Period(date.fromisoformat(rows[0]["first_day"]), date.fromisoformat(rows[0]["last_day"]))

    def record_override(
        self, event_id: int, participant_id: int, before: str, after: str, reason: str, by: str,
    ) -> None:
        """Audit an attendance change in a locked period (inside the change's own transaction)."""
        self._session.db.execute(
            "INSERT INTO attendance_overrides (event_id, participant_id, before, after, reason, changed_at,"
            " changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [event_id, participant_id, before, after, reason, iso_utc(self._session.clock.now()), by],
        )

    def overrides(self, event_id: int) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM attendance_overrides WHERE event_id = ? ORDER BY id", [event_id])
