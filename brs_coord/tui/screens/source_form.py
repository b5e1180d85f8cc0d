"""The form that adds a partner source: kind, URL or file, owner centre, default kind, zone, and
whether it is trusted (applied without review) or local (plain http allowed). The form checks
only that something was given; the sync service checks the rest when the source is added (its
refusal is told as a notification)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...domain import EventKind
from ...partner_records import PartnerSourceData, SourceKind
from ..formatting import bold_line, plain_options

KIND_LABELS = {SourceKind.ICS: "iCalendar feed (.ics)", SourceKind.INDICO: "Indico category (JSON)",
               SourceKind.CSV: "Workplan (CSV)", SourceKind.XLSX: "Workplan (XLSX)"}


class SourceForm(ModalScreen[PartnerSourceData | None]):
    """Ask for a new source; dismissed with its data, or None when closed."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, centres: list[tuple[str, str]], zone: str) -> None:
        super().__init__()
        self.centres, self.zone = centres, zone

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="source-form"):
            yield Static(bold_line("Add a partner source"))
            yield Select([(label, kind.value) for kind, label in KIND_LABELS.items()],
                         value=SourceKind.ICS.value, allow_blank=False, id="source-kind")
            yield Input(id="source-where", placeholder="https://… address, or a file path")
            yield Select(plain_options(self.centres), prompt="Owner centre", id="source-centre")
            yield Select([(kind.value, kind.value) for kind in EventKind], value=EventKind.WORKSHOP.value,
                         allow_blank=False, id="source-default-kind")
            yield Input(self.zone, id="source-zone", placeholder="zone of its floating times")
            with Horizontal(classes="source-flags"):
                yield Checkbox("Trusted (no review)", id="source-trusted")
                yield Checkbox("Local (http allowed)", id="source-local")
            yield Label("", id="source-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", id="ok", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#source-where", Input).focus()

    def _refuse(self, text: str) -> None:
        error = self.query_one("#source-error", Label)
        error.update(text)
        error.add_class("-shown")

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def _ok(self) -> None:
        where = self.query_one("#source-where", Input).value.strip()
        centre = self.query_one("#source-centre", Select).value
        if not where:
            self._refuse("give the source's address or file")
            return
        if not isinstance(centre, str):
            self._refuse("choose the centre that owns the source")
            return
        is_url = where.startswith(("https://", "http://"))
        self.dismiss(PartnerSourceData(
            kind=SourceKind(str(self.query_one("#source-kind", Select).value)), centre=centre,
            url=where if is_url else None, file=None if is_url else where,
            default_kind=str(self.query_one("#source-default-kind", Select).value),
            timezone=self.query_one("#source-zone", Input).value.strip() or "UTC",
            trusted=self.query_one("#source-trusted", Checkbox).value,
            local=self.query_one("#source-local", Checkbox).value,
        ))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
