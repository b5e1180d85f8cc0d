"""The partner parsers alone (issue 20): an .ics feed (recurrence with EXDATE and an overridden
occurrence, floating times in the declared zone, all-day, METHOD:CANCEL, broken components rejected
with their reason, a huge RRULE capped at the horizon) and an Indico category export (missing
fields, a bad date, zone names). No input makes either raise."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from brs_coord.partners.ics_feed import MAX_OCCURRENCES, parse_ics
from brs_coord.partners.indico import parse_indico
from brs_coord.partners.upstream import ParsedSource, Precision

HORIZON = datetime(2027, 12, 31, tzinfo=UTC)


def ics(*components: str, method: str = "PUBLISH") -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nMETHOD:" + method + "\r\n"
            + "".join(components) + "END:VCALENDAR\r\n").encode()


def vevent(*lines: str) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(line + "\r\n" for line in lines) + "END:VEVENT\r\n"


def parse(body: bytes, zone: str = "UTC", horizon: datetime = HORIZON) -> ParsedSource:
    return parse_ics(body, zone=zone, horizon=horizon)


def test_a_weekly_rule_with_an_exdate_and_a_moved_occurrence() -> None:
    body = ics(
        vevent("UID:weekly@centre", "SUMMARY:POPs clinic", "DTSTART;TZID=Europe/Zurich:20270105T100000",
               "DTEND;TZID=Europe/Zurich:20270105T110000", "RRULE:FREQ=WEEKLY;COUNT=4",
               "EXDATE;TZID=Europe/Zurich:20270112T100000"),
        vevent("UID:weekly@centre", "RECURRENCE-ID;TZID=Europe/Zurich:20270119T100000",
               "SUMMARY:POPs clinic (moved)", "DTSTART;TZID=Europe/Zurich:20270120T150000",
               "DTEND;TZID=Europe/Zurich:20270120T160000"),
    )
    parsed = parse(body)
    assert parsed.rejected == ()
    zurich = ZoneInfo("Europe/Zurich")
    got = [(e.external_uid, e.title, e.starts.astimezone(zurich).strftime("%d %H:%M")) for e in parsed.events]
    assert got == [
        ("weekly@centre#20270105T090000Z", "POPs clinic", "05 10:00"),
        ("weekly@centre#20270119T090000Z", "POPs clinic (moved)", "20 15:00"),  # keyed by its RECURRENCE-ID
        ("weekly@centre#20270126T090000Z", "POPs clinic", "26 10:00"),
    ]  # the 12th is excluded
    assert all(e.ends - e.starts == timedelta(hours=1) for e in parsed.events)
    assert {e.recurrence_id for e in parsed.events} == {
        "20270105T090000Z", "20270119T090000Z", "20270126T090000Z"}


def test_floating_times_take_the_declared_zone_and_named_ones_keep_theirs() -> None:
    body = ics(vevent("UID:float@c", "SUMMARY:Floating", "DTSTART:20270301T090000", "DURATION:PT2H"),
               vevent("UID:named@c", "SUMMARY:Named", "DTSTART;TZID=Asia/Tokyo:20270301T090000",
                      "DTEND;TZID=Asia/Tokyo:20270301T100000"),
               vevent("UID:utc@c", "SUMMARY:UTC", "DTSTART:20270301T090000Z"))
    floating, named, utc = parse(body, zone="America/Montevideo").events
    assert floating.starts == datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # 09:00 in Montevideo (UTC-3)
    assert floating.zone == "America/Montevideo" and floating.ends - floating.starts == timedelta(hours=2)
    assert named.starts == datetime(2027, 3, 1, 0, 0, tzinfo=UTC) and named.zone == "Asia/Tokyo"
    assert utc.starts == datetime(2027, 3, 1, 9, 0, tzinfo=UTC) and utc.ends == utc.starts


def test_all_day_events_are_days_and_an_all_day_rule_expands_by_day() -> None:
    body = ics(vevent("UID:day@c", "SUMMARY:COP side event", "DTSTART;VALUE=DATE:20270505",
                      "DTEND;VALUE=DATE:20270507"),
               vevent("UID:daily@c", "SUMMARY:Days of action", "DTSTART;VALUE=DATE:20270601",
                      "RRULE:FREQ=DAILY;UNTIL=20270603", "EXDATE;VALUE=DATE:20270602"))
    day, *daily = parse(body).events
    assert day.precision is Precision.DAY
    assert (day.starts, day.ends) == (datetime(2027, 5, 5, tzinfo=UTC), datetime(2027, 5, 7, tzinfo=UTC))
    assert [e.starts.day for e in daily] == [1, 3] and all(e.precision is Precision.DAY for e in daily)
    assert all(e.ends - e.starts == timedelta(days=1) for e in daily)


def test_method_cancel_and_status_cancelled_mark_events_cancelled() -> None:
    one = vevent("UID:a@c", "SUMMARY:A", "DTSTART:20270301T090000Z")
    assert all(e.cancelled for e in parse(ics(one, method="CANCEL")).events)
    assert not parse(ics(one)).events[0].cancelled
    status = vevent("UID:b@c", "SUMMARY:B", "DTSTART:20270301T090000Z", "STATUS:CANCELLED", "SEQUENCE:4",
                    "LAST-MODIFIED:20261120T080000Z")
    [cancelled] = parse(ics(status)).events
    assert cancelled.cancelled and cancelled.sequence == 4
    assert cancelled.last_modified == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def test_broken_components_are_rejected_with_their_reason_and_the_rest_is_read() -> None:
    body = ics(
        vevent("SUMMARY:No identity", "DTSTART:20270301T090000Z"),
        vevent("UID:garbage@c", "SUMMARY:Garbage start", "DTSTART:next tuesday-ish"),
        vevent("UID:nostart@c", "SUMMARY:No start"),
        vevent("UID:backwards@c", "SUMMARY:Backwards", "DTSTART:20270301T090000Z", "DTEND:20270301T080000Z"),
        vevent("UID:untitled@c", "DTSTART:20270301T090000Z"),
        vevent("UID:good@c", "SUMMARY:Good", "DTSTART:20270301T090000Z"),
        vevent("UID:good@c", "SUMMARY:Good again", "DTSTART:20270302T090000Z"),
    )
    parsed = parse(body)
    assert [e.external_uid for e in parsed.events] == ["good@c"]
    reasons = {r.where: r.reason for r in parsed.rejected}
    assert reasons["VEVENT #1 (No identity)"] == "it has no UID"
    garbage = reasons["VEVENT garbage@c"]
    assert garbage.startswith("unreadable (") and "next tuesday-ish" in garbage
    assert reasons["VEVENT nostart@c"] == "it has no DTSTART"
    assert reasons["VEVENT backwards@c"] == "it ends before it starts"
    assert reasons["VEVENT untitled@c"] == "it has no SUMMARY"
    assert "a second VEVENT with the same UID" in reasons.values()
    assert len(parsed.rejected) == 6


@pytest.mark.parametrize("body", [
    ics(vevent("UID:a@c", "SUMMARY:A", "DTSTART:20270301T090000Z")).replace(b"END:VEVENT\r\n", b""),
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n",  # a feed cut off mid-way
    b"<html><body>Maintenance</body></html>",
    b"\xff\xfe\x00garbage",
    b"",
])
def test_an_unterminated_or_unreadable_document_is_rejected_never_raised(body: bytes) -> None:
    parsed = parse(body)
    assert parsed.events == () and len(parsed.rejected) == 1
    [rejected] = parsed.rejected
    assert rejected.where == "calendar"  # the sync then treats nothing as gone
    assert rejected.reason.startswith("not an iCalendar document (")


def test_a_huge_rule_is_capped_at_the_horizon_and_at_the_occurrence_limit() -> None:
    hourly = vevent("UID:hourly@c", "SUMMARY:Every hour forever", "DTSTART:20270101T000000Z",
                    "RRULE:FREQ=HOURLY")
    near = parse(ics(hourly), horizon=datetime(2027, 1, 2, 0, 0, tzinfo=UTC)).events
    assert len(near) == 25 and near[-1].starts == datetime(2027, 1, 2, 0, 0, tzinfo=UTC)
    far = parse(ics(hourly), horizon=datetime(2030, 1, 1, tzinfo=UTC)).events
    assert len(far) == MAX_OCCURRENCES  # not 26,000 sessions: the cap, whatever the rule says
    secondly = vevent("UID:s@c", "SUMMARY:S", "DTSTART:20270101T000000Z",
                      "RRULE:FREQ=SECONDLY;COUNT=99999999")
    assert len(parse(ics(secondly)).events) == MAX_OCCURRENCES
    broken = vevent("UID:r@c", "SUMMARY:R", "DTSTART:20270101T000000Z", "RRULE:FREQ=SOMETIMES")
    [rejected] = parse(ics(broken)).rejected
    assert rejected.where == "VEVENT r@c" and rejected.reason


# ---- Indico ---------------------------------------------------------------------------------


def indico(*results: object) -> bytes:
    return json.dumps({"count": len(results), "results": list(results)}).encode()


def test_indico_entries_with_their_zones_and_the_declared_zone_when_none() -> None:
    parsed = parse_indico(indico(
        {"id": 1, "title": "Zurich",
         "startDate": {"date": "2027-02-03", "time": "13:00:00", "tz": "Europe/Zurich"},
         "endDate": {"date": "2027-02-03", "time": "15:00:00", "tz": "Europe/Zurich"},
         "room": "Room 2", "location": "Geneva", "category": "BRS", "url": "https://indico.example.org/event/1/"},
        {"id": "2", "title": "No zone", "startDate": {"date": "2027-02-04", "time": "09:30:00"}},
        {"id": 3, "title": "No end, no time", "startDate": {"date": "2027-02-05", "tz": ""}},
    ), zone="Africa/Nairobi")
    assert parsed.rejected == ()
    zurich, no_zone, no_end = parsed.events
    assert zurich.external_uid == "indico-1" and zurich.zone == "Europe/Zurich"
    assert zurich.starts == datetime(2027, 2, 3, 12, 0, tzinfo=UTC)
    assert zurich.ends - zurich.starts == timedelta(hours=2)
    assert zurich.location == "Room 2, Geneva" and zurich.categories == ("BRS",)
    assert no_zone.zone == "Africa/Nairobi" and no_zone.starts == datetime(2027, 2, 4, 6, 30, tzinfo=UTC)
    assert no_end.starts == no_end.ends == datetime(2027, 2, 4, 21, 0, tzinfo=UTC)  # midnight in Nairobi


def test_indico_missing_fields_bad_dates_and_unknown_zones_are_rejected_with_their_reason() -> None:
    parsed = parse_indico(indico(
        {"title": "No id", "startDate": {"date": "2027-02-03"}},
        {"id": 2, "title": "  ", "startDate": {"date": "2027-02-03"}},
        {"id": 3, "title": "No start"},
        {"id": 4, "title": "Bad date", "startDate": {"date": "2027-02-30"}},
        {"id": 5, "title": "Bad time", "startDate": {"date": "2027-02-03", "time": "25:00:00"}},
        {"id": 6, "title": "Unknown zone", "startDate": {"date": "2027-02-03", "tz": "Mars/Olympus"}},
        {"id": 7, "title": "Backwards", "startDate": {"date": "2027-02-03"},
         "endDate": {"date": "2027-02-01"}},
        "not an object",
        {"id": 8, "title": "Fine", "startDate": {"date": "2027-02-03", "tz": "Asia/Shanghai"}},
    ), zone="UTC")
    assert [e.external_uid for e in parsed.events] == ["indico-8"]
    reasons = [(r.where, r.reason) for r in parsed.rejected]
    assert reasons[:3] == [("result #1 (id None)", "it has no id"), ("result #2 (id 2)", "it has no title"),
                           ("result #3 (id 3)", "its startDate has no date")]
    assert reasons[3][1].startswith("its startDate cannot be read") and reasons[4][1].startswith(
        "its startDate cannot be read")
    assert reasons[5][0] == "result #6 (id 6)" and "Mars/Olympus" in reasons[5][1]
    assert reasons[6] == ("result #7 (id 7)", "it ends before it starts")
    assert reasons[7] == ("result #8", "it is not an object")


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"results": "none"}', b"", b"\xff\xfe"])
def test_an_unreadable_indico_document_is_one_rejection(body: bytes) -> None:
    parsed = parse_indico(body, zone="UTC")
    assert parsed.events == () and [r.where for r in parsed.rejected] == ["document"]


def test_an_outlook_feed_keeps_the_zone_its_windows_tzid_names() -> None:
    """Exchange names its zones "W. Europe Standard Time" and defines them in a VTIMEZONE: the
    instant is the VTIMEZONE's and the event's zone the IANA one it stands for, not the source's."""
    vtimezone = ("BEGIN:VTIMEZONE\r\nTZID:{}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n"
                 "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\n"
                 "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n"
                 "TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n"
                 "END:VTIMEZONE\r\n")
    body = ics(
        vtimezone.format("Romance Standard Time"), vtimezone.format("W. Europe Standard Time"),
        vevent("UID:040000008200E00074C5B7101A82E008A", "SUMMARY:Taller", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
               "DTSTART;TZID=Romance Standard Time:20270420T093000",
               "DTEND;TZID=Romance Standard Time:20270420T170000"),
        vevent("UID:040000008200E00074C5B7101A82E008B", "SUMMARY:Webinar",
               "DTSTART;TZID=W. Europe Standard Time:20270512T140000", "DURATION:PT90M"),
    )
    parsed = parse(body, zone="America/Montevideo")
    assert not parsed.rejected
    found = {e.title: e for e in parsed.events}
    assert found["Taller"].zone == "Europe/Paris"
    assert found["Taller"].starts.astimezone(UTC) == datetime(2027, 4, 20, 7, 30, tzinfo=UTC)
    assert found["Webinar"].zone == "Europe/Berlin"
    assert found["Webinar"].ends.astimezone(UTC) == datetime(2027, 5, 12, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b""])
