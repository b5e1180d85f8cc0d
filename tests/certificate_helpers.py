"""A held event with attendees, for the certificate tests (and a joined bot scenario later)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from typing import Any

from brs_coord.clock import FixedClock
from brs_coord.domain import Event
from brs_coord.services import Services
from tests.conftest import NOW, make_event


@dataclass(frozen=True)
class HeldWorkshop:
    event: Event
    attendee: int  # Telegram ids
    partial: int  # attended 50 %
    absent: int  # a no-show


def held_workshop(
    services: Services, clock: FixedClock, *, language: str = "fr", held: bool = True
) -> HeldWorkshop:
    """A three-day workshop (9:00–17:00 in Paris) from Monday 23 November (the clock is then moved
    past its end): one attendee in ``language``, one who attended half of it, one no-show; the event
    marked held unless ``held`` is False."""
    start = NOW + timedelta(days=2)
    event = services.scheduling.create(make_event(
        title="Regional workshop on e-waste", timezone="Europe/Paris",
        starts_at=start.replace(hour=8, minute=0),
        ends_at=start.replace(hour=16, minute=0) + timedelta(days=2),
        translations=(("fr", "Atelier régional sur les déchets électroniques", ""),))).event
    ids = []
    for n, (name, lang) in enumerate([("Jeanne Dupont", language), ("Ali", "ar"), ("Ivan", "ru")], start=1):
        participant = services.participants.get_or_create(7000 + n, chat_id=7000 + n, first_name=name)
        services.participants.set_language(participant.telegram_id, lang)
        services.registrations.register(participant.id, event.id)
        ids.append(participant.id)
    clock.advance(timedelta(days=5))
    services.registrations.mark_attendance(event.id, ids[0], True)
    services.registrations.mark_attendance(event.id, ids[1], True, share=0.5)
    services.registrations.mark_attendance(event.id, ids[2], False)
    if held:
        event = services.scheduling.mark_held(event.id, expected_version=event.version).event
    return HeldWorkshop(event, 7001, 7002, 7003)


def pdf_text(data: bytes) -> str:
    """The text of a PDF, read back with pypdf (also proves it opens)."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


async def ask_for_certificate(
    fake: Any, chat: int, event_button: str, expect: str = "sendDocument", **user: Any
) -> Any:
    """As the participant in ``chat``: /certificate, then the event's button; the bot's last message
    (the PDF document, or the refusal when there is none)."""
    from tests.bot_helpers import act

    await act(fake, lambda: fake.inject_message(chat, "/certificate", **user), "sendMessage")
    await act(fake, lambda: fake.press(chat, event_button, **user), expect)
    return fake.last_message(chat)


async def verify_over_http(services: Services, path: str, **headers: str) -> tuple[int, str, str]:
    """GET ``path`` from the feed server started on 127.0.0.1: status, content type, body."""
    from aiohttp.test_utils import TestClient, TestServer

    from brs_coord.server import build_feed_app
    from brs_coord.server.app import RUNNER_ARGS

    async with TestClient(TestServer(build_feed_app(services), host="127.0.0.1", **RUNNER_ARGS)) as client:
        response = await client.get(path, headers=headers)
        return response.status, response.content_type, await response.text()
