"""Property tests: no text makes the date parser raise, and ranges are never reversed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from brs_coord.dates import find_period, parse_instant

ZONES = ("Europe/Zurich", "Pacific/Auckland", "America/Los_Angeles", "UTC", "Asia/Kathmandu")
FRAGMENTS = (
    "next", "week", "month", "3", "10", "March", "mars", "mayo", "May", "entre", "et", "y",
    "and", "between", "from", "to", "-", "/", ":", "h", "14:00", "2027", "1er", "de", "el",
    "la", "prochain", "lundi", "próximo", "mañana", "demain", "before", "the end of", "year",
    "d'ici", "a las", "within", "30 days", "weekend", "CET", "Europe/Paris", "+05:00",
    "31", "29 February", "0", "99", "9999-12-31", "0001-01-01", "after", "until", "é", "🙂",
    "\x00", "OR", '"', "*", "Easter", "Pâques", "Semana Santa", "Christmas", "Q1", "trimestre",
    "premier", "quarter", "fin", "mi-", "early", "late", "avant", "après", "hasta", "tomorow",
    "decmber", "nxt", "in", "dans", "quinze", "jours", "two weeks", "3 days",
)  # fmt: skip

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
)
clocks = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
)

# Known answers, tried first as explicit examples: a parser that always says None fails on them.
SAT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
PERIODS = {
    ("webinars next month", SAT, "Europe/Zurich"):
        (datetime(2026, 11, 30, 23, 0, tzinfo=UTC), datetime(2026, 12, 31, 23, 0, tzinfo=UTC)),
    ("between 3 and 10 March", SAT, "UTC"):
        (datetime(2027, 3, 3, tzinfo=UTC), datetime(2027, 3, 11, tzinfo=UTC)),
    ("next week", SAT, "Pacific/Auckland"):  # already Sunday 22 Nov there
        (datetime(2026, 11, 22, 11, 0, tzinfo=UTC), datetime(2026, 11, 29, 11, 0, tzinfo=UTC)),
    ("after Christmas", SAT, "UTC"): (datetime(2026, 12, 27, tzinfo=UTC), None),
    ("avant fin février", SAT, "UTC"): (datetime(2026, 11, 21, tzinfo=UTC),
                                        datetime(2027, 3, 1, tzinfo=UTC)),
}  # fmt: skip
INSTANTS = {
    ("2027-03-03 09:30", SAT, "Europe/Zurich"): datetime(2027, 3, 3, 9, 30, tzinfo=ZoneInfo("Europe/Zurich")),
    ("demain 9h", SAT, "Asia/Kathmandu"): datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Asia/Kathmandu")),
}


@settings(max_examples=200, deadline=None)
@example(text="webinars next month", now=SAT, tz="Europe/Zurich")
@example(text="between 3 and 10 March", now=SAT, tz="UTC")
@example(text="next week", now=SAT, tz="Pacific/Auckland")
@example(text="after Christmas", now=SAT, tz="UTC")
@example(text="avant fin février", now=SAT, tz="UTC")
@given(text=texts, now=clocks, tz=st.sampled_from(ZONES))
def test_find_period_never_raises_and_is_ordered(text: str, now: datetime, tz: str) -> None:
    """Any text gives None or a range whose start is not after its end."""
    found = find_period(text, now=now, tz=tz)
    expected = PERIODS.get((text, now, tz))
    if expected is not None:
        assert found is not None and (found.range.start, found.range.end) == expected
    if found is None:
        return
    start, end = found.range.start, found.range.end
    for bound in (start, end):
        assert bound is None or bound.utcoffset() == timedelta(0)
    if start is not None and end is not None:
        assert start <= end
    assert found.range.phrase and found.range.phrase in text


@settings(max_examples=200, deadline=None)
@example(text="2027-03-03 09:30", now=SAT, tz="Europe/Zurich")
@example(text="demain 9h", now=SAT, tz="Asia/Kathmandu")
@given(text=texts, now=clocks, tz=st.sampled_from(ZONES))
def test_parse_instant_never_raises(text: str, now: datetime, tz: str) -> None:
    """Any text gives None or an aware datetime in the asker's zone."""
    parsed = parse_instant(text, now=now, tz=tz)
    expected = INSTANTS.get((text, now, tz))
    if expected is not None:
        assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() is not None
        assert str(parsed.tzinfo) == tz
