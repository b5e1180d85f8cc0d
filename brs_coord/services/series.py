"""Series and courses (issue 19): preview a series from its rule, create it with every session an
ordinary event, and change sessions with a scope (this one, this and the following, the whole
series) — participants get one notice per change, not one per session (series_notices).

Sessions go through the scheduling service like any event (so the feeds, reminders, conflicts and
notices see them); a session's title is the series' title with its place, "Title (2/6)"."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import datetime, time
from importlib import resources
from zoneinfo import ZoneInfo

from ..date_series import SeriesPlan, read_rule
from ..domain import Event, EventChange, EventData, EventKind, Status
from ..errors import InvalidInput, NotAllowed
from ..folding import fold
from ..permissions import Action
from ..rules import holiday_name
from ..series_domain import EditScope, Series, SeriesData, SeriesKind
from ..store import Store
from ..wall_times import Duration, end_after, normalised
from .notices import NoticeService
from .reports import overlapping_events
from .scheduling import SchedulingService
from .series_notices import write_batched

SESSION_KINDS = {
    SeriesKind.WEBINAR_SERIES: EventKind.WEBINAR,
    SeriesKind.COURSE: EventKind.E_LEARNING,
    SeriesKind.RECURRING_MEETING: EventKind.ONLINE_MEETING,
}
DEFAULT_MINUTES = 90
DEFAULT_CLOCK = time(10)  # sessions of a rule that names no time ("first Thursday of each month")
UNCHANGEABLE = (Status.CANCELLED, Status.HELD)


@dataclass(frozen=True)
class PlannedSession:
    """A session of a preview: when, and what staff should look at (a closure day, other events
    at the same time for the same audiences)."""

    number: int
    starts_at: datetime
    ends_at: datetime
    holiday: str | None = None
    conflicts: tuple[Event, ...] = ()


@dataclass(frozen=True)
class SeriesPreview:
    data: SeriesData
    plan: SeriesPlan
    sessions: tuple[PlannedSession, ...]
    template: EventData


@functools.cache
def _single_zones() -> dict[str, str]:
    """Country code -> its zone, for the countries with one zone (tzdata's zone.tab)."""
    zones: dict[str, list[str]] = {}
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.split("\t")[:3]
            zones.setdefault(code, []).append(name)
    return {code: names[0] for code, names in zones.items() if len(names) == 1}


def session_title(title: str, number: int, total: int) -> str:
    return f"{title} ({number}/{total})"


class SeriesService:
    """Series use cases shared by the CLI, the TUI and the bot; synchronous."""

    def __init__(self, store: Store, scheduling: SchedulingService, notices: NoticeService) -> None:
        self._store = store
        self._scheduling = scheduling
        self._notices = notices

    # ---- reading ----------------------------------------------------------------------------

    def all(self) -> list[tuple[Series, int]]:
        """Every series with its number of sessions."""
        counts = self._store.series.session_counts()
        return [(series, counts.get(series.id, 0)) for series in self._store.series.all()]

    def get(self, slug: str) -> Series:
        return self._store.series.by_slug(slug)

    def sessions(self, series: Series) -> list[Event]:
        ids = self._store.series.session_ids(series.id)
        found = self._store.feed_cache.events_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def of_event(self, event: Event) -> Series | None:
        return self._store.series.of_event(event.id)

    def places(self) -> dict[str, str]:
        """Folded names of catalogue cities (every language) -> the zone of their country, for
        the countries that have one zone ("every Tuesday 14:00 Geneva")."""
        zones = _single_zones()
        found: dict[str, str] = {}
        for city in self._store.catalogue.cities():
            zone = zones.get(city.country)
            if zone is None:
                continue
            words = [city.name, *city.names.values(), *(a for forms in city.aliases.values() for a in forms)]
            for word in words:
                if " " not in word.strip():
                    found[fold(word.strip())] = zone
        return found

    # ---- planning -----------------------------------------------------------------------------

    def preview(
        self, data: SeriesData, *, minutes: int = DEFAULT_MINUTES, default_clock: time | None = None,
        template: EventData | None = None,
    ) -> SeriesPreview:
        """The sessions the series' rule gives, from tomorrow in its zone, each with the closure day
        it falls on and the announced events at the same time for the same audiences; nothing is
        written. RuleNotUnderstood (InvalidInput) names what of the rule was not understood. A
        rule naming no time has its sessions at ``default_clock`` (10:00 when not given; the plan
        says so: ``clock_given``)."""
        if not data.title.strip():
            raise InvalidInput("A series needs a title", "title")
        if not 0 < data.completion_share <= 1:
            raise InvalidInput("The completion share is above 0 and at most 1", "completion_share")
        today = self._store.clock.now().astimezone(ZoneInfo(data.timezone)).date()
        plan = read_rule(data.rule, today=today, zone=data.timezone, places=self.places(),
                         default_clock=default_clock or DEFAULT_CLOCK)
        data = replace(data, timezone=plan.zone)
        base = template or EventData(
            title=data.title, kind=SESSION_KINDS[data.kind], starts_at=datetime.now(ZoneInfo(plan.zone)),
            ends_at=datetime.now(ZoneInfo(plan.zone)), timezone=plan.zone,
        )
        base = replace(base, kind=SESSION_KINDS[data.kind], timezone=plan.zone, programme=data.programme,
                       audiences=data.audiences, organiser=data.organiser, capacity=data.capacity,
                       is_demo=data.is_demo)
        now = self._store.clock.now()
        sessions: list[PlannedSession] = []
        for number, start in enumerate(plan.starts(), 1):
            end = _end(start, plan, minutes)
            probe = replace(base, starts_at=start, ends_at=end)
            conflicts = overlapping_events(lambda q: self._store.events.find(q, now), probe)
            sessions.append(PlannedSession(number, start, end, holiday_name(start.date()), tuple(conflicts)))
        return SeriesPreview(data, plan, tuple(sessions), base)

    def create(self, preview: SeriesPreview) -> tuple[Series, list[Event]]:
        """Write the series and every session of its preview as an event (one transaction);
        subscribers hear of the first session only."""
        total = len(preview.sessions)
        data = preview.data
        by = self._scheduling.acting.require(Action.EDIT_EVENTS, [data.organiser]).login
        with self._store.transaction():
            series = self._store.series.create(data, by)
            created: list[EventChange] = []
            with self._notices.batched(write_batched):
                for planned in preview.sessions:
                    titles = tuple((code, session_title(title, planned.number, total), "")
                                   for code, title in data.translations)
                    session = replace(
                        preview.template, title=session_title(data.title, planned.number, total),
                        starts_at=planned.starts_at, ends_at=planned.ends_at, translations=titles,
                    )
                    change = self._scheduling.create(session)
                    assert change.after is not None
                    self._store.series.attach(change.after.id, series.id, planned.number)
                    created.append(change)
            if created:
                self._notices.on_change(self._store, created[0])
        return series, self.sessions(series)

    # ---- changing sessions with a scope --------------------------------------------------------

    def scoped(self, event: Event, scope: EditScope) -> list[Event]:
        """The sessions a change of ``event`` applies to: itself; itself and the later ones; every
        session of its series — those cancelled, held or over left out (but ``event`` itself)."""
        series = self.of_event(event)
        if scope is EditScope.THIS:
            return [event]
        if series is None:
            raise NotAllowed(f"“{event.title}” is not a session of a series; use --scope this")
        now = self._store.clock.now()
        sessions = self.sessions(series)
        number = event.session_number or 0
        return [s for s in sessions if s.id == event.id or (
            s.status not in UNCHANGEABLE and s.ends_at > now
            and (scope is EditScope.SERIES or (s.session_number or 0) >= number))]

    def reschedule(self, uid: str, starts_at: datetime, scope: EditScope) -> list[EventChange]:
        """Move a session to ``starts_at``; with a wider scope move the others by as much on the
        wall clock of the series' zone (14:00 stays 14:00 across a daylight-saving change)."""
        event = self._scheduling.get_by_uid(uid)
        zone = ZoneInfo(event.timezone)
        shift = _wall(starts_at, zone) - _wall(event.starts_at, zone)
        changes: list[EventChange] = []
        with self._store.transaction(), self._notices.batched(write_batched):
            for session in self.scoped(event, scope):
                moved = starts_at if session.id == event.id else normalised(
                    _wall(session.starts_at, zone) + shift, zone)
                changes.append(
                    self._scheduling.reschedule(session.id, moved, expected_version=session.version))
        return changes

    def cancel(self, uid: str, reason: str, scope: EditScope) -> list[EventChange]:
        """Cancel a session, or it and the following ones, or every session left of its series."""
        event = self._scheduling.get_by_uid(uid)
        changes: list[EventChange] = []
        with self._store.transaction(), self._notices.batched(write_batched):
            for session in self.scoped(event, scope):
                if session.status is Status.CANCELLED and session.id != event.id:
                    continue
                changes.append(self._scheduling.cancel(session.id, reason, expected_version=session.version))
        return changes

    def edit_details(
        self, uid: str, scope: EditScope, *, description: str | None = None,
        location: str | None = None, online_url: str | None = None,
    ) -> list[EventChange]:
        """Change the description, place or join link of the sessions in ``scope`` (titles keep
        their numbers)."""
        event = self._scheduling.get_by_uid(uid)
        changes: list[EventChange] = []
        with self._store.transaction(), self._notices.batched(write_batched):
            for session in self.scoped(event, scope):
                data = session.data()
                data = replace(
                    data, description=data.description if description is None else description,
                    location=data.location if location is None else location,
                    online_url=data.online_url if online_url is None else online_url)
                changes.append(self._scheduling.update(session.id, data, expected_version=session.version))
        return changes


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _end(start: datetime, plan: SeriesPlan, minutes: int) -> datetime:
    if plan.end_clock is not None and plan.end_clock > plan.clock:
        return normalised(datetime.combine(start.date(), plan.end_clock), start.tzinfo)
    return end_after(start, Duration.of_minutes(minutes))

