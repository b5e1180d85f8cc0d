"""The feed service and `brs-coord export`: feeds, window, statuses, privacy, cache, atomic re-export."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import icalendar
import ics as ics_py
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from brs_coord.clock import FixedClock
from brs_coord.domain import EventKind, Status
from brs_coord.errors import InvalidInput, NotFound
from brs_coord.services import Services
from brs_coord.services import vevent_entries as feeds_module  # where VEVENTs are built
from tests.cli_helpers import invoke
from tests.conftest import NOW, make_event


def vevents(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def all_feed(services: Services) -> bytes:
    return services.feeds.feed("all").body


@pytest.mark.slow  # about 100 feeds through four parsers
def test_every_exported_feed_parses_in_four_libraries(demo_services: Services, tmp_path: Path) -> None:
    report = demo_services.feeds.export(tmp_path / "out")
    listing = json.loads((tmp_path / "out" / "feeds.json").read_text("utf-8"))
    assert report.feeds == len(listing["feeds"]) > 60
    files = sorted((tmp_path / "out").glob("*.ics"))
    assert {f.name for f in files} == {feed["file"] for feed in listing["feeds"]}
    assert {"all.ics", "convention-basel.ics", "kind-webinar.ics", "audience-customs-officers.ics",
            "region-africa.ics"} <= {f.name for f in files}
    counts = {feed["file"]: feed["events"] for feed in listing["feeds"]}
    assert counts["all.ics"] == report.events > 250
    for path in files:
        body = path.read_bytes()
        text = body.decode("utf-8")
        expected = counts[path.name]
        assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == expected, path.name
        assert len(vobject.readOne(text).contents.get("vevent", [])) == expected, path.name
        assert len(ics_py.Calendar(text).events) == expected, path.name
        assert len(IcsCalendarStream.calendar_from_ics(text).events) == expected, path.name
        assert all(len(line) <= 75 for line in body.split(b"\r\n"))
        assert b"\n" not in body.replace(b"\r\n", b"")


def test_every_zone_used_has_a_vtimezone(demo_services: Services) -> None:
    calendar = icalendar.Calendar.from_ical(all_feed(demo_services))
    assert calendar.get_missing_tzids() == set()
    assert len(calendar.walk("VTIMEZONE")) >= 5


def test_reexport_without_change_rewrites_nothing(demo_services: Services, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = demo_services.feeds.export(out)
    assert len(first.written) == first.feeds + 2 and not first.unchanged
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    etags = {doc.name: doc.etag for doc in demo_services.feeds.build_all()}
    second = demo_services.feeds.export(out)
    assert second.written == [] and len(second.unchanged) == first.feeds + 2
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    assert {doc.name: doc.etag for doc in demo_services.feeds.build_all()} == etags
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")], "no temporary file left behind"


def test_an_edit_raises_sequence_and_last_modified(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    created = services.scheduling.create(make_event(audiences=("customs-officers",))).event
    out = tmp_path / "out"
    services.feeds.export(out)
    before = vevents((out / "all.ics").read_bytes())[created.uid]
    clock.advance(timedelta(hours=2))
    moved = created.starts_at + timedelta(days=1)
    services.scheduling.reschedule(created.id, moved, moved + timedelta(hours=2), expected_version=1)
    report = services.feeds.export(out)
    after = vevents((out / "all.ics").read_bytes())[created.uid]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after["LAST-MODIFIED"].dt == before["LAST-MODIFIED"].dt + timedelta(hours=2)
    assert after["DTSTAMP"].dt == after["LAST-MODIFIED"].dt
    assert after.DTSTART == moved
    assert {"all.ics", "kind-webinar.ics", "audience-customs-officers.ics"} <= set(report.written)
    assert "kind-workshop.ics" in report.unchanged


def test_cancellation_then_removal_after_the_grace_period(
    services: Services, clock: FixedClock
) -> None:
    event = services.scheduling.create(make_event(starts_at=NOW + timedelta(days=30))).event
    services.scheduling.cancel(event.id, "No funding", expected_version=1)
    cancelled = vevents(all_feed(services))[event.uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("CANCELLED: ")
    assert cancelled["SEQUENCE"] == 1
    clock.advance(timedelta(days=13, hours=23))
    assert event.uid in vevents(all_feed(services))
    clock.advance(timedelta(hours=2))
    assert event.uid not in vevents(all_feed(services))


def test_postponed_is_tentative_with_a_prefix(services: Services) -> None:
    event = services.scheduling.create(make_event()).event
    services.scheduling.postpone(event.id, "Venue, dates; unknown", expected_version=1)
    vevent = vevents(all_feed(services))[event.uid]
    assert str(vevent["STATUS"]) == "TENTATIVE"
    assert str(vevent["SUMMARY"]) == "POSTPONED: Webinar on e-waste inventories"
    assert "Venue, dates; unknown" in str(vevent["DESCRIPTION"])


def test_window_drafts_and_old_events(services: Services) -> None:
    old = services.scheduling.create(make_event(
        title="Long ago", starts_at=NOW - timedelta(days=95), ends_at=NOW - timedelta(days=91)
    )).event
    recent = services.scheduling.create(make_event(
        title="Recent", starts_at=NOW - timedelta(days=80), ends_at=NOW - timedelta(days=79)
    )).event
    draft = services.scheduling.create(make_event(title="Secret draft", status=Status.DRAFT)).event
    feed = vevents(all_feed(services))
    assert recent.uid in feed
    assert old.uid not in feed
    assert draft.uid not in feed
    with pytest.raises(NotFound):
        services.feeds.event(draft.uid)
    assert services.feeds.event(old.uid).count == 1  # a single event is not windowed


def test_no_join_links_or_participant_data_in_public_outputs(
    demo_services: Services, tmp_path: Path
) -> None:
    telegram_id = 9876543210  # long enough not to turn up inside an ETag or signature by chance
    participants = demo_services.participants
    participant = participants.get_or_create(telegram_id, chat_id=telegram_id, first_name="Amina Zed")
    token = participants.feed_token(telegram_id)
    links = [e.online_url for e in demo_services.find(replace_query_all()) if e.online_url]
    assert links, "the demo has online events"
    demo_services.feeds.export(tmp_path / "out")
    for path in (tmp_path / "out").iterdir():
        text = path.read_bytes().decode("utf-8").replace("\r\n ", "")
        assert not any(link in text for link in links), path.name
        assert "Amina" not in text and token not in text and str(participant.telegram_id) not in text


def replace_query_all():  # type: ignore[no-untyped-def]
    from brs_coord.domain import EventQuery, TimeScope

    return EventQuery(scope=TimeScope.ALL, limit=None)


def test_personal_feed_has_join_links_only_for_registrations(services: Services) -> None:
    online = services.scheduling.create(make_event(
        title="Registered webinar", online_url="https://meet.example.org/private-1",
        registration_url="https://example.org/r/1",
    )).event
    followed = services.scheduling.create(make_event(
        title="Followed workshop", kind=EventKind.WORKSHOP, online_url="https://meet.example.org/private-2",
        audiences=("customs-officers",),
    )).event
    services.scheduling.create(make_event(title="Not mine", kind=EventKind.TRAINING))
    person = services.participants.get_or_create(77, chat_id=77, first_name="Ana")
    services.registrations.register(person.id, online.id)
    services.store.session.db.execute(
        "INSERT INTO subscriptions (participant_id, facet, value, created_at) VALUES (?, ?, ?, ?)",
        [person.id, "audience", "customs-officers", "2026-11-21T10:00:00Z"],
    )
    token = services.participants.feed_token(77)
    assert len(token) >= 22  # ≥ 128 bits from secrets
    doc = services.feeds.personal(token)
    text = doc.body.decode("utf-8").replace("\r\n ", "")
    found = vevents(doc.body)
    assert set(found) == {online.uid, followed.uid}
    assert "https://meet.example.org/private-1" in text
    assert "https://meet.example.org/private-2" not in text
    assert "Ana" not in text
    services.participants.reset_feed_token(77)
    with pytest.raises(NotFound):
        services.feeds.personal(token)


def test_filters_name_unknown_values(demo_services: Services) -> None:
    feeds = demo_services.feeds
    doc = feeds.filtered({"kind": "webinar,workshop", "convention": "basel"})
    kinds = {str(e["CATEGORIES"].cats[0]) for e in vevents(doc.body).values()}
    assert doc.count > 0 and kinds <= {"Webinar", "Workshop"}
    for params, named in (
        ({"kind": "webinar,party"}, "party"), ({"audience": "martians"}, "martians"),
        ({"colour": "red"}, "colour"), ({"lang": "xx"}, "xx"), ({"q": "x" * 500}, "q"),
    ):
        with pytest.raises(InvalidInput) as caught:
            feeds.filtered(params)
        assert named in caught.value.message


def test_question_filter_uses_the_query_service(demo_services: Services) -> None:
    doc = demo_services.feeds.filtered({"q": "webinars"})
    kinds = {str(e["CATEGORIES"].cats[0]) for e in vevents(doc.body).values()}
    assert doc.count > 0 and kinds == {"Webinar"}


def test_vevents_are_cached_and_rebuilt_only_when_changed(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = [services.scheduling.create(make_event(title=f"Event {index}")).event for index in range(5)]
    calls: list[str] = []
    real = feeds_module.build_vevent

    def counting(event, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(event.uid)
        return real(event, *args, **kwargs)

    monkeypatch.setattr(feeds_module, "build_vevent", counting)
    first = services.feeds.build_all()
    assert len(calls) == 5
    assert services.feeds.build_all()[0].body == first[0].body and len(calls) == 5
    event = created[2]
    clock.advance(timedelta(minutes=5))
    services.scheduling.update(event.id, replace(event.data(), title="Renamed"), expected_version=1)
    services.feeds.build_all()
    assert calls[5:] == [event.uid]


def test_renaming_a_programme_refreshes_cached_events(services: Services) -> None:
    event = services.scheduling.create(make_event(programme="e-waste")).event
    assert "Programme: E-waste" in str(vevents(all_feed(services))[event.uid]["DESCRIPTION"])
    programme = services.catalogue.programmes()
    target = next(p for p in programme if p.slug == "e-waste")
    services.catalogue.save_programme(replace(target, name="E-waste & <batteries>"))
    vevent = vevents(all_feed(services))[event.uid]
    assert "Programme: E-waste & <batteries>" in str(vevent["DESCRIPTION"])
    assert services.feeds.prune_cache() >= 1


def test_index_page_lists_every_feed_escaped(services: Services) -> None:
    target = next(p for p in services.catalogue.programmes() if p.slug == "e-waste")
    services.catalogue.save_programme(replace(target, name='E-waste <script>alert("x")</script>'))
    documents = services.feeds.build_all()
    page = services.feeds.index_html(documents).decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    for doc in documents:  # an empty store: every feed says so and offers no subscription
        assert f'href="http://127.0.0.1:8080/calendars/{doc.name}.ics"' not in page
        item = page[page.index(f'id="feed-{doc.name}"'):]
        assert item[: item.index("</li>")].count("No events yet") == 1
    assert "From URL" in page and 'name="viewport"' in page


def test_feeds_that_disappear_are_removed_from_the_folder(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "out"
    services.feeds.export(out)
    listing = json.loads((out / "feeds.json").read_text("utf-8"))
    listing["feeds"].append({"file": "programme-retired.ics"})
    (out / "feeds.json").write_text(json.dumps(listing), "utf-8")
    (out / "programme-retired.ics").write_bytes(b"old")
    (out / "notes.txt").write_text("mine")
    report = services.feeds.export(out)
    assert report.removed == ["programme-retired.ics"]
    assert (out / "notes.txt").exists()


def test_export_command_with_progress(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRS_DB", str(services.settings.db_path))
    services.close()
    out = tmp_path / "cli-out"
    result = invoke("export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "feeds" in result.output and (out / "all.ics").exists() and (out / "index.html").exists()
    again = invoke("export", "--out", str(out))
    assert "0 written" in again.output
