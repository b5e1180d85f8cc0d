"""The catalogue forms: a programme, an audience or a centre, checked beside each field, saved in a worker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, ClassVar, Generic, TypeVar
from zoneinfo import available_timezones

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from ...domain import Audience, Centre, Programme, slugify
from ...errors import BrsCoordError, InvalidInput, ValidationFailed
from ...languages import CODES, DEFAULT
from ...rules import catalogue_problems, timezone_problem
from .base import ServiceMixin, as_error

ALIAS_LANGUAGES = CODES
NAME_LANGUAGES = tuple(code for code in CODES if code != DEFAULT)  # the default's name is the entry's own
ALL_ZONES = sorted(available_timezones())

Entry = TypeVar("Entry", Programme, Audience, Centre)


def aliases_text(entry: Programme | Audience | None, language: str) -> str:
    return ", ".join(entry.aliases.get(language, [])) if entry else ""


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def field(label: str, key: str, widget: Widget) -> Vertical:
    """A labelled widget (id ``c-<key>``) with its error line (id ``c-<key>-error``) beneath."""
    stacked = isinstance(widget, SelectionList | TextArea)
    return Vertical(
        Label(label, classes="field-label"), widget,
        Label("", id=f"c-{key}-error", classes="field-error"),
        classes="field stacked" if stacked else "field",
    )


class CatalogueForm(ServiceMixin, ModalScreen[str | None], Generic[Entry]):
    """Add or edit one catalogue entry; dismisses with the saved entry's name, or None."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    noun: ClassVar[str] = "entry"

    class Saved(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class Failed(Message):
        def __init__(self, error: BrsCoordError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, entry: Entry | None = None) -> None:
        super().__init__()
        self.entry: Entry | None = entry

    # ---- what each form provides -------------------------------------------------------------

    def fields(self) -> Iterable[Widget]:
        """The form's fields after slug and name."""
        return ()

    def build(self, slug: str, name: str) -> Entry:
        """The entry the form describes (a new one has id 0)."""
        raise NotImplementedError

    def save_entry(self, entry: Entry) -> Any:
        raise NotImplementedError

    # ---- shared ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        entry = self.entry
        title = f"Edit {self.noun}: {entry.name}" if entry else f"New {self.noun}"
        with Vertical(id="dialog", classes="tall catalogue-form"):
            yield Static(f"[b]{title}[/b]", id="catalogue-form-title")
            with VerticalScroll():
                yield field("Slug", "slug", Input(
                    entry.slug if entry else "", id="c-slug", disabled=entry is not None,
                    placeholder="empty = from the name; never changes once saved"))
                yield field("Name (en)", "name", Input(entry.name if entry else "", id="c-name"))
                yield from self.fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="ok", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#c-name", Input).focus()

    def text(self, key: str) -> str:
        return self.query_one(f"#c-{key}", Input).value.strip()

    def read(self) -> tuple[Entry, dict[str, str]]:
        """The entry and every problem found without the database, by field key (a used slug is
        found by the catalogue service when saving)."""
        name = self.text("name")
        slug = self.entry.slug if self.entry else (self.text("slug") or slugify(name))
        entry = self.build(slug, name)
        return entry, catalogue_problems(entry)

    def show_problems(self, problems: dict[str, str]) -> None:
        for label in self.query(".field-error").results(Label):
            key = (label.id or "").removeprefix("c-").removesuffix("-error")
            label.update(problems.get(key, ""))
            label.set_class(key in problems, "-shown")

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        entry, problems = self.read()
        self.show_problems(problems)
        if problems:
            self.notify("Check the fields marked in red", severity="warning")
            return
        self.query_one("#ok", Button).disabled = True
        self.save(entry)

    @work(thread=True, exclusive=True, exit_on_error=False, group="catalogue-save")
    def save(self, entry: Entry) -> None:
        try:
            self.save_entry(entry)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message, never a crash
            self.post_message(self.Failed(as_error(exc)))
        else:
            self.post_message(self.Saved(entry.name))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.dismiss(message.name)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one("#ok", Button).disabled = False
        error = message.error
        if isinstance(error, ValidationFailed):
            self.show_problems(error.problems)
        elif isinstance(error, InvalidInput) and error.field:
            self.show_problems({error.field: error.message})
        self.notify(error.message, title=error.title, severity="error", timeout=8)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


def _name_fields(entry: Programme | Audience | None) -> list[Widget]:
    """A name per catalogue language besides the entry's own (English)."""
    return [
        field(f"Name ({lang})", f"name_{lang}",
              Input(entry.names.get(lang, "") if entry else "", id=f"c-name_{lang}"))
        for lang in NAME_LANGUAGES
    ]


def _alias_fields(entry: Programme | Audience | None) -> list[Widget]:
    return [
        field(f"Aliases ({lang})", f"aliases_{lang}",
              Input(aliases_text(entry, lang), id=f"c-aliases_{lang}", placeholder="comma-separated"))
        for lang in ALIAS_LANGUAGES
    ]


def _names(form: CatalogueForm[Any]) -> dict[str, str]:
    return {lang: form.text(f"name_{lang}") for lang in NAME_LANGUAGES if form.text(f"name_{lang}")}


class ProgrammeForm(CatalogueForm[Programme]):
    """Every field of a programme: name (and its names in the other catalogue languages), cluster,
    background, objectives, conventions, audiences, aliases."""

    noun = "programme"

    def fields(self) -> Iterable[Widget]:
        entry, reference = self.entry, self.brs.reference
        clusters = sorted({p.cluster for p in reference.programmes if p.cluster})
        yield from _name_fields(entry)
        yield field("Cluster", "cluster", Input(
            entry.cluster if entry else "", id="c-cluster", suggester=SuggestFromList(clusters)))
        for key, label in (("background", "Background"), ("objectives", "Objectives")):
            text = getattr(entry, key) if entry else ""
            yield field(label, key, TextArea(text, id=f"c-{key}", soft_wrap=True))
        chosen = set(entry.conventions if entry else ())
        yield field("Conventions", "conventions", SelectionList[str](
            *[(label, slug, slug in chosen) for label, slug in reference.options("conventions")],
            id="c-conventions"))
        defaults = set(entry.audiences if entry else ())
        yield field("Default audiences", "audiences", SelectionList[str](
            *[(label, slug, slug in defaults) for label, slug in reference.options("audiences")],
            id="c-audiences"))
        yield from _alias_fields(entry)

    def build(self, slug: str, name: str) -> Programme:
        background = self.query_one("#c-background", TextArea).text.strip()
        objectives = self.query_one("#c-objectives", TextArea).text.strip()
        conventions = tuple(self.query_one("#c-conventions", SelectionList).selected)
        values: dict[str, Any] = {
            "name": name, "cluster": self.text("cluster"), "background": background,
            "objectives": objectives, "conventions": conventions,
            "audiences": tuple(self.query_one("#c-audiences", SelectionList).selected),
            "aliases": {lang: split_list(self.text(f"aliases_{lang}")) for lang in ALIAS_LANGUAGES},
            "names": _names(self),
        }
        return replace(self.entry, **values) if self.entry else Programme(0, slug, **values)

    def save_entry(self, entry: Programme) -> Programme:
        return self.services.catalogue.save_programme(entry)


class AudienceForm(CatalogueForm[Audience]):
    """An audience: its names and aliases in the catalogue languages."""

    noun = "audience"

    def fields(self) -> Iterable[Widget]:
        yield from _name_fields(self.entry)
        yield from _alias_fields(self.entry)

    def build(self, slug: str, name: str) -> Audience:
        names = _names(self)
        aliases = {lang: split_list(self.text(f"aliases_{lang}")) for lang in ALIAS_LANGUAGES}
        if self.entry:
            return replace(self.entry, name=name, names=names, aliases=aliases)
        return Audience(0, slug, name, names=names, aliases=aliases)

    def save_entry(self, entry: Audience) -> Audience:
        return self.services.catalogue.save_audience(entry)


class CentreForm(CatalogueForm[Centre]):
    """A regional centre: country, city, region (from the list) and a checked time zone."""

    noun = "centre"

    def fields(self) -> Iterable[Widget]:
        entry = self.entry
        yield field("Country", "country", Input(
            entry.country if entry else "", id="c-country", placeholder="two-letter ISO code, e.g. SN"))
        yield field("City", "city", Input(entry.city if entry else "", id="c-city"))
        yield field("Region", "region", Select(
            self.brs.reference.options("regions"), prompt="(choose a region)", id="c-region",
            value=entry.region if entry and entry.region else Select.NULL))
        yield field("Time zone", "timezone", Input(
            entry.timezone if entry else "", id="c-timezone", placeholder="e.g. Africa/Dakar",
            suggester=SuggestFromList(ALL_ZONES, case_sensitive=False)))

    @on(Input.Changed, "#c-timezone")
    def _zone_changed(self, event: Input.Changed) -> None:
        zone = event.value.strip()
        label = self.query_one("#c-timezone-error", Label)
        problem = timezone_problem(zone) if zone else None  # a missing zone is told on saving
        label.update(problem or "")
        label.set_class(problem is not None, "-shown")

    def build(self, slug: str, name: str) -> Centre:
        country = self.text("country").upper()
        region_value = self.query_one("#c-region", Select).value
        region = "" if region_value is Select.NULL else str(region_value)
        zone = self.text("timezone")
        conventions = self.entry.conventions if self.entry else ()
        return Centre(self.entry.id if self.entry else 0, slug, name, country, self.text("city"), region,
                      zone, conventions)

    def save_entry(self, entry: Centre) -> Centre:
        return self.services.catalogue.save_centre(entry)
