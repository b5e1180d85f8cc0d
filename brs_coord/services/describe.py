"""The "I understood" line of every face (``understood``), and its command-line wording."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from ..facets import FACETS, Facet, Source
from ..languages import DEFAULT, QUESTION_LANGUAGES, interface_language
from . import words
from .understanding import Understanding
from .vocabulary import Vocabulary

SEPARATOR = " · "


def _label(key: str, lang: str) -> str:
    return words.DESCRIBE_LABELS[key].get(lang, words.DESCRIBE_LABELS[key][DEFAULT])


# babel's "d MMM" month abbreviations (CLDR) for the languages: a table spares a cold start
# importing babel and loading its locale data; other languages still go through babel
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
           "نوفمبر", "ديسمبر"),
    "ru": ("янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."),
}


def _day(moment: datetime, zone: ZoneInfo, lang: str, *, with_year: bool = False) -> str:
    """'15 Dec' in ``lang``; with its year ('15 Dec 2027') when the year is not the asker's."""
    day = moment.astimezone(zone).date()
    if lang == "zh":  # CLDR's "MMMd日" ("d MMM" would read "15 12月"), "y年MMMd日" with the year
        return (f"{day.year}年" if with_year else "") + f"{day.month}月{day.day}日"
    months = _MONTHS.get(lang)
    if months is not None:
        return f"{day.day} {months[day.month - 1]}" + (f" {day.year}" if with_year else "")
    from babel.dates import format_date

    return format_date(day, "d MMM y" if with_year else "d MMM", locale=lang)


def period_text(understanding: Understanding, lang: str = "en") -> str:
    """The period asked about: its phrase and its days in the asker's zone ('next month (1 Dec – 31 Dec)')."""
    start, end = understanding.start, understanding.end
    if start is None and end is None:
        return _label("past" if understanding.past else "from_now", lang)
    zone = ZoneInfo(understanding.tz)
    final = end - timedelta(microseconds=1) if end else None
    # the year is said when a day of the period is not in the asker's year (or, without the
    # asker's time, when the period spans two years): "1 Dec – 31 Jan 2027" never leaves it to guess
    this_year = understanding.now.astimezone(zone).year if understanding.now else None
    years = {moment.astimezone(zone).year for moment in (start, final) if moment is not None}
    with_year = bool(years - {this_year}) if this_year is not None else len(years) > 1
    first = _day(start, zone, lang, with_year=with_year) if start else "…"
    last = _day(final, zone, lang, with_year=with_year) if final else "…"
    days = first if first == last else f"{first} – {last}"
    return f"{understanding.period} ({days})" if understanding.period else days


class Dialect(Protocol):
    """How one face words the "I understood" answer (see ``understood``)."""

    def value(self, facet: Facet, slug: str) -> str | None:
        """The name of one facet value (None: this face does not show the facet)."""

    def when(self, understanding: Understanding) -> list[str]:
        """The parts saying when (the period asked about, the past)."""

    def words(self, text: str) -> str:
        """The part naming the words sent to full-text search."""

    def everything(self) -> str:
        """The one part when the question named nothing."""

    def nothing(self) -> str:
        """The one part when none of the question's words was read."""

    def mine(self) -> str:
        """The part saying a personal question was answered from the asker's profile."""

    def corrected(self, corrections: tuple[tuple[str, str], ...]) -> str:
        """The note on misspellings read as close names ("workshps → workshops")."""

    def unknown(self, words: tuple[str, ...], suggestions: tuple[str, ...]) -> str:
        """The note on the words not understood, with the closest names."""

    def unset(self, fields: tuple[str, ...]) -> str:
        """The note on a personal question: the profile's parts to set (facet fields)."""

    def offer(self, understanding: Understanding) -> str:
        """The note offering the following period when less than a day is left of the one asked."""

    def line(self, parts: list[str], notes: list[str]) -> str:
        """The whole answer head around the parts and the notes."""