def test_a_bom_or_latin_1_feed_is_read_with_its_letters(prefix: bytes) -> None:
    """A BOM before BEGIN:VCALENDAR, or an old CMS publishing Latin-1: read, accents intact."""
    text = ics(vevent("UID:l1", "SUMMARY:Atelier régional à Dakar", "DTSTART:20270512T140000Z")).decode()
    body = prefix + text.encode("utf-8" if prefix else "latin-1")
    parsed = parse(body)
    assert not parsed.rejected
    assert [e.title for e in parsed.events] == ["Atelier régional à Dakar"]


def test_an_indico_export_with_a_bom_or_in_latin_1_is_read() -> None:
    entry = {"id": 7, "title": "Séminaire", "startDate": {"date": "2027-05-12", "time": "09:00:00",
                                                          "tz": "Europe/Zurich"}}
    text = json.dumps({"count": 1, "results": [entry]}, ensure_ascii=False)
    for body in (b"\xef\xbb\xbf" + text.encode(), text.encode("latin-1")):
        parsed = parse_indico(body, zone="UTC")
        assert not parsed.rejected
        assert [e.title for e in parsed.events] == ["Séminaire"]


def test_indico_export_variants_html_iso_dates_categories_and_a_deleted_entry() -> None:
    """What Indico instances export besides the plain form: HTML descriptions, ISO dates, the
    event's own ``timezone``, ``categories``/``keywords``, a bare list, and a deleted entry."""
    results = [
        {"id": "1001", "title": "Regional workshop",
         "description": "<p>On <b>e-waste</b>&nbsp;&amp; POPs</p>",
         "startDate": {"date": "2027-03-15", "time": "09:00:00"}, "timezone": "Africa/Nairobi",
         "category": "BRS", "keywords": ["e-waste"]},
        {"id": 1002, "title": "ISO dated", "startDate": "2027-06-01T09:00:00+02:00",
         "endDate": "2027-06-01T12:00:00+02:00", "categories": ["Rotterdam"]},
        {"id": "1003", "title": "Withdrawn", "deleted": True,
         "startDate": {"date": "2027-05-02", "time": "14:00:00", "tz": "UTC"}},
    ]
    for document in ({"count": 3, "results": results}, results):
        parsed = parse_indico(json.dumps(document).encode(), zone="UTC")
        assert not parsed.rejected
        found = {e.external_uid: e for e in parsed.events}
        first = found["indico-1001"]
        assert first.description == "On e-waste & POPs"
        assert first.zone == "Africa/Nairobi"
        assert first.starts == datetime(2027, 3, 15, 6, 0, tzinfo=UTC)
        assert first.categories == ("BRS", "e-waste")
        assert found["indico-1002"].starts == datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
        assert found["indico-1002"].categories == ("Rotterdam",)
        assert found["indico-1003"].cancelled and not first.cancelled


