"""Catalogue: programmes, audiences (with en/fr/es aliases) and centres — list, search, add, edit."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
)

from ...domain import Audience, Centre, Programme, slugify
from .base import DataScreen

ALIAS_LANGUAGES = ("en", "fr", "es")


def _aliases(entry: Any, language: str) -> str:
    return ", ".join(entry.aliases.get(language, [])) if entry else ""


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class CatalogueForm(ModalScreen[dict[str, str] | None]):
    """A small form over (key, label, value) fields; dismisses with the values by key."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], *, slug_locked: bool) -> None:
        super().__init__()
        self.title_text, self.fields, self.slug_locked = title, fields, slug_locked

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="tall"):
            yield Static(f"[b]{self.title_text}[/b]")
            with VerticalScroll():
                for key, label, value in self.fields:
                    yield Label(label)
                    yield Input(value, id=f"c-{key}", disabled=key == "slug" and self.slug_locked)
            yield Label("", id="catalogue-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="ok", variant="primary")
                yield Button("Close", id="close")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        values = {key: self.query_one(f"#c-{key}", Input).value.strip() for key, _, _ in self.fields}
        if not values.get("name"):
            label = self.query_one("#catalogue-error", Label)
            label.update("a name is required")
            label.add_class("-shown")
            return
        values["slug"] = values.get("slug") or slugify(values["name"])
        self.dismiss(values)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class CatalogueScreen(DataScreen):
    """Three lists with one search box; add with a, edit with enter."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("slash", "search", "Search"),
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
                ("audiences", ("Slug", "Name", "fr", "Aliases (en/fr/es)")),
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
                table.add_row(*cells, key=entry.slug)

    def _cells(self, entry: Any) -> tuple[str, ...]:
        if isinstance(entry, Programme):
            return entry.slug, entry.name, entry.cluster, ", ".join(entry.conventions)
        if isinstance(entry, Audience):
            aliases = " / ".join(_aliases(entry, lang) for lang in ALIAS_LANGUAGES)
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

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        entry = self._selected()
        if entry is None:
            self.notify("Nothing selected", severity="warning")
            return
        self._open(self._tab(), entry)

    def _open(self, tab: str, entry: Any) -> None:
        fields: list[tuple[str, str, str]] = [
            ("slug", "Slug (never changes once saved; empty = from the name)", entry.slug if entry else ""),
            ("name", "Name", entry.name if entry else ""),
        ]
        if tab == "programmes":
            fields += [("cluster", "Cluster", entry.cluster if entry else ""),
                       ("conventions", "Conventions (basel, rotterdam, stockholm)",
                        ", ".join(entry.conventions) if entry else "")]
        elif tab == "audiences":
            fields += [(f"name_{lang}", f"Name in {lang}", entry.names.get(lang, "") if entry else "")
                       for lang in ("fr", "es")]
            fields += [(f"aliases_{lang}", f"Aliases in {lang} (comma-separated)", _aliases(entry, lang))
                       for lang in ALIAS_LANGUAGES]
        else:
            fields += [("country", "Country", entry.country if entry else ""),
                       ("city", "City", entry.city if entry else ""),
                       ("region", "Region (slug)", entry.region if entry else ""),
                       ("timezone", "Time zone", entry.timezone if entry else "UTC")]
        title = f"Edit {entry.name}" if entry else f"New {tab[:-1]}"
        self.app.push_screen(CatalogueForm(title, fields, slug_locked=entry is not None),
                             lambda values: self._save(tab, entry, values))

    def _save(self, tab: str, entry: Any, values: dict[str, str] | None) -> None:
        if values is None:
            return
        catalogue = self.services.catalogue
        if tab == "programmes":
            programme = replace(entry, name=values["name"], cluster=values["cluster"],
                                conventions=tuple(_split(values["conventions"]))) if entry else Programme(
                0, values["slug"], values["name"], cluster=values["cluster"],
                conventions=tuple(_split(values["conventions"])))
            self.run_write(lambda: catalogue.save_programme(programme), f"Saved {programme.name}")
        elif tab == "audiences":
            names = {**(entry.names if entry else {}),
                     **{lang: values[f"name_{lang}"] for lang in ("fr", "es") if values[f"name_{lang}"]}}
            aliases = {lang: _split(values[f"aliases_{lang}"]) for lang in ALIAS_LANGUAGES}
            audience = (
                replace(entry, name=values["name"], names=names, aliases=aliases) if entry
                else Audience(0, values["slug"], values["name"], names=names, aliases=aliases)
            )
            self.run_write(lambda: catalogue.save_audience(audience), f"Saved {audience.name}")
        else:
            centre = Centre(entry.id if entry else 0, values["slug"], values["name"], values["country"],
                            values["city"], values["region"], values["timezone"],
                            entry.conventions if entry else ())
            self.run_write(lambda: catalogue.save_centre(centre), f"Saved {centre.name}")

    def write_done(self, message: Any) -> None:
        self.notify(message.text, title="Saved")
        self.brs.load_reference()
