"""The fixed question mix of the question-answer benchmarks (bot, `brs-coord ask`, TUI search).

Vocabulary-only questions resolve to facets (kind, time, audience, region, convention) without
full-text search; free-text questions carry words that only the FTS index can match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Reach = Literal["vocabulary", "free-text"]


@dataclass(frozen=True)
class Question:
    text: str
    language: str
    reach: Reach


QUESTIONS: tuple[Question, ...] = (
    Question("webinars next month for customs officers in Africa", "en", "vocabulary"),
    Question("webinars in the next 30 days", "en", "vocabulary"),
    Question("workshops in Asia-Pacific this year on the Stockholm Convention", "en", "vocabulary"),
    Question("training for Basel competent authorities in Latin America next week", "en", "vocabulary"),
    Question("PCB inventory guidance", "en", "free-text"),
    Question("waste oil", "en", "free-text"),
    Question("e-waste webinars in French next month", "en", "free-text"),
    Question("webinaires le mois prochain pour les douaniers en Afrique", "fr", "vocabulary"),
    Question("ateliers sur la Convention de Bâle cette année", "fr", "vocabulary"),
    Question("inventaire des PCB", "fr", "free-text"),
    Question("huiles usagées", "fr", "free-text"),
    Question("seminarios web el próximo mes para funcionarios de aduanas en África", "es", "vocabulary"),
    Question("talleres del Convenio de Estocolmo en América Latina", "es", "vocabulary"),
    Question("inventario de PCB", "es", "free-text"),
    Question("aceites usados", "es", "free-text"),
)


def questions(*, language: str | None = None, reach: Reach | None = None) -> list[Question]:
    """The mix, optionally narrowed to one language or one reach."""
    return [
        q for q in QUESTIONS
        if (language is None or q.language == language) and (reach is None or q.reach == reach)
    ]
