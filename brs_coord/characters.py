"""Characters that have no place in short one-line text typed by people: titles, staff names (no I/O).

- control characters (C0, DEL, C1): terminal escapes and invisible breaks;
- explicit bidirectional formatting (embeddings, overrides, isolates: U+202A–U+202E, U+2066–U+2069),
  which reorder the text around them ("Trojan source"); the marks LRM, RLM and ALM stay allowed,
  right-to-left text needs them;
- text made only of invisible characters (spaces, zero-width and other format characters, fillers),
  which reads as empty.
"""

from __future__ import annotations

import unicodedata

BIDI_FORMATTING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # Hangul fillers, the blank Braille pattern


def unsafe_characters(text: str, *, allowed_controls: str = "") -> str | None:
    """What is wrong with ``text`` ("control characters", "bidi override characters"), or None."""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed_controls for ch in text):
        return "control characters"
    if any(ch in BIDI_FORMATTING for ch in text):
        return "bidi override characters"
    return None


def invisible_only(text: str) -> bool:
    """True when ``text`` shows nothing: every character a space, a format character or a filler."""
    return all(ch.isspace() or ch in FILLERS or unicodedata.category(ch) in {"Cf", "Zs", "Zl", "Zp", "Cc"}
               for ch in text)
