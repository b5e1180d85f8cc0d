"""Misspelt date words: a unique close match is read and reported; ordinary words never are."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from brs_coord import date_typos
from brs_coord.date_ordinary import ORDINARY
from brs_coord.dates import find_period

PARIS = "Europe/Paris"
SAT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("question", "phrase", "corrections", "first"),
    [
        ("meetings tomorow", "tomorow", (("tomorow", "tomorrow"),), date(2026, 11, 22)),
        ("meetings tommorow", "tommorow", (("tommorow", "tomorrow"),), date(2026, 11, 22)),
        ("webinars in decmber", "in decmber", (("decmber", "december"),), date(2026, 12, 1)),
        ("nxt week", "nxt week", (("nxt", "next"),), date(2026, 11, 23)),
        ("ateliers demian", "demian", (("demian", "demain"),), date(2026, 11, 22)),
        ("talleres mañna", "mañna", (("mañna", "mañana"),), date(2026, 11, 22)),
        ("Wendesday", "Wendesday", (("Wendesday", "wednesday"),), date(2026, 11, 25)),
        ("trainings in Febuary", "in Febuary", (("Febuary", "february"),), date(2027, 2, 1)),
        ("3 decmber", "3 decmber", (("decmber", "december"),), date(2026, 12, 3)),
        ("lundi prochian", "lundi prochian", (("prochian", "prochain"),), date(2026, 11, 23)),
        ("la semiane prochaine", "la semiane prochaine", (("semiane", "semaine"),),
         date(2026, 11, 23)),
        ("en fevirer", "en fevirer", (("fevirer", "février"),), date(2027, 2, 1)),
        ("el próximo miercole", "el próximo miercole", (("miercole", "miércoles"),),
         date(2026, 11, 25)),
        ("before Eastr", "before Eastr", (("Eastr", "easter"),), date(2026, 11, 21)),
    ],
)  # fmt: skip
def test_a_unique_close_match_is_read_and_reported(
    question: str, phrase: str, corrections: tuple[tuple[str, str], ...], first: date
) -> None:
    found = find_period(question, now=SAT, tz=PARIS)
    assert found is not None and found.range.start is not None
    assert found.range.phrase == phrase
    assert found.corrections == corrections
    assert found.range.start.astimezone(ZoneInfo(PARIS)).date() == first


# Ordinary words one slip from a date word, and words a little too far from one.
NOT_DATES = [
    "mayor", "marsh", "match", "marche", "marcha", "junior", "junto", "union", "julia", "domain",
    "remain", "demand", "eastern", "easier", "master", "manna", "manzana", "banana", "todas",
    "toda", "lines", "lunas", "quartier", "quartet", "paquet", "entero", "género", "abrir",
    "sabido", "casado", "jueces", "dominio", "his week", "past week", "text week", "juio",
    "mayonnaise", "marzipan", "septic", "novel", "octave", "augusta",
]  # fmt: skip


@pytest.mark.parametrize("question", NOT_DATES)
def test_ordinary_words_are_never_read_as_dates(question: str) -> None:
    assert find_period(question, now=SAT, tz=PARIS) is None


def test_no_ordinary_word_of_the_list_is_corrected() -> None:
    """Every word of ORDINARY (drawn from the en/fr/es word lists because date_typos would
    otherwise correct it) is left alone, and some of them really are one slip from a target."""
    corrected = [word for word in ORDINARY if _corrections(word)]
    assert corrected == []
    assert date_typos.correction("marsh") == "march"  # what ORDINARY keeps from happening


def _corrections(text: str) -> tuple[tuple[str, str], ...]:
    found = find_period(text, now=SAT, tz=PARIS)
    return found.corrections if found else ()


@pytest.mark.parametrize("word", ["ayr", "hoi", "mya", "nov", "tue", "jul"])
def test_short_words_are_not_corrected(word: str) -> None:
    assert date_typos.correction(word) is None
    assert find_period(word, now=SAT, tz=PARIS) is None


def test_exact_date_words_are_read_as_written() -> None:
    """A real date word is no typo ("sunday school" names a Sunday: an exact weekday is read
    as one, as before); plurals of date words are not corrected to the singular."""
    found = find_period("sunday school", now=SAT, tz=PARIS)
    assert found is not None and found.range.phrase == "sunday" and found.corrections == ()
    assert date_typos.correction("proximos") is None and date_typos.correction("lundis") is None


def test_a_correction_outside_the_phrase_is_not_applied() -> None:
    found = find_period("workshops next week or tomorow", now=SAT, tz=PARIS)
    assert found is not None and found.range.phrase == "next week"
    assert found.corrections == () and found.remainder == "workshops or tomorow"


def test_two_close_targets_mean_no_correction() -> None:
    assert date_typos.correction("juio") is None  # junio or julio


@pytest.mark.parametrize(
    ("word", "target", "expected"),
    [("tomorow", "tomorrow", True), ("tomorrrow", "tomorrow", True), ("tomorrwo", "tomorrow", True),
     ("tomorruw", "tomorrow", True), ("tomorrow", "tomorrow", False), ("tomrrwo", "tomorrow", False),
     ("todya", "today", True), ("toady", "today", True), ("odayt", "today", False)],
)  # fmt: skip
def test_one_slip(word: str, target: str, expected: bool) -> None:
    assert date_typos.one_slip(word, target) is expected
