"""Participants and registrations services (used by the bot; issue #8 builds on them)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from brs_coord.errors import InvalidInput, NotAllowed
from brs_coord.services import Services
from brs_coord.services.participants import find_timezones, language_for
from tests.conftest import NOW, make_event


def test_language_and_zones() -> None:
    assert [language_for(c) for c in ("fr", "es-MX", "de", None, "EN")] == ["fr", "es", "en", "en", "en"]
    assert find_timezones("Geneva") == ["Europe/Zurich"]
    assert find_timezones("paris") == ["Europe/Paris"]
    assert find_timezones("Europe/Madrid") == ["Europe/Madrid"]
    assert find_timezones("xx") == [] and find_timezones("") == []


def test_participant_settings_feed_token_and_forget(services: Services) -> None:
    ps = services.participants
    p = ps.get_or_create(7, chat_id=7, first_name="Ann", language_code="fr-CA")
    assert (p.language, p.timezone, p.country, p.audience) == ("fr", "UTC", None, None)
    assert ps.get_or_create(7, chat_id=7).id == p.id
    ps.set_timezone(7, "Africa/Nairobi")
    ps.set_language(7, "es")
    audience = ps.choices().audiences[0].slug
    ps.set_audience(7, audience)
    country = ps.find_countries("Kenya")[0]
    p = ps.set_country(7, country.code)
    assert (p.timezone, p.language, p.audience, p.country) == ("Africa/Nairobi", "es", audience, country.code)
    with pytest.raises(InvalidInput):
        ps.set_timezone(7, "Mars/Olympus")
    token = ps.feed_token(7)
    assert len(token) >= 32 and ps.feed_token(7) == token and ps.by_feed_token(token).id == p.id
    new = ps.reset_feed_token(7)
    assert new != token and ps.by_feed_token(token) is None
    event = services.scheduling.create(make_event()).after
    services.registrations.register(p.id, event.id)
    services.registrations.remind(p.id, event.id)
    assert ps.forget(7) and ps.get(7) is None and not ps.forget(7)
    assert services.registrations.statuses(p.id) == {}


def test_register_capacity_waitlist_unregister(services: Services) -> None:
    ps, regs = services.participants, services.registrations
    event = services.scheduling.create(make_event(capacity=1, online_url="https://meet.example.org/x")).after
    a = ps.get_or_create(1, chat_id=1)
    b = ps.get_or_create(2, chat_id=2)
    first = regs.register(a.id, event.id)
    assert first.status == "registered" and first.has_seat and not first.already
    assert regs.register(a.id, event.id).already
    second = regs.register(b.id, event.id)
    assert (second.status, second.waitlist_position) == ("waitlisted", 1)
    assert regs.can_see_join_link(a.id, event.id) and not regs.can_see_join_link(b.id, event.id)
    freed: list[int] = []
    regs.add_seat_freed_listener(lambda _store, event_id: freed.append(event_id))
    assert regs.unregister(a.id, event.id) and freed == [event.id]
    assert not regs.unregister(a.id, event.id)
    assert regs.status(a.id, event.id) is None
    assert [m.event.id for m in regs.my_events(b.id)] == [event.id]


def test_register_refuses_cancelled_and_past(services: Services) -> None:
    p = services.participants.get_or_create(3, chat_id=3)
    past = services.scheduling.create(make_event(starts_at=NOW - timedelta(days=3))).after
    with pytest.raises(NotAllowed):
        services.registrations.register(p.id, past.id)
    ev = services.scheduling.create(make_event()).after
    services.scheduling.cancel(ev.id, "no funds", expected_version=ev.version)
    with pytest.raises(NotAllowed):
        services.registrations.register(p.id, ev.id)


def test_a_participant_without_a_private_chat_is_never_registered(services: Services) -> None:
    event = services.scheduling.create(make_event(online_url="https://meet.example.org/x")).event
    seen_in_a_group = services.participants.get_or_create(841, chat_id=None)  # never wrote in private
    with pytest.raises(NotAllowed, match="private chat"):
        services.registrations.register(seen_in_a_group.id, event.id)
    with pytest.raises(NotAllowed, match="private chat"):
        services.registrations.remind(seen_in_a_group.id, event.id)
    assert services.registrations.statuses(seen_in_a_group.id) == {}
    assert services.registrations.reminders(seen_in_a_group.id) == set()
