"""Staff commands in the bot, for staff linked by Telegram id: /cancel UID reason, /reschedule UID
when, /message UID text, through the services and role checks the CLI uses, as that staff member;
refused plainly for anyone else and outside a private chat, and by role in the member's language."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from brs_coord.config import Settings
from brs_coord.domain import Event, Status
from brs_coord.permissions import Role
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant

ADMIN = 4242  # eve, a secretariat editor
VIEWER = 4343  # vic, on the staff list as a viewer
STAFF_ONLY = "This command is for the secretariat's staff only."


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    services.staff.add("eve", Role.EDITOR, telegram_id=ADMIN)
    services.staff.add("vic", Role.VIEWER, telegram_id=VIEWER)
    async with bot_running(fake, services, settings) as running_fake:
        yield running_fake


@pytest.fixture
def event(services: Services) -> Event:
    """An event with one registered participant (who must hear about a cancellation)."""
    created = services.scheduling.create(make_event(title="Customs <b>training</b>")).event
    services.registrations.register(participant(services, 301).id, created.id)
    return created


async def says(fake: FakeBotAPI, chat: int, text: str, **kw: object) -> str:
    """Send ``text`` to the bot as a user; the bot's one answer."""
    await act(fake, lambda: fake.inject_message(chat, text, **kw), "sendMessage")
    return fake.last_message(chat).text or ""


async def test_an_admin_cancels_an_event_and_its_registrants_are_told(
    bot: FakeBotAPI, services: Services, event: Event
) -> None:
    pending = services.notices.counts()["pending"]
    answer = await says(bot, ADMIN, f"/cancel {event.uid} venue closed by the flood")
    assert answer == f"Cancelled {event.uid}: Customs <b>training</b>"  # escaped: shown as text
    cancelled = services.scheduling.get(event.id)
    assert (cancelled.status, cancelled.status_reason) == (Status.CANCELLED, "venue closed by the flood")
    assert (services.scheduling.history(event.id)[-1].changed_by, cancelled.version) == (
        "eve", event.version + 1)  # the history records the staff member's login
    assert services.notices.counts()["pending"] == pending + 1  # the registrant's notice, in the outbox
    again = await says(bot, ADMIN, f"/cancel {event.uid} twice")
    assert again == "“Customs <b>training</b>” is already cancelled"


async def test_an_admin_is_told_the_usage_and_unknown_events(bot: FakeBotAPI, services: Services) -> None:
    usage = "Usage: /cancel UID reason (the reason is shown to participants)"
    assert await says(bot, ADMIN, "/cancel") == usage
    assert await says(bot, ADMIN, "/cancel some-uid") == usage
    assert await says(bot, ADMIN, "/cancel no-such-uid because") == "No event with uid 'no-such-uid'"


@pytest.mark.parametrize(
    ("user", "chat", "chat_type", "language", "refusal"),
    [
        (777, 777, "private", "en", STAFF_ONLY),
        (778, 778, "private", "fr", "Cette commande est réservée au personnel du secrétariat."),
        (779, -100, "group", "en", STAFF_ONLY),
        (ADMIN, -100, "group", "en", "Staff commands work only in a private chat with the bot."),
    ],
)
async def test_anyone_else_or_any_group_chat_is_refused_and_nothing_changes(
    bot: FakeBotAPI, services: Services, event: Event, user: int, chat: int, chat_type: str, language: str,
    refusal: str,
) -> None:
    answer = await says(bot, chat, f"/cancel {event.uid} not allowed", user_id=user, chat_type=chat_type,
                        language_code=language)
    assert answer == refusal
    unchanged = services.scheduling.get(event.id)
    assert (unchanged.status, unchanged.version) == (event.status, event.version)


async def test_reschedule_and_message_as_the_linked_staff_member(
    bot: FakeBotAPI, services: Services, event: Event
) -> None:
    answer = await says(bot, ADMIN, f"/reschedule {event.uid} 2026-11-30 15:00")
    assert answer == f"Moved {event.uid} to Mon 30 Nov 2026 15:00 (Europe/Zurich): Customs <b>training</b>"
    moved = services.scheduling.get(event.id)
    assert moved.updated_by == "eve" and moved.duration == event.duration
    pending = services.notices.counts()["pending"]
    answer = await says(bot, ADMIN, f"/message {event.uid} Bring your laptop")
    assert answer == "Message queued for 1 participant of Customs <b>training</b>"
    assert services.notices.counts()["pending"] == pending + 1
    assert await says(bot, ADMIN, "/reschedule") == (
        "Usage: /reschedule UID new start (e.g. 2027-03-03 10:00 or next Tuesday 14:00)")


@pytest.mark.parametrize(("language", "refusal"), [
    ("en", "Not allowed: only secretariat admins, secretariat editors and centre editors of the organising"
           " centre may create or change events"),
    ("fr", "Non autorisé : seuls les administrateurs du Secrétariat, éditeurs du Secrétariat et éditeurs du"
           " centre organisateur peuvent créer ou modifier des événements"),
])
async def test_a_viewer_is_refused_by_role_in_their_language(
    bot: FakeBotAPI, services: Services, event: Event, language: str, refusal: str,
) -> None:
    answer = await says(bot, VIEWER, f"/cancel {event.uid} no", user_id=VIEWER, language_code=language)
    assert answer == refusal
    assert services.scheduling.get(event.id).version == event.version


@pytest.mark.parametrize("garbage", ["<" * 1100, "&" * 1000 + "x" * 2000, "é<>" * 700])
async def test_an_oversized_garbage_date_is_answered_not_dropped(
    bot: FakeBotAPI, services: Services, event: Event, garbage: str,
) -> None:
    """The answer quotes what was typed, escaped; cut to Telegram's length, never inside an entity."""
    answer = await says(bot, ADMIN, f"/reschedule {event.uid} {garbage}")
    assert answer.startswith("Cannot read '") and answer.endswith("…") and len(answer) <= 4096
    assert services.scheduling.get(event.id).version == event.version


async def test_a_role_without_the_right_is_refused_before_its_arguments_are_read(
    bot: FakeBotAPI, services: Services, event: Event,
) -> None:
    answer = await says(bot, VIEWER, f"/reschedule {event.uid} the day after never", user_id=VIEWER)
    assert answer.startswith("Not allowed: only secretariat admins")
    assert services.scheduling.get(event.id).version == event.version
