"""The "I understood" period names its year when a day of it is not in the asker's year (issue 23:
dates that say what they are), in every language's form."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from brs_coord.services.describe import period_text
from brs_coord.services.understanding import Understanding
from tests.clocks import NOW  # 2026-11-21


def _period(start: datetime, end: datetime, lang: str = "en", now: datetime | None = NOW) -> str:
    return period_text(Understanding(start=start, end=end, period="", tz="Europe/Zurich", now=now), lang)


def _at(year: int, month: int, day: int = 1) -> datetime:
    """Midnight in Zurich, in UTC (as a question's range is kept)."""
    return datetime(year, month, day, tzinfo=ZoneInfo("Europe/Zurich")).astimezone(UTC)


def test_this_year_needs_no_year_another_year_says_it() -> None:
    assert _period(_at(2026, 12), _at(2027, 1)) == "1 Dec – 31 Dec"
    assert _period(_at(2027, 3), _at(2027, 4)) == "1 Mar 2027 – 31 Mar 2027"
    assert _period(_at(2026, 12), _at(2027, 2)) == "1 Dec 2026 – 31 Jan 2027"
    assert _period(_at(2026, 12), _at(2027, 2), now=None) == "1 Dec 2026 – 31 Jan 2027"
    assert _period(_at(2026, 12), _at(2027, 1), now=None) == "1 Dec – 31 Dec"


@pytest.mark.parametrize(("lang", "said"), [
    ("fr", "1 mars 2027"), ("es", "1 mar 2027"), ("zh", "2027年3月1日"), ("ru", "1 мар. 2027"),
    ("ar", "1 مارس 2027"),
])
def test_the_year_in_each_language(lang: str, said: str) -> None:
    assert _period(_at(2027, 3), _at(2027, 3, 2), lang) == said
