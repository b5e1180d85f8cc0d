"""Questions in English, French or Spanish -> filters -> events: the one query service of every face."""

from __future__ import annotations

import difflib
import logging
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..dates import DEFAULT_LANGUAGES, find_period, to_utc_iso
from ..domain import Event, EventQuery
from ..errors import InvalidInput
from ..facets import BY_NAME
from ..store import Store
from ..zones import is_valid_timezone
from . import words
from .understanding import Understanding
from .vocabulary import Vocabulary, build_vocabulary, fold, strongest, tokenize

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
MAX_TEXT_WORDS = 8
MAX_LIMIT = 100
TOTAL_CAP = 1000  # beyond this, answers say "1000+" instead of counting every match


@dataclass(frozen=True)
class Answer:
    """What `ask` returns: the understanding, one page of events and how many there are in all."""

    understood: Understanding
    events: tuple[Event, ...]
    total: int
    limit: int = 5
    offset: int = 0
    total_exact: bool = True  # False: at least ``total`` (counting stops at TOTAL_CAP)

    @property
    def total_text(self) -> str:
        """The total as people read it: "16", or "1000+" past the counting cap."""
        return f"{self.total}" if self.total_exact else f"{self.total}+"

    @property
    def not_understood(self) -> tuple[str, ...]:
        return self.understood.not_understood

    @property
    def suggestions(self) -> tuple[str, ...]:
        return self.understood.suggestions

    def to_json(self) -> dict[str, Any]:
        return {
            "understood": self.understood.to_json(),
            "not_understood": list(self.not_understood),
            "suggestions": list(self.suggestions),
            "events": [event_json(event) for event in self.events],
            "total": self.total,
            "total_exact": self.total_exact,
        }


def event_json(event: Event) -> dict[str, Any]:
    """The public fields of an event (the join link never: only registered people get it)."""
    return {
        "uid": event.uid, "title": event.title, "kind": event.kind.value,
        "status": event.status.value, "start": to_utc_iso(event.starts_at),
        "end": to_utc_iso(event.ends_at), "timezone": event.timezone,
        "programme": event.programme, "audiences": list(event.audiences),
        "regions": list(event.regions), "conventions": list(event.conventions),
        "languages": list(event.languages), "url": event.registration_url,
    }


@dataclass
class _Reading:
    """Facet values and leftover words gathered while reading one question."""

    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    past: bool = False
    leftovers: list[str] = field(default_factory=list)


