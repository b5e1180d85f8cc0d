"""The form a word is matched by, beyond folding, in the scripts without Latin's spaces or with
heavy inflection (no I/O):

- Chinese (Han characters) is written without spaces: each character is a word of its own here, and
  phrases are runs of them (the question vocabulary matches the longest run; full-text search asks
  for the run as a phrase), so "海关" is found in "海关官员" with no dictionary to load.
- Arabic words carry their article and some prepositions and conjunctions: "النفايات", "والنفايات",
  "للنفايات" and "نفايات" have one form (letter variants are folded by ``folding.fold``).
- Russian words are stemmed (Snowball): "отходы", "отходам", "отходов" have one form. The stemmer
  is imported the first time a Cyrillic word is met, so questions in other languages never load it.

The question vocabulary (services/vocabulary.py) and the full-text index (store) both use these
forms, so a word matches whatever form it was written in on either side.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Protocol

from .folding import fold

HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
_HAN = re.compile(f"[{HAN_CHARS}]")
_HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
_ARABIC = re.compile("[\u0600-\u06ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_WORD = re.compile(r"\w+")

# An article with the prepositions written onto it ("بال" with the, "لل" for the, "كال" like the),
# longest first; a conjunction ("و" and, "ف" so) may come before any of them.
_ARABIC_ARTICLES = ("بال", "كال", "لل", "ال")
_ARABIC_CONJUNCTIONS = "وف"
_ARABIC_ONE_LETTER = {"و": 4, "ب": 5, "ل": 5}  # a prefix letter -> the shortest word it is taken from


_SCRIPTS = {"ARABIC": _ARABIC, "CYRILLIC": _CYRILLIC, "HAN": _HAN}


def script_of(text: str, script: str | None = None) -> str | None:
    """The first of Arabic, Cyrillic and Han scripts the text holds (None: none of them); with
    ``script``, that script if the text holds it."""
    if text.isascii():
        return None
    if script is not None:
        pattern = _SCRIPTS.get(script)
        return script if pattern is not None and pattern.search(text) else None
    return next((name for name, pattern in _SCRIPTS.items() if pattern.search(text)), None)


def is_han(text: str) -> bool:
    """True when the text holds a Han (Chinese) character."""
    return _HAN.search(text) is not None


def spaced_han(text: str) -> str:
    """The text with each Han character standing alone ("下周的网络研讨会" -> " 下  周  的 ...")."""
    if not is_han(text):
        return text
    return _HAN.sub(lambda m: f" {m.group()} ", text)


def arabic_form(word: str) -> str:
    """A folded Arabic word without its article and the letters written onto it, taken off until
    none is left ("لوزارات" and "وزارات" have one form)."""
    for _ in range(3):
        stripped = _arabic_prefix_off(word)
        if stripped == word:
            break
        word = stripped
    return word


def _arabic_prefix_off(word: str) -> str:
    if len(word) > 4 and word[0] in _ARABIC_CONJUNCTIONS and word[1:].startswith(_ARABIC_ARTICLES):
        word = word[1:]
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article):]
    shortest = _ARABIC_ONE_LETTER.get(word[:1])
    if shortest is not None and len(word) >= shortest:
        return word[1:]
    return word


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...  # noqa: N802 - snowballstemmer's name


_stemmer_lock = threading.Lock()
_stemmers: dict[str, _Stemmer] = {}


@lru_cache(maxsize=16384)
def russian_form(word: str) -> str:
    """A folded Russian word's Snowball stem ("отходам" -> "отход")."""
    with _stemmer_lock:  # a Snowball stemmer keeps state while it stems
        stemmer = _stemmers.get("ru")
        if stemmer is None:
            from snowballstemmer.russian_stemmer import RussianStemmer

            stemmer = _stemmers["ru"] = RussianStemmer()
        return stemmer.stemWord(word) or word


_RUSSIAN_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ия", ("ии", "ию", "ией")), ("ья", ("ьи", "ье", "ью")), ("а", ("е", "ы", "и", "у", "ой")),
    ("я", ("е", "и", "ю")), ("й", ("е", "я", "ю")), ("ь", ("и", "я", "е")),
)


def russian_cases(name: str) -> list[str]:
    """A Russian place name in the other cases of its last word ("Казахстан" -> "Казахстане",
    "Кения" -> "Кении"), which Snowball does not always bring to one stem (nouns in -ан, -ия)."""
    head, _, last = name.rpartition(" ")
    if not last or not _CYRILLIC.match(last.lower()) or "-" in last:
        return []
    prefix = f"{head} " if head else ""
    lowered = last.lower()
    for ending, others in _RUSSIAN_ENDINGS:
        if lowered.endswith(ending):
            return [prefix + last[: -len(ending)] + other for other in others]
    if lowered[-1] in "аеёиоуыэюя":
        return []
    return [prefix + last + other for other in ("е", "а", "у", "ом")]


def word_form(word: str) -> str:
    """The form a word (as written) is matched by, folded: Arabic without its article, Russian
    stemmed (before folding: the stemmer reads й), others folded as they are (a Han character is
    a word of its own); each part of a hyphenated word on its own."""
    folded = fold(word)
    if folded.isascii():
        return folded
    if "-" in word:
        return "-".join(word_form(part) for part in word.split("-"))
    if _ARABIC.match(folded):
        return arabic_form(folded)
    if _CYRILLIC.match(folded):
        return fold(russian_form(word.lower().replace("ё", "е")))
    return folded


def search_forms(*texts: str | None) -> str:
    """What the full-text index holds besides the text itself: the forms of the Arabic and Russian
    words and the Han characters one by one (nothing for a text in Latin script only)."""
    forms = [form for text in texts if text and not text.isascii() for form in _forms(text)]
    return " ".join(forms)


def _forms(text: str) -> Iterator[str]:
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if is_han(word):
            yield from fold(spaced_han(word)).split()
        elif _ARABIC.match(word) or _CYRILLIC.match(word):
            yield word_form(word)


def fts_phrase(word: str) -> tuple[str, bool]:
    """The full-text terms of one question word and whether a prefix may follow them: a run of Han
    characters is a phrase of its characters (no prefix: the characters are whole words), an
    Arabic or Russian word its form (a prefix: "отход" finds "отходы" in a title too)."""
    folded = fold(word)
    if is_han(folded):
        return " ".join(_HAN_RUN.sub(lambda m: " ".join(m.group()), folded).split()), False
    return word_form(word), True
