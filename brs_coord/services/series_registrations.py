"""Whole-series registration and completion (issue 19).

- ``register`` takes a seat in every session that still takes registrations, all or nothing: when
  one of them is full the participant goes on the series' waiting list instead (and holds no seat
  in any); registering again is harmless. Unregistering from one session (the registrations
  service) keeps the others.
- ``on_seat_freed`` (a registrations listener): when a session of a series frees a seat and every
  session left has one, the first on the series' waiting list is registered for them all and told
  so in one notice listing the sessions (kind ``series-seats``).
- ``record_completions``: a participant who attended at least the series' completion share of its
  sessions (cancelled ones not counted) is recorded as having completed it, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Event, Status
from ..errors import NotAllowed
from ..payloads import EventSnapshot, NewNotice, SeriesSeatsPayload, SessionLine
from ..records import NoticeKind
from ..rules import check_reachable, registration_closed
from ..series_domain import RegistrationMode, Series, SeriesRegistrationStatus
from ..store import Store
from .notices import NoticeService
from .registrations import RegistrationService
from .series import SeriesService


@dataclass(frozen=True)
class SeriesRegistrationResult:
    series: Series
    status: SeriesRegistrationStatus
    sessions: tuple[Event, ...]  # the sessions registered for (none when waitlisted)
    waitlist_position: int | None = None
    already: bool = False


def completed(attended: int, sessions: int, share: float) -> bool:
    """Attended at least ``share`` of the ``sessions``."""
    return sessions > 0 and attended >= share * sessions - 1e-9


class SeriesRegistrationService:
    def __init__(self, store: Store, series: SeriesService, registrations: RegistrationService,
                 notices: NoticeService) -> None:
        self._store = store
        self._series = series
        self._registrations = registrations
        self._notices = notices

    def open_sessions(self, series: Series) -> list[Event]:
        """The sessions that still take registrations."""
        now = self._store.clock.now()
        return [s for s in self._series.sessions(series) if registration_closed(s, now=now) is None]

    def register(self, participant_id: int, slug: str) -> SeriesRegistrationResult:
        repo = self._store.series
        with self._store.transaction():
            series = self._series.get(slug)
            if series.registration_mode is RegistrationMode.PER_SESSION:
                raise NotAllowed(f"“{series.title}” takes registrations per session only")
            check_reachable(self._store.participants.get(participant_id).chat_id)
            sessions = self.open_sessions(series)
            if not sessions:
                raise NotAllowed(f"“{series.title}” has no session left to register for")
            before = repo.registration(series.id, participant_id)
            if before is not None and before.status is SeriesRegistrationStatus.REGISTERED:
                return SeriesRegistrationResult(series, before.status, tuple(sessions), already=True)
            free = repo.free_everywhere([s.id for s in sessions], {s.id: s.capacity for s in sessions})
            if not free:
                if before is None or before.status is not SeriesRegistrationStatus.WAITLISTED:
                    repo.set_registration(series.id, participant_id, SeriesRegistrationStatus.WAITLISTED)
                position = repo.waitlisted(series.id).index(participant_id) + 1
                return SeriesRegistrationResult(series, SeriesRegistrationStatus.WAITLISTED, (), position,
                                                already=before is not None)
            self._take_all(series, participant_id, sessions)
        return SeriesRegistrationResult(series, SeriesRegistrationStatus.REGISTERED, tuple(sessions))

    def _take_all(self, series: Series, participant_id: int, sessions: list[Event]) -> None:
        for session in sessions:
            result = self._registrations.register(participant_id, session.id)
            if not result.has_seat:  # checked free in this transaction: cannot happen but is not silent
                raise NotAllowed(f"“{session.title}” is full")
        self._store.series.set_registration(series.id, participant_id, SeriesRegistrationStatus.REGISTERED)

    def unregister(self, participant_id: int, slug: str) -> int:
        """Give up every session of the series (and its waiting-list place); returns how many."""
        series = self._series.get(slug)
        with self._store.transaction():
            sessions = self.open_sessions(series)
            given = sum(self._registrations.unregister(participant_id, s.id) for s in sessions)
            self._store.series.set_registration(series.id, participant_id, SeriesRegistrationStatus.CANCELLED)
        return given

    def on_seat_freed(self, store: Store, event_id: int) -> None:
        """Registrations listener: the series' waiting list moves when every session has a seat."""
        series = store.series.of_event(event_id)
        if series is None:
            return
        waiting = store.series.waitlisted(series.id)
        sessions = self.open_sessions(series)
        if not waiting or not sessions:
            return
        if store.series.free_everywhere([s.id for s in sessions], {s.id: s.capacity for s in sessions}):
            self._take_all(series, waiting[0], sessions)
            self._tell_seated(series, waiting[0], sessions)

    def _tell_seated(self, series: Series, participant_id: int, sessions: list[Event]) -> None:
        """One notice: the waiting list moved and these sessions now hold a seat for the participant."""
        now = self._store.clock.now()
        lines = tuple(SessionLine(EventSnapshot.of(s, with_link=True)) for s in sessions)
        payload = SeriesSeatsPayload(lines[0].event, sessions=lines, series_title=series.title,
                                     series_titles=series.translations)
        self._notices.add(NewNotice(
            participant_id=participant_id, event_id=sessions[0].id, kind=NoticeKind.SERIES_SEATS,
            payload=payload, dedupe_key=f"series-seats:{series.id}:{participant_id}:{now.isoformat()}",
            due_at=now, urgent=True,
        ))

    def record_completions(self, series: Series) -> list[int]:
        """Record the participants who completed the series now; returns the newly recorded."""
        sessions = [s for s in self._series.sessions(series) if s.status is not Status.CANCELLED]
        recorded: list[int] = []
        with self._store.transaction():
            total = len(sessions)
            for participant_id, attended in self._store.series.attended_counts(series.id).items():
                if not completed(attended, total, series.completion_share):
                    continue
                if self._store.series.record_completion(series.id, participant_id, attended, total):
                    recorded.append(participant_id)
        return recorded
