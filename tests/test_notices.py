"""Notices through the outbox and the sender, against the fake Bot API (issue #8)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from brs_coord.clock import FixedClock
from brs_coord.domain import Status
from brs_coord.services import Services
from brs_coord.services.notices import quiet_until
from tests.conftest import NOW, make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant, sender, texts_to


def rows(services: Services, **where: object) -> list[dict[str, object]]:
    return services.notices.outbox.rows(**where)


# ---- who hears about what ------------------------------------------------------------------------


async def test_new_event_reaches_matching_subscribers_only(services: Services, fake: FakeBotAPI) -> None:
    subs = services.subscriptions
    by_kind, by_audience, by_region, by_programme, by_convention, other, blocked = (
        participant(services, i, fake=fake) for i in range(101, 108)
    )
    subs.subscribe(by_kind.id, "kind", "webinar")
    subs.subscribe(by_audience.id, "audience", "rotterdam-dnas")
    subs.subscribe(by_region.id, "region", "africa")
    subs.subscribe(by_programme.id, "programme", "e-waste")
    subs.subscribe(by_convention.id, "convention", "basel")
    subs.subscribe(other.id, "kind", "workshop")
    subs.subscribe(other.id, "region", "asia-pacific")
    subs.subscribe(blocked.id, "kind", "webinar")
    services.participants._repo.update(blocked.id, active=False)

    created = services.scheduling.create(make_event(audiences=("rotterdam-dnas",), regions=("africa",),
                                                    programme="e-waste", conventions=("basel",))).event
    notified = {r["participant_id"] for r in rows(services, kind="new-event")}
    assert notified == {by_kind.id, by_audience.id, by_region.id, by_programme.id, by_convention.id}

    draft = services.scheduling.create(make_event(status=Status.DRAFT, title="Draft webinar")).event
    assert len(rows(services, event_id=draft.id)) == 0
    services.scheduling.set_status(draft.id, Status.PLANNED, expected_version=draft.version)
    assert {r["participant_id"] for r in rows(services, event_id=draft.id)} == {by_kind.id}

    global_event = services.scheduling.create(make_event(kind="workshop", regions=("global",))).event
    assert {r["participant_id"] for r in rows(services, event_id=global_event.id)} == {by_region.id, other.id}

    run = await sender(services, fake)
    assert await run.drain() == 5 + 1 + 2
    message = fake.messages_in(by_kind.chat_id)[1]
    assert "New event" in (message.text or "") and created.title in (message.text or "")
    assert message.button_texts == [["✅ Register", "ℹ️ Details"], ["Stop these"]]


async def test_change_diff_in_each_participants_zone_and_language(services: Services, fake: FakeBotAPI,
                                                                  clock: FixedClock) -> None:
    event = services.scheduling.create(make_event(online_url="https://meet.example.org/a")).event
    tokyo = participant(services, 201, fake=fake, zone="Asia/Tokyo")
    paris = participant(services, 202, fake=fake, language="fr", zone="America/New_York")
    madrid = participant(services, 203, fake=fake, language="es", zone="Europe/Madrid")
    for p in (tokyo, paris):
        services.registrations.register(p.id, event.id)
    services.registrations.remind(madrid.id, event.id)
    new_start = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    services.scheduling.reschedule(event.id, new_start, expected_version=event.version)

    run = await sender(services, fake)
    assert await run.drain() == 0  # held back for the batching window
    clock.advance(timedelta(seconds=31))
    assert await run.drain() == 3
    assert "moved from Tue 24 Nov, 19:00 to Fri 27 Nov, 00:00, your time" in texts_to(fake, 201)[-1]
    french = texts_to(fake, 202)[-1]
    assert "déplacé du" in french and "05:00" in french and "10:00" in french and "votre heure" in french
    assert "trasladado del" in texts_to(fake, 203)[-1] and "16:00" in texts_to(fake, 203)[-1]


async def test_link_changes_go_to_seat_holders_only(services: Services, clock: FixedClock) -> None:
    event = services.scheduling.create(make_event(online_url="https://meet.example.org/a")).event
    seat, remind_only = participant(services, 211), participant(services, 212)
    services.registrations.register(seat.id, event.id)
    services.registrations.remind(remind_only.id, event.id)
    services.scheduling.update(event.id, replace(event.data(), online_url="https://meet.example.org/b"),
                               expected_version=event.version)
    assert [r["participant_id"] for r in rows(services, kind="changed")] == [seat.id]


async def test_edits_within_the_window_make_one_notice(services: Services, fake: FakeBotAPI,
                                                       clock: FixedClock) -> None:
    event = services.scheduling.create(make_event(location="Geneva")).event
    p = participant(services, 301, fake=fake)
    services.registrations.register(p.id, event.id)
    event = services.scheduling.update(event.id, replace(event.data(), location="Nairobi"),
                                       expected_version=event.version).event
    clock.advance(timedelta(seconds=10))
    event = services.scheduling.update(event.id, replace(event.data(), location="Dakar"),
                                       expected_version=event.version).event
    clock.advance(timedelta(seconds=5))
    event = services.scheduling.reschedule(event.id, event.starts_at + timedelta(hours=1),
                                           expected_version=event.version).event
    assert len(rows(services, kind="changed")) == 1
    run = await sender(services, fake)
    clock.advance(timedelta(seconds=16))  # 31 s after the first edit
    assert await run.drain() == 1
    text = texts_to(fake, 301)[-1]
    assert "Geneva → Dakar" in text and "moved from" in text and "Nairobi" not in text

    # an edit undone within the window leaves nothing to say
    event = services.scheduling.update(event.id, replace(event.data(), location="Lomé"),
                                       expected_version=event.version).event
    event = services.scheduling.update(event.id, replace(event.data(), location="Dakar"),
                                       expected_version=event.version).event
    assert len(rows(services, kind="changed")) == 1


async def test_cancellation_is_never_held_back(services: Services, fake: FakeBotAPI) -> None:
    event = services.scheduling.create(make_event()).event
    p = participant(services, 401, fake=fake, language="fr")
    services.registrations.register(p.id, event.id)
    event = services.scheduling.update(event.id, replace(event.data(), location="Lima"),
                                       expected_version=event.version).event
    services.scheduling.cancel(event.id, "Funding withdrawn", expected_version=event.version)
    assert [r["kind"] for r in rows(services)] == ["cancelled"]  # the pending change is superseded
    run = await sender(services, fake)
    assert await run.drain() == 1
    text = texts_to(fake, 401)[-1]
    assert "est annulé" in text and "Funding withdrawn" in text


async def test_staff_message_to_registrants(services: Services, fake: FakeBotAPI) -> None:
    event = services.scheduling.create(make_event(online_url="https://meet.example.org/z", capacity=1)).event
    seat, waiting, remind_only = (participant(services, i, fake=fake) for i in (501, 502, 503))
    assert services.registrations.register(seat.id, event.id).status == "registered"
    assert services.registrations.register(waiting.id, event.id).status == "waitlisted"
    assert services.registrations.status(waiting.id, event.id) == "waitlisted"
    services.registrations.remind(remind_only.id, event.id)
    queued = services.notices.message_registrants(event.id, "Slides are online <here> & there")
    run = await sender(services, fake)
    sent = await run.drain()
    text = texts_to(fake, 501)[-1]
    assert "Slides are online <here> & there" in text and "https://meet.example.org/z" in text
    assert texts_to(fake, 503) == []  # a "remind me" mark is no registration
    # The waiting list hears staff messages too ("registered (or waiting)"), never with the join link.
    to_waiting = texts_to(fake, 502)
    assert len(to_waiting) == 1 and "Slides are online <here> & there" in to_waiting[0]
    assert "meet.example.org" not in to_waiting[0]
    assert queued == 2 and sent == 2


async def test_a_message_too_long_once_escaped_still_arrives(services: Services, fake: FakeBotAPI) -> None:
    """1,000 '&' are 5,000 characters of HTML: cut to Telegram's length between entities, not in one
    (a cut '&am' was refused as unparsable and the notice failed for good)."""
    event = services.scheduling.create(make_event(title="Q&A <live>")).event
    seat = participant(services, 501, fake=fake)
    services.registrations.register(seat.id, event.id)
    services.notices.message_registrants(event.id, "&" * 1000)
    run = await sender(services, fake)
    assert await run.drain() == 1
    [text] = texts_to(fake, 501)
    assert text.startswith("Message about Q&A <live>") and text.endswith("&…")
    assert services.notices.counts()["failed"] == 0


# ---- reminders ----------------------------------------------------------------------------------


async def test_reminders_moved_and_dropped(services: Services, fake: FakeBotAPI, clock: FixedClock) -> None:
    event = services.scheduling.create(make_event(online_url="https://meet.example.org/r")).event
    seat, remind_only, leaver = (participant(services, i, fake=fake) for i in (601, 602, 603))
    services.registrations.register(seat.id, event.id)
    services.registrations.remind(remind_only.id, event.id)
    services.registrations.register(leaver.id, event.id)
    run = await sender(services, fake)

    clock.set(event.starts_at - timedelta(days=1))
    assert await run.drain() == 3
    assert "https://meet.example.org/r" in texts_to(fake, 601)[-1]  # the join link for registrants only
    assert "meet.example.org" not in texts_to(fake, 602)[-1]
    services.registrations.unregister(leaver.id, event.id)

    def reminders_to(chat: int) -> list[str]:
        return [t for t in texts_to(fake, chat) if "Reminder" in t]

    moved = services.scheduling.reschedule(event.id, event.starts_at + timedelta(days=2),
                                           expected_version=event.version).event
    clock.set(event.starts_at - timedelta(hours=1))  # the old 1-hour mark: only the change notices
    assert await run.drain() == 2  # "moved" to the registrant and the "remind me" participant
    assert all("moved from" in texts_to(fake, chat)[-1] for chat in (601, 602))
    assert await run.drain() == 0  # and nothing more at the old reminder time
    assert reminders_to(601) == [texts_to(fake, 601)[0]] and len(reminders_to(602)) == 1
    clock.set(moved.starts_at - timedelta(hours=1))  # the new one: reminded again
    assert await run.drain() == 2
    assert len(reminders_to(601)) == 2 and len(reminders_to(602)) == 2
    assert len(reminders_to(603)) == 1  # unregistered: dropped

    clock.set(moved.starts_at - timedelta(minutes=50))
    before_cancel = {chat: len(reminders_to(chat)) for chat in (601, 602, 603)}
    services.scheduling.cancel(moved.id, "Storm", expected_version=moved.version)
    services.reminders.set_leads(seat.id, [30])
    clock.set(moved.starts_at - timedelta(minutes=30))
    assert await run.drain() == 2  # the cancellation, to 601 and 602
    assert await run.drain() == 0
    assert {chat: len(reminders_to(chat)) for chat in (601, 602, 603)} == before_cancel
    assert all("Storm" in texts_to(fake, chat)[-1] for chat in (601, 602))  # cancelled: only the notice


def test_reminder_lead_rules() -> None:
    from brs_coord.services.reminders import due_lead

    start = NOW + timedelta(hours=5)
    assert due_lead((1440, 60), start, NOW - timedelta(days=2), NOW) == 1440  # late, but still useful
    assert due_lead((1440, 60), start, NOW - timedelta(minutes=1), NOW) is None  # came due before registering
    assert due_lead((1440, 60), start, NOW, start - timedelta(minutes=30)) == 60


# ---- delivery ----------------------------------------------------------------------------------


async def test_one_chats_notices_arrive_in_order_while_other_chats_go_side_by_side(
    services: Services, fake: FakeBotAPI
) -> None:
    event = services.scheduling.create(make_event()).event
    first, second = (participant(services, i, fake=fake) for i in (711, 712))
    for p in (first, second):
        services.registrations.register(p.id, event.id)
    services.notices.message_registrants(event.id, "one")
    services.notices.message_registrants(event.id, "two")
    fake.add_fault(kind="delay", method="sendMessage", chat_id=first.chat_id, seconds=0.5, times=1)
    run = await sender(services, fake)
    assert await run.drain() == 4
    mine = [("one" in t, "two" in t) for t in texts_to(fake, first.chat_id) if "one" in t or "two" in t]
    assert mine == [(True, False), (False, True)]  # "one" first, though its send was the slow one
    calls = [c for c in fake.calls("sendMessage") if c.ok]
    to_second = [i for i, c in enumerate(calls) if int(c.params["chat_id"]) == second.chat_id]
    to_first = [i for i, c in enumerate(calls) if int(c.params["chat_id"]) == first.chat_id]
    assert max(to_second) < max(to_first)  # the other chat was not held up behind the slow send


async def test_429_and_502_are_retried(services: Services, fake: FakeBotAPI, clock: FixedClock) -> None:
    event = services.scheduling.create(make_event()).event
    p = participant(services, 701, fake=fake)
    services.registrations.register(p.id, event.id)
    services.notices.message_registrants(event.id, "one")
    run = await sender(services, fake)

    fake.fault_429("sendMessage", retry_after=1)
    assert await run.run_once() == 1
    (row,) = rows(services, kind="message")
    assert row["sent_at"] is None and "429" in str(row["last_error"]) and row["attempts"] == 0
    clock.advance(timedelta(seconds=1))
    fake.fault_502("sendMessage")
    started = time.monotonic()
    assert await run.run_once() == 1  # waits out the pause first
    assert time.monotonic() - started >= 0.5
    (row,) = rows(services, kind="message")
    assert row["sent_at"] is None and "Bad Gateway" in str(row["last_error"]) and row["attempts"] == 1
    assert await run.run_once() == 0  # backing off
    clock.advance(timedelta(seconds=5))
    assert await run.run_once() == 1
    (row,) = rows(services, kind="message")
    assert row["sent_at"] is not None and texts_to(fake, 701)[-1].endswith("one")


async def test_failed_after_n_attempts(services: Services, fake: FakeBotAPI, clock: FixedClock) -> None:
    services.notices.max_attempts = 3
    event = services.scheduling.create(make_event()).event
    p = participant(services, 702, fake=fake)
    services.registrations.register(p.id, event.id)
    services.notices.message_registrants(event.id, "never")
    fake.fault_502("sendMessage", times=None)
    run = await sender(services, fake)
    for _ in range(4):
        await run.run_once()
        clock.advance(timedelta(minutes=10))
    (row,) = rows(services, kind="message")
    assert row["failed_at"] is not None and row["attempts"] == 3
    assert "after 3 attempts" in str(row["last_error"])
    assert services.reports.outbox("failed")[0].id == row["id"]


async def test_403_deactivates_the_participant(services: Services, fake: FakeBotAPI) -> None:
    event = services.scheduling.create(make_event()).event
    p, other = participant(services, 801, fake=fake), participant(services, 802, fake=fake)
    for who in (p, other):
        services.registrations.register(who.id, event.id)
    services.notices.message_registrants(event.id, "first")
    services.notices.message_registrants(event.id, "second")
    fake.block_chat(801)
    run = await sender(services, fake)
    await run.drain()
    assert services.participants.get(801).active is False
    mine = rows(services, participant_id=p.id)
    assert all(r["failed_at"] is not None and "403" in str(r["last_error"]) for r in mine)
    assert len(texts_to(fake, 802)) == 2
    services.notices.message_registrants(event.id, "third")
    assert len(rows(services, participant_id=p.id)) == 2  # nothing more for them
    assert services.participants.get_or_create(801, chat_id=801).active  # until they write again
    services.notices.message_registrants(event.id, "fourth")
    assert len(rows(services, participant_id=p.id)) == 3


async def test_quiet_hours_delay_non_urgent_notices(services: Services, fake: FakeBotAPI,
                                                    clock: FixedClock) -> None:
    p = participant(services, 901, fake=fake, zone="Europe/Zurich")
    services.notices.set_quiet_hours(p.id, "22:00", "07:00")
    services.subscriptions.subscribe(p.id, "kind", "webinar")
    clock.set(datetime(2026, 11, 21, 22, 30, tzinfo=UTC))  # 23:30 in Zurich
    event = services.scheduling.create(make_event()).event
    services.registrations.register(p.id, event.id)
    run = await sender(services, fake)
    assert await run.drain() == 0
    (row,) = rows(services, kind="new-event")
    assert row["due_at"] == "2026-11-22T06:00:00Z"  # 07:00 in Zurich
    services.scheduling.cancel(event.id, "Sorry", expected_version=event.version)
    assert await run.drain() == 1  # urgent: goes through quiet hours
    assert "cancelled" in texts_to(fake, 901)[-1]
    assert quiet_until("08:00", "17:00", "UTC", NOW) == datetime(2026, 11, 21, 17, tzinfo=UTC)
    assert quiet_until("22:00", "07:00", "UTC", NOW) is None


def test_a_dead_senders_claims_are_retried_after_the_lease(services: Services, clock: FixedClock) -> None:
    event = services.scheduling.create(make_event()).event
    p = participant(services, 1001)
    services.registrations.register(p.id, event.id)
    services.notices.message_registrants(event.id, "x")
    (claimed,) = services.notices.claim_due()
    assert services.notices.claim_due() == []  # held by the (now dead) claimer
    clock.advance(services.notices.lease - timedelta(seconds=1))
    assert services.notices.claim_due() == []
    clock.advance(timedelta(seconds=2))
    (again,) = services.notices.claim_due()
    assert again.id == claimed.id and again.attempts == 2


def test_stop_these(services: Services) -> None:
    p = participant(services, 1101)
    services.subscriptions.subscribe(p.id, "kind", "webinar")
    services.subscriptions.subscribe(p.id, "region", "africa")
    event = services.scheduling.create(make_event(regions=("asia-pacific",))).event
    stopped = services.subscriptions.stop_matching(p.id, event.id)
    assert [(s.facet, s.value) for s in stopped] == [("kind", "webinar")]
    services.registrations.register(p.id, event.id)
    assert services.notices.mute_event(p.id, event.id)
    services.notices.message_registrants(event.id, "muted")
    assert rows(services, participant_id=p.id, kind="message") == []
