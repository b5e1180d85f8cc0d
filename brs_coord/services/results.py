"""The results framework as staff use it: events tagged with the plan's outputs and indicators, and
indicator values computed for a period from attendance and evidence (never typed in)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..domain import Event, EventChange
from ..errors import InvalidInput
from ..evaluations import EventEvaluation
from ..permissions import Action
from ..results import (
    DEFAULT_THRESHOLD,
    Evidence,
    Indicator,
    IndicatorValue,
    PartyRecord,
    PartyStatuses,
    Period,
    PlanItem,
    Rule,
    Target,
    count_indicator,
    is_result_code,
    read_target,
)
from ..store import Store
from .acting import Acting
from .attendance_import import AttendancePreview, match_attendance, read_attendance
from .registrations import RegistrationService
from .results_records import (
    PartyImport,
    check_evidence_texts,
    party_changes,
    party_record,
    read_day,
    read_party_csv,
)

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


@dataclass(frozen=True)
class PartyRow:
    """A country's statuses under the three conventions, in CONVENTIONS order (None: not recorded)."""

    country: str
    name: str
    statuses: tuple[PartyRecord | None, ...]

    @property
    def recorded(self) -> bool:
        return any(status is not None for status in self.statuses)


class ResultsService:
    """Tags, evidence, Party status and the indicator report over one store."""

    def __init__(self, store: Store, acting: Acting, registrations: RegistrationService) -> None:
        self._store = store
        self._acting = acting
        self._registrations = registrations

    def _by(self, action: Action = Action.EDIT_RESULTS) -> str:
        """The acting login when their role may do ``action`` (PermissionDenied otherwise)."""
        return self._acting.require(action).login

    def indicators(self) -> list[Indicator]:
        return self._store.results.indicators()

    def tag_event(self, uid: str, codes: Iterable[str], *, replace: bool = False) -> tuple[str, ...]:
        """Tag an event with results codes (added to its tags, or replacing them); returns its tags."""
        self._by()
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
            if before == wanted:  # unchanged tags ask nothing of the role
                return event
            by = self._by()
            after = self._store.results.set_tags(event_id, wanted)
            return self._store.events.record_change(
                event_id, expected_version=expected_version, by=by, action="tagged",
                changes={"results": (before, after)})

    def tag_change(self, change: EventChange, codes: Iterable[str]) -> EventChange:
        """Save an event's tags with a change just written (in its transaction): a created event
        gets them in its first version, an edited one under the version check (``save_tags``)."""
        event = change.after
        if event is None:
            raise InvalidInput("A deleted event cannot be tagged", field="results")
        wanted = tuple(sorted({code.strip() for code in codes if code.strip()}))
        if change.action == "created":
            if wanted:  # an untagged new event asks nothing of the role (the editor saves every event so)
                self._by()
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
        self._store.results.set_target(code, biennium, Target(baseline, target), self._by())

    def set_target_typed(self, code: str, biennium: str, text: str) -> Target:
        """Set a baseline and target typed as ``0, 40``; returns what was set."""
        by = self._by()
        target = read_target(text)
        self._store.results.set_target(code, biennium, target, by)
        return target

    def add_evidence(self, code: str, on: date, country: str | None, reference: str, note: str = "") -> int:
        """Record an evidence row for an indicator counted from evidence; returns its number."""
        by = self._by()
        indicator = self._store.results.indicator(code)
        if indicator.rule is not Rule.EVIDENCE:
            raise InvalidInput(f"{code} is counted from {indicator.rule.value}, not from evidence rows"
                               " (evidence is for the outcome indicators)", field="indicator")
        country = country.strip().upper() if country and country.strip() else None
        if country is not None:
            self._known_countries([country])
        check_evidence_texts(reference, note)
        evidence = Evidence(code, on, country, reference.strip(), note.strip())
        return self._store.results.add_evidence(evidence, by)

    def add_evidence_texts(self, code: str, on: str, country: str, reference: str, note: str) -> int:
        """Evidence as a form's four texts (the date as 2019-05-14, the Party empty for none)."""
        return self.add_evidence(code, read_day(on, "The date", "date"), country or None, reference, note)

    def evidence_of(self, code: str) -> list[tuple[int, Evidence]]:
        """An indicator's evidence rows with their numbers, in date order."""
        return self._store.results.evidence_of(code)

    def remove_evidence(self, number: int) -> None:
        self._by()
        self._store.results.remove_evidence(number)

    def _known_countries(self, codes: Iterable[str]) -> None:
        known = {country.code for country in self._store.catalogue.countries()}
        unknown = sorted(set(codes) - known)
        if unknown:
            raise InvalidInput(f"Not a country of the catalogue: {', '.join(unknown)} (ISO codes such as KE)",
                               field="country")

    def _checked(self, records: Iterable[PartyRecord]) -> list[PartyRecord]:
        checked = []
        for record in records:
            if record.convention not in CONVENTIONS:
                raise InvalidInput(f"Unknown convention {record.convention!r} (basel, rotterdam, stockholm)",
                                   field="convention")
            checked.append(PartyRecord(record.country.strip().upper(), record.convention, record.since))
        self._known_countries(r.country for r in checked)
        return checked

    def set_party_status(self, records: Iterable[PartyRecord]) -> int:
        """Record (or correct) statuses; every one is checked before any is written."""
        by = self._by()
        return self._store.results.set_party_status(self._checked(records), by)

    def record_party_status(self, country: str, convention: str, since: str) -> PartyRecord:
        """A status as a form's three texts (``since`` empty: a non-Party State); returns it."""
        by = self._by()
        if not country.strip():
            raise InvalidInput("Name the country by its ISO code, such as KE", field="country")
        record = self._checked([party_record(country, convention, since)])[0]
        self._store.results.set_party_status([record], by)
        return record

    def preview_party_import(self, data: bytes, name: str) -> PartyImport:
        """What importing a Party-status CSV (country, convention, party_since) would change, each
        line checked (nothing is written)."""
        records = self._checked(read_party_csv(data, name))
        return party_changes(name, records, self._store.results.party_statuses())

    def import_party_status(self, data: bytes, name: str) -> int:
        """Party status from a CSV: all its lines or none; returns how many were recorded."""
        return self.set_party_status(self.preview_party_import(data, name).records)

    def party_statuses(self) -> list[PartyRecord]:
        """Every recorded status, by country then convention."""
        return sorted(self._store.results.party_statuses(), key=lambda r: (r.country, r.convention))

    def party_table(self) -> list[PartyRow]:
        """Every country of the catalogue with its status under each convention (None: not
        recorded), the countries with no status at all last."""
        by = {(r.country, r.convention): r for r in self._store.results.party_statuses()}
        rows = [
            PartyRow(c.code, c.name, tuple(by.get((c.code, conv)) for conv in CONVENTIONS))
            for c in self._store.catalogue.countries()
        ]
        return sorted(rows, key=lambda r: not r.recorded)  # stable: by name within each part

    def remove_party_status(self, country: str, convention: str) -> None:
        self._by()
        self._store.results.remove_party_status(country.strip().upper(), convention.strip().lower())

    def preview_attendance(self, uid: str, data: bytes) -> AttendancePreview:
        """What importing an attendance export for the event would record (nothing is written)."""
        event = self._store.events.get_by_uid(uid)
        return match_attendance(self._store, event, read_attendance(data))

    def record_attendance(self, preview: AttendancePreview, *, override: str = "") -> int:
        """Record the matched lines of a preview as attended with their share (a line of no minutes
        as a no-show); returns how many were recorded."""
        self._by(Action.RECORD_ATTENDANCE)
        with self._store.transaction():
            for match in preview.matched:
                assert match.registration is not None
                self._registrations.mark_attendance(
                    preview.event.id, match.registration.participant_id, match.attended, match.share,
                    override=override)
        return len(preview.matched)

    def lock(self, period: Period) -> None:
        """Lock a reported period: its events' attendance changes only with an audited override."""
        self._store.results.lock(period, self._by(Action.LOCK_PERIODS))

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
