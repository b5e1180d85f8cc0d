"""The event's bot link beside its web link (issue 14): ``https://t.me/<bot>?start=det-<id>`` in the
TUI editor and in the DESCRIPTION of the event's VEVENT in every feed (public, personal, the bot's
single .ics), with URL still the registration page. The username is BRS_BOT_USERNAME, else the one
the running bot learnt from Telegram (stored); without either no link is shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import icalendar
import pytest

from brs_coord.config import Settings, load_settings
from brs_coord.errors import ConfigError
from brs_coord.services import Services, build_services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.editor import EventEditor
from tests.bot_helpers import bot_running
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.tui_helpers import select_event, settle

REGISTER = "https://events.example.org/register/e-waste"


def descriptions(body: bytes) -> dict[str, tuple[str, str | None]]:
    """DESCRIPTION and URL of each VEVENT, by UID, as icalendar parses them back."""
    calendar = icalendar.Calendar.from_ical(body)
    return {
        str(e["UID"]): (str(e.get("DESCRIPTION", "")), str(e["URL"]) if "URL" in e else None)
        for e in calendar.walk("VEVENT")
    }


@pytest.fixture
def named(services: Services, settings: Settings) -> Iterator[Services]:
    """The same database with BRS_BOT_USERNAME set."""
    other = build_services(replace(settings, bot_username="brs_calendar_bot"), services.clock)
    yield other
    other.close()


def test_without_a_username_no_feed_has_a_bot_link(services: Services) -> None:
    event = services.scheduling.create(make_event(registration_url=REGISTER)).event
    assert services.bot_links.username() is None and services.bot_links.event(event.id) is None
    description, url = descriptions(services.feeds.feed("all").body)[event.uid]
    assert "t.me" not in description and url == REGISTER


def test_the_configured_username_puts_the_link_in_every_feed_beside_the_web_link(named: Services) -> None:
    event = named.scheduling.create(
        make_event(registration_url=REGISTER, online_url="https://meet.example.org/x")
    ).event
    link = f"https://t.me/brs_calendar_bot?start=det-{event.id}"
    assert named.bot_links.event(event.id) == link
    for body in (named.feeds.feed("all").body, named.feeds.feed("kind-webinar").body,
                 named.feeds.single(event).body, named.feeds.single(event, private=True).body):
        description, url = descriptions(body)[event.uid]
        assert f"In Telegram: {link}" in description and f"Registration: {REGISTER}" in description
        assert url == REGISTER  # the web link stays the URL


def test_the_username_the_bot_learnt_is_used_and_a_change_rebuilds_the_cached_events(
    services: Services,
) -> None:
    event = services.scheduling.create(make_event(registration_url=REGISTER)).event
    assert "t.me" not in descriptions(services.feeds.feed("all").body)[event.uid][0]  # cached now
    before = services.feeds.change_counter()
    services.bot_links.remember("brs_learnt_bot")
    assert services.feeds.change_counter() > before  # the feed server rebuilds
    assert f"https://t.me/brs_learnt_bot?start=det-{event.id}" in descriptions(
        services.feeds.feed("all").body)[event.uid][0]
    services.bot_links.remember("brs_renamed_bot")
    description = descriptions(services.feeds.feed("all").body)[event.uid][0]
    assert "brs_renamed_bot" in description and "brs_learnt_bot" not in description
    for junk in ("", None, "not a bot name!", "x"):
        services.bot_links.remember(junk)
    assert services.bot_links.username() == "brs_renamed_bot"


def test_the_setting_wins_over_the_learnt_username(services: Services, named: Services) -> None:
    services.bot_links.remember("brs_learnt_bot")
    assert named.bot_links.username() == "brs_calendar_bot"


@pytest.mark.parametrize("value, expected", [("@brs_calendar_bot", "brs_calendar_bot"),
                                             ("brs_calendar_bot", "brs_calendar_bot"), ("", "")])
def test_bot_username_setting(value: str, expected: str) -> None:
    assert load_settings({"BRS_BOT_USERNAME": value, "BRS_TZ": "UTC"}).bot_username == expected


@pytest.mark.parametrize("value", ["brs calendar", "@x", "https://t.me/brs_bot", "brs_calendar", "é_bot"])
def test_a_bot_username_that_cannot_be_one_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="BRS_BOT_USERNAME"):
        load_settings({"BRS_BOT_USERNAME": value, "BRS_TZ": "UTC"})


async def test_the_running_bot_stores_the_username_telegram_gives_it(
    fake: FakeBotAPI, services: Services, settings: Settings
) -> None:
    assert services.bot_links.username() is None
    async with bot_running(fake, services, settings):
        assert services.bot_links.username() == "brs_test_bot"  # getMe's, learnt at start


@pytest.mark.parametrize("username", ["brs_calendar_bot", None])
async def test_the_tui_editor_shows_the_bot_link_under_the_registration_page(
    services: Services, settings: Settings, username: str | None
) -> None:
    faced = build_services(replace(settings, bot_username=username or ""), services.clock)
    event = faced.scheduling.create(make_event(registration_url=REGISTER)).event
    app = make_app(faced, poll_seconds=0)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await select_event(pilot, event.id)
            await pilot.press("e")
            await settle(pilot)
            editor = app.screen
            assert isinstance(editor, EventEditor)
            found = editor.query("#bot-link")
            if username is None:
                assert not found
            else:
                text = str(found.first().render())
                assert text == f"In the bot: https://t.me/{username}?start=det-{event.id}"
    finally:
        faced.close()


async def test_the_feed_server_serves_the_link_once_the_bot_has_learnt_its_username(
    services: Services,
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from brs_coord.server import build_feed_app
    from brs_coord.server.app import CACHE, RUNNER_ARGS

    event = services.scheduling.create(make_event(registration_url=REGISTER)).event
    app = build_feed_app(services, poll_interval=0.05)
    async with TestClient(TestServer(app, **RUNNER_ARGS)) as client:
        before = await (await client.get("/calendars/all.ics")).read()
        assert "t.me" not in descriptions(before)[event.uid][0]
        services.bot_links.remember("brs_learnt_bot")  # the bot started, on the same database
        await client.app[CACHE].check()
        await client.app[CACHE].refreshed()
        after = await (await client.get("/calendars/all.ics")).read()
        description, url = descriptions(after)[event.uid]
        assert f"In Telegram: https://t.me/brs_learnt_bot?start=det-{event.id}" in description
        assert url == REGISTER
