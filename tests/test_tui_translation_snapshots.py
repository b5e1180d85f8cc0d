"""Snapshots of the event editor's translations (issue 15): a tab per language with the title and
description in it; in Arabic, the text also shown in the order it reads. 80x24 and 160x48, fixed clock,
a copy of the demo database. Update with `--snapshot-update` after looking at the report."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, TabbedContent, TextArea

from brs_coord.services import Services
from brs_coord.tui.app import make_app
from tests.tui_helpers import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
TITLE = "ورشة عمل حول جرد النفايات الإلكترونية UNEP/CHW.13"
DESCRIPTION = "الجلسة الافتتاحية 10:00 (بتوقيت جنيف)"


@pytest.mark.parametrize("size", SIZES)
def test_editor_arabic_translation(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#translations", TabbedContent).active = "tr-ar"
        screen.query_one("#tr-title-ar", Input).value = TITLE
        screen.query_one("#tr-description-ar", TextArea).text = DESCRIPTION
        await settle(pilot)
        screen.query_one("#editor-body").scroll_end(animate=False)
        await settle(pilot)
        for field in screen.query("Input, TextArea"):
            field.cursor_blink = False
        await pilot.pause(0.1)

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)
