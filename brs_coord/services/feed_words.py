"""The feeds' words in a language (``?lang=xx``, a participant's personal feed): the labels of a
VEVENT's DESCRIPTION, kind and status words, month and language names (ics.Names carries them),
and the calendars' names and descriptions. English is the source text: a feed in English, or in a
language the catalogue lacks a word in, reads exactly as before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

from ..domain import KIND_LABELS, KIND_PLURAL_LABELS
from ..facets import FEEDS
from ..ics import Names
from ..languages import BY_CODE, DEFAULT, EVENT_LANGUAGES, interface_language
from .feed_model import CALENDAR_PREFIX
from .translation import N_, catalogue

# The words of a VEVENT (ics.vevent reads them through Names.word): labels, statuses, kinds.
VEVENT_WORDS: tuple[str, ...] = (
    N_("Kind"), N_("Programme"), N_("Audiences"), N_("Conventions"), N_("Regions"), N_("Languages"),
    N_("Organiser"), N_("Registration"), N_("In Telegram"), N_("Join online"), N_("Date"), N_("Online"),
    N_("Cancelled"), N_("Postponed"), N_("exact days not recorded"), N_("exact dates not recorded"),
    N_("Imported from"), N_("Upstream"), N_("fetched"), *KIND_LABELS.values(),
)
ALL_DESCRIPTION = N_(
    "Every public workshop, webinar, training and meeting of the Basel, Rotterdam and Stockholm "
    "conventions' technical assistance programme."
)
KIND_DESCRIPTION = N_("Every {kind} of the BRS technical assistance programme.")
PERSONAL_TITLE = N_("My BRS events")
PERSONAL_DESCRIPTION = N_(
    "The events you registered for and the topics you follow (personal link: do not share it)."
)
FILTERED_DESCRIPTION = N_("A filtered feed of BRS events.")
SERIES_DESCRIPTION = N_("Every session of {name}, each its own event.")
SERIES_HEADING = N_("Series and courses")
SERIES_GROUP = "series"
SERIES_FEED_PREFIX = "series-"
# a catalogue feed's description, per facet with feeds: "Events <facets.feed_words> {name}."
FACET_DESCRIPTIONS: dict[str, str] = {
    facet.name: f"Events {facet.feed_words} {{name}}." for facet in FEEDS if facet.feed_words
}
# every message the feeds translate that is not marked above (kind plurals, facets' words)
OTHER_MESSAGES: tuple[str, ...] = (
    *KIND_PLURAL_LABELS.values(), *FACET_DESCRIPTIONS.values(),
    *(facet.feed_heading for facet in FEEDS if facet.feed_heading),
)

Translate = Callable[[str], str]


def feed_language(code: str | None) -> str:
    """The language a feed is written in: ``code`` when it is an interface language, else English."""
    return interface_language(code)


def translator(lang: str) -> Translate:
    """``gettext`` of a language's catalogue (the message itself when it has no translation)."""
    return catalogue(lang).gettext


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    return catalogue(lang).ngettext


def in_language(names: Names, lang: str) -> Names:
    """``names`` (catalogue names already in ``lang``) with the VEVENT's words, month and language
    names of ``lang``; the English names unchanged."""
    if lang == DEFAULT:
        return names
    words, months, languages = _words(lang)
    return replace(names, words=words, language=lang, months=months, languages=languages)


@cache
def _words(lang: str) -> tuple[dict[str, str], tuple[str, ...], dict[str, str]]:
    from babel import Locale
    from babel.dates import get_month_names

    t = translator(lang)
    words = {word: t(word) for word in VEVENT_WORDS if t(word) != word}
    locale = Locale.parse(BY_CODE[lang].cldr or lang)
    month_names = get_month_names("wide", context="stand-alone", locale=locale)
    months = tuple(str(month_names[month]) for month in range(1, 13))
    languages = {code: str(locale.languages.get(code, english)) for code, english in EVENT_LANGUAGES.items()}
    return words, months, languages


def calendar_prefix(lang: str) -> str:
    """What every catalogue feed's title starts with in ``lang``: "BRS technical assistance: "
    (in Chinese with a full-width colon and no space: "BRS技术援助：")."""
    return translator(lang)(CALENDAR_PREFIX) + (": " if BY_CODE[lang].spaced else "：")


def calendar_title(lang: str, name: str) -> str:
    """A catalogue feed's title: "BRS technical assistance: <name>" in ``lang``."""
    return calendar_prefix(lang) + name
