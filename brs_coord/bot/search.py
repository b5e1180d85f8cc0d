"""The bot's one door to questions and single-event calendars, through the shared services.

Both functions are synchronous (they read SQLite): call them through ``asyncio.to_thread``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..domain import Event, EventQuery
from ..facets import KIND
from ..services import Services
from ..services.places import AlsoOpen
from ..services.profile import Profile
from ..services.understanding import Understanding
from ..services.vocabulary import Vocabulary

Understood = Understanding  # what the "I understood: …" line renders


@dataclass(frozen=True)
class Found:
    """One page of an answer: what was understood, the events, how many in all."""

    understood: Understanding
    events: list[Event]
    total: int
    not_understood: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    total_exact: bool = True
    vocabulary: Vocabulary = field(default_factory=Vocabulary, compare=False)  # names for the head
    also_open: AlsoOpen | None = None  # a question naming countries: the online events open to them
    ongoing: tuple[str, ...] = ()  # the UIDs of the long courses under way (Answer.ongoing)

    @property
    def total_text(self) -> str:
        return f"{self.total}" if self.total_exact else f"{self.total}+"


@dataclass(frozen=True)
class Search:
    """What a list message shows, kept per chat so Next/Previous can run it again: a question,
    narrowed by choices (the kind of /webinars, the programme picked in /topics), or "more like this"."""

    question: str = ""
    kind: str | None = None
    related_to: int | None = None  # "more like this" of an event id
    chosen: tuple[tuple[str, tuple[str, ...]], ...] = ()  # facet field -> slugs picked while browsing

    def choices(self) -> dict[str, tuple[str, ...]]:
        """The facet values chosen (a command's kind, a browsed programme) before the question's own."""
        return {**dict(self.chosen), **({KIND.plural: (self.kind,)} if self.kind else {})}

    def with_word(self, word: str, replacement: str) -> Search:
        """The same search with one word of its question replaced ("Did you mean: workshops?")."""
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        return replace(self, question=pattern.sub(lambda _: replacement, self.question, count=1))
    query: EventQuery | None = field(default=None, compare=False)  # a ready query (also open)
    understood: Understanding | None = field(default=None, compare=False)  # the header of ``query``

    @classmethod
    def also_open(cls, also: AlsoOpen) -> Search:
        """The online events open to the countries of an answer (its second part), to list them."""
        return cls(query=also.query, understood=also.understood)


def ask(
    services: Services, search: Search, *, tz: str, lang: str, limit: int = 5, offset: int = 0,
    profile: Profile | None = None,
) -> Found:
    """Answer a stored search: a question (narrowed by its choices; ``profile`` answers "anything
    for me?"), or "more like this"."""
    if search.related_to is not None:
        return _related(services, search.related_to, limit, offset)
    if search.query is not None:
        understood = search.understood or Understanding()
        return _page(services, understood, replace(search.query, limit=limit, offset=offset))
    answer = services.query.ask(
        search.question.strip(), tz=tz, lang=lang, limit=limit, offset=offset,
        chosen=search.choices() or None, profile=profile,
    )
    return Found(answer.understood, list(answer.events), answer.total, answer.not_understood,
                 answer.suggestions, answer.total_exact, services.query.vocabulary(),
                 answer.also_open, answer.ongoing)


def _page(services: Services, understood: Understanding, query: EventQuery) -> Found:
    total = services.count(replace(query, limit=None, offset=0))
    return Found(understood, services.find(query), total, vocabulary=services.query.vocabulary())


def _related(services: Services, event_id: int, limit: int, offset: int) -> Found:
    """Other upcoming events of the same programme (or, without one, of the same kind)."""
    event = services.scheduling.get(event_id)
    if event.programme:
        understood = Understanding(programmes=(event.programme,))
    else:
        understood = Understanding(kinds=(event.kind.value,))
    query = understood.to_query(limit=limit + 1, offset=offset)
    found = _page(services, understood, query)
    others = [item for item in found.events if item.id != event_id][:limit]
    own = 1 if event.is_public and event.ends_at > services.clock.now() else 0  # it matches itself
    return replace(found, events=others, total=max(0, found.total - own))


def event_ics(services: Services, event_id: int) -> tuple[Event, bytes]:
    """One event as a calendar file to import once (registration link, never the join link)."""
    event = services.scheduling.get(event_id)
    return event, bytes(services.feeds.single(event).body)
