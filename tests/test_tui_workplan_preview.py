"""The workplan preview dialog: a CSV/XLSX file and an optional mapping, every row's outcome in a
table, the mapping used under it, nothing written; Use dismisses with the preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, DataTable, Input

from brs_coord.partners.workplan import row_key
from brs_coord.services import Services
from brs_coord.services.workplan_preview import WorkplanPreview
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.workplan_preview import WorkplanPreviewScreen
from tests.test_tui_screens import rendered
from tests.test_tui_snapshots import SIZES
from tests.tui_helpers import settle

WORKPLAN = """\
Programme de travail 2027 — CRCB Sénégal;;;;
Activité;Date de début;Date de fin;Modalité;Lieu
Atelier régional sur les DEEE;12 mars 2027;14 mars 2027;atelier;Dakar
Webinaire sur les POP;T3 2027;;webinaire;
Formation des formateurs;1er juin 2027;;formation;Abidjan

Réunion des points focaux;2027;;;
Bilan 2026;15/10/2026;;réunion;Dakar
""".encode("cp1252", errors="replace")


ONLY_A_YEAR = "names only a year: give a month ('March 2027') or a quarter ('Q2 2027')"


def cells(dialog: WorkplanPreviewScreen) -> list[list[str]]:
    table = dialog.query_one("#workplan-preview", DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def _preview(pilot: Any, dialog: WorkplanPreviewScreen, path: str, mapping: str = "") -> None:
    dialog.query_one("#workplan-path", Input).value = path
    dialog.query_one("#workplan-mapping", Input).value = mapping
    dialog.query_one("#workplan-path", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_a_workplan_is_previewed_row_by_row_and_used(services: Services, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_bytes(WORKPLAN)
    chosen: list[WorkplanPreview | None] = []
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        dialog = WorkplanPreviewScreen()
        await app.push_screen(dialog, chosen.append)
        await settle(pilot)
        assert dialog.query_one("#use", Button).disabled
        await _preview(pilot, dialog, str(plan))
        ok = [("3", "Atelier régional sur les DEEE", "12 – 14 Mar 2027", date(2027, 3, 12)),
              ("4", "Webinaire sur les POP", "Jul – Sep 2027", date(2027, 7, 1)),
              ("5", "Formation des formateurs", "1 Jun 2027", date(2027, 6, 1))]
        assert cells(dialog) == [
            ["1", "header", "", "", ""],
            ["2", "header", "", "", ""],
            *([row, "ok", dates, title, row_key(title, day)] for row, title, dates, day in ok),
            ["6", "blank row", "", "", ""],
            ["7", "rejected", "", f"Date de début: '2027' {ONLY_A_YEAR}", ""],
            ["8", "ok (past)", "15 Oct 2026", "Bilan 2026", row_key("Bilan 2026", date(2026, 10, 15))],
        ]
        summary = rendered(dialog.query_one("#workplan-summary"))
        assert "8 rows: 4 ok (1 in the past) giving 4 events, 1 rejected, 1 blank row, 2 headers" in summary
        used = rendered(dialog.query_one("#workplan-mapping-used"))
        assert "Guessed mapping: title ← Activité · start ← Date de début · end ← Date de fin" in used
        use = dialog.query_one("#use", Button)
        assert not use.disabled and str(use.label) == "Use 4"

        await _preview(pilot, dialog, str(plan), '{"title": "Titre"}')
        assert "the mapping's title column 'Titre'" in rendered(dialog.query_one("#workplan-error"))
        assert dialog.query_one("#use", Button).disabled
        assert rendered(dialog.query_one("#workplan-mapping-used")).strip() == ""

        await _preview(pilot, dialog, str(plan), '{"title": "Activité", "start": "Date de fin"}')
        assert [row[1] for row in cells(dialog)][2:5] == ["ok", "rejected", "rejected"]
        used = rendered(dialog.query_one("#workplan-mapping-used"))
        assert "Mapping: title ← Activité · start ← Date de fin" in used
        dialog.query_one("#use", Button).press()
        await settle(pilot)
    assert len(chosen) == 1 and chosen[0] is not None and not chosen[0].guessed
    assert [e.title for e in chosen[0].events] == ["Atelier régional sur les DEEE"]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_workplan_preview(snap_compare: Any, demo_services: Services, size: tuple[int, int],
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "workplan.csv").write_bytes(WORKPLAN)
    monkeypatch.chdir(tmp_path)

    async def before(pilot: Any) -> None:
        await settle(pilot)
        dialog = WorkplanPreviewScreen()
        await pilot.app.push_screen(dialog)
        await settle(pilot)
        await _preview(pilot, dialog, "workplan.csv")

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)
