"""Partner calendars (issue 20) synced again and again: unstable UIDs (WordPress, Office 365), an
Indico export, an event moved, cancelled and deleted upstream. Expected: 0 duplicates, 0 silent
drops (every input in the report), 0 staff edits overwritten, 0 events of one source touched by
another's sync."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

from brs_coord.domain import Status
from brs_coord.partner_records import ReviewChange, RunOutcome, RunReport, SourceKind
from brs_coord.services import Services
from tests.partner_sync_helpers import add_file_source, duplicates, linked_titles, publish


def _accounted(report: RunReport) -> None:
    assert report.outcome is RunOutcome.SYNCED, report.message
    assert report.accounted, report
    assert len(report.drops) == report.dropped and len(report.rejections) == report.rejected


def test_wordpress_reschedule_is_a_match_held_for_review_never_a_duplicate(
    services: Services, tmp_path: Path,
) -> None:
    feed = tmp_path / "wp.ics"
    source = add_file_source(services, feed, "wordpress_1.ics", zone="America/Port_of_Spain")
    sync = services.partner_sync
    first = sync.sync(source.id)
    _accounted(first)
    assert (first.processed, first.held, first.added) == (2, 2, 0)
    assert {r.change for r in sync.pending()} == {ReviewChange.NEW}
    sync.apply_all()
    assert sum(linked_titles(services, source.id).values()) == 2
    publish(feed, "wordpress_2.ics")  # the workshop moved two days: its UID changed with it
    second = sync.sync(source.id)
    _accounted(second)
    assert (second.unchanged, second.held, second.added, second.vanished) == (1, 1, 0, 0)
    [match] = sync.pending()
    assert match.change is ReviewChange.MATCH and "starts_at" in match.fields
    assert match.local["starts_at"] != match.upstream["values"]["starts_at"]
    print(sync.apply(match.id))
    moved = services.scheduling.get(int(match.event_id or 0))
    assert moved.starts_at.day == 12 and moved.status is not Status.CANCELLED
    for _ in range(2):  # and again: nothing new, nothing waiting
        again = sync.sync(source.id)
        _accounted(again)
        assert (again.unchanged, again.held, again.added) == (2, 0, 0)
    assert duplicates(services, source.id) == [] and sum(linked_titles(services, source.id).values()) == 2


def test_office365_regenerated_uids_match_by_the_fallback_key(services: Services, tmp_path: Path) -> None:
    feed = tmp_path / "o365.ics"
    source = add_file_source(services, feed, "office365_1.ics", trusted=True, zone="Europe/Zurich")
    sync = services.partner_sync
    first = sync.sync(source.id)
    _accounted(first)
    assert first.added == 2
    for publication in ("office365_2.ics", "office365_1.ics"):
        publish(feed, publication)
        report = sync.sync(source.id)
        _accounted(report)
        assert (report.held, report.added, report.vanished) == (2, 0, 0)  # trusted or not: held, never merged
        assert {r.change for r in sync.pending()} == {ReviewChange.MATCH}
        sync.apply_all()
        assert duplicates(services, source.id) == [] and sum(linked_titles(services, source.id).values()) == 2
    assert sync.source(source.id).unstable_uids


def test_indico_export_and_a_cross_source_duplicate_flagged_same_as(
    services: Services, tmp_path: Path,
) -> None:
    sync = services.partner_sync
    centre = add_file_source(services, tmp_path / "wp.ics", "wordpress_1.ics", trusted=True,
                             zone="America/Port_of_Spain")
    _accounted(sync.sync(centre.id))
    indico = add_file_source(services, tmp_path / "indico.json", "indico_category.json",
                             kind=SourceKind.INDICO, centre="bcrc-china", trusted=True)
    report = sync.sync(indico.id)
    _accounted(report)
    assert (report.processed, report.added, report.rejected) == (3, 2, 1)
    assert "title" in report.rejections[0].reason
    [(mine, other)] = report.same_as  # the workshop both list: flagged, not deleted, not merged
    assert services.scheduling.get(mine).status is not Status.CANCELLED
    assert services.scheduling.get(other).status is not Status.CANCELLED
    provenance = sync.provenance(mine)
    assert provenance is not None and provenance.external_uid == "indico-1401"
    assert provenance.url == "https://indico.example.org/event/1401/" and other in provenance.same_as
    again = sync.sync(indico.id)
    _accounted(again)
    assert (again.unchanged, again.added) == (2, 0)


def _feed(*events: str, method: str = "PUBLISH") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nMETHOD:" + method + "\r\n"
            + "".join(events) + "END:VCALENDAR\r\n")


def _vevent(uid: str, start: str, *, sequence: int, status: str = "CONFIRMED",
            title: str = "Training on POPs inventories") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\nDTSTART:{start}\r\n"
            f"DURATION:PT2H\r\nSEQUENCE:{sequence}\r\nSTATUS:{status}\r\n"
            "LAST-MODIFIED:20261120T080000Z\r\nEND:VEVENT\r\n")


def test_moved_then_cancelled_then_deleted_keeps_the_staff_edit(services: Services, tmp_path: Path) -> None:
    feed = tmp_path / "centre.ics"
    other_feed = tmp_path / "other.ics"
    sync = services.partner_sync
    source = add_file_source(services, feed, "wordpress_1.ics", trusted=True)
    other = add_file_source(services, other_feed, "wordpress_1.ics", centre="bcrc-china", trusted=True)
    feed.write_text(_feed(_vevent("pops-1@centre", "20261205T090000Z", sequence=0),
                          _vevent("keep@centre", "20270301T090000Z", sequence=0, title="Webinar on PCBs")))
    assert sync.sync(source.id).added == 2
    assert sync.sync(other.id).added == 2  # the other source: its own two events
    links = services.store.partner_sources.links(source.id)
    [link] = [lk for lk in links if lk.external_uid == "pops-1@centre"]
    event = services.scheduling.get(link.event_id)
    staff = replace(event.data(), title="Training on POPs inventories (in Spanish)")
    services.scheduling.update(event.id, staff, expected_version=event.version)

    feed.write_text(_feed(_vevent("pops-1@centre", "20261207T090000Z", sequence=1),
                          _vevent("keep@centre", "20270301T090000Z", sequence=0, title="Webinar on PCBs")))
    moved = sync.sync(source.id)
    _accounted(moved)
    assert moved.updated == 1
    event = services.scheduling.get(link.event_id)
    assert event.starts_at.day == 7 and event.title == "Training on POPs inventories (in Spanish)"
    assert sync.provenance(event.id).sequence == 1  # type: ignore[union-attr]

    feed.write_text(_feed(_vevent("pops-1@centre", "20261207T090000Z", sequence=2, status="CANCELLED"),
                          _vevent("keep@centre", "20270301T090000Z", sequence=0, title="Webinar on PCBs")))
    cancelled = sync.sync(source.id)
    _accounted(cancelled)
    assert cancelled.updated == 1 and services.scheduling.get(link.event_id).status is Status.CANCELLED

    feed.write_text(_feed(_vevent("keep@centre", "20270301T090000Z", sequence=0, title="Webinar on PCBs")))
    services.clock.advance(timedelta(days=3))  # type: ignore[attr-defined]
    deleted = sync.sync(source.id)
    _accounted(deleted)
    assert deleted.vanished == 0  # cancelled already: nothing more to do, no row deleted
    assert services.scheduling.get(link.event_id).title == "Training on POPs inventories (in Spanish)"

    other_feed.write_text(_feed())  # the other source empties its feed...
    emptied = sync.sync(other.id)
    _accounted(emptied)
    assert emptied.vanished == 2
    mine = linked_titles(services, source.id)  # ...and this source's events are as they were
    assert mine[("Webinar on PCBs", "planned")] == 1
    assert all(status == "cancelled" for (_, status) in linked_titles(services, other.id))


def test_vanished_waits_for_the_grace_period_then_the_queue(services: Services, tmp_path: Path) -> None:
    feed = tmp_path / "centre.ics"
    sync = services.partner_sync
    source = add_file_source(services, feed, "wordpress_1.ics")
    _accounted(sync.sync(source.id))
    sync.apply_all()
    feed.write_text(_feed())
    assert sync.sync(source.id).vanished == 0  # within the grace period
    services.clock.advance(timedelta(hours=49))  # type: ignore[attr-defined]
    report = sync.sync(source.id)
    assert report.vanished == 2 and {r.change for r in sync.pending()} == {ReviewChange.VANISHED}
    assert all(status == "planned" for (_, status) in linked_titles(services, source.id))
    sync.apply_all()
    assert all(status == "cancelled" for (_, status) in linked_titles(services, source.id))


def test_an_unreadable_feed_treats_nothing_as_gone(services: Services, tmp_path: Path) -> None:
    feed = tmp_path / "centre.ics"
    sync = services.partner_sync
    source = add_file_source(services, feed, "wordpress_1.ics", trusted=True)
    _accounted(sync.sync(source.id))
    feed.write_bytes(b"<html>502 Bad Gateway</html>")
    services.clock.advance(timedelta(days=5))  # type: ignore[attr-defined]
    report = sync.sync(source.id)
    _accounted(report)
    assert (report.rejected, report.vanished) == (1, 0)
    assert all(status == "planned" for (_, status) in linked_titles(services, source.id))


def test_a_reschedule_before_staff_applied_the_new_event_imports_it_once(
    services: Services, tmp_path: Path,
) -> None:
    """The workshop is new and waits for review when WordPress moves it (a new UID): the waiting
    item of the old UID is withdrawn (counted vanished), so applying everything imports it once, on
    its new date."""
    feed = tmp_path / "wp.ics"
    source = add_file_source(services, feed, "wordpress_1.ics", zone="America/Port_of_Spain")
    sync = services.partner_sync
    _accounted(sync.sync(source.id))
    assert len(sync.pending()) == 2
    publish(feed, "wordpress_2.ics")  # moved two days, its UID with it, nobody has applied yet
    second = sync.sync(source.id)
    _accounted(second)
    assert (second.held, second.vanished) == (2, 1)
    assert len(sync.pending()) == 2 and all(r.change is ReviewChange.NEW for r in sync.pending())
    sync.apply_all()
    assert duplicates(services, source.id) == [] and sum(linked_titles(services, source.id).values()) == 2
    links = services.store.partner_sources.links(source.id)
    events = [services.scheduling.get(link.event_id) for link in links]
    assert [e.starts_at.astimezone(UTC).day for e in events if "Workshop" in e.title] == [12]


def test_a_new_event_cancelled_upstream_before_staff_applied_it_is_never_imported(
    services: Services, tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.ics"
    source = add_file_source(services, feed, "wordpress_1.ics", zone="America/Port_of_Spain")
    sync = services.partner_sync
    _accounted(sync.sync(source.id))
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text.replace("SUMMARY:Webinar: mercury waste", "SUMMARY:Webinar: mercury waste\r\n"
                                 "STATUS:CANCELLED", 1), encoding="utf-8")
    second = sync.sync(source.id)
    _accounted(second)
    [drop] = second.drops
    assert "cancelled already" in drop.reason and "withdrawn" in drop.reason
    assert [r.upstream["values"]["title"] for r in sync.pending()] == ["Workshop on e-waste inventories"]
    sync.apply_all()
    assert linked_titles(services, source.id) == {("Workshop on e-waste inventories", "planned"): 1}


def test_an_event_a_sync_cancelled_is_reinstated_when_listed_again_one_staff_cancelled_never(
    services: Services, tmp_path: Path,
) -> None:
    """Gone from the feed (cancelled as vanished), then listed again: a trusted source reinstates
    it, another holds a change whose diff shows the status; cancelled upstream then restored: the
    same; an event staff cancelled themselves stays cancelled."""
    sync = services.partner_sync
    for trusted in (True, False):
        feed = tmp_path / f"wp-{trusted}.ics"
        source = add_file_source(services, feed, "wordpress_1.ics", trusted=trusted,
                                 zone="America/Port_of_Spain")
        _accounted(sync.sync(source.id))
        sync.apply_all()
        full = feed.read_text(encoding="utf-8")
        feed.write_text(_feed())  # both gone
        services.clock.advance(timedelta(hours=49))  # type: ignore[attr-defined]
        sync.sync(source.id)
        sync.apply_all()
        assert set(linked_titles(services, source.id)) == {("Workshop on e-waste inventories", "cancelled"),
                                                           ("Webinar: mercury waste", "cancelled")}
        links = services.store.partner_sources.links(source.id)
        mine = next(link.event_id for link in links
                    if "Webinar" in services.scheduling.get(link.event_id).title)
        staff = services.scheduling.get(mine)  # staff cancelled it for reasons of their own
        services.scheduling.set_status(mine, Status.PLANNED, expected_version=staff.version)
        staff = services.scheduling.get(mine)
        services.scheduling.set_status(mine, Status.CANCELLED, expected_version=staff.version,
                                       reason="The centre asked us to drop it")
        feed.write_text(full, encoding="utf-8")  # both back in the partner's calendar
        back = sync.sync(source.id)
        _accounted(back)
        if trusted:
            assert (back.updated, back.unchanged, back.held) == (1, 1, 0)
        else:
            assert (back.updated, back.unchanged, back.held) == (0, 1, 1)
            [item] = sync.pending()
            assert item.change is ReviewChange.CHANGED and item.fields == ("status",)
            assert (item.local["status"], item.upstream["values"]["status"]) == ("cancelled", "planned")
            sync.apply(item.id)
        assert linked_titles(services, source.id) == {("Workshop on e-waste inventories", "planned"): 1,
                                                      ("Webinar: mercury waste", "cancelled"): 1}
        again = sync.sync(source.id)
        _accounted(again)
        assert (again.unchanged, again.held) == (2, 0)


def test_a_method_cancel_message_cancels_its_events_and_treats_no_other_as_gone(
    services: Services, tmp_path: Path,
) -> None:
    """A partner publishes an iTIP cancellation (METHOD:CANCEL) of one event in place of its feed:
    that event is cancelled, the other one is not treated as gone."""
    feed = tmp_path / "centre.ics"
    sync = services.partner_sync
    source = add_file_source(services, feed, "wordpress_1.ics", trusted=True, zone="America/Port_of_Spain")
    _accounted(sync.sync(source.id))
    full = feed.read_text(encoding="utf-8")
    webinar = full[full.index("BEGIN:VEVENT", full.index("END:VEVENT")):full.index("END:VCALENDAR")]
    feed.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:centre\r\nMETHOD:CANCEL\r\n"
                    + webinar.replace("END:VEVENT", "SEQUENCE:1\r\nEND:VEVENT") + "END:VCALENDAR\r\n",
                    encoding="utf-8")
    services.clock.advance(timedelta(hours=49))  # type: ignore[attr-defined]
    report = sync.sync(source.id)
    _accounted(report)
    assert (report.updated, report.vanished) == (1, 0) and "METHOD:CANCEL" in report.message
    assert linked_titles(services, source.id) == {("Workshop on e-waste inventories", "planned"): 1,
                                                  ("Webinar: mercury waste", "cancelled"): 1}


def test_a_daily_rule_begun_years_ago_still_brings_its_future_sessions(
    services: Services, tmp_path: Path,
) -> None:
    """Office hours every day since 2024: its occurrences over by now are one drop (already over,
    with their count), not a thousand, and do not use up the occurrence limit before the future."""
    feed = tmp_path / "daily.ics"
    source = add_file_source(services, feed, "wordpress_1.ics", trusted=True)
    feed.write_text(_feed("BEGIN:VEVENT\r\nUID:office-hours@centre\r\nSUMMARY:Help desk\r\n"
                          "DTSTART:20240101T090000Z\r\nDTEND:20240101T100000Z\r\n"
                          "RRULE:FREQ=DAILY;UNTIL=20261231T090000Z\r\nEND:VEVENT\r\n"), encoding="utf-8")
    report = services.partner_sync.sync(source.id)
    _accounted(report)
    assert report.added == 40  # 22 November to 31 December 2026 (NOW is 21 November, 10:00 UTC)
    [drop] = report.drops
    assert drop.where == "office-hours@centre (1056 past occurrences)" and drop.reason == "already over"
