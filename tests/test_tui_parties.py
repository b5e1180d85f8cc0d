"""Party status (catalogue p, Indicators p) and an outcome indicator's evidence rows (Indicators v)
in the TUI: listed, added, edited and removed through the results service, a CSV import previewed
before it records, bad input told under its field."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select

from brs_coord.results import PartyRecord
from brs_coord.services import Services
from brs_coord.services.results_records import NOTE_LIMIT
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.evidence import EvidenceForm, EvidenceScreen
from brs_coord.tui.screens.parties import PartiesLoaded, PartiesScreen
from brs_coord.tui.screens.party_forms import PartyForm, PartyImportScreen
from brs_coord.tui.screens.prompts import ConfirmScreen
from tests.test_tui_snapshots import SIZES
from tests.tui_helpers import settle, wait_until

SC_1_II = "SC-1-ii"  # an outcome indicator: Parties that transmitted their revised NIPs


@asynccontextmanager
async def opened(
    services: Services, keys: tuple[str, ...], size: tuple[int, int] = (100, 30),
) -> AsyncIterator[tuple[App[Any], Pilot[Any]]]:
    """The app after pressing ``keys`` (each followed by settling)."""
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        yield app, pilot


def cells(app: App[Any], table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


def error_of(app: App[Any], key: str) -> str:
    return str(app.screen.query_one(f"#c-{key}-error").render())


async def test_party_status_is_listed_with_unrecorded_countries_last(services: Services) -> None:
    services.results.set_party_status([PartyRecord("KE", "basel", date(2000, 7, 1)),
                                       PartyRecord("US", "basel", None)])
    async with opened(services, ("f5", "p")) as (app, _pilot):
        assert isinstance(app.screen, PartiesScreen)
        rows = cells(app, "#parties")
        assert rows[0][0] == "KE" and rows[0][2:] == ["2000-07-01", "not recorded", "not recorded"]
        assert rows[1][0] == "US" and rows[1][2] == "not a Party"
        assert len(rows) == len(services.store.catalogue.countries())
        assert all(row[2:] == ["not recorded"] * 3 for row in rows[2:])
        title = str(app.screen.query_one("#parties-title").render())
        assert f"{len(rows)} countries · {len(rows) - 2} not recorded (last, never counted)" in title


async def test_staff_add_edit_and_remove_a_status_bad_input_told_in_the_form(services: Services) -> None:
    async with opened(services, ("f7", "p", "a")) as (app, pilot):
        form = app.screen
        assert isinstance(form, PartyForm)
        form.query_one("#c-country", Input).value = "XX"
        form.query_one("#c-since", Input).value = "2000-07-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not a country of the catalogue: XX" in error_of(app, "country")
        form.query_one("#c-country", Input).value = "ke"
        form.query_one("#c-since", Input).value = "July 2000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Party since is a date written as 2019-12-31 (not 'July 2000')" in error_of(app, "since")
        assert error_of(app, "country") == ""
        form.query_one("#c-since", Input).value = "2004-05-17"
        form.query_one("#c-convention", Select).value = "stockholm"  # a new status keeps what is typed
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PartiesScreen)
        assert services.results.party_statuses() == [PartyRecord("KE", "stockholm", date(2004, 5, 17))]
        assert cells(app, "#parties")[0][:5] == ["KE", "Kenya", "not recorded", "not recorded", "2004-05-17"]
        await pilot.press("enter")  # the highlighted country, at its recorded convention
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PartyForm) and form.query_one("#c-since", Input).value == "2004-05-17"
        assert form.query_one("#c-country", Input).disabled
        form.query_one("#c-since", Input).value = ""  # not a Party after all
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert services.results.party_statuses() == [PartyRecord("KE", "stockholm", None)]
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#c-convention", Select).value = "basel"
        await settle(pilot)
        assert form.query_one("#remove", Button).disabled  # nothing recorded under Basel
        form.query_one("#c-convention", Select).value = "stockholm"
        await settle(pilot)
        form.query_one("#remove", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, PartiesScreen) and all(
            row[2:] == ["not recorded"] * 3 for row in cells(app, "#parties")))  # reloaded behind
        assert services.results.party_statuses() == []


async def test_a_party_csv_is_previewed_then_imported(services: Services, tmp_path: Path) -> None:
    services.results.set_party_status([PartyRecord("KE", "basel", date(2000, 7, 1))])
    good = tmp_path / "parties.csv"
    good.write_text("country,convention,party_since\nKE,basel,2000-07-01\nSN,rotterdam,2004-02-24\n"
                    "US,basel,\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("country,convention,party_since\nZZ,basel,2000-01-01\n", encoding="utf-8")
    async with opened(services, ("f5", "p", "i"), size=(80, 24)) as (app, pilot):
        dialog = app.screen
        assert isinstance(dialog, PartyImportScreen)
        dialog.query_one("#party-path", Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert "Not a country of the catalogue: ZZ" in str(dialog.query_one("#party-error").render())
        assert dialog.query_one("#import", Button).disabled
        dialog.query_one("#party-path", Input).value = str(good)
        await pilot.press("enter")
        await settle(pilot)
        assert cells(app, "#party-preview") == [
            ["KE", "basel", "Party since 2000-07-01", "unchanged"],
            ["SN", "rotterdam", "Party since 2004-02-24", "new"],
            ["US", "basel", "not a Party", "new"],
        ]
        assert "3 lines · 2 new, 0 changed, 1 unchanged" in str(dialog.query_one("#party-summary").render())
        assert len(services.results.party_statuses()) == 1  # the preview writes nothing
        assert dialog.query_one("#party-preview", DataTable).region.height >= 4
        app.save_screenshot(path=str(tmp_path), filename="party-import-80x24.svg")
        assert "SN" in (tmp_path / "party-import-80x24.svg").read_text("utf-8")
        import_button = dialog.query_one("#import", Button)
        assert str(import_button.label) == "Import 2"
        import_button.press()
        # the list reloads behind the closed dialog
        await wait_until(pilot, lambda: isinstance(app.screen, PartiesScreen)
                         and [row[0] for row in cells(app, "#parties")[:3]] == ["KE", "SN", "US"])
        assert len(services.results.party_statuses()) == 3


async def test_evidence_rows_of_an_outcome_indicator_added_and_removed(services: Services) -> None:
    async with opened(services, ("f7",)) as (app, pilot):
        table = app.screen.query_one("#indicators", DataTable)
        codes = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        table.move_cursor(row=codes.index("BC-2-v"))
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceScreen)  # counted from attendance: no evidence rows
        table.move_cursor(row=codes.index(SC_1_II))
        await pilot.press("v", "a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EvidenceForm)
        values = {"date": "last May", "country": "KE", "reference": "UNEP/POPS/NIP/KE", "note": "revised"}
        for key, value in values.items():
            form.query_one(f"#c-{key}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "The date is a date written as 2019-12-31 (not 'last May')" in error_of(app, "date")
        form.query_one("#c-date", Input).value = "2026-05-14"
        form.query_one("#c-country", Input).value = "QQ"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not a country of the catalogue: QQ" in error_of(app, "country")
        form.query_one("#c-country", Input).value = "KE"
        form.query_one("#c-note", Input).value = "x" * (NOTE_LIMIT + 20)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"at most {NOTE_LIMIT}" in error_of(app, "note") and error_of(app, "country") == ""
        assert services.results.evidence_of(SC_1_II) == []
        form.query_one("#c-note", Input).value = "revised, updated"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        [(number, row)] = services.results.evidence_of(SC_1_II)
        assert (row.on, row.country, row.note) == (date(2026, 5, 14), "KE", "revised, updated")
        assert cells(app, "#evidence") == [[str(number), "2026-05-14", "KE", "UNEP/POPS/NIP/KE",
                                            "revised, updated"]]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.query_one("#yes", Button).press()
        # the list reloads behind the closed confirmation
        await wait_until(
            pilot, lambda: isinstance(app.screen, EvidenceScreen) and cells(app, "#evidence") == []
        )
        assert services.results.evidence_of(SC_1_II) == []
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#indicators", DataTable).row_count == 44


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_party_status(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f5", "p")
        await settle(pilot)

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_party_form_refusing_a_date(
    snap_compare: Any, demo_services: Services, size: tuple[int, int],
) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f5", "p", "enter")
        await wait_until(pilot, lambda: bool(pilot.app.screen.query("#c-since")))
        pilot.app.screen.query_one("#c-since", Input).value = "first of July"
        await pilot.press("ctrl+s")
        save = pilot.app.screen.query_one("#ok", Button)
        error = pilot.app.screen.query_one("#c-since-error")
        await wait_until(pilot, lambda: not save.disabled and error.has_class("-shown"))  # refused
        await settle(pilot)  # and laid out before the picture is taken

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_evidence(snap_compare: Any, demo_services: Services, size: tuple[int, int]) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        table = pilot.app.screen.query_one("#indicators", DataTable)
        codes = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        table.move_cursor(row=codes.index(SC_1_II))
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(make_app(demo_services, poll_seconds=0), terminal_size=size, run_before=before)


async def test_a_slow_read_that_finishes_last_does_not_show_older_data(services: Services) -> None:
    """Two reads of the list overlap (a reload on return from a dialog, then one after the write):
    the one started first finishes last. What the screen keeps is the newer read's, not the last
    to arrive (under load that slow read once showed the list from before an import)."""
    async with opened(services, ("f5", "p")) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, PartiesScreen)
        before = services.results.party_table()
        started, released = threading.Event(), threading.Event()

        def slow() -> PartiesLoaded:
            started.set()
            assert released.wait(10)
            return PartiesLoaded(before)

        screen.run_read("parties", slow)
        assert await asyncio.to_thread(started.wait, 10)  # the slow read runs (not cancelled unstarted)
        services.results.set_party_status([PartyRecord("KE", "basel", date(2000, 7, 1))])
        screen.reload()  # the newer read: KE recorded
        await wait_until(pilot, lambda: cells(app, "#parties")[0][0] == "KE")
        released.set()
        await settle(pilot)
        await pilot.pause(0.2)
        assert cells(app, "#parties")[0][:3] == ["KE", "Kenya", "2000-07-01"]