def test_an_html_description_from_google_becomes_plain_text_and_plain_text_stays() -> None:
    body = ics(vevent("UID:g1", "SUMMARY:Webinar", "DTSTART:20270512T140000Z",
                      'DESCRIPTION:Join us<br>Register <a href="https://brs.example/r">here</a>'),
               vevent("UID:g2", "SUMMARY:Counts", "DTSTART:20270513T140000Z", "DESCRIPTION:Groups of <5 a<b"))
    found = {e.external_uid: e.description for e in parse(body).events}
    assert found == {"g1": "Join us\nRegister here (https://brs.example/r)", "g2": "Groups of <5 a<b"}


def test_a_local_or_date_until_beside_a_zoned_start_is_read_in_that_zone() -> None:
    """RFC 5545 wants UNTIL in UTC beside a TZID start; older Outlook and hand-made feeds write it
    local or as a date: the series is read (it was rejected whole), up to and including UNTIL."""
    body = ics(
        vevent("UID:local-until", "SUMMARY:Clinic", "DTSTART;TZID=Europe/Zurich:20270105T100000",
               "DTEND;TZID=Europe/Zurich:20270105T110000", "RRULE:FREQ=WEEKLY;UNTIL=20270126T100000"),
        vevent("UID:date-until", "SUMMARY:Drop-in", "DTSTART;TZID=Europe/Zurich:20270105T100000",
               "RRULE:FREQ=WEEKLY;UNTIL=20270119"),
    )
    parsed = parse(body)
    assert not parsed.rejected
    days = {uid: sorted(e.starts.day for e in parsed.events if e.external_uid.startswith(uid))
            for uid in ("local-until#", "date-until#")}
    assert days == {"local-until#": [5, 12, 19, 26], "date-until#": [5, 12, 19]}


