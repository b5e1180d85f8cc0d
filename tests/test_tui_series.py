"""The TUI's series (issue 19): the create form previews the sessions as the rule is typed (in the
staff zone, closure days flagged, a refused phrase's message under the field) and writes nothing
before Create; rescheduling or cancelling a session of a series asks the scope first (this one,
this and following, the whole series), any other event goes straight to its prompt."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button, Input, Label, Static

from brs_coord.domain import Status
from brs_coord.series_domain import SeriesData, SeriesKind
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.prompts import DatePrompt, TextPrompt
from brs_coord.tui.screens.series_form import SeriesForm
from brs_coord.tui.screens.series_scope import ScopePrompt
from tests.conftest import make_event
from tests.tui_helpers import select_event, settle, wait_until

RULE = "every Friday 14:00 Geneva for 6 weeks"


async def type_into(pilot: Any, field: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{field}", Input).value = text
    await settle(pilot)


def shown(pilot: Any, widget: str) -> str:
    return str(pilot.app.screen.query_one(f"#{widget}", Static).render())


async def test_the_form_previews_the_sessions_then_creates_them(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SeriesForm)
        await type_into(pilot, "series-title", "E-waste webinars")
        await type_into(pilot, "series-rule", "every Fridday at noonish")
        error = app.screen.query_one("#series-rule-error", Label)
        assert error.has_class("-shown") and "not understood" in str(error.render()).lower()
        assert app.screen.query_one("#create", Button).disabled
        await type_into(pilot, "series-rule", RULE)
        await wait_until(pilot, lambda: "6 sessions" in shown(pilot, "series-preview-head"))
        assert not error.has_class("-shown")
        sessions = shown(pilot, "series-preview")
        assert sessions.count("\n") == 5 and "Fri 27 Nov 2026" in sessions
        assert "⚠ Christmas Day" in sessions  # Friday 25 December
        assert "Europe/Zurich" in shown(pilot, "series-preview-head")
        assert services.series.all() == []  # nothing written before Create
        await pilot.click("#create")
        await wait_until(pilot, lambda: not isinstance(app.screen, SeriesForm))
        [(series, count)] = services.series.all()
        assert (series.title, count, series.rule) == ("E-waste webinars", 6, RULE)
        assert any("6 sessions" in str(n.message) for n in app._notifications)


async def test_a_session_asks_the_scope_and_moves_the_following_ones(services: Services) -> None:
    series, sessions = services.series.create(services.series.preview(SeriesData(
        title="Course on PIC", kind=SeriesKind.COURSE, timezone="UTC", rule=RULE)))
    lone = services.scheduling.create(make_event(title="Lone webinar")).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select_event(pilot, lone.id)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, DatePrompt)  # not a session: no scope asked
        await pilot.press("escape")
        await settle(pilot)
        await select_event(pilot, sessions[3].id)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ScopePrompt)
        await pilot.click("#scope-following")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"speaker ill", "enter")
        await wait_until(pilot, lambda: services.scheduling.get(sessions[5].id).status is Status.CANCELLED)
        statuses = [services.scheduling.get(s.id).status for s in sessions]
        assert statuses[:3] == [s.status for s in sessions[:3]] and Status.CANCELLED not in statuses[:3]
        assert statuses[3:] == [Status.CANCELLED] * 3


async def test_a_rule_naming_no_time_previews_its_sessions_at_ten_and_says_so(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        await type_into(pilot, "series-title", "Directors meeting")
        await type_into(pilot, "series-rule", "first Thursday of each month until June")
        await wait_until(pilot, lambda: "7 sessions" in shown(pilot, "series-preview-head"))
        assert "10:00 (no time in rule)" in shown(pilot, "series-preview-head")
        assert "Thu 03 Dec 2026 10:00" in shown(pilot, "series-preview")
        assert not app.screen.query_one("#create", Button).disabled
