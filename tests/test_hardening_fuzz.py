"""Hardening (fuzzing): the question parser, date phrases, iCalendar escaping, the callback codec."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brs_coord.bot.callbacks import ACTIONS, MAX_BYTES, CallbackCodec, Expired
from brs_coord.clock import FixedClock
from brs_coord.dates import find_period, parse_instant
from brs_coord.domain import Event, EventKind, Status
from brs_coord.errors import BrsCoordError
from brs_coord.ics import CalendarMeta, Names, assemble, build_vevent
from brs_coord.services.query import QueryService
from brs_coord.store import Store, open_store

pytestmark = pytest.mark.hardening

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
QUICK = settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# ---- the question parser ---------------------------------------------------------------------

HOSTILE = [
    "\x00", "\x1b[2J", "\r\n", "\u202e", "\u2028", "\ufeff", "'", '"', "*", "NEAR(", "^", ")", "(", "OR",
    "AND", "NOT", "-", ":", "column:", "title:", "{", "}", "%", "_", "\\", "--", ";", "DROP TABLE events;",
    "💥", "ﷺ", "שלום", "مرحبا", "next", "week", "webinars", "in", "December", "99999", "e-waste",
]  # fmt: skip
questions = st.one_of(
    st.text(max_size=600),
    st.lists(st.sampled_from(HOSTILE), max_size=30).map(" ".join),
    st.integers(1, 20_000).map(lambda n: "a" * n),
)


@pytest.fixture(scope="module")
def query_service(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[QueryService]:
    path = tmp_path_factory.mktemp("hardening-query") / "demo.db"
    shutil.copyfile(demo_template, path)
    store: Store = open_store(path, FixedClock(NOW))
    yield QueryService(store)
    store.close()


@QUICK
@given(
    question=questions,
    lang=st.one_of(st.none(), st.sampled_from(["en", "fr", "es"]), st.text(max_size=10)),
    limit=st.integers(-(10**9), 10**9),
    offset=st.integers(-(10**9), 10**9),
)
def test_no_question_raises(
    query_service: QueryService, question: str, lang: str | None, limit: int, offset: int
) -> None:
    answer = query_service.ask(question, lang=lang, limit=limit, offset=offset)
    assert answer.total >= 0 and len(answer.events) <= 100
    query_service.describe(answer.understood, lang or "en")
    answer.to_json()


VALID_ZONES = ("Europe/Paris", "Pacific/Kiritimati", "Etc/GMT+12", "UTC")


@QUICK
@example(zone="Europe/Paris")
@example(zone="Pacific/Kiritimati")  # UTC+14: already 22 November there
@example(zone="Etc/GMT+12")
@example(zone="UTC")
@example(zone="Mars/Olympus")
@example(zone="../etc/passwd")
@given(zone=st.text(max_size=80))
def test_any_zone_name_is_an_answer_or_a_clear_refusal(query_service: QueryService, zone: str) -> None:
    try:
        understood = query_service.parse("webinars next month", tz=zone)
    except BrsCoordError as exc:
        assert "time zone" in exc.message
        assert zone not in VALID_ZONES, f"a real zone was refused: {zone!r}"
        return
    # An answer: the zone is a real one, and "next month" is read in it (1 December, local).
    local = ZoneInfo(zone)  # raises for a name zoneinfo does not know
    assert understood.tz == zone
    assert understood.start is not None and understood.end is not None
    start, end = understood.start.astimezone(local), understood.end.astimezone(local)
    assert (start.year, start.month, start.day) == (2026, 12, 1)
    assert (end.year, end.month, end.day) == (2027, 1, 1)


def test_non_text_questions_are_empty_questions(query_service: QueryService) -> None:
    for value in (None, 42, b"webinars", ["webinars"]):
        assert query_service.ask(value, limit=1).total >= 0  # type: ignore[arg-type]


# ---- date phrases ----------------------------------------------------------------------------

UNITS = ["days", "weeks", "months", "years", "jours", "semaines", "mois", "ans", "días", "meses", "años"]
numbers = st.one_of(
    st.integers(0, 10**25).map(str), st.sampled_from(["0", "9999", "10000", "-1", "٣", "³", "1e9", "0x10"])
)
leads = st.sampled_from(
    ["in", "within", "next", "d'ici", "dans", "en", "before", "after", "until", "from", "between", ""]
)
tails = st.sampled_from([*UNITS, "March", "/12/", "-12-31", "/", ":00", "h", "and", "et", "y"])
date_phrases = st.tuples(leads, numbers, tails, numbers).map(" ".join)


LAST = datetime(2090, 12, 31, 23, 59, tzinfo=UTC)
# Known answers, tried first as explicit examples: a parser that always says None fails on them.
NUMBER_PHRASES = {
    ("within 30 days 0", NOW, "UTC"):
        (datetime(2026, 11, 21, tzinfo=UTC), datetime(2026, 12, 22, tzinfo=UTC)),
    ("d'ici 3 mois 0", datetime(2000, 1, 1, tzinfo=UTC), "UTC"):
        (datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 4, 2, tzinfo=UTC)),
    ("from 3 March 10", LAST, "Etc/GMT+12"): (datetime(2091, 3, 3, 12, 0, tzinfo=UTC), None),  # open end
}  # fmt: skip


@QUICK
@example(phrase="within 30 days 0", now=NOW, zone="UTC")
@example(phrase="d'ici 3 mois 0", now=datetime(2000, 1, 1, tzinfo=UTC), zone="UTC")
@example(phrase="from 3 March 10", now=LAST, zone="Etc/GMT+12")
@given(
    phrase=date_phrases,
    now=st.sampled_from([NOW, datetime(2000, 1, 1, tzinfo=UTC), LAST]),
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu"]),
)
def test_number_heavy_date_phrases_never_raise(phrase: str, now: datetime, zone: str) -> None:
    found = find_period(phrase, now=now, tz=zone)
    expected = NUMBER_PHRASES.get((phrase, now, zone))
    if expected is not None:
        assert found is not None and (found.range.start, found.range.end) == expected
    if found and found.range.start and found.range.end:
        assert found.range.start <= found.range.end
    parse_instant(phrase, now=now, tz=zone)


# ---- iCalendar escaping ----------------------------------------------------------------------

PIECES = [
    *"\r\n;,:\\\"\x00\x0b\x1b\x7f\x85\u2028\u2029=aZ é🌍\t",
    "BEGIN:VEVENT", "END:VEVENT", "\r\nX-INJECTED:1", "\nATTACH:http://evil", "\rUID:evil",
    "END:VCALENDAR", "\r\n BEGIN:VALARM", "\\n", "\\;", ";TZID=x:",
]  # fmt: skip
nasty_text = st.one_of(st.lists(st.sampled_from(PIECES), max_size=14).map("".join), st.text(max_size=60))
VEVENT_PROPERTIES = {
    "UID", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "STATUS", "DTSTART", "DTEND", "SUMMARY",
    "DESCRIPTION", "LOCATION", "URL", "CATEGORIES", "CLASS", "TRANSP", "X-MICROSOFT-CDO-BUSYSTATUS",
    "CONFERENCE",
}  # fmt: skip
CALENDAR_PROPERTIES = {
    "VERSION", "PRODID", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC",
    "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "SOURCE", "URL",
}  # fmt: skip


def _logical_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\r" not in line and "\n" not in line for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


@QUICK
@given(
    title=nasty_text, description=nasty_text, location=nasty_text, reason=nasty_text,
    programme=nasty_text, status=st.sampled_from([Status.CONFIRMED, Status.CANCELLED, Status.POSTPONED]),
    private=st.booleans(),
)
def test_no_property_injection_through_text(
    title: str, description: str, location: str, reason: str, programme: str, status: Status,
    private: bool,
) -> None:
    event = Event(
        id=1, uid="fuzz-1@brs-coord", title=title, kind=EventKind.WEBINAR,
        starts_at=datetime(2026, 12, 3, 9, tzinfo=UTC), ends_at=datetime(2026, 12, 3, 11, tzinfo=UTC),
        timezone="Europe/Zurich", description=description, location=location or None, status=status,
        status_reason=reason or None, programme=programme or None, audiences=(title,) if title else (),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    vevent = build_vevent(event, Names(programmes={programme: title}), private=private, alarm_minutes=10)
    data = assemble(CalendarMeta(name=title or "x", description=description), [vevent],
                    ["Europe/Zurich"], (2026, 2026))
    # Independent of any parser: every logical line is a property this builder writes.
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in _logical_lines(data)]
    begins = [line for line in _logical_lines(data) if line.startswith("BEGIN:")]
    assert begins.count("BEGIN:VEVENT") == 1 and begins.count("BEGIN:VCALENDAR") == 1
    assert all(name.isupper() or name.startswith("X-") or name == "" for name in names), names
    calendar = icalendar.Calendar.from_ical(data)
    [parsed] = calendar.walk("VEVENT")
    assert set(parsed.keys()) <= VEVENT_PROPERTIES, set(parsed.keys()) - VEVENT_PROPERTIES
    assert set(calendar.keys()) <= CALENDAR_PROPERTIES
    assert str(parsed["UID"]) == "fuzz-1@brs-coord"
    assert len(calendar.walk("VALARM")) == (0 if status is Status.CANCELLED else 1)
    assert not calendar.errors and not parsed.errors
    expected_title = re.sub(r"\r\n?", "\n", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", title))
    assert str(parsed["SUMMARY"]).endswith(expected_title)


# ---- the callback-data codec -----------------------------------------------------------------

codec = CallbackCodec("123:hardening-token")
short_args = st.from_regex(r"[A-Za-z0-9_+\-/.]{0,8}", fullmatch=True)
int_args = st.integers(0, 10**12 - 1).map(str)


@st.composite
def buttons(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    action = draw(st.sampled_from(sorted(ACTIONS)))
    args = tuple(draw(int_args if kind == "i" else short_args) for kind in ACTIONS[action])
    return action, args


@QUICK
@given(button=buttons())
def test_callback_round_trip(button: tuple[str, tuple[str, ...]]) -> None:
    action, args = button
    data = codec.encode(action, *args)
    assert 0 < len(data.encode()) <= MAX_BYTES
    decoded = codec.decode(data)
    assert (decoded.action, decoded.args) == (action, args)
    assert codec.pattern(action)(data) and not any(codec.pattern(a)(data) for a in ACTIONS if a != action)


@QUICK
@given(button=buttons(), position=st.integers(0, 63), replacement=st.characters())
def test_tampered_callback_data_is_expired(
    button: tuple[str, tuple[str, ...]], position: int, replacement: str
) -> None:
    data = codec.encode(*button[:1], *button[1])
    position %= len(data)
    forged = data[:position] + replacement + data[position + 1 :]
    if forged == data:
        return
    with pytest.raises(Expired):
        codec.decode(forged)
    assert not codec.pattern(button[0])(forged)


@QUICK
@given(data=st.one_of(st.text(max_size=200), st.binary(max_size=80), st.none(), st.integers()))
def test_any_callback_data_decodes_or_is_expired(data: object) -> None:
    try:
        codec.decode(data)
    except Expired:
        pass
    for action in ACTIONS:
        codec.pattern(action)(data)


def test_signatures_of_another_token_and_non_ascii_signatures_are_expired() -> None:
    other = CallbackCodec("456:another-token").encode("reg", 42)
    forged_data = (other, "1:reg:42:é", "1:reg:42:" + "\u00e9" * 8, "1:reg:42:𝟘𝟙", "1:pg:1:2:ÿÿÿÿÿÿÿÿ",
                   "1:reg:42:\ud800")
    for forged in forged_data:
        with pytest.raises(Expired):
            codec.decode(forged)
        assert not codec.pattern("reg")(forged)