def understood(understanding: Understanding, dialect: Dialect) -> str:
    """The "I understood" head of every answer: the values of every facet in reading order
    (facets.FACETS), when, the words; then the notes: corrections, the words not understood (on every
    answer), what a personal question lacks. Each face supplies its wording (an event's uid is
    named as written)."""
    if understanding.uids:
        return dialect.line([dialect.words(", ".join(understanding.uids))], [])
    parts = [
        label for facet in FACETS for slug in getattr(understanding, facet.plural)
        if (label := dialect.value(facet, slug)) is not None
    ]
    if understanding.personal:
        parts.insert(0, dialect.mine())
    if understanding.applied or understanding.answerable:
        parts += dialect.when(understanding)
    elif not parts:
        parts.append(dialect.nothing())
    if understanding.text:
        parts.append(dialect.words(understanding.text))
    notes = []
    if understanding.corrections:
        notes.append(dialect.corrected(understanding.corrections))
    if understanding.not_understood:
        notes.append(dialect.unknown(understanding.not_understood, understanding.suggestions))
    if understanding.personal and understanding.unset:
        notes.append(dialect.unset(understanding.unset))
    if understanding.offer is not None:
        notes.append(dialect.offer(understanding))
    return dialect.line(parts or [dialect.everything()], notes)


class NamesDialect:
    """The names of facet values in one interface language, from the vocabulary (catalogue names,
    never slugs) and the word lists: what every face's wording starts from."""

    def __init__(self, vocabulary: Vocabulary, lang: str) -> None:
        self.vocabulary, self.lang = vocabulary, interface_language(lang)

    def value(self, facet: Facet, slug: str) -> str | None:
        if facet.source is Source.CATALOGUE:
            return self.vocabulary.name_of(facet.name, slug, self.lang)
        return words.VALUE_NAMES[facet.name].get(slug, {}).get(self.lang, slug)

    def label(self, key: str) -> str:
        return _label(key, self.lang)

    def mine(self) -> str:
        return _label("personal", self.lang)

    def unset_names(self, fields: tuple[str, ...]) -> str:
        """ "your audience, your languages" in this language."""
        return ", ".join(_label(f"unset_{name}", self.lang) for name in fields)


class WordsDialect(NamesDialect):
    """The plain-text wording of the command line and the TUI (notes on lines of their own, or
    on the same line after " · ")."""

    def __init__(self, vocabulary: Vocabulary, lang: str, *, one_line: bool = False) -> None:
        super().__init__(vocabulary, lang)
        self.one_line = one_line

    def when(self, understanding: Understanding) -> list[str]:
        dated = understanding.start is not None or understanding.end is not None
        past = [_label("past", self.lang)] if understanding.past and dated else []
        return [*past, period_text(understanding, self.lang)]

    def words(self, text: str) -> str:
        return f"{_label('text', self.lang)} “{text}”"

    def everything(self) -> str:
        return _label("anything", self.lang)

    def nothing(self) -> str:
        return _label("nothing", self.lang)

    def corrected(self, corrections: tuple[tuple[str, str], ...]) -> str:
        pairs = ", ".join(f"{written} → {read}" for written, read in corrections)
        return f"{_label('corrected', self.lang)}: {pairs}"

    def unknown(self, words: tuple[str, ...], suggestions: tuple[str, ...]) -> str:
        note = f"{_label('unknown', self.lang)}: {', '.join(words)}"
        if suggestions:
            note += f" — {_label('suggest', self.lang)}: {', '.join(suggestions)}?"
        return note

    def unset(self, fields: tuple[str, ...]) -> str:
        return f"{_label('unset', self.lang)}: {self.unset_names(fields)}"

    def offer(self, understanding: Understanding) -> str:
        offer = understanding.offer
        assert offer is not None
        following = replace(understanding, start=offer.start, end=offer.end, period=offer.phrase)
        return _label("offer", self.lang).format(next=period_text(following, self.lang))

    def line(self, parts: list[str], notes: list[str]) -> str:
        head = f"{_label('understood', self.lang)}: {SEPARATOR.join(parts)}"
        return (SEPARATOR if self.one_line else "\n").join([head, *notes])


def describe(
    understanding: Understanding, vocabulary: Vocabulary, lang: str = "en", *, one_line: bool = False
) -> str:
    """"I understood: webinars · E-waste · next month (1 Dec – 31 Dec)" in the asker's language,
    then its notes ("Not understood: plastic — did you mean: plastics?")."""
    return understood(understanding, WordsDialect(vocabulary, lang, one_line=one_line))


def help_lines(lang: str) -> list[str]:
    """The short help every face gives a message that is not a question: what to ask, examples,
    the languages read (each face adds its own commands)."""
    lang = interface_language(lang)
    *first, last = [words.LANGUAGE_TITLES[code][lang] for code in QUESTION_LANGUAGES]
    read = f"{_label('list', lang).join(first)} {_label('and', lang)} {last}" if first else last
    return [
        _label("help_intro", lang),
        *(f"• {example}" for example in words.HELP_EXAMPLES[lang]),
        _label("help_languages", lang).format(languages=read),
    ]
