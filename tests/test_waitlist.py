"""Waiting-list promotion: offer the freed place to the first in line, expire it, then the next (issue #8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from brs_coord.clock import FixedClock
from brs_coord.errors import NotAllowed
from brs_coord.services import Services
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant, sender, texts_to


async def test_promotion_offer_expiry_and_confirmation(services: Services, fake: FakeBotAPI,
                                                      clock: FixedClock) -> None:
    event = services.scheduling.create(make_event(capacity=1)).event
    first, second, third = (participant(services, i, fake=fake) for i in (11, 12, 13))
    regs = services.registrations
    assert regs.register(first.id, event.id).status == "registered"
    assert regs.register(second.id, event.id).status == "waitlisted"
    assert regs.register(third.id, event.id).status == "waitlisted"

    assert regs.unregister(first.id, event.id)
    assert regs.status(second.id, event.id) == "offered" and regs.status(third.id, event.id) == "waitlisted"
    run = await sender(services, fake)
    assert await run.drain() == 1
    offer = fake.messages_in(12)[-1]
    assert "A place is free" in (offer.text or "") and offer.button_texts == [["Confirm", "Decline"]]

    clock.advance(timedelta(hours=12, seconds=1))  # not confirmed in time: the next in line
    await run.drain()
    assert regs.status(second.id, event.id) is None and regs.status(third.id, event.id) == "offered"
    with pytest.raises(NotAllowed):
        services.waitlist.confirm(second.id, event.id)
    assert "A place is free" in texts_to(fake, 13)[-1]
    assert services.waitlist.confirm(third.id, event.id).status == "registered"
    assert regs.can_see_join_link(third.id, event.id)


async def test_decline_and_raised_capacity(services: Services, clock: FixedClock) -> None:
    event = services.scheduling.create(make_event(capacity=1)).event
    a, b, c, d = (participant(services, i) for i in (21, 22, 23, 24))
    regs = services.registrations
    for p in (a, b, c, d):
        regs.register(p.id, event.id)
    regs.unregister(a.id, event.id)
    assert regs.status(b.id, event.id) == "offered"
    assert services.waitlist.decline(b.id, event.id)
    assert regs.status(c.id, event.id) == "offered"
    event = services.scheduling.get(event.id)
    services.scheduling.update(event.id, replace(event.data(), capacity=2), expected_version=event.version)
    assert regs.status(d.id, event.id) == "offered"
    offers = services.notices.outbox.rows(kind="offer")
    assert [r["participant_id"] for r in offers] == [b.id, c.id, d.id]
