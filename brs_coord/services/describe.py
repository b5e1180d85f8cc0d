"""The "I understood" line of every face (``understood``), and its command-line wording."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from ..facets import FACETS, Facet, Source
from ..languages import DEFAULT, interface_language
from . import words
from .understanding import Understanding
from .vocabulary import Vocabulary

SEPARATOR = " · "


def _label(key: str, lang: str) -> str:
    return words.DESCRIBE_LABELS[key].get(lang, words.DESCRIBE_LABELS[key][DEFAULT])


# babel's "d MMM" month abbreviations (CLDR) for the three languages: a table spares a cold start
# importing babel and loading its locale data; other languages still go through babel
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
}


def _day(moment: datetime, zone: ZoneInfo, lang: str) -> str:
    day = moment.astimezone(zone).date()
    months = _MONTHS.get(lang)
    if months is not None:
        return f"{day.day} {months[day.month - 1]}"
    from babel.dates import format_date

    return format_date(day, "d MMM", locale=lang)


def period_text(understanding: Understanding, lang: str = "en") -> str:
    """The period asked about: its phrase and its days in the asker's zone ('next month (1 Dec – 31 Dec)')."""
    start, end = understanding.start, understanding.end
    if start is None and end is None:
        return _label("past" if understanding.past else "from_now", lang)
    zone = ZoneInfo(understanding.tz)
    first = _day(start, zone, lang) if start else "…"
    last = _day(end - timedelta(microseconds=1), zone, lang) if end else "…"
    days = first if first == last else f"{first} – {last}"
    return f"{understanding.period} ({days})" if understanding.period else days


class Dialect(Protocol):
    """How one face words the "I understood" line (see ``understood``)."""

    def value(self, facet: Facet, slug: str) -> str | None:
        """The name of one facet value (None: this face does not show the facet)."""

    def when(self, understanding: Understanding) -> list[str]:
        """The parts saying when (the period asked about, the past)."""

    def words(self, text: str) -> str:
        """The part naming the words sent to full-text search."""

    def everything(self) -> str:
        """The one part when the question named nothing."""

    def line(self, parts: list[str], understanding: Understanding) -> str:
        """The whole line around the parts."""


def understood(understanding: Understanding, dialect: Dialect) -> str:
    """The "I understood" line of every face: the values of every facet in reading order
    (facets.FACETS), when, the words; each face supplies its wording."""
    parts = [
        label for facet in FACETS for slug in getattr(understanding, facet.plural)
        if (label := dialect.value(facet, slug)) is not None
    ]
    parts += dialect.when(understanding)
    if understanding.text:
        parts.append(dialect.words(understanding.text))
    return dialect.line(parts or [dialect.everything()], understanding)


class WordsDialect:
    """The plain-text wording of the command line, from the word lists and the vocabulary."""

    def __init__(self, vocabulary: Vocabulary, lang: str) -> None:
        self.vocabulary, self.lang = vocabulary, interface_language(lang)

    def value(self, facet: Facet, slug: str) -> str | None:
        if facet.source is Source.CATALOGUE:
            return self.vocabulary.name_of(facet.name, slug, self.lang)
        return words.VALUE_NAMES[facet.name].get(slug, {}).get(self.lang, slug)

    def when(self, understanding: Understanding) -> list[str]:
        dated = understanding.start is not None or understanding.end is not None
        past = [_label("past", self.lang)] if understanding.past and dated else []
        return [*past, period_text(understanding, self.lang)]

    def words(self, text: str) -> str:
        return f"{_label('text', self.lang)} “{text}”"

    def everything(self) -> str:
        return _label("anything", self.lang)

    def line(self, parts: list[str], understanding: Understanding) -> str:
        line = f"{_label('understood', self.lang)}: {SEPARATOR.join(parts)}"
        if understanding.not_understood:
            line += f" ({_label('unknown', self.lang)}: {', '.join(understanding.not_understood)})"
        return line


def describe(understanding: Understanding, vocabulary: Vocabulary, lang: str = "en") -> str:
    """"I understood: webinars · E-waste · next month (1 Dec – 31 Dec)" in the asker's language."""
    return understood(understanding, WordsDialect(vocabulary, lang))