def test_floating_times_of_a_source_left_in_utc_take_the_feeds_x_wr_timezone() -> None:
    body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
            "X-WR-TIMEZONE:America/Port_of_Spain\r\n"
            + vevent("UID:f@google.com", "SUMMARY:Focal points", "DTSTART:20270317T090000",
                     "DTEND:20270317T100000") + "END:VCALENDAR\r\n").encode()
    [left_in_utc] = parse(body, zone="UTC").events
    assert left_in_utc.zone == "America/Port_of_Spain"
    assert left_in_utc.starts == datetime(2027, 3, 17, 13, 0, tzinfo=UTC)
    [declared] = parse(body, zone="Europe/Zurich").events  # a zone staff gave the source wins
    assert declared.zone == "Europe/Zurich" and declared.starts == datetime(2027, 3, 17, 8, 0, tzinfo=UTC)


def test_an_all_day_event_whose_dtend_is_its_start_day_is_that_day() -> None:
    body = ics(vevent("UID:d1", "SUMMARY:Deadline", "DTSTART;VALUE=DATE:20270310",
                      "DTEND;VALUE=DATE:20270310"),
               vevent("UID:d2", "SUMMARY:Backwards", "DTSTART;VALUE=DATE:20270310",
                      "DTEND;VALUE=DATE:20270308"))
    parsed = parse(body)
    [day] = parsed.events
    assert (day.starts, day.ends, day.precision) == (datetime(2027, 3, 10, tzinfo=UTC),
                                                    datetime(2027, 3, 11, tzinfo=UTC), Precision.DAY)
    assert [(r.where, r.reason) for r in parsed.rejected] == [("VEVENT d2", "it ends before it starts")]
