"""The gettext catalogues (brs_coord/locale, compiled .mo shipped) of the interface languages, for
every face: the bot's texts (bot.i18n) and the feeds' words (feed_words) read the same catalogue."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from ..languages import DEFAULT, interface_language

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "brs_coord"


def N_(message: str) -> str:  # noqa: N802 - the usual gettext marker name
    """Mark a string for extraction; translate it later (``catalogue(lang).gettext``)."""
    return message


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The messages of an interface language (English, the source language, for any other code)."""
    language = interface_language(language)
    if language == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
