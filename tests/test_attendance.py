"""Attendance after an event: the registrations service records attended / no-show for seat holders."""

from __future__ import annotations

from datetime import timedelta

import pytest

from brs_coord.clock import FixedClock
from brs_coord.errors import NotAllowed, NotFound
from brs_coord.services import Services
from tests.conftest import NOW, make_event


def test_mark_attended_no_show_and_undo_once_started(services: Services, clock: FixedClock) -> None:
    regs = services.registrations
    event = services.scheduling.create(make_event(starts_at=NOW + timedelta(hours=1),
                                                  ends_at=NOW + timedelta(hours=2))).event
    amina = services.participants.get_or_create(1, chat_id=1, first_name="Amina")
    regs.register(amina.id, event.id)
    with pytest.raises(NotAllowed, match="has not started"):
        regs.mark_attendance(event.id, amina.id, True)
    clock.advance(timedelta(hours=3))
    assert regs.mark_attendance(event.id, amina.id, True).status == "attended"
    assert regs.mark_attendance(event.id, amina.id, False).status == "no-show"
    assert regs.mark_attendance(event.id, amina.id, None).status == "registered"
    rows = services.reports.registrations(event.id)
    assert [(row.participant_id, row.status) for row in rows] == [(amina.id, "registered")]


def test_attendance_refused_without_a_seat_or_for_a_cancelled_event(
    services: Services, clock: FixedClock
) -> None:
    regs = services.registrations
    event = services.scheduling.create(make_event(capacity=1, starts_at=NOW + timedelta(hours=1),
                                                  ends_at=NOW + timedelta(hours=2))).event
    seated = services.participants.get_or_create(1, chat_id=1)
    waiting = services.participants.get_or_create(2, chat_id=2)
    stranger = services.participants.get_or_create(3, chat_id=3)
    regs.register(seated.id, event.id)
    regs.register(waiting.id, event.id)
    clock.advance(timedelta(hours=3))
    with pytest.raises(NotAllowed, match="waitlisted"):
        regs.mark_attendance(event.id, waiting.id, True)
    with pytest.raises(NotFound):
        regs.mark_attendance(event.id, stranger.id, True)
    current = services.scheduling.get(event.id)
    services.scheduling.cancel(event.id, "storm", expected_version=current.version)
    with pytest.raises(NotAllowed, match="cancelled"):
        regs.mark_attendance(event.id, seated.id, True)


def test_mark_all_attended_then_the_exceptions(services: Services, clock: FixedClock) -> None:
    regs = services.registrations
    event = services.scheduling.create(make_event(starts_at=NOW + timedelta(hours=1),
                                                  ends_at=NOW + timedelta(hours=2))).event
    people = [services.participants.get_or_create(n, chat_id=n) for n in (1, 2, 3)]
    for person in people:
        regs.register(person.id, event.id)
    clock.advance(timedelta(hours=3))
    regs.mark_attendance(event.id, people[2].id, False)
    assert regs.mark_all_attended(event.id) == 2
    assert regs.mark_all_attended(event.id) == 0
    statuses = [row.status for row in services.reports.registrations(event.id)]
    assert statuses == ["attended", "attended", "no-show"]
