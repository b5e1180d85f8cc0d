"""How Telegram lays out a message's paragraphs: each takes the direction of its first strong
character (Unicode bidi rules P2-P3), characters inside an isolate (U+2066-U+2068 … U+2069) not
counted; a paragraph with no strong character keeps the direction of the message's first."""

from __future__ import annotations

import unicodedata

ISOLATES = {"\u2066", "\u2067", "\u2068"}
PDI = "\u2069"


def paragraph_direction(paragraph: str) -> str | None:
    """"rtl", "ltr", or None for a paragraph without a strong character outside isolates."""
    depth = 0
    for char in paragraph:
        if char in ISOLATES:
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return "rtl"
            if kind == "L":
                return "ltr"
    return None


def laid_out(text: str) -> list[tuple[str, str]]:
    """(direction, paragraph) for every paragraph of a message's text as Telegram shows it."""
    lines = text.split("\n")
    first = next((d for line in lines if (d := paragraph_direction(line))), "ltr")
    return [(paragraph_direction(line) or first, line) for line in lines]
