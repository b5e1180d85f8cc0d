"""Right-to-left text that stays readable with left-to-right runs in it (no I/O).

Telegram gives each paragraph the direction of its first strong character, so an Arabic line that
starts with "10:00", "UNEP/CHW.13/INF/52" or a URL is laid out left to right and its words come
out in the wrong order. ``rtl_safe`` starts every line with a right-to-left mark and isolates
every left-to-right run (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE), which the
bidi algorithm treats as one neutral character: the line is right to left, the run intact inside.
HTML tags and entities (Telegram's HTML parse mode) are left as they are.
"""

from __future__ import annotations

import re

RLM = "\u200f"
FSI = "\u2068"
PDI = "\u2069"
_MARKUP = re.compile(r"(<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);)")
# A run that starts and ends with a left-to-right letter or a digit (a URL whole), with the
# neutrals that join such runs ("10:00–12:00", "UNEP/CHW.13/INF/52", "Geneva, Switzerland").
_STRONG = r"A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_LTR_RUN = re.compile(
    rf"https?://\S+|[{_STRONG}](?:[{_STRONG}.,:;/\-–—+()'’ _@#%&=?*]*[{_STRONG})%])?"
)


def rtl_safe(text: str) -> str:
    """The text with each line marked right to left and its left-to-right runs isolated."""
    return "\n".join(RLM + _isolated(line) if line else line for line in text.split("\n"))


def _isolated(line: str) -> str:
    parts = _MARKUP.split(line)
    return "".join(
        part if index % 2 else _LTR_RUN.sub(lambda m: f"{FSI}{m.group()}{PDI}", part)
        for index, part in enumerate(parts)
    )


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def visual_rtl(line: str) -> str:
    """A right-to-left line in the order a terminal that does no bidi should draw it, left to right:
    the runs in reverse order, each right-to-left run reversed (its brackets mirrored), each
    left-to-right run ("10:00", "UNEP/CHW.13", a URL) kept as written. Letters are not shaped."""
    pieces: list[str] = []
    last = 0
    for match in _LTR_RUN.finditer(line):
        pieces.append(line[last:match.start()][::-1].translate(_MIRRORED))
        pieces.append(match.group())
        last = match.end()
    pieces.append(line[last:][::-1].translate(_MIRRORED))
    return "".join(reversed(pieces))