class QueryService:
    """Reads questions into filters and answers them from the store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None
        self._by_length: dict[int, list[str]] = {}
        self._suggestion_labels: dict[str, str] = {}
        self._closest_seen: dict[tuple[str, int], list[str]] = {}  # per vocabulary version
        self._version = -1

    # ---- public --------------------------------------------------------------------------

    def ask(
        self, question: str, *, tz: str = "UTC", lang: str | None = None, limit: int = 5,
        offset: int = 0, chosen: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Answer:
        """Answer a question: the filters understood, one page of events, the total (``chosen``:
        see ``parse``)."""
        understanding = self.parse(question, tz=tz, lang=lang, chosen=chosen)
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        query = understanding.to_query(limit=limit, offset=offset)
        now = self._store.clock.now()
        if limit:
            events, counted = self._store.events.find_with_total(query, now, cap=TOTAL_CAP + 1)
            if offset == 0 and len(events) < limit:
                total, exact = len(events), True  # the whole answer fits on this page
            else:
                total, exact = min(counted, TOTAL_CAP), counted <= TOTAL_CAP
        else:
            events = []
            total, exact = self._total(query, now, 0)
        return Answer(understanding, tuple(events), total, limit, offset, total_exact=exact)

    def parse(
        self, question: str, *, tz: str = "UTC", lang: str | None = None,
        chosen: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Understanding:
        """Read a question into filters; never raises for any question text. ``chosen`` (facet field
        -> slugs, e.g. the kind of a /webinars command) comes before what the question names."""
        if not is_valid_timezone(tz):
            raise InvalidInput(f"Unknown time zone {tz!r} (use an IANA name such as Europe/Paris)")
        now = self._store.clock.now()
        text = _clean(question)
        match = find_period(text, now=now, tz=tz, languages=_languages(lang)) if text else None
        remainder = match.remainder if match else text
        reading = self._read(remainder)
        text_words, unknown, suggestions = self._sort_leftovers(reading.leftovers)
        values = {field_name: list(slugs) for field_name, slugs in (chosen or {}).items()}
        for facet, slugs in reading.values.items():
            values.setdefault(BY_NAME[facet].plural, []).extend(slugs)
        return Understanding(
            **{field_name: tuple(dict.fromkeys(slugs)) for field_name, slugs in values.items()},
            past=reading.past, start=match.range.start if match else None,
            end=match.range.end if match else None, period=match.range.phrase if match else "",
            text=" ".join(text_words), not_understood=tuple(unknown),
            suggestions=tuple(suggestions), tz=tz, now=now,
        )

    def describe(self, understanding: Understanding, lang: str = "en") -> str:
        """One readable line: "I understood: webinars · E-waste · next month (1 Dec – 31 Dec)"."""
        from .describe import describe

        return describe(understanding, self.vocabulary(), lang)

    def vocabulary(self) -> Vocabulary:
        """The vocabulary, rebuilt when the store's change counter has risen."""
        version = self._store.catalogue.change_counter()
        with self._lock:
            if self._vocabulary is None or version > self._version:
                self._load(version)
            assert self._vocabulary is not None
            return self._vocabulary

    # ---- reading -------------------------------------------------------------------------

    def _load(self, version: int) -> None:
        catalogue = self._store.catalogue
        vocabulary = build_vocabulary(
            catalogue.conventions(), catalogue.regions(), catalogue.countries(),
            catalogue.audiences(), catalogue.programmes(),
        )
        by_length: dict[int, list[str]] = defaultdict(list)
        labels: dict[str, str] = {}
        for phrase, label in vocabulary.phrases():
            by_length[len(phrase)].append(phrase)
            labels.setdefault(phrase, label)
        self._vocabulary, self._by_length, self._suggestion_labels = vocabulary, by_length, labels
        self._closest_seen = {}
        self._version = version
        log.debug("vocabulary loaded: %d phrases (change counter %d)", len(vocabulary.entries), version)

    def _read(self, text: str) -> _Reading:
        vocabulary = self.vocabulary()
        tokens = tokenize(text)
        matches, leftover = vocabulary.match(tokens)
        reading = _Reading()
        for phrase in matches:
            cue = phrase.start > 0 and tokens[phrase.start - 1].folded in _FOLDED_CUES
            for meaning in strongest(phrase.meanings, audience_cue=cue):
                if meaning.facet == "past":
                    reading.past = True
                else:
                    reading.values[meaning.facet].append(meaning.value)
        for position in leftover:
            word = tokens[position]
            if word.folded not in vocabulary.stop_words and len(word.folded) > 1:
                reading.leftovers.append(word.text)
        return reading

    def _sort_leftovers(self, leftovers: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
        """Split leftover words into full-text words and words that match nothing."""
        text_words: list[str] = []
        unknown: list[str] = []
        suggestions: list[str] = []
        for word in list(dict.fromkeys(leftovers))[:MAX_TEXT_WORDS]:
            close = self._closest(fold(word))
            if self._store.events.has_text(word, prefix=False):
                text_words.append(word)
            elif not close and self._store.events.has_text(word, prefix=True):
                text_words.append(word)
            else:
                unknown.append(word)
                suggestions.extend(label for label in close if label not in suggestions)
        return text_words, unknown, suggestions

    def _closest(self, folded_word: str, count: int = 3) -> list[str]:
        """The catalogue names closest to a word that matched nothing (misspellings)."""
        if len(folded_word) < 4:
            return []
        size = len(folded_word)
        candidates = [p for n in range(size - 2, size + 3) for p in self._by_length.get(n, ())]
        key = (folded_word, count)
        seen = self._closest_seen.get(key)
        if seen is not None:  # difflib over hundreds of names costs ~1 ms a word; the same words recur
            return list(seen)
        close = difflib.get_close_matches(folded_word, candidates, n=count, cutoff=0.8)
        found = list(dict.fromkeys(self._suggestion_labels[phrase] for phrase in close))
        if len(self._closest_seen) >= _CLOSEST_MEMO:
            self._closest_seen.clear()
        self._closest_seen[key] = found
        return list(found)

    def _total(self, query: EventQuery, now: datetime, page_size: int) -> tuple[int, bool]:
        """How many events answer the question, and whether that is exact (counting stops at a cap)."""
        if query.offset == 0 and query.limit is not None and page_size < query.limit:
            return page_size, True  # the whole answer fits on this page: no need to count
        counted = self._store.events.count(query, now, cap=TOTAL_CAP + 1)
        return min(counted, TOTAL_CAP), counted <= TOTAL_CAP


_CLOSEST_MEMO = 4096  # words whose closest names are remembered (until the vocabulary changes)
_FOLDED_CUES = frozenset(fold(cue) for cue in words.AUDIENCE_CUES)


def _clean(question: object) -> str:
    """The question as safe text: a string, control characters as spaces, bounded length."""
    if not isinstance(question, str):
        return ""
    text = question[:MAX_QUESTION_CHARS]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def _languages(lang: str | None) -> tuple[str, ...]:
    """The asker's language first when known, then the others."""
    if lang in DEFAULT_LANGUAGES:
        return (lang, *(code for code in DEFAULT_LANGUAGES if code != lang))
    return DEFAULT_LANGUAGES
