"""The pure iCalendar builder: escaping, folding, CRLF, properties, statuses, golden files."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import ics as ics_py
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from brs_coord.domain import Event, EventKind, Status
from brs_coord.ics import CalendarMeta, Names, assemble, build_vevent, escape_text, fold, iso_duration

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("BRS_UPDATE_GOLDEN") == "1"
CREATED = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
CHANGED = datetime(2026, 10, 2, 14, 30, tzinfo=UTC)
NAMES = Names(
    programmes={"e-waste": "E-waste, WEEE; and batteries"},
    audiences={"customs-officers": "Customs officers", "rotterdam-dnas": "Rotterdam DNAs"},
    conventions={"basel": "Basel Convention", "rotterdam": "Rotterdam Convention"},
    regions={"africa": "Africa"},
    centres={"bcrc-senegal": "BCRC Senegal"},
)
TRICKY_TITLE = 'Atelier régional, phase 2; "déchets" \\ e-waste — 电子废物管理 — التدريب على الجمارك 🌍'


def stored(**overrides: object) -> Event:
    """A stored event with fixed identity and audit fields (for byte-exact output)."""
    base = Event(
        id=1, uid="11111111-2222-3333-4444-555555555555@brs-coord", title="Webinar on e-waste inventories",
        kind=EventKind.WEBINAR, starts_at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 3, 11, 0, tzinfo=UTC), timezone="Europe/Zurich",
        description="How to inventory WEEE; step by step.\nBring your data, please.",
        programme="e-waste", languages=("en", "fr"), status=Status.CONFIRMED,
        audiences=("customs-officers", "rotterdam-dnas"), conventions=("basel", "rotterdam"),
        regions=("africa",), registration_url="https://www.brsmeas.org/events/e-waste-2026",
        online_url="https://meet.example.org/secret-room", location="Online",
        version=3, created_at=CREATED, updated_at=CHANGED, status_changed_at=CREATED,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def golden_calendar() -> bytes:
    events = [
        stored(),
        stored(id=2, uid="seed-2@brs-coord", title=TRICKY_TITLE, kind=EventKind.WORKSHOP,
               timezone="Africa/Dakar", location="Hôtel King Fahd, Dakar; salle 2, \\ aile B",
               starts_at=datetime(2027, 3, 8, 8, 0, tzinfo=UTC),
               ends_at=datetime(2027, 3, 11, 17, 0, tzinfo=UTC),
               online_url=None, status=Status.POSTPONED, status_reason="Venue unavailable, new dates soon",
               organiser="bcrc-senegal", languages=("fr",), version=5),
        stored(id=3, uid="all-day@brs-coord", title="E-learning course on PIC", kind=EventKind.E_LEARNING,
               all_day=True, timezone="America/Panama", starts_at=datetime(2027, 1, 11, 5, 0, tzinfo=UTC),
               ends_at=datetime(2027, 1, 23, 5, 0, tzinfo=UTC), online_url=None, location=None,
               status=Status.PLANNED, version=1, updated_at=CREATED),
        stored(id=4, uid="cancelled@brs-coord", title="Expert meeting on POPs", kind=EventKind.EXPERT_MEETING,
               timezone="UTC", status=Status.CANCELLED, status_reason="Lack of funding", version=7,
               online_url=None, location="Geneva"),
    ]
    vevents = [build_vevent(event, NAMES) for event in events]
    meta = CalendarMeta("BRS technical assistance: all events", "Every public event; commas, too.")
    return assemble(meta, vevents, {e.timezone for e in events}, (2026, 2027))


def physical_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n")
    return body[:-2].split(b"\r\n")


def unfold(body: bytes) -> list[str]:
    return body.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def test_golden_calendar_byte_for_byte() -> None:
    body = golden_calendar()
    path = GOLDEN / "calendar.ics"
    if UPDATE:
        path.write_bytes(body)
        pytest.skip(f"BRS_UPDATE_GOLDEN=1: wrote {path}; review the diff, then run again without it")
    assert body == path.read_bytes(), "run with BRS_UPDATE_GOLDEN=1 after an intended change"


def test_every_line_ends_in_crlf_and_fits_75_octets() -> None:
    body = golden_calendar()
    assert b"\n" not in body.replace(b"\r\n", b"")
    for line in physical_lines(body):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never splits a character


def test_golden_parses_in_four_libraries_with_the_same_events() -> None:
    body = golden_calendar()
    text = body.decode("utf-8")
    parsed = icalendar.Calendar.from_ical(body)
    events = parsed.walk("VEVENT")
    assert len(events) == 4
    assert len(list(vobject.readOne(text).contents["vevent"])) == 4
    assert len(ics_py.Calendar(text).events) == 4
    assert len(IcsCalendarStream.calendar_from_ics(text).events) == 4
    by_uid = {str(e["UID"]): e for e in events}
    tricky = by_uid["seed-2@brs-coord"]
    assert str(tricky["SUMMARY"]) == "POSTPONED: " + TRICKY_TITLE
    assert str(tricky["LOCATION"]) == "Hôtel King Fahd, Dakar; salle 2, \\ aile B"
    assert "Venue unavailable, new dates soon" in str(tricky["DESCRIPTION"])
    assert str(tricky["DTSTART"].params["TZID"]) == "Africa/Dakar"
    first = by_uid["11111111-2222-3333-4444-555555555555@brs-coord"]
    assert str(first["DESCRIPTION"]).startswith("How to inventory WEEE; step by step.\nBring your data")
    assert first.categories == [
        "Webinar", "E-waste, WEEE; and batteries", "Customs officers", "Rotterdam DNAs", "Basel Convention",
        "Rotterdam Convention",
    ]
    assert first["SEQUENCE"] == 2
    assert first.DTSTART == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert first["DTSTAMP"].dt == CHANGED and first["LAST-MODIFIED"].dt == CHANGED
    assert first["CREATED"].dt == CREATED


def test_vobject_and_ical_read_the_tricky_text_back() -> None:
    text = golden_calendar().decode("utf-8")
    vevents = {v.uid.value: v for v in vobject.readOne(text).contents["vevent"]}
    assert vevents["seed-2@brs-coord"].summary.value == "POSTPONED: " + TRICKY_TITLE
    stream = IcsCalendarStream.calendar_from_ics(text)
    assert {e.summary for e in stream.events} >= {"POSTPONED: " + TRICKY_TITLE}
    by_uid = {e.uid: e for e in ics_py.Calendar(text).events}
    assert by_uid["seed-2@brs-coord"].name == "POSTPONED: " + TRICKY_TITLE


def test_calendar_properties() -> None:
    lines = unfold(golden_calendar())
    for expected in (
        "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "NAME:BRS technical assistance: all events",
        "X-WR-CALNAME:BRS technical assistance: all events",
        "X-WR-CALDESC:Every public event\\; commas\\, too.",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H", "X-PUBLISHED-TTL:PT6H",
    ):
        assert expected in lines
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert [line for line in lines if line.startswith("TZID:")] == [
        "TZID:Africa/Dakar", "TZID:America/Panama", "TZID:Europe/Zurich",
    ]
    assert not any("VALARM" in line for line in lines)


@pytest.mark.parametrize(
    ("status", "ical", "prefix"),
    [
        (Status.PLANNED, "TENTATIVE", ""),
        (Status.CONFIRMED, "CONFIRMED", ""),
        (Status.POSTPONED, "TENTATIVE", "POSTPONED: "),
        (Status.CANCELLED, "CANCELLED", "CANCELLED: "),
        (Status.HELD, "CONFIRMED", ""),
    ],
)
def test_status_table(status: Status, ical: str, prefix: str) -> None:
    text = build_vevent(stored(status=status), NAMES)
    assert f"STATUS:{ical}\r\n" in text
    assert f"SUMMARY:{prefix}Webinar on e-waste inventories\r\n" in text


def test_drafts_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        build_vevent(stored(status=Status.DRAFT), NAMES)


def test_join_link_only_in_the_private_variant() -> None:
    public = build_vevent(stored(), NAMES)
    private = build_vevent(stored(), NAMES, private=True)
    assert "secret-room" not in public.replace("\r\n ", "")
    assert "Join online: https://meet.example.org/secret-room" in private.replace("\r\n ", "")


def test_all_day_uses_dates_with_exclusive_end() -> None:
    event = stored(all_day=True, timezone="Asia/Bangkok", starts_at=datetime(2026, 12, 6, 17, 0, tzinfo=UTC),
                   ends_at=datetime(2026, 12, 9, 17, 0, tzinfo=UTC))
    text = build_vevent(event, NAMES)
    assert "DTSTART;VALUE=DATE:20261207\r\n" in text  # Bangkok is UTC+7: 7 Dec 00:00
    assert "DTEND;VALUE=DATE:20261210\r\n" in text


def test_utc_events_use_z_times_without_vtimezone() -> None:
    text = build_vevent(stored(timezone="UTC"), NAMES)
    assert "DTSTART:20261203T090000Z\r\n" in text
    body = assemble(CalendarMeta("x"), [text], {"UTC"}, (2026, 2026))
    assert b"VTIMEZONE" not in body


def test_alarm_only_when_configured() -> None:
    assert "VALARM" not in build_vevent(stored(), NAMES)
    text = build_vevent(stored(), NAMES, alarm_minutes=30)
    assert "BEGIN:VALARM\r\nUID:alarm-" in text and "ACTION:DISPLAY\r\n" in text
    assert "TRIGGER:-PT30M\r\n" in text


def test_escape_text() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert escape_text("bell\x07") == "bell"


def test_fold_keeps_multibyte_characters_whole() -> None:
    line = "SUMMARY:" + "é" * 100 + "🌍" * 30
    folded = fold(line).encode("utf-8")
    for part in physical_lines(folded):
        assert len(part) <= 75
        part.decode("utf-8")
    assert folded.decode("utf-8").replace("\r\n ", "") == line + "\r\n"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_round_trips_through_icalendar(value: str) -> None:
    """Escape + fold, then parse back: the same text (newlines normalised, controls dropped)."""
    line = fold("SUMMARY:" + escape_text(value)).encode("utf-8")
    for part in physical_lines(line):
        assert len(part) <= 75
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        b"DTSTAMP:20260101T000000Z\r\n"
    ) + line + b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    expected = "".join(
        ch for ch in value.replace("\r\n", "\n").replace("\r", "\n")
        if ch in "\t\n" or not (ord(ch) < 32 or ord(ch) == 127)
    )
    assert str(event["SUMMARY"]) == expected


def test_iso_duration() -> None:
    assert iso_duration(timedelta(hours=6)) == "PT6H"
    assert iso_duration(timedelta(days=1)) == "P1D"
    assert iso_duration(timedelta(minutes=90)) == "PT1H30M"
    with pytest.raises(ValueError):
        iso_duration(timedelta(0))
