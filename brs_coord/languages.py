"""The interface languages: the languages questions are read in and replies, menus and names are
written in, each with its own name for itself (no I/O, no imports)."""

from __future__ import annotations

INTERFACE_LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}
CODES: tuple[str, ...] = tuple(INTERFACE_LANGUAGES)
DEFAULT = "en"  # the language of the catalogue's own names and of anyone who has not chosen


def interface_language(code: str | None) -> str:
    """``code`` when it is an interface language, else the default."""
    return code if code in INTERFACE_LANGUAGES else DEFAULT

# The languages questions are read in, each with the script it is written in (the first word of the
# Unicode names of its letters): text in no script of these is answered with help, not events.
# Adding a language (ar, zh, ru) is a line here plus its words (services/words.py).
QUESTION_LANGUAGES: dict[str, str] = {"en": "LATIN", "fr": "LATIN", "es": "LATIN"}
