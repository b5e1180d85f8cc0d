"""The technical-assistance plan's results framework and how its indicators are counted.

The plan (catalogue ``results_plan.json``, from section V of the 2018–2021 plan) has outcomes, each
with outputs and indicators. An indicator counts one **unit** (Parties, people, pilot projects,
interventions, documents, other) by one **rule**:

- ``attendance``: a Party (or, for person units, a person) counts in a period when a participant
  of an eligible audience attended at least the threshold share of an event tagged with the
  indicator and starting in the period; a Party counts once however many of its people attended.
- ``tagged-events``: the tagged events held in the period (of the kind the unit names, for pilot
  projects);
- ``evidence``: only evidence rows that staff record (a Party's revised NIP, a document's symbol):
  attendance never sets these.

A country counts as a Party only when its status is recorded (Party to the indicator's convention,
or to any of the three for cross-cutting indicators, since a date on or before the event); a
recorded non-Party State and a country with no recorded status are reported on their own lines.
Everything here is pure: the store gathers the rows, this module counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .errors import InvalidInput
from .folding import fold

DEFAULT_THRESHOLD = 0.75  # the share of an event a participant must attend to count
SUPPRESS_BELOW = 5  # cells counting fewer people than this are not shown
CONVENTION_PREFIX = {"basel": "BC", "rotterdam": "RC", "stockholm": "SC", None: "CC"}
INDICATOR_CODE = re.compile(r"^(BC|RC|SC|CC)-[1-9]-[ivxl]+$")
OUTPUT_CODE = re.compile(r"^(BC|RC|SC|CC)-[1-9]-out-[ivxl]+$")
ONLINE_KINDS = frozenset({"webinar", "e-learning", "online-meeting"})
NOT_RECORDED = "not recorded"


class Unit(StrEnum):
    """What an indicator counts."""

    PARTY = "party"
    PERSON = "person"
    PILOT_PROJECT = "pilot-project"
    INTERVENTION = "intervention"
    DOCUMENT = "document"
    OTHER = "other"


class Rule(StrEnum):
    """How an indicator's value is found (see the module's text)."""

    ATTENDANCE = "attendance"
    TAGGED_EVENTS = "tagged-events"
    EVIDENCE = "evidence"


class Disaggregation(StrEnum):
    """The breakdowns a value is reported by."""

    REGION = "region"
    AUDIENCE = "audience"
    CONVENTION = "convention"
    DELIVERY = "delivery"
    DEVELOPMENT = "development"
    SEX = "sex"


DEFAULT_DISAGGREGATIONS: dict[Unit, tuple[Disaggregation, ...]] = {
    Unit.PARTY: (Disaggregation.REGION, Disaggregation.AUDIENCE, Disaggregation.CONVENTION,
                 Disaggregation.DELIVERY, Disaggregation.DEVELOPMENT),
    Unit.PERSON: tuple(Disaggregation),
}


EVENT_DISAGGREGATIONS = frozenset({Disaggregation.CONVENTION, Disaggregation.DELIVERY})  # an event's own


def default_disaggregations(unit: Unit) -> tuple[Disaggregation, ...]:
    return DEFAULT_DISAGGREGATIONS.get(unit, (Disaggregation.REGION, Disaggregation.CONVENTION))


def is_result_code(code: str) -> bool:
    """Whether ``code`` is written as an indicator (``BC-2-v``) or an output (``BC-1-out-iii``)."""
    return bool(INDICATOR_CODE.match(code) or OUTPUT_CODE.match(code))


# The kinds of event that exist to serve the plan: the editor warns when one has no results tag.
TAG_EXPECTED_KINDS = frozenset({"workshop", "training", "webinar"})


def untagged_warning(kind: str, codes: Iterable[str]) -> str | None:
    """A warning (never a refusal) when a workshop, training or webinar serves no output or
    indicator of the plan."""
    if kind in TAG_EXPECTED_KINDS and not any(codes):
        return f"No results tag: this {kind} counts in no indicator of the plan"
    return None


@dataclass(frozen=True)
class PlanItem:
    """An output or an indicator of the plan, as events are tagged with it."""

    code: str  # BC-2-v, BC-1-out-iii
    outcome: str
    convention: str | None  # None: cross-cutting
    text: str

    @property
    def is_output(self) -> bool:
        return bool(OUTPUT_CODE.match(self.code))

    @property
    def slug(self) -> str:
        """Its value in the results facet (facets.RESULT): the code."""
        return self.code

    @property
    def name(self) -> str:
        """What a feed or a list names it by: "BC-2-v: Number of Parties trained …"."""
        return f"{self.code}: {self.text}"

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(re.findall(r"\w+", fold(f"{self.code} {self.text}")))


def search_plan(items: Iterable[PlanItem], text: str, conventions: Iterable[str] = ()) -> list[PlanItem]:
    """The items whose code or words start with every word of ``text`` (all of them for no text),
    the items of ``conventions`` first, each group in the plan's order."""
    wanted = re.findall(r"[\w-]+", fold(text))
    codes = [w for w in wanted if "-" in w]
    words = [w for w in wanted if "-" not in w]
    first = set(conventions)
    found = [
        item for item in items
        if all(item.code.lower().startswith(code) for code in codes)
        and all(any(word_ == w or word_.startswith(w) for word_ in item.words) for w in words)
    ]
    return sorted(found, key=lambda item: item.convention not in first)


