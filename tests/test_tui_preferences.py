"""What a staff login keeps between sessions (issue 23): saved filters (s saves, o recalls, D deletes)
and the theme, in the store (m015_staff_preferences); copy and open an event's links."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from brs_coord.domain import TimeScope
from brs_coord.errors import InvalidInput
from brs_coord.records import SavedFilter
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens import event_links
from brs_coord.tui.screens.events import EventsScreen
from brs_coord.tui.screens.prompts import ChoicePrompt, ConfirmScreen, TextPrompt
from tests.conftest import make_event
from tests.staff_helpers import colleague
from tests.tui_helpers import events_table, select_event, settle, wait_until


def messages(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_saved_filters_are_per_staff_login_and_replaced_by_name(services: Services) -> None:
    other = colleague(services)
    try:
        services.preferences.save_filter(SavedFilter("  Africa   webinars ", "webinars africa"))
        services.preferences.save_filter(SavedFilter("Africa webinars", "webinars africa december",
                                                     (("kinds", ("webinar",)),), "past", "title", True))
        other.preferences.save_filter(SavedFilter("Mine", "mercury"))
        assert services.preferences.saved_filters() == [SavedFilter(
            "Africa webinars", "webinars africa december", (("kinds", ("webinar",)),), "past", "title", True)]
        assert [f.name for f in other.preferences.saved_filters()] == ["Mine"]
        with pytest.raises(InvalidInput):
            services.preferences.save_filter(SavedFilter("   "))
        assert services.preferences.delete_filter("Africa webinars")
        assert not services.preferences.delete_filter("Africa webinars")
        assert services.preferences.saved_filters() == []
        services.preferences.set_theme("nord")
        assert (services.preferences.theme(), other.preferences.theme()) == ("nord", None)
    finally:
        other.close()


async def test_s_saves_the_search_and_filters_and_o_brings_them_back(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        await pilot.press("slash", *"webinars", "enter")
        await pilot.pause(0.3)
        await settle(pilot)
        app.screen.query_one("#f-scope").value = "all"
        await settle(pilot)
        wanted = [e.id for e in events_table(pilot).events]
        assert wanted
        await pilot.press("s")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"All webinars", "enter")
        await settle(pilot)
        (saved,) = demo_services.preferences.saved_filters()
        assert (saved.name, saved.search, saved.scope) == ("All webinars", "webinars", "all")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert screen.scope is TimeScope.UPCOMING and screen.search_text == ""
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, lambda: [e.id for e in events_table(pilot).events] == wanted)
        assert screen.query_one("#search", Input).value == "webinars"
        assert screen.scope is TimeScope.ALL
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle(pilot)
        assert demo_services.preferences.saved_filters() == []
        await pilot.press("o")
        await settle(pilot)
        assert "No saved filters yet: s saves the current search and filters" in messages(app)


async def test_the_theme_chosen_is_kept_for_the_next_session(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "textual-light"
    assert services.preferences.theme() == "textual-light"
    again = make_app(services, poll_seconds=0)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"


async def test_w_and_j_copy_the_links_and_ctrl_o_opens_or_says_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = services.scheduling.create(make_event(
        title="Budget webinar", registration_url="https://example.org/r/1", online_url="https://meet.example.org/1",
    )).event
    bare = services.scheduling.create(make_event(title="No links")).event
    opened: list[str] = []
    browsers = iter([True, False])

    def fake_open(url: str, new: int = 0) -> bool:
        opened.append(url)
        return next(browsers)

    monkeypatch.setattr(event_links.webbrowser, "open", fake_open)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_event(pilot, event.id)
        await pilot.press("w")
        assert app.clipboard == "https://example.org/r/1"
        await pilot.press("j")
        assert app.clipboard == "https://meet.example.org/1"
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert opened == ["https://example.org/r/1"] * 2
        assert "Opened https://example.org/r/1" in messages(app)
        assert "No browser here — the link: https://example.org/r/1" in messages(app)
        await select_event(pilot, bare.id)
        await pilot.press("w")
        assert "“No links” has no web link" in messages(app)
        assert app.clipboard == "https://meet.example.org/1"


async def test_sort_and_columns_from_the_keyboard(services: Services) -> None:
    from datetime import timedelta

    from tests.conftest import NOW

    for n, title in enumerate(("Beta", "Alpha", "Gamma")):
        services.scheduling.create(make_event(title=title, starts_at=NOW + timedelta(days=3 + n)))
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = events_table(pilot)
        assert [e.title for e in table.events] == ["Beta", "Alpha", "Gamma"]
        await pilot.press("greater_than_sign", "greater_than_sign")  # when -> kind -> title
        await settle(pilot)
        assert app.screen.sort_name == "title"
        assert [e.title for e in table.events] == ["Alpha", "Beta", "Gamma"]
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert [e.title for e in table.events] == ["Gamma", "Beta", "Alpha"]
        assert "Title ▼" in [str(c.label) for c in table.columns.values()]
        await pilot.press("C")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press(*"kind", "enter")
        await settle(pilot)
        labels = [str(c.label) for c in table.columns.values()]
        assert "Kind" not in labels and len(table.get_row_at(0)) == len(labels)
        await pilot.press("C", *"kind", "enter")
        await settle(pilot)
        assert "Kind" in [str(c.label) for c in table.columns.values()]
