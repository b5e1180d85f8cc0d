"""Staff commands in the bot (BRS_ADMIN_IDS): /cancel UID reason, through the scheduling service the
CLI uses; refused plainly for anyone else and outside a private chat."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from brs_coord.config import Settings
from brs_coord.domain import Event, Status
from brs_coord.services import Services
from tests.bot_helpers import act, bot_running
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant

ADMIN = 4242
STAFF_ONLY = "This command is for the secretariat's staff only."


@pytest.fixture
async def bot(fake: FakeBotAPI, services: Services, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async with bot_running(fake, services, settings, admin_ids=frozenset({ADMIN})) as running_fake:
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
        f"telegram:{ADMIN}", event.version + 1)
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