@dataclass(frozen=True)
class Indicator:
    code: str  # BC-2-v
    outcome: str  # BC-2
    convention: str | None  # basel, rotterdam, stockholm; None for cross-cutting
    text: str
    unit: Unit
    rule: Rule
    threshold: float = DEFAULT_THRESHOLD
    audiences: tuple[str, ...] = ()  # eligible audiences' slugs; none = every audience
    disaggregations: tuple[Disaggregation, ...] = ()


@dataclass(frozen=True)
class Target:
    """The plan's figures for one indicator in one biennium (None where the plan gives none)."""

    baseline: int | None = None
    target: int | None = None


def read_target(text: str) -> Target:
    """``0, 40`` (baseline, target), ``40`` (a target only) or empty (neither) as typed by staff."""
    parts = [p.strip() for p in text.replace(";", ",").split(",")] if text.strip() else []
    if len(parts) == 1:
        parts = ["", parts[0]]
    if len(parts) != 2 or not all(p == "" or p.isdigit() for p in parts):
        raise InvalidInput(f"Write the baseline and the target as two whole numbers, such as 0, 40"
                           f" (not {text!r})", "target")
    baseline, target = (int(p) if p else None for p in parts)
    return Target(baseline, target)


@dataclass(frozen=True)
class Period:
    """Dates from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(f"The period ends ({self.end}) before it starts ({self.start})", "period")

    @classmethod
    def biennium(cls, text: str) -> Period:
        """``2018-2019`` (two calendar years, the second following the first)."""
        match = re.fullmatch(r"\s*(\d{4})\s*[-–/]\s*(\d{4})\s*", text)
        if not match:
            raise InvalidInput(f"A biennium is two years, such as 2018-2019 (not {text!r})", "period")
        first, second = int(match[1]), int(match[2])
        if second != first + 1 or not 1990 <= first <= 2200:
            raise InvalidInput(f"A biennium is two years in a row, such as 2018-2019 (not {text!r})",
                               "period")
        return cls(date(first, 1, 1), date(second, 12, 31))

    @classmethod
    def biennium_of(cls, day: date) -> Period:
        """The biennium ``day`` falls in (the plan's bienniums start in even years: 2018-2019)."""
        first = day.year - day.year % 2
        return cls(date(first, 1, 1), date(first + 1, 12, 31))

    def shifted(self, bienniums: int) -> Period:
        """The biennium ``bienniums`` before (negative) or after this one's start."""
        first = self.start.year + 2 * bienniums
        return Period(date(first, 1, 1), date(first + 1, 12, 31))

    @property
    def biennium_label(self) -> str | None:
        """``2018-2019`` when the period is exactly a biennium."""
        whole = (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)
        if whole and self.end.year == self.start.year + 1:
            return f"{self.start.year}-{self.end.year}"
        return None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.biennium_label or f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class TaggedEvent:
    """An event tagged with one or more results codes, as the counting needs it."""

    uid: str
    title: str
    starts_on: date  # in the event's own zone
    kind: str
    status: str
    organiser: str
    codes: frozenset[str]
    conventions: tuple[str, ...] = ()
    centre: str | None = None  # the organising centre's slug
    started: bool = True  # it has begun (by the report's clock): a planned event has not happened

    @property
    def took_place(self) -> bool:
        return self.started and self.status not in {"draft", "cancelled"}

    @property
    def delivery(self) -> str:
        return "online" if self.kind in ONLINE_KINDS else "in person"


@dataclass(frozen=True)
class Attendance:
    """One participant's presence at one event: ``share`` of it attended (0 to 1)."""

    event_uid: str
    participant_id: int
    share: float
    country: str | None  # ISO code from the participant's profile
    region: str | None = None
    audience: str | None = None
    sex: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A fact staff record for an evidence indicator (a NIP transmitted, a guidance published)."""

    indicator: str
    on: date
    country: str | None = None
    reference: str = ""  # a document symbol or a URL
    note: str = ""


@dataclass(frozen=True)
class PartyRecord:
    """A country's status under one convention: a Party since ``since`` (None: not a Party)."""

    country: str
    convention: str
    since: date | None


class PartyStatuses:
    """Recorded statuses, asked "was this country a Party to this convention on this day?"."""

    def __init__(self, records: Iterable[PartyRecord]) -> None:
        self._by: dict[tuple[str, str], date | None] = {(r.country, r.convention): r.since for r in records}

    def classify(self, country: str, convention: str | None, on: date) -> str:
        """``party``, ``non-party`` (a status recorded, but not a Party on that day) or
        ``unrecorded``; cross-cutting indicators (``convention`` None) accept any convention."""
        conventions = (convention,) if convention else ("basel", "rotterdam", "stockholm")
        recorded = [(c, self._by[(country, c)]) for c in conventions if (country, c) in self._by]
        if not recorded:
            return "unrecorded"
        return "party" if any(since is not None and since <= on for _, since in recorded) else "non-party"


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's value in a period and everything behind it."""

    indicator: Indicator
    value: int
    target: Target = field(default_factory=Target)
    events: tuple[TaggedEvent, ...] = ()  # the contributing events
    parties: tuple[str, ...] = ()  # Parties counted
    non_parties: tuple[str, ...] = ()  # non-Party States that took part (not counted)
    unrecorded: tuple[str, ...] = ()  # countries whose status is not recorded (not counted)
    unknown_country: int = 0  # attendees whose profile names no country (not counted)
    breakdown: Mapping[Disaggregation, Mapping[str, int]] = field(default_factory=dict)

    @property
    def counts_people(self) -> bool:
        return self.indicator.unit is Unit.PERSON


def shown(count: int, *, people: bool) -> str:
    """A count as reported: counts of fewer than SUPPRESS_BELOW people are suppressed."""
    if people and 0 < count < SUPPRESS_BELOW:
        return f"<{SUPPRESS_BELOW}"
    return str(count)


def count_indicator(
    indicator: Indicator,
    period: Period,
    events: Iterable[TaggedEvent],
    attendance: Iterable[Attendance],
    evidence: Iterable[Evidence],
    statuses: PartyStatuses,
    target: Target | None = None,
) -> IndicatorValue:
    """The value of ``indicator`` in ``period`` (see the module's text for the rules)."""
    tagged = sorted(
        (e for e in events if indicator.code in e.codes and e.took_place and e.starts_on in period),
        key=lambda e: (e.starts_on, e.uid),
    )
    target = target or Target()
    if indicator.rule is Rule.EVIDENCE:
        return _from_evidence(indicator, period, evidence, statuses, target)
    if indicator.rule is Rule.TAGGED_EVENTS:
        counted = [e for e in tagged if indicator.unit is not Unit.PILOT_PROJECT or e.kind == "pilot-project"]
        return IndicatorValue(indicator, len(counted), target, tuple(counted),
                              breakdown=_breakdown(
                                  [d for d in indicator.disaggregations if d in EVENT_DISAGGREGATIONS],
                                  [(None, e) for e in counted]))
    return _from_attendance(indicator, tagged, attendance, statuses, target)


def _from_attendance(
    indicator: Indicator, tagged: list[TaggedEvent], attendance: Iterable[Attendance],
    statuses: PartyStatuses, target: Target,
) -> IndicatorValue:
    by_uid = {e.uid: e for e in tagged}
    eligible = set(indicator.audiences)
    present = [
        a for a in attendance
        if a.event_uid in by_uid and a.share >= indicator.threshold
        and (not eligible or a.audience in eligible)
    ]
    contributing = {a.event_uid for a in present}
    events = tuple(e for e in tagged if e.uid in contributing)
    if indicator.unit is Unit.PERSON:
        people = {a.participant_id: a for a in present}
        breakdown = _breakdown(indicator.disaggregations, [(a, by_uid[a.event_uid]) for a in people.values()])
        return IndicatorValue(indicator, len(people), target, events, breakdown=breakdown)
    countries = _Countries(statuses, indicator.convention)
    first: dict[str, tuple[Attendance, TaggedEvent]] = {}
    unknown: set[int] = set()
    for a in present:
        event = by_uid[a.event_uid]
        if not a.country:
            unknown.add(a.participant_id)
        elif countries.add(a.country, event.starts_on) == "party":
            first.setdefault(a.country, (a, event))
    return countries.value(indicator, target, events, unknown_country=len(unknown),
                           breakdown=_breakdown(indicator.disaggregations, list(first.values())))


def _from_evidence(
    indicator: Indicator, period: Period, evidence: Iterable[Evidence], statuses: PartyStatuses,
    target: Target,
) -> IndicatorValue:
    rows = [e for e in evidence if e.indicator == indicator.code and e.on in period]
    if indicator.unit is not Unit.PARTY:
        return IndicatorValue(indicator, len(rows), target)
    countries = _Countries(statuses, indicator.convention)
    for row in rows:
        if row.country:
            countries.add(row.country, row.on)
    return countries.value(indicator, target)


class _Countries:
    """Countries met while counting one indicator, each classified as a Party, a non-Party State or
    a country whose status is not recorded (a country that was a Party once counts as a Party)."""

    def __init__(self, statuses: PartyStatuses, convention: str | None) -> None:
        self._statuses = statuses
        self._convention = convention
        self._kinds: dict[str, set[str]] = {"party": set(), "non-party": set(), "unrecorded": set()}

    def add(self, country: str, on: date) -> str:
        verdict = self._statuses.classify(country, self._convention, on)
        self._kinds[verdict].add(country)
        return verdict

    def value(
        self, indicator: Indicator, target: Target, events: tuple[TaggedEvent, ...] = (), *,
        unknown_country: int = 0, breakdown: Mapping[Disaggregation, Mapping[str, int]] | None = None,
    ) -> IndicatorValue:
        kinds = self._kinds
        return IndicatorValue(
            indicator, len(kinds["party"]), target, events,
            parties=tuple(sorted(kinds["party"])),
            non_parties=tuple(sorted(kinds["non-party"] - kinds["party"])),
            unrecorded=tuple(sorted(kinds["unrecorded"])),
            unknown_country=unknown_country,
            breakdown=breakdown or {},
        )



def _bucket(what: Disaggregation, attendee: Attendance | None, event: TaggedEvent) -> list[str]:
    if what is Disaggregation.CONVENTION:
        return list(event.conventions) or ["cross-cutting"]
    if what is Disaggregation.DELIVERY:
        return [event.delivery]
    value = {
        Disaggregation.REGION: attendee.region if attendee else None,
        Disaggregation.AUDIENCE: attendee.audience if attendee else None,
        Disaggregation.SEX: attendee.sex if attendee else None,
    }.get(what)
    return [value or NOT_RECORDED]


def _breakdown(
    dimensions: Iterable[Disaggregation], counted: Sequence[tuple[Attendance | None, TaggedEvent]],
) -> dict[Disaggregation, dict[str, int]]:
    """Each counted unit (a Party's first qualifying attendance, a person, or an event counted
    without its attendees) in its buckets of each dimension."""
    result: dict[Disaggregation, dict[str, int]] = {}
    for what in dimensions:
        cells: dict[str, int] = {}
        for attendee, event in counted:
            for bucket in _bucket(what, attendee, event):
                cells[bucket] = cells.get(bucket, 0) + 1
        result[what] = dict(sorted(cells.items()))
    return result
