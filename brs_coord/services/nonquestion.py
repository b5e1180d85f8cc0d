"""Telling a message that is not a question about events (a greeting, thanks, "how do I register?",
emoji, a language the service does not read) from a question: those get help, not events."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..languages import QUESTION_LANGUAGES
from . import words
from .understanding import Place
from .vocabulary import fold

_READ_SCRIPTS = frozenset(QUESTION_LANGUAGES.values())
_HOW = frozenset(fold(word) for word in words.HOW_WORDS)
_NAMING = frozenset({Place.FILTER, Place.DATE, Place.TEXT, Place.CORRECTED})


def unread_script(text: str) -> bool:
    """True when the text has letters and none of them is in a script of the languages read."""
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in text if ch.isalpha()}
    return bool(scripts) and not scripts & _READ_SCRIPTS


def is_non_question(text: str, placed: Sequence[tuple[str, Place]], courtesy: int) -> bool:
    """True for a message that asks for help rather than events: only emoji or signs; text in a
    script not read; nothing but greetings, thanks, "help" and stop words ("hi there", "thanks!");
    or a how-question naming nothing ("how do I register?", « comment ça marche ? »)."""
    if not text:
        return False
    if not any(ch.isalnum() for ch in text):
        return True
    if unread_script(text):
        return True
    if courtesy and all(place is Place.STOP for _, place in placed):
        return True
    starts_with_how = bool(placed) and fold(placed[0][0]) in _HOW
    return starts_with_how and not any(place in _NAMING for _, place in placed)
