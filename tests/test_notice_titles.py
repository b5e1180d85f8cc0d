"""Notices show the event's title in the recipient's language (issue 15): the payload carries the
event's titles in other languages; a payload written before it did still renders, with the stored
title."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from brs_coord.bot import notice_texts
from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.domain import Event
from brs_coord.payloads import EventSnapshot, parse_payload
from brs_coord.services import Services
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant, sender, texts_to

OWN = "Webinar on e-waste inventories"
FRENCH = ("fr", "Webinaire sur les inventaires de déchets électroniques", "")
CHINESE = ("zh", "电子废物清单网络研讨会", "如何清点电子废物。")
TITLES = {"en": OWN, "fr": FRENCH[1], "zh": CHINESE[1], "ru": OWN}  # ru: none in Russian, its own


def _event(services: Services) -> Event:
    data = make_event(online_url="https://meet.example.org/a", translations=(FRENCH, CHINESE))
    return services.scheduling.create(data).event


async def test_a_french_and_a_chinese_subscriber_get_the_change_notice_with_their_title(
    services: Services, fake: FakeBotAPI, clock: FixedClock,
) -> None:
    event = _event(services)
    chats = {"en": 301, "fr": 302, "zh": 303, "ru": 304}
    for lang, chat in chats.items():
        person = participant(services, chat, fake=fake, language=lang, zone="Europe/Paris")
        services.registrations.register(person.id, event.id)
    services.scheduling.reschedule(event.id, datetime(2026, 11, 26, 15, 0, tzinfo=UTC),
                                   expected_version=event.version)
    run = await sender(services, fake)
    clock.advance(timedelta(seconds=31))  # past the batching window
    assert await run.drain() == 4
    for lang, chat in chats.items():
        text = texts_to(fake, chat)[-1]
        others = set(TITLES.values()) - {TITLES[lang]}
        assert TITLES[lang] in text and not any(title in text for title in others), (lang, text)
    assert "Modifié" in texts_to(fake, 302)[-1] and "16:00" in texts_to(fake, 303)[-1]


@pytest.mark.parametrize("action", ["cancel", "message", "reminder", "new-event"])
def test_every_kind_of_notice_shows_the_reader_s_title(services: Services, action: str,
                                                       clock: FixedClock) -> None:
    event = _event(services)
    people = {lang: participant(services, 400 + i, language=lang) for i, lang in enumerate(TITLES)}
    for person in people.values():
        if action == "new-event":
            services.subscriptions.subscribe(person.id, "kind", "webinar")
        else:
            services.registrations.register(person.id, event.id)
    if action == "cancel":
        services.scheduling.cancel(event.id, "Speaker ill", expected_version=event.version)
    elif action == "message":
        services.notices.message_registrants(event.id, "The room changed")
    elif action == "reminder":
        clock.advance(event.starts_at - clock.now() - timedelta(minutes=50))
        services.reminders.plan()
    else:
        services.scheduling.create(make_event(title="Second webinar", translations=(
            ("fr", "Deuxième webinaire", ""), ("zh", "第二次网络研讨会", ""))))
    notices = {n.participant_id: n for n in services.notices.claim_due()}
    expected = TITLES if action != "new-event" else {
        "en": "Second webinar", "fr": "Deuxième webinaire", "zh": "第二次网络研讨会", "ru": "Second webinar"}
    for lang, person in people.items():
        assert expected[lang] in notice_texts.render(notices[person.id]), (action, lang)


async def test_a_payload_written_before_titles_were_carried_still_renders_with_the_stored_title(
    services: Services, settings: Settings, fake: FakeBotAPI,
) -> None:
    event = _event(services)
    french = participant(services, 501, fake=fake, language="fr")
    services.registrations.register(french.id, event.id)
    services.scheduling.cancel(event.id, "Speaker ill", expected_version=event.version)
    with sqlite3.connect(settings.db_path) as db:  # as an older version wrote it: no "titles"
        changed = db.execute("UPDATE outbox SET payload = json_remove(payload, '$.event.titles')"
                             " WHERE event_id = ?", [event.id]).rowcount
    assert changed == 1
    run = await sender(services, fake)
    assert await run.drain() == 1
    text = texts_to(fake, 501)[-1]
    assert OWN in text and FRENCH[1] not in text and "annulé" in text


def test_the_snapshot_carries_titles_only_where_the_event_has_one() -> None:
    data = make_event(translations=(FRENCH, ("es", "", "Solo la descripción")))
    event = Event(**{name: getattr(data, name) for name in data.__dataclass_fields__}, id=3, uid="u-3@brs")
    snapshot = EventSnapshot.of(event, with_link=False)
    assert snapshot.titles == (("fr", FRENCH[1]),)
    assert [snapshot.title_in(lang) for lang in ("fr", "es", None)] == [FRENCH[1], OWN, OWN]
    written = json.dumps({"v": 1, "event": snapshot.to_dict()})
    stored = json.loads(parse_payload("new-event", written).to_json())
    assert stored["event"]["titles"] == {"fr": FRENCH[1]}
