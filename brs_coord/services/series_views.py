"""What participants see of series (issue 19): the series still to come with their next session,
one series' card for one participant (each session marked attended, cancelled, the next one, the
participant's seat), and the session a "next session of the … series" question asks for. The bot
renders these; the rules of what is "next" and who may register how are here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ..domain import Event, Status
from ..records import RegistrationStatus
from ..rules import is_ongoing
from ..series_domain import RegistrationMode, Series, SeriesRegistrationStatus
from ..series_questions import names, next_asked, words_of
from ..store import Store
from .query import QueryService
from .series import SeriesService


class SessionMark(StrEnum):
    ATTENDED = "attended"  # the participant attended it
    CANCELLED = "cancelled"
    PAST = "past"  # over (held or not), not attended by the participant
    NEXT = "next"  # the first session not over and not cancelled
    LATER = "later"


@dataclass(frozen=True)
class SeriesListing:
    series: Series
    sessions: int
    next_session: Event
    ongoing: bool  # the next session is a long course under way (rules.is_ongoing)


@dataclass(frozen=True)
class SessionLine:
    event: Event
    mark: SessionMark
    registration: RegistrationStatus | None  # the participant's, when active


@dataclass(frozen=True)
class SeriesCard:
    series: Series
    sessions: tuple[SessionLine, ...]
    registration: SeriesRegistrationStatus | None  # the participant's whole-series registration
    may_register_whole: bool  # the mode allows it, a session is open, and they are not registered
    per_session: bool  # sessions take registrations one by one

    @property
    def next_line(self) -> SessionLine | None:
        return next((line for line in self.sessions if line.mark is SessionMark.NEXT), None)


def next_session(sessions: list[Event], now: datetime) -> Event | None:
    """The first session of a series that is neither over nor cancelled."""
    return next((s for s in sessions if s.status is not Status.CANCELLED and s.ends_at > now), None)


class SeriesViews:
    def __init__(self, store: Store, series: SeriesService, query: QueryService) -> None:
        self._store = store
        self._series = series
        self._query = query

    def upcoming(self) -> list[SeriesListing]:
        """Every series with a session to come (or under way), the soonest next session first."""
        now = self._store.clock.now()
        found: list[SeriesListing] = []
        for series, count in self._series.all():
            sessions = [s for s in self._series.sessions(series) if s.is_public]
            coming = next_session(sessions, now)
            if coming is not None:
                found.append(SeriesListing(series, count, coming,
                                           is_ongoing(coming.starts_at, coming.ends_at, now=now)))
        return sorted(found, key=lambda listing: (listing.next_session.starts_at, listing.series.id))

    def card(self, series_id: int, participant_id: int | None) -> SeriesCard:
        """One series as ``participant_id`` sees it (NotFound for an unknown id)."""
        series = self._store.series.get(series_id)
        now = self._store.clock.now()
        sessions = [s for s in self._series.sessions(series) if s.is_public]
        coming = next_session(sessions, now)
        attended: set[int] = set()
        statuses: dict[int, RegistrationStatus] = {}
        whole: SeriesRegistrationStatus | None = None
        if participant_id is not None:
            attended = self._store.series.attended_sessions(series.id, participant_id)
            registrations = self._store.registrations.for_participant(participant_id)
            statuses = {r.event_id: r.status for r in registrations}
            mine = self._store.series.registration(series.id, participant_id)
            if mine is not None and mine.status is not SeriesRegistrationStatus.CANCELLED:
                whole = mine.status
        lines = tuple(SessionLine(s, _mark(s, coming, attended, now), statuses.get(s.id)) for s in sessions)
        to_come = (SessionMark.NEXT, SessionMark.LATER)
        open_left = any(line.mark in to_come and line.event.starts_at > now for line in lines)
        mode = series.registration_mode
        return SeriesCard(series, lines, whole,
                          mode is not RegistrationMode.PER_SESSION and open_left
                          and whole is not SeriesRegistrationStatus.REGISTERED,
                          mode is not RegistrationMode.WHOLE_SERIES)

    def next_asked(self, question: str) -> tuple[Series, Event] | None:
        """The next session of the series a question like "the next session of the PIC webinar
        series" names (series_questions), in any of the six languages: by the words of its title,
        else by the programme the question names (« … sur les déchets électroniques »), a series of
        the kind its words hint at first ("course", "webinar", "meeting"); None when it is not such a
        question or names none."""
        asked = next_asked(question)
        if asked is None:
            return None
        listings = self.upcoming()
        if asked.kind is not None:  # the hinted kind first, each part still soonest first
            listings.sort(key=lambda listing: listing.series.kind is not asked.kind)
        if asked.words:
            for listing in listings:
                titles = [listing.series.title, *(title for _, title in listing.series.translations)]
                if any(names(words_of(title), asked.words) for title in titles):
                    return listing.series, listing.next_session
        programmes = self._query.parse(asked.text).programmes if asked.text else ()
        for listing in listings:
            if listing.series.programme is not None and listing.series.programme in programmes:
                return listing.series, listing.next_session
        return None


def _mark(session: Event, coming: Event | None, attended: set[int], now: datetime) -> SessionMark:
    if session.id in attended:
        return SessionMark.ATTENDED
    if session.status is Status.CANCELLED:
        return SessionMark.CANCELLED
    if coming is not None and session.id == coming.id:
        return SessionMark.NEXT
    return SessionMark.PAST if session.ends_at <= now else SessionMark.LATER
