"""A small, hand-made record for the results framework's tests: one tagged workshop and its attendees."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from brs_coord.clock import FixedClock
from brs_coord.domain import Event
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


ZOOM_EXPORT = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Amina,amina@example.org,11/21/2026 11:00,11/21/2026 12:10,70,Yes\n"
    "Bakary,,11/21/2026 11:00,11/21/2026 11:40,40,Yes\n"
    "Amina,amina@example.org,11/21/2026 12:15,11/21/2026 13:00,45,Yes\n"
    "Someone Else,,11/21/2026 11:00,11/21/2026 13:00,120,Yes\n"
    "Chen,,,,\n"
)


def zoom_meeting(services: Services, clock: FixedClock, folder: Path) -> tuple[Event, Path]:
    """A held two-hour Basel webinar tagged BC-2-v with registrants Amina (KE), Bakary (SN) and
    Chen (CN), and its Zoom export: Amina 115 minutes over two lines, Bakary 40, Chen listed with
    none, and someone who did not register."""
    event = services.scheduling.create(make_event(
        starts_at=NOW + timedelta(hours=1), ends_at=NOW + timedelta(hours=3), conventions=("basel",))).event
    services.results.tag_event(event.uid, ["BC-2-v"])
    for telegram_id, name, country in ((11, "Amina", "KE"), (12, "Bakary", "SN"), (13, "Chen", "CN")):
        participant = services.participants.get_or_create(telegram_id, chat_id=telegram_id, first_name=name)
        services.participants.set_country(telegram_id, country)
        services.registrations.register(participant.id, event.id)
    clock.advance(timedelta(hours=4))
    export = folder / "zoom.csv"
    export.write_text(ZOOM_EXPORT, encoding="utf-8")
    return event, export
