"""The question vocabulary: every word and phrase that names a filter, folded and matched longest first."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain import Audience, City, Convention, Country, Programme, Region
from ..facets import RESULT, offered
from ..folding import fold as fold  # the core's folding, used here and by the vocabulary's readers
from ..languages import CODES
from ..results import PlanItem
from ..word_forms import is_han, russian_cases, script_of, spaced_han, word_form
from . import words

# What a phrase can name, strongest first (a phrase naming a kind is a kind): the facets by
# strength, with "past" (not a facet: the time scope) after the facets stronger than PAST_STRENGTH.
PAST_STRENGTH = 3
_RANK = {facet.name: facet.strength for facet in offered("strength")} | {
    "past": PAST_STRENGTH, "personal": PAST_STRENGTH, "help": 99, "stop": 100,
}
_TOKEN = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
_MAX_WEAK_OWNERS = 6  # a part of names shared by more entries than this names none of them


@dataclass(frozen=True)
class Token:
    """One word of a question: as written and folded (in its matching form: see word_forms)."""

    text: str
    folded: str


# French pronouns joined to a verb by a hyphen (« montre-moi », « qu'est-ce », « y a-t-il »)
_CLITICS = frozenset({
    "moi", "toi", "lui", "leur", "leurs", "nous", "vous", "le", "la", "les", "y", "en", "ce", "il",
    "ils", "elle", "elles", "on", "t", "je",
})


def tokenize(text: str) -> list[Token]:
    """The words of a text; apostrophes (elisions: « d'experts ») and slashes split words, hyphens
    join them ('e-waste') except before a French clitic (« montre-moi », « est-ce »); each Han
    character is a word (phrases are runs of them)."""
    return [
        Token(part, fold_word(part))
        for m in _TOKEN.finditer(spaced_han(text)) for part in _split_clitic(m.group())
    ]


def fold_word(word: str) -> str:
    """One word folded into the form it is matched by (Arabic without its article, Russian
    stemmed; word_forms), each part of a hyphenated word on its own."""
    return word_form(word)


def has_audience_prefix(token: Token) -> bool:
    """True for an Arabic word with "for" written onto it ("للمراكز", "لموظفي"): an audience cue."""
    return token.text[:1] == "ل" and token.folded != fold(token.text)


def is_han_word(token: Token) -> bool:
    """True for a Han character (a word of a Chinese text)."""
    return is_han(token.text)


def _split_clitic(word: str) -> list[str]:
    parts = word.split("-")
    if len(parts) > 1 and all(parts) and fold(parts[-1]) in _CLITICS:
        return parts
    return [word]


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(token.folded for token in tokenize(phrase))


@dataclass(frozen=True)
class Meaning:
    """What a phrase names: a facet value, with the name to show for it."""

    facet: str
    value: str
    label: str
    weak: bool = False  # found through a word of a name rather than a whole name or alias


@dataclass(frozen=True)
class PhraseMatch:
    """A phrase found in a question, at token positions [start, end)."""

    start: int
    end: int
    meanings: tuple[Meaning, ...]


@dataclass
class Vocabulary:
    """Phrases (as folded token tuples) and what they name; built once per catalogue version."""

    entries: dict[tuple[str, ...], list[Meaning]] = field(default_factory=dict)
    stop_words: frozenset[str] = frozenset()
    case_sensitive: frozenset[tuple[str, ...]] = frozenset()
    names: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    longest: int = 1
    region_of: dict[str, str] = field(default_factory=dict)  # country code -> its region slug
    country_of_city: dict[str, str] = field(default_factory=dict)  # city slug -> its country code
    # Phrases (and stop words) in Arabic, Cyrillic or Han script, by script, added when a question
    # first holds that script (``load_scripts``): a process answering English never stems Russian.
    deferred: dict[str, list[tuple[str, Meaning, bool]]] = field(default_factory=dict)
    deferred_stops: dict[str, list[str]] = field(default_factory=dict)
    loaded: set[str] = field(default_factory=set)

    def name_of(self, facet: str, slug: str, lang: str = "en") -> str:
        """The name of a catalogue entry in a language (English when it has none)."""
        localized = self.names.get((facet, slug), {})
        return localized.get(lang) or localized.get("en") or slug

    def add(self, phrase: str, meaning: Meaning, *, capitals: bool = False) -> None:
        """Add a phrase with its hyphen variants ('e-waste', 'e waste', 'ewaste'); ``capitals``: a
        one-word phrase that names only when written in capitals ("UK", « EAU »)."""
        script = script_of(phrase)
        if script is not None and script not in self.loaded:
            self.deferred.setdefault(script, []).append((phrase, meaning, capitals))
            return
        if capitals and len(key := _key(phrase)) == 1:
            self.case_sensitive = self.case_sensitive | {key}
        for key in _variants(_key(phrase)):
            if not key or (len(key) == 1 and key[0] in self.stop_words and not phrase.isupper()):
                continue
            if len(key) == 1 and key[0] in self.stop_words:
                self.case_sensitive = self.case_sensitive | {key}
            meanings = self.entries.setdefault(key, [])
            if meaning not in meanings:
                meanings.append(meaning)
            self.longest = max(self.longest, len(key))

    def add_stop_words(self, text: str) -> None:
        """The stop words of a text (of one language), deferred like phrases for its script."""
        script = script_of(text)
        if script is not None and script not in self.loaded:
            self.deferred_stops.setdefault(script, []).append(text)
            return
        self.stop_words = self.stop_words | frozenset(_key(text))

    def load_scripts(self, text: str) -> bool:
        """Add the deferred phrases of the scripts ``text`` holds; True when any were added."""
        scripts = {script for script in (*self.deferred, *self.deferred_stops) if script_of(text, script)}
        for script in scripts:
            self.loaded.add(script)
            for stops in self.deferred_stops.pop(script, []):
                self.add_stop_words(stops)
            for phrase, meaning, capitals in self.deferred.pop(script, []):
                self.add(phrase, meaning, capitals=capitals)
        return bool(scripts)

    def match(self, tokens: list[Token]) -> tuple[list[PhraseMatch], list[int]]:
        """Phrases found longest first, left to right, and the positions of the other words."""
        found: list[PhraseMatch] = []
        leftover: list[int] = []
        position = 0
        while position < len(tokens):
            matched = self._longest_at(tokens, position)
            if matched is None:
                leftover.append(position)
                position += 1
            else:
                found.append(matched)
                position = matched.end
        return found, leftover

    def _longest_at(self, tokens: list[Token], start: int) -> PhraseMatch | None:
        for length in range(min(self.longest, len(tokens) - start), 0, -1):
            key = tuple(token.folded for token in tokens[start : start + length])
            meanings = self.entries.get(key)
            if meanings is None:
                continue
            if key in self.case_sensitive and not tokens[start].text.isupper():
                continue
            return PhraseMatch(start, start + length, tuple(meanings))
        return None

    def phrases(self) -> list[tuple[str, str]]:
        """Every strong phrase (folded) with the name to suggest for it."""
        return [
            (" ".join(key), meanings[0].label)
            for key, meanings in self.entries.items()
            if not all(meaning.weak for meaning in meanings)
        ]


def _variants(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    variants = {key}
    if any("-" in token for token in key):
        split = tuple(part for token in key for part in token.split("-") if part)
        variants.add(split)
        variants.add(tuple(token.replace("-", "") for token in key))
    return variants


def strongest(meanings: Iterable[Meaning], *, audience_cue: bool) -> list[Meaning]:
    """The meanings to keep for one phrase: whole names over name words, the strongest facet."""
    candidates = list(meanings)
    if any(not meaning.weak for meaning in candidates):
        candidates = [meaning for meaning in candidates if not meaning.weak]
    facets = {meaning.facet for meaning in candidates}
    if {"programme", "audience"} <= facets:
        facets.discard("programme" if audience_cue else "audience")
    best = min(facets, key=_RANK.__getitem__)
    return [meaning for meaning in candidates if meaning.facet == best]


def build_vocabulary(
    conventions: list[Convention], regions: list[Region], countries: list[Country],
    audiences: list[Audience], programmes: list[Programme], cities: Iterable[City] = (),
    results: Iterable[PlanItem] = (),
) -> Vocabulary:
    """The vocabulary of the word lists and the catalogue. A country's name means the country
    (events held there), a city's the city; region words keep meaning regions (words.REGION_WORDS);
    a code of the plan its output or indicator (``_add_results``)."""
    cities = list(cities)
    vocabulary = Vocabulary()
    for text in words.STOP_WORDS.values():
        vocabulary.add_stop_words(text)
    _add_word_lists(vocabulary)
    for convention in conventions:
        meaning = Meaning("convention", convention.slug, convention.name)
        _add_all(vocabulary, meaning, [convention.name, convention.code], convention.aliases)
    region_names = {region.slug: region.name for region in regions}
    for region in regions:
        meaning = Meaning("region", region.slug, region.name)
        _add_all(vocabulary, meaning, [region.name, *region.names.values()], region.aliases)
    for slugs, phrases in words.REGION_WORDS:
        for slug in (slug for slug in slugs if slug in region_names):
            for phrase in phrases:
                vocabulary.add(phrase, Meaning("region", slug, phrase))
    _add_places(vocabulary, countries, cities)
    for audience in audiences:
        meaning = Meaning("audience", audience.slug, audience.name)
        _add_all(vocabulary, meaning, [audience.name, *audience.names.values()], audience.aliases)
    for programme in programmes:
        meaning = Meaning("programme", programme.slug, programme.name)
        _add_all(vocabulary, meaning, [programme.name, *programme.names.values()], programme.aliases)
    _add_name_words(vocabulary, audiences, programmes)
    entries: list[Convention | Region | Audience | Programme | Country | City] = [
        *conventions, *regions, *audiences, *programmes, *countries, *cities
    ]
    for entry in entries:
        localized = {"en": entry.name, **getattr(entry, "names", {})}
        if isinstance(entry, Convention):
            localized.update(words.CONVENTION_NAMES.get(entry.slug, {}))
        vocabulary.names[(type(entry).__name__.lower(), entry.slug)] = localized
    _add_results(vocabulary, results)
    return vocabulary


def _add_results(vocabulary: Vocabulary, items: Iterable[PlanItem]) -> None:
    """The plan's outputs and indicators: each by its code ("BC-2-v", as written or in any case)
    and by its whole text (a phrase as long as the text: no word of it names the item alone); named
    "indicator BC-2-v" / "output BC-1-out-iii" in each language."""
    for item in items:
        label = words.DESCRIBE_LABELS["result_output" if item.is_output else "result_indicator"]
        vocabulary.names[(RESULT.name, item.code)] = {
            lang: label[lang].format(code=item.code) for lang in CODES if lang in label
        }
        vocabulary.add(item.code, Meaning(RESULT.name, item.code, item.code))
        vocabulary.add(item.text, Meaning(RESULT.name, item.code, item.text))


def _add_all(
    vocabulary: Vocabulary, meaning: Meaning, names: list[str], aliases: dict[str, list[str]]
) -> None:
    for name in [*names, *(alias for group in aliases.values() for alias in group)]:
        if name:
            vocabulary.add(name, Meaning(meaning.facet, meaning.value, name))


def _add_places(vocabulary: Vocabulary, countries: list[Country], cities: list[City]) -> None:
    """Country and city names in every language; an all-capitals alias ("UK", "EAU") only when
    written in capitals (« eau », "car" are words)."""
    vocabulary.region_of = {country.code: country.region for country in countries}
    vocabulary.country_of_city = {city.slug: city.country for city in cities}
    places: list[tuple[Meaning, list[str]]] = []
    for country in countries:
        names = [country.name, *country.names.values()]
        names += [alias for group in country.aliases.values() for alias in group]
        places.append((Meaning("country", country.code, country.name), names))
    for city in cities:
        names = [city.name, *city.names.values()]
        names += [alias for group in city.aliases.values() for alias in group]
        places.append((Meaning("city", city.slug, city.name), names))
    known = {country.code for country in countries}
    for phrases, codes in words.COUNTRY_GROUPS:
        for code in (code for code in codes if code in known):
            places.append((Meaning("country", code, phrases[0]), list(phrases)))
    for meaning, names in places:
        names = [*names, *(case for name in names if name for case in russian_cases(name))]
        for name in dict.fromkeys(name for name in names if name):
            vocabulary.add(name, Meaning(meaning.facet, meaning.value, name), capitals=name.isupper())


def _add_word_lists(vocabulary: Vocabulary) -> None:
    for kind, phrases in words.KIND_WORDS.items():
        for phrase in phrases:
            vocabulary.add(phrase, Meaning("kind", kind, phrase))
    for phrase in words.MEETING_WORDS:
        for kind in words.MEETING_KINDS:
            vocabulary.add(phrase, Meaning("kind", kind, phrase))
    for status, phrases in words.STATUS_WORDS.items():
        for phrase in phrases:
            vocabulary.add(phrase, Meaning("status", status, phrase))
    for code, phrases in words.LANGUAGE_WORDS.items():
        for phrase in phrases:
            vocabulary.add(phrase, Meaning("language", code, phrase))
    for phrase in words.PAST_WORDS:
        vocabulary.add(phrase, Meaning("past", "past", phrase))
    for phrase in words.PERSONAL_WORDS:
        vocabulary.add(phrase, Meaning("personal", "me", phrase))
    for lists in (words.COURTESY_WORDS, words.ACTION_WORDS):
        for phrase in (phrase for phrases in lists.values() for phrase in phrases):
            vocabulary.add(phrase, Meaning("help", "help", phrase))
    for phrase in (phrase for phrases in words.STOP_PHRASES.values() for phrase in phrases):
        vocabulary.add(phrase, Meaning("stop", "stop", phrase))


def _add_name_words(
    vocabulary: Vocabulary, audiences: list[Audience], programmes: list[Programme]
) -> None:
    """Let a distinctive part of names ('focal points', 'POPs') name every entry that has it."""
    owners: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    for facet, entries in (("audience", audiences), ("programme", programmes)):
        for entry in entries:
            # a programme's translated names are long sentences: their words name nothing alone
            names = [entry.name, *(entry.names.values() if isinstance(entry, Audience) else ())]
            names += [alias for group in entry.aliases.values() for alias in group]
            names = [name for name in names if script_of(name) is None]  # Latin names only
            for gram in {g for name in names for g in _grams(tokenize(name), vocabulary.stop_words)}:
                owners[gram].add((facet, entry.slug))
    named: list[Audience | Programme] = [*audiences, *programmes]
    labels = {entry.slug: entry.name for entry in named}
    strong = set(vocabulary.entries)
    for gram, facet_slugs in owners.items():
        if len(facet_slugs) > _MAX_WEAK_OWNERS or gram in strong:
            continue
        for facet, slug in sorted(facet_slugs):
            vocabulary.add(" ".join(gram), Meaning(facet, slug, labels[slug], weak=True))


def _grams(tokens: list[Token], stop_words: frozenset[str]) -> Iterable[tuple[str, ...]]:
    """Acronyms ('POPs') and two-word runs without stop words ('focal points') of a name."""
    for index, token in enumerate(tokens):
        if sum(ch.isupper() for ch in token.text) >= 2 and token.folded not in stop_words:
            yield (token.folded,)
        pair = tuple(t.folded for t in tokens[index : index + 2])
        if len(pair) == 2 and not set(pair) & stop_words and min(map(len, pair)) >= 3:
            yield pair
