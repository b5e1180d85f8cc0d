"""Misspelt date words: a unique, close match of a month, a weekday or a relative date word is read
as that word ("tomorow" -> tomorrow, « demian » -> demain, "mañna" -> mañana) and reported.

A word is corrected only when it is at least four letters long, is no date word itself, is no
ordinary English, French or Spanish word (``ORDINARY``: "mayor", "marsh", "junior", "domain"...),
and lies one typing slip (a letter missing, extra, wrong or two swapped; two for targets of eight
letters or more) from exactly one target, which difflib also finds close. The short modifiers
"next", "last" and "this" are corrected only right before a unit word ("nxt week"), where no
ordinary word of three or four letters is meant. Words are folded as date phrases are (lowercase,
no accents); the ordinary words keep their accents, so "manna" stays an English word and
"mañna" is Spanish for tomorrow with a letter missing.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from brs_coord import date_words as w
from brs_coord.date_ordinary import ORDINARY

MIN_LETTERS = 4
LONG_TARGET = 8  # targets this long may be two slips away ("tommorow")
CUTOFF = 0.8  # difflib ratio, as for the catalogue's suggestions

# The words a typo may be read as: full month and weekday names and the relative words.
TARGETS: tuple[str, ...] = tuple(
    word for word in dict.fromkeys((
        *w.MONTHS, *w.WEEKDAYS, "today", "tonight", "tomorrow", "yesterday", "weekend",
        "demain", "aujourd'hui", "semaine", "prochain", "prochaine", "suivante", "dernier",
        "derniere", "manana", "semana", "proximo", "proxima", "siguiente", "pasado", "pasada",
        "quarter", "trimestre", "easter", "christmas", "paques", "navidad", "pascua",
    ))  # fmt: skip
    if len(word) > MIN_LETTERS
)
MODIFIERS: tuple[str, ...] = ("next", "last", "this")
# How a folded target is written when its spelling has accents.
WRITTEN: dict[str, str] = {
    "fevrier": "février", "decembre": "décembre", "aout": "août", "miercoles": "miércoles",
    "sabado": "sábado", "manana": "mañana", "derniere": "dernière", "proximo": "próximo",
    "proxima": "próxima", "paques": "Pâques",
}  # fmt: skip
_WORD = re.compile(r"(?<![\w'])[a-z][a-z']{3,}(?![\w'])")
_UNITS = ("week", "month", "year", "quarter")
_MODIFIER = re.compile(
    r"(?<![\w'])(?P<word>[a-z]{2,5})\s+(?=(?:week[-\s]?end|week|month|year|quarter)(?!\w))"
)
# Words never corrected because they are date words already or common words of dates.
_KNOWN: frozenset[str] = frozenset(
    {*TARGETS, *w.TRIGGER_WORDS, *w.MONTH_WORDS, *w.WEEKDAYS, *w.WEEKDAY_ABBREVIATIONS,
     *w.NUMBER_WORDS, *w.UNITS, *MODIFIERS, "week-end"}
)  # fmt: skip
_MEMO_SIZE = 4096


def _fold(word: str) -> str:
    """Lowercase word without accents."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def _ordinary_folded() -> frozenset[str]:
    """The ordinary words folded, for words written without accents."""
    return frozenset(_fold(word) for word in ORDINARY)


def _deletes(word: str) -> set[str]:
    """The word with each one of its letters left out."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@functools.cache
def _near_index(targets: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each target and each of its one-letter deletions -> the targets it comes from."""
    index: dict[str, list[str]] = {}
    for target in targets:
        for key in {target, *_deletes(target)}:
            index.setdefault(key, []).append(target)
    return {key: tuple(found) for key, found in index.items()}


def one_slip(word: str, target: str) -> bool:
    """Tell whether word is target with one letter missing, extra or wrong, or two swapped."""
    if word == target or abs(len(word) - len(target)) > 1:
        return False
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1
            and word[diff[0]] == target[diff[1]] and word[diff[1]] == target[diff[0]]
        )  # fmt: skip
    short, long = sorted((word, target), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _close(word: str, target: str) -> bool:
    """Tell whether a folded word is close enough to a target to be read as it."""
    if not (one_slip(word, target) or len(target) >= LONG_TARGET):
        return False
    return difflib.SequenceMatcher(None, word, target).ratio() >= CUTOFF


def _plural(word: str) -> bool:
    """Tell whether a word is a date word with a plural ending ("próximos", "lundis")."""
    return word.endswith("s") and (word[:-1] in _KNOWN or word[:-2] in _KNOWN)


def correction(word: str, targets: tuple[str, ...] = TARGETS) -> str | None:
    """Return the one target a folded word is a slip of, or None (no target, or several);
    remembered per word, as the same words come back question after question."""
    seen = _seen.setdefault(id(targets), {})
    if word in seen:
        return seen[word]
    if len(seen) >= _MEMO_SIZE:
        seen.clear()
    found = seen[word] = _correction(word, targets)
    return found


_seen: dict[int, dict[str, str | None]] = {}  # id of the targets -> word -> its correction


def _correction(word: str, targets: tuple[str, ...]) -> str | None:
    """Return the one target a folded word is a slip of, or None."""
    if word in _KNOWN or len(word) < MIN_LETTERS and targets is TARGETS or _plural(word):
        return None
    index = _near_index(targets)
    candidates = {t for key in {word, *_deletes(word)} for t in index.get(key, ())}
    close = [target for target in candidates if _close(word, target)]
    return close[0] if len(close) == 1 else None


def is_ordinary(written: str) -> bool:
    """Tell whether a written word is an ordinary word (as written, or folded when written
    without accents, since people often leave them out)."""
    lowered = written.lower()
    return lowered in ORDINARY or (lowered.isascii() and lowered in _ordinary_folded())


def find(text: str, folded: str, index: list[int]) -> list[tuple[int, int, str]]:
    """Return (start, end, target) in folded text for each misspelt date word of text."""
    found: list[tuple[int, int, str]] = []
    if any(correction(word) for word in _WORD.findall(folded)):  # the usual case: none
        for m in _WORD.finditer(folded):
            target = correction(m.group())
            written = text[index[m.start()] : index[m.end() - 1] + 1]
            if target is not None and not is_ordinary(written):
                found.append((m.start(), m.end(), target))
    if not any(unit in folded for unit in _UNITS):
        return found
    for m in _MODIFIER.finditer(folded):
        word = m["word"]
        target = correction(word, MODIFIERS)
        if target is not None and not is_ordinary(word):
            found.append((m.start("word"), m.end("word"), target))
    return sorted(found)
