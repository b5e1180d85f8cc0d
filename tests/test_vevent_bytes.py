"""Today's VEVENT builder writes the same bytes as the builder before the cold-export work of
issue 16 (tests/vevent_reference.py): on varied generated events (all-day, month and year
precision, every status, translations, online events with CONFERENCE, personal VALARMs, zones with
DST and instants in their repeated hour, long text to fold, non-ASCII, controls and delimiters), one
Names shared by many events (its memo must never answer for another event's catalogue entries), and
on every demo event in every feed language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brs_coord.domain import DatePrecision, Event, EventKind, EventQuery, Status, TimeScope
from brs_coord.ics import Names, build_vevent
from brs_coord.languages import REGISTRY
from brs_coord.services import Services
from tests import vevent_reference as reference

ZONES = ("UTC", "Europe/Zurich", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata",
         "America/New_York", "Africa/Casablanca", "Pacific/Chatham")
SLUGS = ("a", "b", "c", "d,e", "f;g")
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
SHORT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
WORDS = ("Date", "Kind", "Programme", "Audiences", "Conventions", "Regions", "Languages", "Organiser",
         "Registration", "In Telegram", "Join online", "Online", "Cancelled", "Postponed",
         "exact days not recorded", "exact dates not recorded", "Workshop", "Webinar")
# instants around DST changes (and any other) from 2024 to 2029
INSTANTS = st.one_of(
    st.datetimes(datetime(2024, 1, 1), datetime(2029, 12, 31), timezones=st.just(UTC)),
    st.sampled_from([
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC), datetime(2027, 10, 31, 1, 0, tzinfo=UTC),
        datetime(2027, 3, 28, 1, 0, tzinfo=UTC), datetime(2026, 4, 5, 2, 59, 59, tzinfo=UTC),
        datetime(2026, 4, 4, 14, 45, tzinfo=UTC), datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    ]),
)


@st.composite
def events(draw: st.DrawFn) -> Event:
    starts = draw(INSTANTS)
    minutes = draw(st.sampled_from([0, 30, 60, 90, 24 * 60, 3 * 24 * 60 + 17, 40 * 24 * 60]))
    online = draw(st.one_of(st.none(), st.just("https://meet.example.org/x?a=1,b;c"),
                            st.text("abcdefghij/:.", min_size=1, max_size=120).map(lambda t: "https://" + t)))
    location = draw(st.one_of(st.none(), SHORT, st.just("Online"), st.just(f"Genève – {online or ''}")))
    translations = draw(st.lists(st.tuples(st.sampled_from(["fr", "es", "zh", "ar", "ru"]), TEXT, TEXT),
                                 max_size=3))
    changed = draw(st.one_of(st.none(), INSTANTS))
    return Event(
        id=draw(st.integers(1, 10**6)), uid=draw(st.one_of(st.just("evt-1@brs"), SHORT)),
        title=draw(TEXT), description=draw(TEXT),
        kind=draw(st.sampled_from(list(EventKind))),
        starts_at=starts, ends_at=starts + timedelta(minutes=minutes),
        timezone=draw(st.sampled_from(ZONES)), all_day=draw(st.booleans()),
        date_precision=draw(st.sampled_from(list(DatePrecision))),
        location=location, online_url=online,
        registration_url=draw(st.one_of(st.none(), st.just("https://example.org/register"))),
        languages=tuple(draw(st.lists(st.sampled_from(["en", "fr", "es", "ar", "zh", "ru", "xx"]),
                                      max_size=3, unique=True))),
        status=draw(st.sampled_from([s for s in Status if s is not Status.DRAFT])),
        status_reason=draw(st.one_of(st.none(), SHORT)),
        programme=draw(st.one_of(st.none(), st.sampled_from(SLUGS))),
        organiser=draw(st.one_of(st.none(), st.sampled_from(SLUGS))),
        audiences=tuple(draw(st.lists(st.sampled_from(SLUGS), max_size=3, unique=True))),
        regions=tuple(draw(st.lists(st.sampled_from(SLUGS), max_size=3, unique=True))),
        conventions=tuple(draw(st.lists(st.sampled_from(SLUGS), max_size=3, unique=True))),
        translations=tuple(translations), version=draw(st.integers(1, 5)),
        created_at=changed, updated_at=changed if draw(st.booleans()) else None,
    )


@st.composite
def names(draw: st.DrawFn) -> Names:
    def table() -> dict[str, str]:
        return draw(st.dictionaries(st.sampled_from(SLUGS), SHORT, max_size=len(SLUGS)))

    translated = draw(st.booleans())
    return Names(
        programmes=table(), audiences=table(), regions=table(), conventions=table(), centres=table(),
        bot=draw(st.sampled_from(["", "brs_bot"])),
        words=draw(st.dictionaries(st.sampled_from(WORDS), SHORT)) if translated else {},
        language=draw(st.sampled_from(["", "fr", "zh", "ar"])) if translated else "",
        months=tuple(draw(st.lists(SHORT, min_size=12, max_size=12))) if translated else (),
        languages=draw(st.dictionaries(st.sampled_from(["en", "fr", "zh"]), SHORT)) if translated else {},
    )


VARIANTS = ((False, None), (True, None), (True, 30), (False, 1440))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names(), st.lists(events(), min_size=1, max_size=8))
def test_the_builder_writes_the_bytes_it_wrote_before(catalogue: Names, batch: list[Event]) -> None:
    # one Names for the whole batch, twice over: what it remembers of one event must fit the next
    for _ in range(2):
        for event in batch:
            for private, alarm in VARIANTS:
                new = build_vevent(event, catalogue, private=private, alarm_minutes=alarm)
                old = reference.build_vevent(event, catalogue, private=private, alarm_minutes=alarm)
                assert new.encode("utf-8") == old.encode("utf-8")


def test_the_instants_of_the_repeated_hour_are_written_in_utc_as_before() -> None:
    zurich = ZoneInfo("Europe/Zurich")
    first = datetime(2027, 10, 31, 2, 30, tzinfo=zurich).astimezone(UTC)  # the first 02:30
    event = Event(id=1, uid="u", title="t", kind=EventKind.WORKSHOP, starts_at=first,
                  ends_at=first + timedelta(hours=2), timezone="Europe/Zurich", status=Status.CONFIRMED)
    text = build_vevent(event, Names())
    assert "DTSTART:20271031T003000Z" in text and "DTEND;TZID=Europe/Zurich:20271031T033000" in text
    assert text == reference.build_vevent(event, Names())


@pytest.mark.parametrize("lang", [language.code for language in REGISTRY])
def test_every_demo_event_is_written_as_before_in_every_feed_language(
    demo_services: Services, lang: str
) -> None:
    catalogue = demo_services.feeds.names(lang)
    everything = demo_services.find(EventQuery(scope=TimeScope.ALL, limit=None))
    assert len(everything) > 20
    for event in everything:
        for private, alarm in VARIANTS:
            new = build_vevent(event, catalogue, private=private, alarm_minutes=alarm)
            assert new == reference.build_vevent(event, catalogue, private=private, alarm_minutes=alarm)
