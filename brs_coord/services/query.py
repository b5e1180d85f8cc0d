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

from ..dates import DEFAULT_LANGUAGES, PeriodMatch, find_period, to_utc_iso
from ..domain import Event, EventQuery
from ..errors import InvalidInput
from ..facets import BY_NAME
from ..languages import DEFAULT, interface_language
from ..rules import is_ongoing
from ..store import Store
from ..zones import is_valid_timezone
from . import vocabulary_cache, words
from .nonquestion import is_non_question
from .places import AlsoOpen, also_open_label, also_open_query
from .profile import Profile
from .understanding import Place, Understanding
from .vocabulary import (
    Token,
    Vocabulary,
    fold,
    has_audience_prefix,
    is_han_word,
    strongest,
    tokenize,
)

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
    also_open: AlsoOpen | None = None  # a question naming countries: the online events open to them
    # the UIDs of the page's long courses under way (rules.is_ongoing): shown as "ongoing", not upcoming
    ongoing: tuple[str, ...] = ()

    @property
    def total_text(self) -> str:
        """The total as people read it: "16", or "1000+" past the counting cap."""
        return f"{self.total}" if self.total_exact else f"{self.total}+"

    @property
    def help(self) -> bool:
        return self.understood.help

    @property
    def not_understood(self) -> tuple[str, ...]:
        return self.understood.not_understood

    @property
    def suggestions(self) -> tuple[str, ...]:
        return self.understood.suggestions

    def to_json(self) -> dict[str, Any]:
        return {
            "understood": self.understood.to_json(),
            **self.understood.reading_json(),
            "not_understood": list(self.not_understood),
            "suggestions": list(self.suggestions),
            "events": [event_json(event) for event in self.events],
            "total": self.total,
            "total_exact": self.total_exact,
            "also_open": self.also_open.to_json() if self.also_open else None,
            "ongoing": list(self.ongoing),
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
        "titles": {code: title for code, title, _ in event.translations},  # in other languages
    }


@dataclass
class _Reading:
    """Facet values and leftover words gathered while reading one question (its words in order,
    each with its place; None: a leftover, placed by ``_sort_leftovers``)."""

    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    past: bool = False
    personal: bool = False
    courtesy: int = 0  # greetings, thanks, "help", how-to words
    leftovers: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # the phrases that named programmes, as written
    placed: list[tuple[str, Place | None]] = field(default_factory=list)


@dataclass
class _Sorted:
    """Where the leftover words of a question went."""

    places: dict[str, Place] = field(default_factory=dict)
    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    suggested: list[tuple[str, str]] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)

    def place(self, word: str, place: Place) -> None:
        self.places[word] = place

    @property
    def text_words(self) -> list[str]:
        return [word for word, place in self.places.items() if place is Place.TEXT]

    @property
    def unknown(self) -> list[str]:
        return [word for word, place in self.places.items() if place is Place.UNKNOWN]


