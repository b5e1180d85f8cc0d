"""Folding text for matching: lowercase without accents ('Déchets' -> 'dechets'); no I/O."""

from __future__ import annotations

import unicodedata

_EXTRA_FOLDS = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ı": "i", "ø": "o", "đ": "d"})


def fold(text: str) -> str:
    """Lowercase text without accents ('Déchets' -> 'dechets')."""
    lowered = text.lower().translate(_EXTRA_FOLDS)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
