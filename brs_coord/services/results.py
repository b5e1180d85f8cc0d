"""The results framework as staff use it: events tagged with the plan's outputs and indicators, and
indicator values computed for a period from attendance and evidence (never typed in)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..domain import Event, EventChange
from ..errors import InvalidInput
from ..evaluations import EventEvaluation
from ..results import (
    DEFAULT_THRESHOLD,
    Evidence,
    Indicator,
    IndicatorValue,
    PartyRecord,
    PartyStatuses,
    Period,
    PlanItem,
    Target,
    count_indicator,
    is_result_code,
    read_target,
)
from ..store import Store
from .attendance_import import AttendancePreview, match_attendance, read_attendance
from .registrations import RegistrationService

CONVENTIONS = ("basel", "rotterdam", "stockholm")


@dataclass(frozen=True)
class ResultsReport:
    """Every indicator's value in one period (optionally of one convention or one centre)."""

    period: Period
    values: tuple[IndicatorValue, ...]
    convention: str | None = None
    centre: str | None = None
    evaluations: tuple[EventEvaluation, ...] = ()  # the period's events evaluated in chat

    @property
    def title(self) -> str:
        scope = [f"convention {self.convention}" if self.convention else "",
                 f"centre {self.centre}" if self.centre else ""]
        return " · ".join(["Technical assistance results", str(self.period), *filter(None, scope)])


class ResultsService:
    """Tags, evidence, Party status and the indicator report over one store."""

    def __init__(self, store: Store, staff_name: str, registrations: RegistrationService) -> None:
        self._store = store
        self._by = staff_name
        self._registrations = registrations

    def indicators(self) -> list[Indicator]:
        return self._store.results.indicators()

    def tag_event(self, uid: str, codes: Iterable[str], *, replace: bool = False) -> tuple[str, ...]:
        """Tag an event with results codes (added to its tags, or replacing them); returns its tags."""
        wanted = [code.strip() for code in codes if code.strip()]
        malformed = [code for code in wanted if not is_result_code(code)]
        if malformed:
            raise InvalidInput(
                f"Not a results code: {', '.join(malformed)} (indicators are written as BC-2-v,"
                " outputs as BC-1-out-iii)", field="results",
            )
        event = self._store.events.get_by_uid(uid)
        current = () if replace else self._store.results.tags(event.id)
        return self._store.results.set_tags(event.id, [*current, *wanted])

    def save_tags(self, event_id: int, codes: Iterable[str], *, expected_version: int) -> Event:
        """Replace the tags of an event still at ``expected_version`` (Conflict if it changed since):
        a change raises its version and is in its history, as an edit of its fields is."""
        wanted = tuple(sorted({code.strip() for code in codes if code.strip()}))
        with self._store.transaction():
            event = self._store.events.current(event_id, expected_version)
            before = self._store.results.tags(event_id)
            if before == wanted:
                return event
            after = self._store.results.set_tags(event_id, wanted)
            return self._store.events.record_change(
                event_id, expected_version=expected_version, by=self._by, action="tagged",
                changes={"results": (before, after)})

    def tag_change(self, change: EventChange, codes: Iterable[str]) -> EventChange:
        """Save an event's tags with a change just written (in its transaction): a created event
        gets them in its first version, an edited one under the version check (``save_tags``)."""
        event = change.after
        if event is None:
            raise InvalidInput("A deleted event cannot be tagged", field="results")
        wanted = tuple(sorted({code.strip() for code in codes if code.strip()}))
        if change.action == "created":
            tags = self._store.results.set_tags(event.id, wanted) if wanted else ()
            return replace(change, changes={**change.changes, "results": ((), tags)}) if tags else change
        before = self._store.results.tags(event.id)
        after = self.save_tags(event.id, wanted, expected_version=event.version)
        if after.version == event.version:
            return change
        return replace(change, after=after, changes={**change.changes, "results": (before, wanted)})

    def plan(self) -> list[PlanItem]:
        """The plan's outputs and indicators, as the tag picker offers them."""
        return self._store.results.plan_items()

    def tags(self, uid: str) -> tuple[str, ...]:
        return self._store.results.tags(self._store.events.get_by_uid(uid).id)

    def set_target(self, code: str, biennium: str, baseline: int | None, target: int | None) -> None:
        self._store.results.set_target(code, biennium, Target(baseline, target), self._by)

    def set_target_typed(self, code: str, biennium: str, text: str) -> Target:
        """Set a baseline and target typed as ``0, 40``; returns what was set."""
        target = read_target(text)
        self._store.results.set_target(code, biennium, target, self._by)
        return target

    def add_evidence(self, code: str, on: date, country: str | None, reference: str, note: str = "") -> int:
        if country is not None and not (len(country) == 2 and country.isalpha()):
            raise InvalidInput(f"A country is its two-letter ISO code, such as KE (not {country!r})",
                               field="country")
        evidence = Evidence(code, on, country.upper() if country else None, reference.strip(), note.strip())
        return self._store.results.add_evidence(evidence, self._by)

    def set_party_status(self, records: Iterable[PartyRecord]) -> int:
        checked = []
        for record in records:
            if record.convention not in CONVENTIONS:
                raise InvalidInput(f"Unknown convention {record.convention!r} (basel, rotterdam, stockholm)",
                                   field="convention")
            checked.append(PartyRecord(record.country.strip().upper(), record.convention, record.since))
        return self._store.results.set_party_status(checked, self._by)

    def preview_attendance(self, uid: str, data: bytes) -> AttendancePreview:
        """What importing an attendance export for the event would record (nothing is written)."""
        event = self._store.events.get_by_uid(uid)
        return match_attendance(self._store, event, read_attendance(data))

    def record_attendance(self, preview: AttendancePreview, *, override: str = "") -> int:
        """Record the matched lines of a preview as attended with their share (a line of no minutes
        as a no-show); returns how many were recorded."""
        with self._store.transaction():
            for match in preview.matched:
                assert match.registration is not None
                self._registrations.mark_attendance(
                    preview.event.id, match.registration.participant_id, match.attended, match.share,
                    override=override, by=self._by)
        return len(preview.matched)

    def lock(self, period: Period) -> None:
        """Lock a reported period: its events' attendance changes only with an audited override."""
        self._store.results.lock(period, self._by)

    def report(
        self, period: Period, *, convention: str | None = None, centre: str | None = None,
    ) -> ResultsReport:
        """Every indicator's value in ``period``: of one convention's outcomes (``cross-cutting``
        for the cross-cutting ones), and counting only the events one centre organised."""
        if convention not in (None, "cross-cutting", *CONVENTIONS):
            raise InvalidInput(
                f"Unknown convention {convention!r} (basel, rotterdam, stockholm, cross-cutting)",
                field="convention",
            )
        results = self._store.results
        indicators = [
            i for i in results.indicators()
            if convention is None or (i.convention or "cross-cutting") == convention
        ]
        events = results.tagged_events(period, centre=centre)
        attendance = results.attendance(e.uid for e in events)
        evidence = results.evidence(period)
        statuses = PartyStatuses(results.party_statuses())
        targets = results.targets(period.biennium_label) if period.biennium_label else {}
        values = tuple(
            count_indicator(i, period, events, attendance, evidence, statuses, targets.get(i.code))
            for i in indicators
        )
        evaluated = tuple(self._store.evaluations.for_period(period, DEFAULT_THRESHOLD, centre=centre))
        return ResultsReport(period, values, convention, centre, evaluated)
