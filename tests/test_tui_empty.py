"""An empty answer says so: "no events" on the status line and a message in the table naming the
words not understood and what to do (issue 23)."""

from __future__ import annotations

from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.search_reading import SEARCH_EXAMPLE
from tests.tui_helpers import events_table, settle, wait_until


def rendered(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector).render())  # type: ignore[attr-defined]


async def test_an_unknown_word_says_no_events_and_names_the_word(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#no-events")
        assert not empty.display
        app.screen.query_one("#search").value = "qxzzy"
        table = events_table(pilot)
        await wait_until(pilot, lambda: not table.events and empty.display)
        assert rendered(app, "#status-line").startswith("no events · upcoming · sorted by")
        assert rendered(app, "#row-count") == "no events"
        assert rendered(app, "#no-events") == (
            f"No events match — not understood: “qxzzy”. Try words such as {SEARCH_EXAMPLE}.")
        assert table.region.height >= 1 and empty.region.height >= 3  # header, then the message
        app.screen.query_one("#search").value = ""
        await wait_until(pilot, lambda: bool(table.events))
        assert not empty.display and "rows 1–" in rendered(app, "#status-line")


async def test_filters_that_match_nothing_say_how_to_clear_them(demo_services: Services) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#search").value = "webinars in 1990"
        table = events_table(pilot)
        empty = app.screen.query_one("#no-events")
        await wait_until(pilot, lambda: not table.events and empty.display)
        assert rendered(app, "#no-events") == (
            "No events match — try fewer words or filters; ctrl+l clears them all.")


def test_the_empty_message_for_each_reason() -> None:
    from brs_coord.domain import EventQuery
    from brs_coord.tui.screens.search_reading import NOT_A_QUESTION, ReadSearch, no_events_message

    assert no_events_message(ReadSearch(EventQuery()), filtered=False) == "No events yet — n creates one."
    assert no_events_message(ReadSearch(None, NOT_A_QUESTION), filtered=True) == (
        f"No events match — not a question about events: try words such as {SEARCH_EXAMPLE}.")
    assert no_events_message(ReadSearch(EventQuery(), "", ("zzq",)), filtered=True) == (
        "No events match — “zzq” not understood; ctrl+l clears the search and filters.")
