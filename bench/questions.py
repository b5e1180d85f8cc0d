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


# Arabic, Chinese and Russian (issue 15), measured on their own (bench_languages.py) so that the
# figures of the mix above stay comparable from run to run.
MORE_LANGUAGES: tuple[Question, ...] = (
    Question("ندوات عبر الإنترنت الشهر المقبل لموظفي الجمارك في أفريقيا", "ar", "vocabulary"),
    Question("ورش عمل حول اتفاقية استكهولم هذا العام", "ar", "vocabulary"),
    Question("ورش عمل حول الأسبستوس", "ar", "free-text"),
    Question("النفايات الطبية في أفريقيا", "ar", "free-text"),
    Question("下个月面向非洲海关官员的网络研讨会", "zh", "vocabulary"),
    Question("今年关于斯德哥尔摩公约的研讨会", "zh", "vocabulary"),
    Question("石棉研讨会", "zh", "free-text"),
    Question("非洲的医疗废物", "zh", "free-text"),
    Question("вебинары в следующем месяце для таможенников в Африке", "ru", "vocabulary"),
    Question("семинары по Стокгольмской конвенции в этом году", "ru", "vocabulary"),
    Question("семинары по асбесту", "ru", "free-text"),
    Question("медицинские отходы в Африке", "ru", "free-text"),
)


def questions(*, language: str | None = None, reach: Reach | None = None) -> list[Question]:
    """The mix, optionally narrowed to one language or one reach."""
    return [
        q for q in QUESTIONS
        if (language is None or q.language == language) and (reach is None or q.reach == reach)
    ]