class _Names:
    """A vocabulary's strong phrases by length with the name each suggests, and its kind phrases:
    what misspelt words are matched against. Indexed when a word is first left over (a question
    whose every word is read never needs it: a cold process saves ~2 ms)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.by_length: dict[int, list[str]] = defaultdict(list)
        self.labels: dict[str, str] = {}
        for phrase, label in vocabulary.phrases():
            self.by_length[len(phrase)].append(phrase)
            self.labels.setdefault(phrase, label)
        self.kind_phrases: dict[str, tuple[str, ...]] = {  # folded kind phrase -> its kinds
            " ".join(key): kinds for key, meanings in vocabulary.entries.items()
            if (kinds := tuple(m.value for m in meanings if m.facet == "kind" and not m.weak))
        }


class QueryService:
    """Reads questions into filters and answers them from the store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None
        self._indexed: tuple[Vocabulary, _Names] | None = None  # the names of that vocabulary
        self._closest_seen: dict[tuple[str, int], list[str]] = {}  # per vocabulary version
        self._kinds_seen: dict[str, tuple[str, tuple[str, ...]] | None] = {}
        self._version = -1

    # ---- public --------------------------------------------------------------------------

    def ask(
        self, question: str, *, tz: str = "UTC", lang: str | None = None, limit: int = 5,
        offset: int = 0, chosen: Mapping[str, tuple[str, ...]] | None = None,
        profile: Profile | None = None,
    ) -> Answer:
        """Answer a question: the filters understood, one page of events, the total (``chosen``,
        ``profile``: see ``parse``). Help, and questions of which nothing was read, get no events."""
        understanding = self.parse(question, tz=tz, lang=lang, chosen=chosen, profile=profile)
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        if not understanding.answerable:
            return Answer(understanding, (), 0, limit, offset)
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
        also = self._also_open(understanding, now, lang)
        ongoing = tuple(e.uid for e in events if is_ongoing(e.starts_at, e.ends_at, now=now))
        if ongoing:  # long courses under way after what is still to start, on the page they fall on
            events = [e for e in events if e.uid not in ongoing] + [e for e in events if e.uid in ongoing]
        return Answer(understanding, tuple(events), total, limit, offset, total_exact=exact, also_open=also,
                      ongoing=ongoing)

    def _also_open(self, understanding: Understanding, now: datetime, lang: str | None) -> AlsoOpen | None:
        """The online events open to the countries the question names (services/places.py)."""
        vocabulary = self.vocabulary()
        found = also_open_query(understanding, vocabulary.region_of, vocabulary.country_of_city, limit=None)
        if found is None:
            return None
        countries, understood, query = found
        total, _ = self._total(query, now, -1)
        language = interface_language(lang or DEFAULT)
        label = also_open_label(
            countries, understood.regions, total,
            lambda facet, value: vocabulary.name_of(facet, value, language), language,
        )
        return AlsoOpen(countries, understood.regions, total, label, query, understood)

    def parse(
        self, question: str, *, tz: str = "UTC", lang: str | None = None,
        chosen: Mapping[str, tuple[str, ...]] | None = None, profile: Profile | None = None,
    ) -> Understanding:
        """Read a question into filters; never raises for any question text. ``chosen`` (facet field
        -> slugs, e.g. the kind of a /webinars command) comes before what the question names;
        ``profile`` answers a personal question ("anything for me?"; None: nobody's)."""
        if not is_valid_timezone(tz):
            raise InvalidInput(f"Unknown time zone {tz!r} (use an IANA name such as Europe/Paris)")
        now = self._store.clock.now()
        text = _clean(question)
        uid = self._store.events.uid_named(text) if text and " " not in text else None
        if uid is not None:  # staff paste a uid to find its event
            uid_words = tuple((token.text, Place.FILTER) for token in tokenize(text))
            return Understanding(uids=(uid,), words=uid_words, tz=tz, now=now)
        match = find_period(text, now=now, tz=tz, languages=_languages(lang)) if text else None
        reading = self._read(match.remainder if match else text)
        sorted_words = self._sort_leftovers(reading.leftovers)
        placed = [(word, place or sorted_words.places[word]) for word, place in reading.placed]
        if match is not None:
            placed = _with_date_words(placed, text, match.range.phrase, _date_corrections(match))
        values = {field_name: list(slugs) for field_name, slugs in (chosen or {}).items()}
        for facet, slugs in [*reading.values.items(), *sorted_words.values.items()]:
            values.setdefault(BY_NAME[facet].plural, []).extend(slugs)
        unset: tuple[str, ...] = ()
        if reading.personal:
            mine = profile or Profile.of(None)
            for field_name, saved in mine.chosen().items():
                values.setdefault(field_name, []).extend(saved)
            unset = mine.unset()
        help_asked = not chosen and is_non_question(text, placed, reading.courtesy)
        return Understanding(
            **{field_name: tuple(dict.fromkeys(slugs)) for field_name, slugs in values.items()},
            past=reading.past, start=match.range.start if match else None,
            end=match.range.end if match else None, period=match.range.phrase if match else "",
            text=" ".join(sorted_words.text_words),
            title_phrases=tuple(dict.fromkeys(reading.titles)) if values.get("programmes") else (),
            not_understood=tuple(sorted_words.unknown),
            suggested=tuple(sorted_words.suggested),
            corrections=(*_date_corrections(match), *sorted_words.corrections),
            words=tuple(placed), help=help_asked, personal=reading.personal, unset=unset,
            offer=match.offer if match is not None else None,
            tz=tz, now=now,
        )

    def describe(self, understanding: Understanding, lang: str = "en", *, one_line: bool = False) -> str:
        """What was understood: "I understood: webinars · E-waste · next month (1 Dec – 31 Dec)",
        then the notes (not understood, corrections) on lines of their own (or after " · ")."""
        from .describe import describe

        return describe(understanding, self.vocabulary(), lang, one_line=one_line)

    def vocabulary(self) -> Vocabulary:
        """The vocabulary, loaded again when the catalogue's version has changed (vocabulary_cache):
        it rises with every catalogue edit, and a restored backup may bring a lower one."""
        version = self._store.catalogue.catalogue_version()
        with self._lock:
            if self._vocabulary is None or version != self._version:
                self._load(version)
            assert self._vocabulary is not None
            return self._vocabulary

    # ---- reading -------------------------------------------------------------------------

    def _load(self, version: int) -> None:
        vocabulary = vocabulary_cache.load(self._store, version)
        self._vocabulary = vocabulary
        self._closest_seen, self._kinds_seen = {}, {}
        self._version = version
        log.debug("vocabulary loaded: %d phrases (catalogue version %d)", len(vocabulary.entries), version)

    def _read(self, text: str) -> _Reading:
        vocabulary = self.vocabulary()
        if vocabulary.deferred or vocabulary.deferred_stops:
            with self._lock:  # the first question in Arabic, Cyrillic or Han script adds its phrases
                if vocabulary.load_scripts(text):  # new phrases: suggestions are indexed again
                    self._indexed, self._closest_seen, self._kinds_seen = None, {}, {}
        tokens = tokenize(text)
        matches, leftover = vocabulary.match(tokens)
        reading = _Reading()
        places: dict[int, Place | None] = {}
        for phrase in matches:
            cue = phrase.start > 0 and fold(tokens[phrase.start - 1].text) in _FOLDED_CUES
            cue = cue or has_audience_prefix(tokens[phrase.start])
            place = Place.FILTER
            for meaning in strongest(phrase.meanings, audience_cue=cue):
                if meaning.facet == "past":
                    reading.past = True
                elif meaning.facet == "personal":
                    reading.personal = True
                elif meaning.facet == "help":
                    place = Place.STOP
                    reading.courtesy += 1
                elif meaning.facet == "stop":
                    place = Place.STOP
                else:
                    reading.values[meaning.facet].append(meaning.value)
                    if meaning.facet == "programme":
                        reading.titles.append(" ".join(t.text for t in tokens[phrase.start:phrase.end]))
            places.update(dict.fromkeys(range(phrase.start, phrase.end), place))
        for position in leftover:
            word = tokens[position]
            single = len(word.folded) == 1 and word.folded.isalpha() and not is_han_word(word)
            if word.folded in vocabulary.stop_words or single:
                places[position] = Place.STOP
            else:
                places[position] = None  # placed once the leftovers are sorted
        reading.placed = _joined_han(tokens, places)
        reading.leftovers = [word for word, place in reading.placed if place is None]
        return reading

    def _sort_leftovers(self, leftovers: Sequence[str]) -> _Sorted:
        """Place each leftover word: full-text search (some event contains it), a kind it misspells
        (a unique close match, applied and said), or not understood (with the closest names)."""
        result = _Sorted()
        for number, word in enumerate(dict.fromkeys(leftovers)):
            if number >= MAX_TEXT_WORDS:  # past the cap a word is not searched: said, not dropped
                result.place(word, Place.UNKNOWN)
                continue
            if self._store.events.has_text(word, prefix=False):
                result.place(word, Place.TEXT)
                continue
            kind = self._kind_correction(fold(word))
            close = self._closest(fold(word)) if kind is None else []
            if kind is not None:
                result.place(word, Place.CORRECTED)
                result.corrections.append((word, kind[0]))
                result.values["kind"].extend(kind[1])
            elif not close and self._store.events.has_text(word, prefix=True):
                result.place(word, Place.TEXT)
            else:
                result.place(word, Place.UNKNOWN)
                result.suggested.extend((word, label) for label in close)
        return result

    def _kind_correction(self, folded_word: str) -> tuple[str, tuple[str, ...]] | None:
        """The kind a word misspells when exactly one kind is close ("workshps" → workshops)."""
        if len(folded_word) < 5:
            return None
        if folded_word not in self._kinds_seen:
            names = self._names()
            close = difflib.get_close_matches(folded_word, list(names.kind_phrases), n=3, cutoff=0.8)
            kinds = {names.kind_phrases[phrase] for phrase in close}
            found = (names.labels[close[0]], kinds.pop()) if len(kinds) == 1 else None
            if len(self._kinds_seen) >= _CLOSEST_MEMO:
                self._kinds_seen.clear()
            self._kinds_seen[folded_word] = found
        return self._kinds_seen[folded_word]

    def _closest(self, folded_word: str, count: int = 3) -> list[str]:
        """The catalogue names closest to a word that matched nothing (misspellings)."""
        if len(folded_word) < 4:
            return []
        key = (folded_word, count)
        seen = self._closest_seen.get(key)
        if seen is not None:  # difflib over hundreds of names costs ~1 ms a word; the same words recur
            return list(seen)
        names, size = self._names(), len(folded_word)
        candidates = [p for n in range(size - 2, size + 3) for p in names.by_length.get(n, ())]
        close = difflib.get_close_matches(folded_word, candidates, n=count, cutoff=0.8)
        found = list(dict.fromkeys(names.labels[phrase] for phrase in close))
        if len(self._closest_seen) >= _CLOSEST_MEMO:
            self._closest_seen.clear()
        self._closest_seen[key] = found
        return list(found)

    def _names(self) -> _Names:
        """The loaded vocabulary's names as suggestions read them, indexed on first use."""
        vocabulary = self._vocabulary
        assert vocabulary is not None  # read by _read before any word is left over
        indexed = self._indexed
        if indexed is None or indexed[0] is not vocabulary:
            indexed = self._indexed = (vocabulary, _Names(vocabulary))
        return indexed[1]

    def _total(self, query: EventQuery, now: datetime, page_size: int) -> tuple[int, bool]:
        """How many events answer the question, and whether that is exact (counting stops at a cap)."""
        if query.offset == 0 and query.limit is not None and page_size < query.limit:
            return page_size, True  # the whole answer fits on this page: no need to count
        counted = self._store.events.count(query, now, cap=TOTAL_CAP + 1)
        return min(counted, TOTAL_CAP), counted <= TOTAL_CAP


