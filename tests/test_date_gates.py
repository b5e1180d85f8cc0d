"""Date rules' gates (date_rules.Rule.gate) only save compiling: a text that holds a rule's phrase
passes its gate, and a question without date words compiles none of the phrase patterns."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from brs_coord import date_rules
from brs_coord.date_calendar import Context
from brs_coord.dates import _fold
from tests import test_dates, test_dates_properties
from tests.test_query_table import ROWS

TEXTS = sorted({
    *(row.question for row in ROWS),
    *(question for _, question, _, _ in test_dates.PERIODS),
    *(fragment for fragment in test_dates_properties.FRAGMENTS if isinstance(fragment, str)),
    "webinars on 2027-01-15", "ateliers le 15/01", "meetings on 3.2.2027", "talleres el lunes 4 de enero",
    "in 2027", "the week after next", "next 2 weeks", "proximos 10 dias", "d'ici 3 semaines",
    "last quarter", "ce trimestre", "last year", "l'année dernière", "el año pasado",
})
GATED = [rule for rule in date_rules.RULES if rule.gate is not None]


def _folded(text: str) -> str:
    return _fold(text)[0]


@pytest.mark.parametrize("rule", GATED, ids=lambda rule: f"{rule.resolve.__qualname__}:{rule.source[30:60]}")
def test_every_text_holding_a_phrase_passes_its_gate(rule: date_rules.Rule) -> None:
    assert rule.gate_pattern is not None
    held = [text for text in TEXTS if rule.pattern.search(_folded(text))]
    missed = [text for text in held if not rule.gate_pattern.search(_folded(text))]
    assert not missed
    assert held, "no text of the corpus holds it"


def test_the_gates_change_no_answer() -> None:
    ungated = tuple(dataclasses.replace(rule, gate=None) for rule in date_rules.RULES)
    context = Context(date(2026, 11, 21), 0)
    for text in TEXTS:
        folded = _folded(text)
        found = [date_rules.best(folded, rules, context) for rules in (date_rules.RULES, ungated)]
        as_span = [(f.start, f.end, f.days) if f else None for f in found]
        assert as_span[0] == as_span[1], text


@pytest.mark.parametrize(("question", "compiled"), [
    ("webinars on mercury", 0),
    ("webinars in the next 30 days", 2),  # the duration, and 'ahead' (a unit word)
    ("workshops tomorrow", 1),
])
def test_a_question_compiles_only_the_patterns_its_words_may_hold(question: str, compiled: int) -> None:
    rules = tuple(dataclasses.replace(rule) for rule in date_rules.RULES)  # none compiled yet
    date_rules.best(_folded(question), rules, Context(date(2026, 11, 21), 0))
    assert sum("pattern" in vars(rule) for rule in rules) == compiled
