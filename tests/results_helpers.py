"""A small, hand-made record for the results framework's tests: one tagged workshop and its attendees."""

from __future__ import annotations

from datetime import date, timedelta

from brs_coord.clock import FixedClock
from brs_coord.results import PartyRecord
from brs_coord.services import Services
from tests.conftest import NOW, make_event


def trained_workshop(
    services: Services, clock: FixedClock, organiser: str | None = None,
) -> tuple[str, list[int]]:
    """A held Basel workshop tagged BC-2-v with six attendees from Kenya, Senegal and the US."""
    event = services.scheduling.create(make_event(
        title="Training on the new Basel reporting format", conventions=("basel",), organiser=organiser,
        starts_at=NOW + timedelta(hours=1), ends_at=NOW + timedelta(hours=3))).event
    services.results.tag_event(event.uid, ["BC-2-v"])
    people = []
    for n, country in enumerate(["KE", "KE", "SN", "US", "SN", "KE"], start=1):
        participant = services.participants.get_or_create(100 + n, chat_id=100 + n)
        services.participants.set_country(participant.telegram_id, country)
        services.registrations.register(participant.id, event.id)
        people.append(participant.id)
    clock.advance(timedelta(hours=4))
    for person in people[:-1]:
        services.registrations.mark_attendance(event.id, person, True)
    services.registrations.mark_attendance(event.id, people[-1], True, share=0.5)
    services.results.set_party_status([
        PartyRecord("KE", "basel", date(2000, 7, 1)), PartyRecord("SN", "basel", date(1992, 11, 10)),
        PartyRecord("US", "basel", None)])
    return event.uid, people