_CLOSEST_MEMO = 4096  # words whose closest names are remembered (until the vocabulary changes)
_FOLDED_CUES = frozenset(fold(cue) for cue in words.AUDIENCE_CUES)


def _joined_han(
    tokens: Sequence[Token], places: Mapping[int, Place | None]
) -> list[tuple[str, Place | None]]:
    """The words of a question with their places, each run of Han characters that no phrase took
    (None) joined into one word: "海关" is searched as a word, not as two characters."""
    placed: list[tuple[str, Place | None]] = []
    for position, token in enumerate(tokens):
        place = places[position]
        joins = position > 0 and place is None and places[position - 1] is None
        if joins and is_han_word(token) and is_han_word(tokens[position - 1]):
            placed[-1] = (placed[-1][0] + token.text, None)
        else:
            placed.append((token.text, place))
    return placed


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


def _date_corrections(match: PeriodMatch | None) -> tuple[tuple[str, str], ...]:
    """The date words the period match corrected ((written, read); none when it corrects none)."""
    return match.corrections if match is not None else ()


def _with_date_words(
    placed: list[tuple[str, Place]], text: str, phrase: str, corrections: Sequence[tuple[str, str]]
) -> list[tuple[str, Place]]:
    """The words of the question in order, the date phrase's words placed where the phrase was."""
    corrected = {fold(written) for written, _ in corrections}
    date_words = [
        (token.text, Place.CORRECTED if token.folded in corrected else Place.DATE)
        for token in tokenize(phrase)
    ]
    at = text.find(phrase)
    before = len(tokenize(text[:at])) if at > 0 else 0
    return [*placed[:before], *date_words, *placed[before:]]
