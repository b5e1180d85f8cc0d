"""Typing fuzz (issue 23): every printable ASCII character and a sample of Unicode typed, key by key,
into every input of every screen and dialog; nothing crashes, the keys stay in the field (none is
taken as a command) and the screen is the one it was."""

from __future__ import annotations

import string
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key  # the key name the terminal driver gives a character
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent, TextArea

from brs_coord.services import Services
from brs_coord.tui.app import make_app
from tests.tui_helpers import settle

ASCII = "".join(ch for ch in string.printable if ch not in "\t\n\r\x0b\x0c")
UNICODE = "é漢字ßØ€😀\u200b\u202eعربيпривет\u0301ﬁ\U0001d54f"
TYPED = ASCII + UNICODE
SHOWN = "".join(ch for ch in TYPED if ch.isprintable())  # format characters (U+200B, U+202E) are dropped

Opener = Callable[[Pilot[Any]], Awaitable[None]]


def keys(*pressed: str) -> Opener:
    async def open_(pilot: Pilot[Any]) -> None:
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return open_


def catalogue_form(tab: str) -> Opener:
    async def open_(pilot: Pilot[Any]) -> None:
        await pilot.press("f5")
        await settle(pilot)
        pilot.app.screen.query_one(TabbedContent).active = f"tab-{tab}"
        await settle(pilot)
        pilot.app.screen.query_one(f"#cat-{tab}").focus()
        await pilot.press("a")
        await settle(pilot)

    return open_


SCREENS: dict[str, Opener] = {
    "events search": keys(),
    "new event editor": keys("n"),
    "edit event editor": keys("e"),
    # the demo's first event is a session of a series: the scope is asked first (enter: this session)
    "cancel reason": keys("c", "enter"),
    "reschedule date": keys("r", "enter"),
    "new series form": keys("S"),
    "calendar go to": keys("f3", "ctrl+g"),
    "catalogue search": keys("f5"),
    "programme form": catalogue_form("programmes"),
    "audience form": catalogue_form("audiences"),
    "centre form": catalogue_form("centres"),
    "registrations CSV export": keys("g", "E"),
}


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """``text`` typed key by key through the driver, as a terminal sends it (queued at once, so the
    app reads keys faster than Pilot.press, which waits for idle after each)."""
    driver = pilot.app._driver  # noqa: SLF001 - where a terminal's keys come in
    assert driver is not None
    for character in text:
        key = events.Key(_character_to_key(character), character)
        key.set_sender(pilot.app)
        driver.send_message(key)
    await settle(pilot, rounds=2)


def fields(app: Any) -> list[Input | TextArea]:
    return [w for w in app.screen.query("Input, TextArea") if w.display and not w.disabled
            and isinstance(w, Input | TextArea)]


@pytest.mark.parametrize("name", list(SCREENS))
async def test_typing_anything_into_every_field_never_crashes(demo_services: Services, name: str) -> None:
    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await SCREENS[name](pilot)
        screen = app.screen
        typed_into = fields(app)
        assert typed_into, f"{name}: no field to type into"
        for field in typed_into:
            field.focus()
            await pilot.pause()
            before = field.value if isinstance(field, Input) else field.text
            await type_text(pilot, TYPED)
            assert app.screen is screen, f"{name}: a typed key left the screen at #{field.id}"
            after = field.value if isinstance(field, Input) else field.text
            room = isinstance(field, TextArea) or not field.max_length \
                or len(before) + len(TYPED) <= field.max_length
            if room and not (isinstance(field, Input) and (field.restrict or field.type != "text")):
                assert SHOWN in after, f"{name}: #{field.id} lost keys: {after!r}"
            else:
                assert after != before, f"{name}: #{field.id} took none of the keys"
        await settle(pilot)
        assert app.is_running


async def test_the_csv_dialog_s_export_button_is_visible_and_works_at_80x24(
    demo_services: Services, tmp_path: Any,
) -> None:
    from textual.widgets import Button

    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys("g", "E")(pilot)
        for button_id in ("#ok", "#close"):  # on screen, and what a click there reaches
            button = app.screen.query_one(button_id, Button)
            region = button.region
            assert region.height >= 1 and region.bottom <= 24 and region.right <= 80, button_id
            assert app.screen.get_widget_at(region.x + 2, region.y + region.height // 2)[0] is button
        target = tmp_path / "me.csv"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#ok")
        await settle(pilot)
        assert target.read_text(encoding="utf-8").startswith("event_uid,")
