"""The event editor's widgets: every field with its label and error line, the previews and the buttons."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from ...domain import LANGUAGES, EventKind, FundingStatus
from ...zones import known_zones
from ..formatting import plain, plain_options
from ..reference import Reference
from .editor_translations import translations_field
from .results_picker import ResultsTagsField

ALL_ZONES = sorted(known_zones())


def _field(label: str, name: str, widget: Any) -> Vertical:
    stacked = isinstance(widget, SelectionList | TextArea)
    return Vertical(
        Label(label, classes="field-label"), widget, Label("", id=f"err-{name}", classes="field-error"),
        classes="field stacked" if stacked else "field", id=f"field-{name}",
    )


def _picks(reference: Reference, facet: str) -> list[tuple[Text, str]]:
    """A catalogue picker's options, their names shown as text (never markup)."""
    return plain_options(reference.options(facet))


def editor_layout(
    title: str, reference: Reference, statuses: list[tuple[str, str]], *, bot_link: str | None = None
) -> ComposeResult:
    """The editor's widgets, empty: the screen fills them (``bot_link``: the event's t.me link, shown
    under its registration page, for staff to copy)."""
    with Vertical(id="editor"):
        yield Static(plain(title), id="editor-title")
        with VerticalScroll(id="editor-body"):
            yield _field("Title", "title", Input(id="title", max_length=200, select_on_focus=False))
            with Horizontal(classes="field-row"):
                yield _field("Kind", "kind", Select(
                    [(kind.label, kind.value) for kind in EventKind], id="kind", allow_blank=False))
                yield _field("Status", "status", Select(statuses, id="status", allow_blank=False))
            yield _field("Reason", "status_reason",
                         Input(id="status_reason"))
            yield _field("Starts", "starts_at", Input(
                id="start", placeholder="free text: next Tuesday 14:00 · 3 March 10:00 · demain 9h"))
            yield Static("", id="start-preview", classes="preview")
            yield _field("Ends", "ends_at", Input(
                id="end", placeholder="a time, a date or a duration: 16:00 · 2h · 3 days"))
            yield Static("", id="end-preview", classes="preview")
            with Horizontal(classes="field-row"):
                yield _field("Time zone", "timezone", Input(
                    id="timezone", suggester=SuggestFromList(ALL_ZONES, case_sensitive=False)))
                yield Checkbox("All day", id="all_day")
            with Horizontal(classes="field-row"):
                yield _field("Programme", "programme", Select(
                    _picks(reference, "programmes"), id="programme", prompt="(no programme)"))
                yield _field("Organiser", "organiser", Select(
                    _picks(reference, "centres"), id="organiser", prompt="Secretariat"))
            with Horizontal(classes="field-row lists"):
                yield _field("Audiences", "audiences",
                             SelectionList[str](*_picks(reference, "audiences"), id="audiences"))
                yield _field("Regions", "regions",
                             SelectionList[str](*_picks(reference, "regions"), id="regions"))
            with Horizontal(classes="field-row lists short"):
                yield _field("Conventions", "conventions",
                             SelectionList[str](*_picks(reference, "conventions"), id="conventions"))
                yield _field("Languages", "languages", SelectionList[str](
                    *[(name, code) for code, name in LANGUAGES.items()], id="languages"))
            yield ResultsTagsField(id="field-results")
            yield _field("Location", "location", Input(id="location", placeholder="Online, or a city"))
            with Horizontal(classes="field-row"):
                yield _field("Country", "country", Select(
                    _picks(reference, "countries"), id="country", prompt="(online: none)"))
                yield _field("City", "city", Select(
                    _picks(reference, "cities"), id="city", prompt="(no city)"))
            yield _field("Meeting link", "online_url", Input(id="online_url"))
            yield _field("Registration", "registration_url", Input(id="registration_url"))
            if bot_link:
                yield Static(plain(f"In the bot: {bot_link}"), id="bot-link", classes="preview")
            with Horizontal(classes="field-row"):
                yield _field("Capacity", "capacity", Input(id="capacity", type="integer"))
                yield _field("Funding", "funding_status", Select(
                    [(f.value.replace("-", " "), f.value) for f in FundingStatus], id="funding_status",
                    prompt="(unknown)"))
            yield _field("Description", "description", TextArea(id="description"))
            yield from translations_field()
        yield Static("", id="editor-warning")
        with Horizontal(id="editor-buttons"):
            yield Button("Save", id="save", variant="primary", disabled=True)
            yield Button("Cancel", id="cancel")
