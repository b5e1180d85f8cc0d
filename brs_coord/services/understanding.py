"""What a question was understood as: its filters, its period, and where each of its words went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..dates import DateRange, to_utc_iso
from ..domain import EventQuery, TimeScope
from ..facets import FIELDS, FacetFilters


class Place(StrEnum):
    """Where one word of a question ended: every word ends in exactly one."""

    FILTER = "filter"  # part of a phrase naming a filter (a kind, a topic, "past", "for me")
    DATE = "date"  # part of the date phrase
    STOP = "stop"  # a stop word of its language, a greeting, thanks, "help"
    TEXT = "text"  # sent to full-text search (some event contains it)
    CORRECTED = "corrected"  # a misspelling read as a close name ("workshps" → workshops)
    UNKNOWN = "unknown"  # not understood


@dataclass(frozen=True)
class Understanding(FacetFilters):
    """The filters read from a question (a field per facet, see facets.FacetFilters), where each of
    its words went, and what the answer must say besides the events."""

    past: bool = False
    start: datetime | None = None  # the range asked about, UTC; end exclusive
    end: datetime | None = None
    period: str = ""  # the date phrase as written
    text: str = ""  # words sent to full-text search
    title_phrases: tuple[str, ...] = ()  # the words that named programmes: titles holding them answer too
    uids: tuple[str, ...] = ()  # the question was an event's uid: that event, whatever its dates
    not_understood: tuple[str, ...] = ()
    suggested: tuple[tuple[str, str], ...] = ()  # (word not understood, a close name to try)
    corrections: tuple[tuple[str, str], ...] = ()  # (word as written, name it was read as)
    words: tuple[tuple[str, Place], ...] = ()  # every word of the question and where it went
    help: bool = False  # not a question about events (a greeting, "how do I register?"): help
    personal: bool = False  # "anything for me?": filtered on the asker's profile
    unset: tuple[str, ...] = ()  # the profile's parts a personal question could not use (not set)
    offer: DateRange | None = None  # less than a day left of the period asked: the one after it
    tz: str = "UTC"
    now: datetime | None = None

    @property
    def suggestions(self) -> tuple[str, ...]:
        """The close names to try instead of the words not understood (each once)."""
        return tuple(dict.fromkeys(name for _, name in self.suggested))

    @property
    def alternatives(self) -> tuple[tuple[str, str], ...]:
        """(words of the question, what to ask instead): the close names of the words not
        understood, then the period that follows one nearly over ("this week" -> "next week")."""
        offered = ((self.period, self.offer.phrase),) if self.offer and self.period else ()
        return (*self.suggested, *offered)

    @property
    def applied(self) -> bool:
        """True when something of the question narrows the answer (a filter, a period, words)."""
        named = any(getattr(self, name) for name in FIELDS) or bool(self.uids)
        return named or self.past or self.start is not None or self.end is not None or bool(self.text)

    @property
    def answerable(self) -> bool:
        """False for help, a personal question without a profile, or words of which none was read:
        those are answered with no events (never with the whole calendar)."""
        if self.help or (self.personal and not self.applied):
            return False
        return self.applied or not self.not_understood

    @property
    def scope(self) -> TimeScope:
        """Upcoming events, unless the question asks for the past or names a period that is over
        (every date for an event named by its uid)."""
        if self.uids:
            return TimeScope.ALL
        if self.past or (self.end is not None and self.now is not None and self.end <= self.now):
            return TimeScope.PAST
        return TimeScope.UPCOMING

    def to_query(self, *, limit: int | None = 5, offset: int = 0) -> EventQuery:
        """The event filters of this understanding (drafts never)."""
        return EventQuery(
            starts_from=self.start, ends_before=self.end, scope=self.scope, text=self.text,
            title_phrases=self.title_phrases, uids=self.uids,
            newest_first=self.scope is TimeScope.PAST, limit=limit, offset=offset,
        ).with_facets(self.facets())

    def facets(self) -> dict[str, tuple[str, ...]]:
        """Facet field -> the slugs read, for every facet (facets.FIELDS)."""
        return {name: getattr(self, name) for name in FIELDS}

    def to_json(self) -> dict[str, Any]:
        """The filters as the JSON of `brs-coord ask --json` shows them."""
        start, end = self.start, self.end
        if start is None and end is None and self.now is not None:
            start, end = (None, self.now) if self.past else (self.now, None)
        return {
            **{name: list(slugs) for name, slugs in self.facets().items()},
            "country": self.countries[0] if self.countries else None,
            "past": self.scope is TimeScope.PAST,
            "from": to_utc_iso(start) if start else None, "to": to_utc_iso(end) if end else None,
            "text": self.text,
        }

    def reading_json(self) -> dict[str, Any]:
        """How the question was read, beside the filters in `brs-coord ask --json`."""
        return {
            "help": self.help, "personal": self.personal, "unset": list(self.unset),
            "title_phrases": list(self.title_phrases), "uids": list(self.uids),
            "corrections": [{"written": written, "read": read} for written, read in self.corrections],
            "words": [{"word": word, "place": place.value} for word, place in self.words],
            "offer": None if self.offer is None else {
                "phrase": self.offer.phrase,
                "from": to_utc_iso(self.offer.start) if self.offer.start else None,
                "to": to_utc_iso(self.offer.end) if self.offer.end else None,
            },
        }
