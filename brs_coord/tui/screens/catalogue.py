"""Catalogue: programmes, audiences (with en/fr/es aliases) and centres — list, search, add, edit;
p opens the Party status of the countries."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, TabbedContent, TabPane

from ...domain import Audience, Centre, Programme
from ..formatting import plain
from .base import DataScreen
from .catalogue_forms import (
    ALIAS_LANGUAGES,
    AudienceForm,
    CatalogueForm,
    CentreForm,
    ProgrammeForm,
    aliases_text,
)
from .parties import PartiesScreen


class CatalogueScreen(DataScreen):
    """Three lists with one search box; add with a, edit with enter."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("slash", "search", "Search"),
        Binding("p", "parties", "Party status"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[Any]] = {"programmes": [], "audiences": [], "centres": []}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ search the catalogue", id="catalogue-search")
        with TabbedContent(id="catalogue-tabs"):
            for tab, columns in (
                ("programmes", ("Slug", "Name", "Cluster", "Conventions")),
                ("audiences", ("Slug", "Name", "fr", f"Aliases ({'/'.join(ALIAS_LANGUAGES)})")),
                ("centres", ("Slug", "Name", "Country", "Region", "Time zone")),
            ):
                with TabPane(tab.capitalize(), id=f"tab-{tab}"):
                    table: DataTable[str] = DataTable(id=f"cat-{tab}", cursor_type="row", zebra_stripes=True)
                    table.add_columns(*columns)
                    yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cat-programmes", DataTable).focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.query_one(f"#cat-{self._tab()}", DataTable).focus()

    def reference_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        reference = self.brs.reference
        self.rows = {
            "programmes": reference.programmes, "audiences": reference.audiences,
            "centres": reference.centres,
        }
        self._fill()

    def _fill(self) -> None:
        needle = self.query_one("#catalogue-search", Input).value.strip().lower()
        for tab, entries in self.rows.items():
            table = self.query_one(f"#cat-{tab}", DataTable)
            table.clear()
            for entry in entries:
                cells = self._cells(entry)
                haystack = " ".join(cells) + " " + str(getattr(entry, "aliases", ""))
                if needle and needle not in haystack.lower():
                    continue
                table.add_row(*map(plain, cells), key=entry.slug)

    def _cells(self, entry: Any) -> tuple[str, ...]:
        if isinstance(entry, Programme):
            return entry.slug, entry.name, entry.cluster, ", ".join(entry.conventions)
        if isinstance(entry, Audience):
            aliases = " / ".join(aliases_text(entry, lang) for lang in ALIAS_LANGUAGES)
            return entry.slug, entry.name, entry.names.get("fr", ""), aliases[:60]
        assert isinstance(entry, Centre)
        return entry.slug, entry.name, entry.country, entry.region, entry.timezone

    @on(Input.Changed, "#catalogue-search")
    def _search(self) -> None:
        self._fill()

    def action_search(self) -> None:
        self.query_one("#catalogue-search", Input).focus()

    def _tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("tab-") or "programmes"

    def _selected(self) -> Any:
        tab = self._tab()
        table = self.query_one(f"#cat-{tab}", DataTable)
        if table.row_count == 0:
            return None
        slug = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((e for e in self.rows[tab] if e.slug == slug), None)

    def action_add(self) -> None:
        self._open(self._tab(), None)

    def action_parties(self) -> None:
        self.app.push_screen(PartiesScreen())

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        entry = self._selected()
        if entry is None:
            self.notify("Nothing selected", severity="warning")
            return
        self._open(self._tab(), entry)

    def _open(self, tab: str, entry: Any) -> None:
        forms: dict[str, type[CatalogueForm[Any]]] = {
            "programmes": ProgrammeForm, "audiences": AudienceForm, "centres": CentreForm,
        }
        self.app.push_screen(forms[tab](entry), self._saved)

    def _saved(self, name: str | None) -> None:
        if name is not None:
            self.notify(f"Saved {name}", title="Saved")
            self.brs.load_reference()
