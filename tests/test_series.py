"""Series and courses (issue 19): a series planned from its rule, every session a real event; edits
with a scope and one notice per registrant; the series feed (one VEVENT a session, no RRULE,
RELATED-TO the series) read by four libraries; whole-series registration under a capacity that
fills mid-series; completion at the threshold; the CLI's names."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import ics as ics_py
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from brs_coord.clock import FixedClock
from brs_coord.domain import Event, Status
from brs_coord.errors import NotAllowed
from brs_coord.series_domain import (
    EditScope,
    RegistrationMode,
    Series,
    SeriesData,
    SeriesKind,
    SeriesRegistrationStatus,
)
from brs_coord.services import Services
from tests.cli_helpers import invoke
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant, sender, texts_to

GENEVA = ZoneInfo("Europe/Zurich")


def six_sessions(services: Services, **overrides: object) -> tuple[Series, list[Event]]:
    data = SeriesData(title="E-waste webinars", kind=SeriesKind.WEBINAR_SERIES, timezone="UTC",
                      rule="every Tuesday 14:00 Geneva for 6 weeks", programme="e-waste",
                      audiences=("basel-competent-authorities",), capacity=100)
    data = replace(data, **overrides)  # type: ignore[arg-type]
    return services.series.create(services.series.preview(data))


def test_preview_then_create_six_real_events(services: Services) -> None:
    preview = services.series.preview(SeriesData(
        title="E-waste webinars", kind="webinar-series", timezone="UTC",
        rule="every Friday 14:00 Geneva for 6 weeks"))
    assert preview.plan.zone == "Europe/Zurich"
    assert [s.holiday for s in preview.sessions].count("Christmas Day") == 1  # Friday 25 December 2026
    series, sessions = services.series.create(preview)
    assert [s.title for s in sessions] == [f"E-waste webinars ({n}/6)" for n in range(1, 7)]
    assert len({s.uid for s in sessions}) == 6 and all(s.series_uid == series.uid for s in sessions)
    assert all(s.starts_at.astimezone(GENEVA).hour == 14 for s in sessions)
    assert [s.session_number for s in sessions] == [1, 2, 3, 4, 5, 6]


def test_preview_flags_an_existing_clash(services: Services) -> None:
    from tests.conftest import make_event

    clash = datetime(2026, 12, 1, 14, 30, tzinfo=GENEVA)
    other = services.scheduling.create(make_event(
        title="Customs training", starts_at=clash, ends_at=clash + timedelta(hours=1),
        audiences=("basel-competent-authorities",))).event
    preview = services.series.preview(SeriesData(
        title="E-waste webinars", kind="webinar-series", timezone="Europe/Zurich",
        rule="every Tuesday 14:00 for 3 weeks", audiences=("basel-competent-authorities",)))
    assert [[e.id for e in s.conflicts] for s in preview.sessions] == [[], [other.id], []]


async def test_move_4_cancel_5_feed_and_one_notice_per_registrant(
    services: Services, fake: FakeBotAPI, tmp_path: Path,
) -> None:
    series, sessions = six_sessions(services)
    people = [participant(services, 901, fake=fake), participant(services, 902, fake=fake, language="fr")]
    for p in people:
        services.series_registrations.register(p.id, series.slug)
    before = {r["id"] for r in services.notices.outbox.rows()}
    fourth, fifth = sessions[3], sessions[4]
    services.series.reschedule(fourth.uid, fourth.starts_at + timedelta(days=1), EditScope.THIS)
    services.series.cancel(fifth.uid, "Speaker unavailable", EditScope.THIS)
    export = services.feeds.export(tmp_path / "out")
    body = (tmp_path / "out" / f"series-{series.slug}.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(body)
    vevents = calendar.walk("VEVENT")
    vevent_text = body.split(b"BEGIN:VEVENT", 1)[1]  # the VTIMEZONE before it has its DST rules
    assert len(vevents) == 6 and b"RRULE" not in vevent_text and all("RRULE" not in v for v in vevents)
    by_uid = {str(v["UID"]): v for v in vevents}
    assert int(by_uid[fourth.uid]["SEQUENCE"]) == int(by_uid[sessions[2].uid]["SEQUENCE"]) + 1
    assert str(by_uid[fifth.uid]["STATUS"]) == "CANCELLED"
    assert {str(v["RELATED-TO"]) for v in vevents} == {series.uid}
    text = body.decode()
    assert len(IcsCalendarStream.calendar_from_ics(text).events) == 6
    assert len(vobject.readOne(text).contents["vevent"]) == 6
    assert len(ics_py.Calendar(text).events) == 6
    again = services.feeds.export(tmp_path / "out")
    assert f"series-{series.slug}.ics" in again.unchanged
    assert (tmp_path / "out" / f"series-{series.slug}.ics").read_bytes() == body
    assert f"series-{series.slug}.ics" in (tmp_path / "out" / "feeds.json").read_text()
    assert series.title in (tmp_path / "out" / "index.html").read_text()
    assert export.written
    # "following" from the last session is that session alone: the ordinary notice
    last = sessions[5]
    services.series.reschedule(last.uid, last.starts_at + timedelta(hours=1), EditScope.FOLLOWING)
    new = [r for r in services.notices.outbox.rows() if r["id"] not in before]
    assert sorted((r["participant_id"], r["kind"]) for r in new) == sorted(
        [(p.id, kind) for p in people for kind in ("changed", "cancelled", "changed")])


async def test_following_scope_moves_the_rest_and_sends_one_notice(
    services: Services, fake: FakeBotAPI, clock: FixedClock,
) -> None:
    series, sessions = six_sessions(services)
    people = [participant(services, 911, fake=fake), participant(services, 912, fake=fake, language="es")]
    for p in people:
        services.series_registrations.register(p.id, series.slug)
    run = await sender(services, fake)
    await run.drain()
    counts = {p.id: len(texts_to(fake, p.chat_id or 0)) for p in people}
    third = sessions[2]
    changes = services.series.reschedule(third.uid, third.starts_at + timedelta(hours=2), EditScope.FOLLOWING)
    assert len(changes) == 4
    moved = services.series.sessions(series)
    assert [s.starts_at.astimezone(GENEVA).hour for s in moved] == [14, 14, 16, 16, 16, 16]
    clock.advance(timedelta(seconds=31))  # the batching window of change notices
    assert await run.drain() == 2
    for p in people:
        texts = texts_to(fake, p.chat_id or 0)
        assert len(texts) == counts[p.id] + 1
    assert "4" in texts_to(fake, 912)[-1] and "Cambios en 4 sesiones" in texts_to(fake, 912)[-1]
    cancelled = services.series.cancel(third.uid, "Budget", EditScope.SERIES)
    assert len(cancelled) == 6 and all(c.after and c.after.status is Status.CANCELLED for c in cancelled)
    assert await run.drain() == 2


def test_whole_series_registration_under_a_capacity_that_fills_mid_series(services: Services) -> None:
    series, sessions = six_sessions(services, capacity=2)
    first, second, third = (participant(services, 920 + n) for n in range(3))
    one_off = participant(services, 930)
    services.registrations.register(one_off.id, sessions[3].id)  # session 4 now has one seat left
    done = services.series_registrations.register(first.id, series.slug)
    assert done.status is SeriesRegistrationStatus.REGISTERED and len(done.sessions) == 6
    waiting = services.series_registrations.register(second.id, series.slug)
    assert waiting.status is SeriesRegistrationStatus.WAITLISTED and waiting.waitlist_position == 1
    assert services.registrations.statuses(second.id) == {}  # all or nothing: no seat anywhere
    assert services.series_registrations.register(third.id, series.slug).waitlist_position == 2
    services.registrations.unregister(first.id, sessions[0].id)  # one session given up: the others kept
    assert set(services.registrations.statuses(first.id)) == {s.id for s in sessions[1:]}
    services.registrations.unregister(one_off.id, sessions[3].id)  # session 4 frees: the series' line moves
    assert set(services.registrations.statuses(second.id)) == {s.id for s in sessions}
    per_session = services.series_registrations.register
    only, _ = six_sessions(services, title="Per session", registration_mode=RegistrationMode.PER_SESSION)
    with pytest.raises(NotAllowed):
        per_session(first.id, only.slug)


async def test_the_series_waiting_list_moving_tells_the_participant_once(
    services: Services, fake: FakeBotAPI,
) -> None:
    series, sessions = six_sessions(services, capacity=1)
    holder = participant(services, 950, fake=fake)
    waiting = participant(services, 951, fake=fake, language="fr")
    services.series_registrations.register(holder.id, series.slug)
    assert services.series_registrations.register(waiting.id, series.slug).waitlist_position == 1
    run = await sender(services, fake)
    await run.drain()
    before = len(texts_to(fake, 951))
    services.series_registrations.unregister(holder.id, series.slug)  # six seats free, one by one
    assert set(services.registrations.statuses(waiting.id)) == {s.id for s in sessions}
    seated = [r for r in services.notices.outbox.rows() if r["participant_id"] == waiting.id
              and r["kind"] == "series-seats"]
    assert len(seated) == 1  # one notice for the six sessions, not one per session
    await run.drain()
    texts = texts_to(fake, 951)
    assert len(texts) == before + 1
    assert "Une place s’est libérée" in texts[-1] and texts[-1].count("\n• ") == 6
    assert await run.drain() == 0  # sent once


def test_completion_at_the_threshold(services: Services, clock: FixedClock) -> None:
    series, sessions = six_sessions(services, completion_share=0.5)
    keen, lazy = participant(services, 940), participant(services, 941)
    for p in (keen, lazy):
        services.series_registrations.register(p.id, series.slug)
    clock.set(sessions[-1].ends_at + timedelta(hours=1))
    services.registrations.mark_attendance(sessions[0].id, keen.id, True)
    services.registrations.mark_attendance(sessions[1].id, keen.id, True)
    services.registrations.mark_attendance(sessions[0].id, lazy.id, True)
    assert services.store.series.completions(series.id) == []
    services.registrations.mark_attendance(sessions[2].id, keen.id, True)  # 3 of 6 = the share 0.5
    done = services.store.series.completions(series.id)
    assert [(c.participant_id, c.attended, c.sessions) for c in done] == [(keen.id, 3, 6)]


def test_cli_names(services: Services, settings: object) -> None:
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    added = invoke("series", "add", "--title", "Regional centres meeting", "--kind", "recurring-meeting",
                   "--rule", "first Thursday of each month until June 10:00", "--tz", "Europe/Zurich",
                   "--programme", "e-waste", "--capacity", "40", "--yes", env=env)
    assert added.exit_code == 0, added.output
    slug = added.output.strip().splitlines()[-1]
    assert slug == "regional-centres-meeting"
    assert slug in invoke("series", "list", env=env).output
    shown = invoke("series", "show", slug, env=env).output.strip().splitlines()
    assert len(shown) == 7 and shown[0].startswith("2026-12-03 10:00") and shown[0].endswith("planned")
    uid = shown[3].split()[2]
    moved = invoke("event", "reschedule", uid, "--to", "2027-03-05 10:00", "--scope", "following", env=env)
    assert moved.exit_code == 0, moved.output and len(moved.output.splitlines()) == 4
    cancelled = invoke("event", "cancel", uid, "--reason", "No quorum", "--scope", "this", env=env)
    assert cancelled.exit_code == 0 and uid in cancelled.output
    after = invoke("series", "show", slug, env=env).output.strip().splitlines()
    assert after[3].startswith("2027-03-05 10:00") and after[3].endswith("cancelled")
    assert after[4].startswith("2027-04-02 10:00")  # the following sessions moved by as much
    refused = invoke("series", "add", "--title", "X", "--kind", "course", "--rule", "every blursday 10:00",
                     "--tz", "UTC", "--yes", env=env)
    assert refused.exit_code != 0 and "blursday" in refused.output


def test_cli_add_with_only_the_contract_s_options(services: Services) -> None:
    """`series add --title T --kind KIND --rule RULE --tz ZONE`, not in a terminal: no question asked,
    the slug on the last line; a rule naming no time has its sessions at 10:00, and says so."""
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    added = invoke("series", "add", "--title", "Directors meeting", "--kind", "Recurring meeting",
                   "--rule", "first Thursday of each month until June", "--tz", "Europe/Zurich", env=env)
    assert added.exit_code == 0, added.output
    lines = added.output.strip().splitlines()
    assert lines[-1] == "directors-meeting"
    assert "(no time in the rule: sessions at 10:00; add one to the rule, or give --time)" in lines[1]
    shown = invoke("series", "show", "directors-meeting", env=env).output.strip().splitlines()
    assert [line[:16] for line in shown] == [
        "2026-12-03 10:00", "2027-01-07 10:00", "2027-02-04 10:00", "2027-03-04 10:00", "2027-04-01 10:00",
        "2027-05-06 10:00", "2027-06-03 10:00"]
    rule = ("--rule", "every Tuesday and Thursday 14:00 for 2 weeks", "--tz", "Europe/Zurich")
    for kind, title, slug in (("webinar_series", "PIC webinars", "pic-webinars"),
                              ("webinars", "PIC webinars", "pic-webinars-2"), ("COURSE", "PIC", "pic")):
        made = invoke("series", "add", "--title", title, "--kind", kind, *rule, env=env)
        assert made.exit_code == 0 and made.output.strip().splitlines()[-1] == slug, made.output
    wrong = invoke("series", "add", "--title", "X", "--kind", "party", *rule, env=env)
    said = "'party' is not a series kind: say webinar-series, course, recurring-meeting"
    assert wrong.exit_code == 2 and said in wrong.output


def test_the_demo_series_are_real_series(demo_services: Services, tmp_path: Path) -> None:
    listed = demo_services.series.all()
    kinds = {item.kind for item, _count in listed}
    assert kinds == {SeriesKind.WEBINAR_SERIES, SeriesKind.RECURRING_MEETING, SeriesKind.COURSE}
    for item, count in listed:
        sessions = demo_services.series.sessions(item)
        assert count == len(sessions) >= 2
        assert [s.starts_at for s in sessions] == sorted(s.starts_at for s in sessions)
        assert all(s.series_uid == item.uid and s.title.startswith(item.title) for s in sessions)
    webinars = next(item for item, _ in listed if item.kind is SeriesKind.WEBINAR_SERIES)
    feed = demo_services.feeds.feed(f"series-{webinars.slug}")
    assert feed.count == len(demo_services.series.sessions(webinars))
    assert demo_services.add_demo() == 0 and len(demo_services.series.all()) == len(listed)


def test_a_long_course_under_way_is_ongoing_not_upcoming(services: Services) -> None:
    from brs_coord.rules import is_ongoing
    from tests.clocks import NOW
    from tests.conftest import make_event

    course = services.scheduling.create(make_event(
        title="E-learning course on PIC", kind="e-learning", starts_at=NOW - timedelta(days=10),
        ends_at=NOW + timedelta(days=40))).event
    short = services.scheduling.create(make_event(title="Webinar on PIC", kind="webinar")).event
    answer = services.query.ask("e-learning courses")
    assert [e.uid for e in answer.events] == [course.uid]
    assert answer.ongoing == (course.uid,) and answer.to_json()["ongoing"] == [course.uid]
    webinars = services.query.ask("webinars")
    assert [e.uid for e in webinars.events] == [short.uid] and webinars.ongoing == ()
    later = services.scheduling.create(make_event(
        title="Workshop on PIC", kind="e-learning", starts_at=NOW + timedelta(days=3))).event
    both = services.query.ask("e-learning courses")  # what is still to start first, then the course under way
    assert [e.uid for e in both.events] == [later.uid, course.uid] and both.ongoing == (course.uid,)
    month = timedelta(days=30)
    started = NOW - timedelta(days=1)
    assert not is_ongoing(started, started + month, now=NOW)  # 30 days are not a long course
    assert not is_ongoing(NOW + timedelta(days=1), NOW + 2 * month, now=NOW)  # long, not started


async def test_the_server_serves_each_series_feed(demo_services: Services) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from brs_coord.server import build_feed_app
    from brs_coord.server.app import RUNNER_ARGS

    item = demo_services.series.all()[0][0]
    async with TestClient(TestServer(build_feed_app(demo_services), **RUNNER_ARGS)) as client:
        response = await client.get(f"/calendars/series-{item.slug}.ics")
        assert response.status == 200
        calendar = icalendar.Calendar.from_ical(await response.read())
        assert {str(v["RELATED-TO"]) for v in calendar.walk("VEVENT")} == {item.uid}
        french = await client.get(f"/calendars/series-{item.slug}.ics?lang=fr")
        assert "Chaque séance de" in (await french.read()).decode()
        listing = await (await client.get("/feeds.json")).json()
        assert f"series-{item.slug}.ics" in str(listing)
        assert item.title in await (await client.get("/")).text()


def test_details_of_the_whole_series_change_with_one_notice_each(services: Services) -> None:
    series, sessions = six_sessions(services)
    people = [participant(services, 961), participant(services, 962)]
    for p in people:
        services.series_registrations.register(p.id, series.slug)
    before = {r["id"] for r in services.notices.outbox.rows()}
    changes = services.series.edit_details(sessions[1].uid, EditScope.SERIES, location="Geneva, Switzerland")
    assert len(changes) == 6 and all(c.after and c.after.location == "Geneva, Switzerland" for c in changes)
    new = [r for r in services.notices.outbox.rows() if r["id"] not in before]
    assert sorted(r["participant_id"] for r in new) == sorted(p.id for p in people)
    assert all(r["kind"] == "changed" and r["payload"].count('"moved_from"') == 6 for r in new)
