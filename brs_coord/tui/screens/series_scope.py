"""The edit scope of a change to a session of a series (issue 19): this session, this and the
following ones, or the whole series — asked before the reschedule or cancel prompt, only for
sessions of a series (any other event goes straight to its prompt)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from ...domain import Event
from ...series_domain import EditScope
from ..formatting import bold_line

SCOPE_LABELS = {
    EditScope.THIS: "This session",
    EditScope.FOLLOWING: "This and following",
    EditScope.SERIES: "Whole series",
}


class ScopePrompt(ModalScreen[EditScope | None]):
    """Which sessions a change applies to; participants get one notice for all of them."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, verb: str, event: Event) -> None:
        super().__init__()
        self.verb, self.event = verb, event

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(bold_line(f"{self.verb} “{self.event.title}”"))
            yield Static(f"Session {self.event.session_number} of a series: which sessions? Participants"
                         " get one notice for all of them.", classes="prompt-label", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for scope, label in SCOPE_LABELS.items():
                    yield Button(label, id=f"scope-{scope.value}",
                                 variant="primary" if scope is EditScope.THIS else "default")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one(f"#scope-{EditScope.THIS.value}", Button).focus()

    @on(Button.Pressed, ".dialog-buttons Button")
    def _pressed(self, message: Button.Pressed) -> None:
        pressed = message.button.id or ""
        if pressed.startswith("scope-"):
            self.dismiss(EditScope(pressed.removeprefix("scope-")))
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def with_scope(screen: Screen[Any], verb: str, event: Event, then: Callable[[EditScope], None]) -> None:
    """Ask the scope for a session of a series, then go on; any other event goes on at once with
    "this one"."""
    if event.session_number is None:
        then(EditScope.THIS)
        return

    def chosen(scope: EditScope | None) -> None:
        if scope is not None:
            then(scope)

    screen.app.push_screen(ScopePrompt(verb, event), chosen)
