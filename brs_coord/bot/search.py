"""The bot's one door to questions and to single-event calendars, so the services behind can change.

``ask`` uses the shared query service (``services.query``, issue #4) when it is there and a small
stand-in otherwise (kind words, a date period from :mod:`brs_coord.dates`, the rest as full-text
search). ``event_ics`` uses the feed service's single-event builder when it is there, and a minimal
icalendar document otherwise. Both are synchronous: call them through ``asyncio.to_thread``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from ..domain import Event, EventQuery
from ..services import Services

KIND_WORDS: dict[str, str] = {
    "webinar": "webinar",
    "webinars": "webinar",
    "webinaire": "webinar",
    "webinaires": "webinar",
    "webinario": "webinar",
    "webinarios": "webinar",
    "workshop": "workshop",
    "workshops": "workshop",
    "atelier": "workshop",
    "ateliers": "workshop",
    "taller": "workshop",
    "talleres": "workshop",
    "training": "training",
    "trainings": "training",
    "formation": "training",
    "formations": "training",
    "formacion": "training",
    "formaciones": "training",
    "e-learning": "e-learning",
}
STOP_WORDS = frozenset(
    "a an and any are at events for from in is me of on or show the to what which with "
    "au aux ce de des du en et la le les pour sur un une "
    "al con del el en los las para por que sobre y".split()
)


@dataclass(frozen=True)
class Understood:
    """The filters a question was read as (slugs; UTC instants; words for full-text search)."""

    kinds: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    conventions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    period: str = ""
    text: str = ""

    @property
    def empty(self) -> bool:
        return self == Understood()


@dataclass(frozen=True)
class Found:
    understood: Understood
    events: list[Event]
    total: int
    not_understood: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Search:
    """What a list message shows, kept per chat so Next/Previous can run it again."""

    question: str = ""
    kind: str | None = None
    related_to: int | None = None  # "more like this" of an event id
    query: EventQuery | None = field(default=None, compare=False)


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if value else ()


def _from_answer(answer: Any) -> Found:
    u = getattr(answer, "understood", None)

    def get(name: str, default: Any = None) -> Any:
        return (
            getattr(u, name, default)
            if u is not None and not isinstance(u, dict)
            else ((u or {}).get(name, default))
        )

    start = get("start", get("from_", get("starts_from")))
    end = get("end", get("to", get("ends_before")))
    period = get("period", get("phrase", ""))
    if hasattr(period, "phrase"):
        period = period.phrase
    understood = Understood(
        kinds=_tuple(get("kinds")),
        programmes=_tuple(get("programmes")),
        audiences=_tuple(get("audiences")),
        regions=_tuple(get("regions")),
        conventions=_tuple(get("conventions")),
        languages=_tuple(get("languages")),
        start=start if isinstance(start, datetime) else None,
        end=end if isinstance(end, datetime) else None,
        period=str(period or ""),
        text=str(get("text", "") or ""),
    )
    return Found(
        understood,
        list(answer.events),
        int(answer.total),
        _tuple(getattr(answer, "not_understood", ())),
        _tuple(getattr(answer, "suggestions", ())),
    )


def _stand_in(services: Services, question: str, tz: str, lang: str, limit: int, offset: int) -> Found:
    from .. import dates

    text = question
    start = end = None
    period = ""
    match = dates.find_period(text, now=services.clock.now(), tz=tz)
    if match is not None:
        start, end, period, text = match.range.start, match.range.end, match.range.phrase, match.remainder
    kinds: list[str] = []
    words: list[str] = []
    folded = re.sub(r"\bseminarios? web\b", "webinars", text.lower())
    for word in re.findall(r"[\w-]+", folded):
        plain = word.replace("é", "e").replace("ó", "o")
        if plain in KIND_WORDS:
            kinds.append(KIND_WORDS[plain])
        elif word not in STOP_WORDS:
            words.append(word)
    understood = Understood(
        kinds=tuple(dict.fromkeys(kinds)), start=start, end=end, period=period, text=" ".join(words)
    )
    query = EventQuery(
        kinds=understood.kinds,
        starts_from=start,
        ends_before=end,
        text=understood.text,
        limit=limit,
        offset=offset,
    )
    return Found(understood, services.find(query), services.count(replace(query, limit=None, offset=0)))


def ask(services: Services, search: Search, *, tz: str, lang: str, limit: int = 5, offset: int = 0) -> Found:
    """Answer a stored search: a question (optionally narrowed to one kind), or "more like this"."""
    if search.related_to is not None:
        return _related(services, search.related_to, limit, offset)
    if search.query is not None:
        query = replace(search.query, limit=limit, offset=offset)
        return Found(Understood(), services.find(query), services.count(replace(query, limit=None, offset=0)))
    question = search.question.strip()
    if search.kind:
        question = f"{search.kind}s {question}".strip()
    query_service = getattr(services, "query", None)
    if query_service is not None:
        answer = query_service.ask(question, tz=tz, lang=lang, limit=limit, offset=offset)
        return _from_answer(answer)
    return _stand_in(services, question, tz, lang, limit, offset)


def _related(services: Services, event_id: int, limit: int, offset: int) -> Found:
    event = services.scheduling.get(event_id)
    if event.programme:
        query = EventQuery(programmes=(event.programme,), limit=None)
        understood = Understood(programmes=(event.programme,))
    else:
        query = EventQuery(kinds=(event.kind.value,), limit=None)
        understood = Understood(kinds=(event.kind.value,))
    events = [e for e in services.find(query) if e.id != event_id]
    return Found(understood, events[offset : offset + limit], len(events))


def event_ics(services: Services, event_id: int) -> tuple[Event, bytes]:
    """One event as a calendar file to import once (registration link, never the join link)."""
    event = services.scheduling.get(event_id)
    feeds = getattr(services, "feeds", None)
    if feeds is not None and hasattr(feeds, "single"):
        return event, bytes(feeds.single(event).body)
    return event, _minimal_ics(event)


def _minimal_ics(event: Event) -> bytes:
    from zoneinfo import ZoneInfo

    from icalendar import Calendar
    from icalendar import Event as VEvent

    zone = ZoneInfo(event.timezone)
    status = {"cancelled": "CANCELLED", "confirmed": "CONFIRMED", "held": "CONFIRMED"}.get(
        event.status.value, "TENTATIVE"
    )
    prefix = {"cancelled": "CANCELLED: ", "postponed": "POSTPONED: "}.get(event.status.value, "")
    stamp = event.updated_at or event.starts_at
    vevent = VEvent.new(
        uid=event.uid,
        summary=prefix + event.title,
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        stamp=stamp,
        sequence=event.version,
        description=(event.description + (f"\n\n{event.registration_url}" if event.registration_url else "")),
        location=event.location or None,
        status=status,
    )
    if event.registration_url:
        vevent.add("url", event.registration_url)
    calendar = Calendar.new(prodid="-//brs-coord//bot//EN", subcomponents=[vevent])
    calendar.add("method", "PUBLISH")
    calendar.add_missing_timezones()
    return calendar.to_ical()
