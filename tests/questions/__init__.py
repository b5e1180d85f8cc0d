"""The question table: real questions, each with what a person would expect it to mean.

``Row``/``row`` are the shape of one question; each module of this package holds the rows of one
area (``ROWS``), and ``tests/test_query_table.py`` asserts every row of every module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)  # Saturday
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
MONTH_END = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # Monday, last day of November
YEAR_END = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)  # Thursday
LA_EVENING = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # Friday 19:00 in Los Angeles
PARIS = "Europe/Paris"
FOCAL_POINTS = [
    "basel-focal-points", "rotterdam-focal-points", "saicm-focal-points",
    "stockholm-national-focal-points",
]
POPS = ["nip-updating", "pesticide-alternatives", "pops-in-articles", "pops-wastes",
        "unintentional-pops-toolkit"]
MEETINGS = ["online-meeting", "expert-meeting", "directors-meeting"]
ALL_CONVENTIONS = ["basel", "rotterdam", "stockholm"]


@dataclass(frozen=True)
class Row:
    """One question and what should be understood (facets not named must be empty)."""

    question: str
    days: tuple[str | None, str | None] | None = None  # local first day, day after the last; None: open
    tz: str = PARIS
    now: datetime = NOW
    lang: str | None = None
    past: bool = False
    text: str = ""
    unknown: tuple[str, ...] = ()
    facets: dict[str, list[str]] = field(default_factory=dict)
    help: bool = False  # not a question: answered with help, no events
    answerable: bool = True  # False: no events (help, nothing read, a personal question without profile)
    suggestions: tuple[str, ...] = ()  # names that must be among the suggestions
    corrections: tuple[tuple[str, str], ...] = ()  # (written, read)
    personal: bool = False
    profile: tuple[tuple[str, tuple[str, ...]], ...] | None = None  # Profile.filters passed to parse
    places: dict[str, str] = field(default_factory=dict)  # word -> where it must end (Place value)


def row(question: str, days: tuple[str | None, str | None] | None = None, **kwargs: Any) -> Row:
    names = ("tz", "now", "lang", "past", "text", "unknown", "help", "answerable", "suggestions",
             "corrections", "personal", "profile", "places")
    options = {key: kwargs.pop(key) for key in names if key in kwargs}
    return Row(question, days, facets=kwargs, **options)
