"""Recurring upstream events become series (issue 20): the occurrences a partner's RRULE makes are
the sessions of one series of the store, numbered by date; later syncs move, cancel or add sessions
of that same series, never a second one; a lone upstream event stays a lone event; occurrences
held for review join the series when applied."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from brs_coord.bot import notice_texts
from brs_coord.partner_records import PartnerSource, PartnerSourceData, SourceKind
from brs_coord.payloads import EventSnapshot, PayloadError, SessionLine
from brs_coord.series_domain import SeriesKind
from brs_coord.services import Services
from tests.bot_helpers import shown
from tests.notice_helpers import participant


def feed(*components: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Centre//EN\r\n" + "".join(components)
            + "END:VCALENDAR\r\n").encode()


def vevent(*lines: str) -> str:
    body = "".join(line + "\r\n" for line in lines)
    return "BEGIN:VEVENT\r\nDTSTAMP:20261101T000000Z\r\n" + body + "END:VEVENT\r\n"


def weekly(count: int, *extra: str) -> str:
    return vevent("UID:clinic@centre", "SUMMARY:Mercury clinic", "DTSTART;TZID=Europe/Zurich:20270105T100000",
                  "DTEND;TZID=Europe/Zurich:20270105T110000", f"RRULE:FREQ=WEEKLY;COUNT={count}", *extra)


LONE = vevent("UID:lone@centre", "SUMMARY:Directors' meeting", "DTSTART:20270210T090000Z",
              "DTEND:20270210T100000Z")


def source(services: Services, path: Path, body: bytes, *, trusted: bool = True) -> PartnerSource:
    path.write_bytes(body)
    return services.partner_sync.add_source(PartnerSourceData(
        kind=SourceKind.ICS, centre="bcrc-uruguay", file=str(path), trusted=trusted, default_kind="webinar",
        audiences=("regional-centres",), grace_hours=0))


def sessions(services: Services, source_id: int) -> dict[int, list[tuple[int | None, str, str]]]:
    """Series id -> its sessions (number, local start, status); lone events under 0."""
    found: dict[int, list[tuple[int | None, str, str]]] = {}
    for link in services.store.partner_sources.links(source_id):
        event = services.scheduling.get(link.event_id)
        series = services.series.of_event(event)
        found.setdefault(series.id if series else 0, []).append(
            (event.session_number, f"{event.starts_at:%m-%d %H:%M}", event.status.value))
    return {key: sorted(value, key=lambda s: s[1]) for key, value in found.items()}


def test_a_weekly_rule_is_one_series_and_later_syncs_change_only_its_sessions(
    services: Services, tmp_path: Path,
) -> None:
    path = tmp_path / "centre.ics"
    added = source(services, path, feed(weekly(4), LONE))
    report = services.partner_sync.sync(added.id)
    assert report.added == 5, report.line()
    shown = sessions(services, added.id)
    [series_id] = [key for key in shown if key]
    assert shown[series_id] == [(1, "01-05 09:00", "planned"), (2, "01-12 09:00", "planned"),
                                (3, "01-19 09:00", "planned"), (4, "01-26 09:00", "planned")]
    assert shown[0] == [(None, "02-10 09:00", "planned")]  # no rule: a lone event
    series = services.store.series.get(series_id)
    assert (series.title, series.kind, series.organiser) == ("Mercury clinic", SeriesKind.WEBINAR_SERIES,
                                                             "bcrc-uruguay")

    # the third moved to the Wednesday afternoon, the second excluded, two more weeks added
    path.write_bytes(feed(
        weekly(6, "EXDATE;TZID=Europe/Zurich:20270112T100000"),
        vevent("UID:clinic@centre", "RECURRENCE-ID;TZID=Europe/Zurich:20270119T100000",
               "SUMMARY:Mercury clinic", "DTSTART;TZID=Europe/Zurich:20270120T150000",
               "DTEND;TZID=Europe/Zurich:20270120T160000"),
        LONE))
    again = services.partner_sync.sync(added.id)
    assert (again.added, again.updated) == (2, 1), again.line()
    shown = sessions(services, added.id)
    assert set(shown) == {series_id, 0}  # still the one series, and the lone event
    assert shown[series_id] == [
        (1, "01-05 09:00", "planned"), (2, "01-12 09:00", "cancelled"), (3, "01-20 14:00", "planned"),
        (4, "01-26 09:00", "planned"), (5, "02-02 09:00", "planned"), (6, "02-09 09:00", "planned")]
    uids = [link.external_uid for link in services.store.partner_sources.links(added.id)]
    assert len(uids) == len(set(uids)) == 7  # each occurrence once: 0 duplicates
    assert services.series.sessions(series)[0].session_number == 1


def test_a_staff_edit_on_one_session_is_kept(services: Services, tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "centre.ics"
    added = source(services, path, feed(weekly(3)))
    services.partner_sync.sync(added.id)
    first = services.scheduling.get(services.store.partner_sources.links(added.id)[0].event_id)
    services.scheduling.update(first.id, replace(first.data(), title="Mercury clinic (Spanish)"),
                               expected_version=first.version)
    path.write_bytes(feed(weekly(3, "DESCRIPTION:Bring your inventory.")))
    services.partner_sync.sync(added.id)
    kept = services.scheduling.get(first.id)
    assert kept.title == "Mercury clinic (Spanish)" and kept.description == "Bring your inventory."
    assert services.series.of_event(kept) is not None


def test_held_occurrences_join_one_series_when_applied(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "centre.ics"
    added = source(services, path, feed(weekly(3)), trusted=False)
    report = services.partner_sync.sync(added.id)
    assert (report.added, report.held) == (0, 3)
    items = services.partner_sync.pending(added.id)
    services.partner_sync.apply(items[2].id)  # the last first: numbered by date all the same
    services.partner_sync.apply_all(added.id)
    shown = sessions(services, added.id)
    assert len(shown) == 1
    assert [number for number, _, _ in next(iter(shown.values()))] == [1, 2, 3]


def test_a_first_sync_names_each_new_series_once_in_the_digest(services: Services, tmp_path: Path) -> None:
    """Twelve weekly sessions, four fortnightly ones and a lone meeting: one notice a subscriber,
    with each series one line (how many sessions, from when to when), in the reader's language."""
    readers = {lang: participant(services, 700 + i, language=lang)
               for i, lang in enumerate(("en", "fr", "ar", "zh", "ru", "es"))}
    for person in readers.values():
        services.subscriptions.subscribe(person.id, "audience", "regional-centres")
    fortnightly = vevent(
        "UID:pops@centre", "SUMMARY:POPs inventory course", "DTSTART;TZID=Europe/Zurich:20270201T140000",
        "DTEND;TZID=Europe/Zurich:20270201T150000", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4")
    src = source(services, tmp_path / "feed.ics", feed(weekly(12), fortnightly, LONE))
    assert services.partner_sync.sync(src.id).added == 17
    services.clock.advance(timedelta(seconds=services.notices.batch_seconds + 1))  # type: ignore[attr-defined]
    ids = {person.id: lang for lang, person in readers.items()}
    notices = [n for n in services.notices.claim_due() if n.participant_id in ids]
    assert sorted(ids[n.participant_id] for n in notices) == sorted(ids.values())  # one each, no storm
    [first] = [n for n in notices if ids[n.participant_id] == "en"]
    assert [(line.event.title, line.count) for line in first.payload.sessions] == [
        ("Mercury clinic", 12), ("POPs inventory course", 4), ("Directors' meeting", 1)]
    assert first.payload.more == 0  # type: ignore[attr-defined]
    texts = {ids[n.participant_id]: shown(notice_texts.render(n)) for n in notices}
    english = texts["en"]
    assert "New event: <b>Mercury clinic</b>" in english and "🆕 Also new, 16 more events:" in english
    assert "• 11 more sessions of this series, until Tue 23 Mar 2027" in english
    assert "• <b>POPs inventory course</b>, 4 sessions from Mon 1 Feb, 13:00 to Mon 15 Mar 2027" in english
    assert "• <b>Directors' meeting</b>, Wed 10 Feb, 09:00" in english
    assert english.count("Mercury clinic") == 1 and english.count("POPs inventory course") == 1
    assert "11 autres séances de cette série, jusqu’au" in texts["fr"]
    assert "4 séances du " in texts["fr"]
    assert "11 занятий этой серии" in texts["ru"] and "4 занятия с " in texts["ru"]
    assert "本系列另有11场会议" in texts["zh"] and "4场会议" in texts["zh"]
    assert "11 sesiones más de esta serie" in texts["es"] and "4 sesiones del " in texts["es"]
    assert "11 جلسة أخرى في هذه السلسلة" in texts["ar"] and "4 جلسات، من " in texts["ar"]
    for text in texts.values():
        assert "{" not in text and "}" not in text  # every placeholder filled


def test_a_digest_line_of_a_series_round_trips_through_the_outbox() -> None:
    line = SessionLine(EventSnapshot(
        id=3, uid="u", title="Mercury clinic", kind="webinar", starts_at=datetime(2027, 1, 5, 9, tzinfo=UTC),
        ends_at=datetime(2027, 1, 5, 10, tzinfo=UTC), timezone="Europe/Zurich", all_day=False, location=None,
        status="confirmed", registration_url=None, online_url=None),
        count=12, until=datetime(2027, 3, 23, 9, tzinfo=UTC))
    assert SessionLine.from_dict(json.loads(json.dumps(line.to_dict()))) == line
    with pytest.raises(PayloadError, match="'count'"):
        SessionLine.from_dict({**line.to_dict(), "count": 0})
