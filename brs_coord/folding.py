"""Folding text for matching: lowercase without accents ('Déchets' -> 'dechets'), Arabic letter
variants, tashkeel and tatweel removed (أ/إ/آ -> ا, ة -> ه, ى -> ي), Eastern Arabic digits as
ASCII ('١٥' -> '15'); no I/O."""

from __future__ import annotations

import unicodedata

# Arabic letter variants and digits (the date phrases fold these too, and nothing else extra).
ARABIC_FOLDS: dict[int, str | None] = str.maketrans({
    "ة": "ه", "ى": "ي", "\u0640": None,  # teh marbuta, alef maksura, tatweel
    **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + n): str(n) for n in range(10)},  # Extended Arabic-Indic (Persian) digits
})
_EXTRA_FOLDS = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ı": "i", "ø": "o", "đ": "d"}) | ARABIC_FOLDS


def fold(text: str) -> str:
    """Lowercase text without accents ('Déchets' -> 'dechets')."""
    lowered = text.lower().translate(_EXTRA_FOLDS)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

