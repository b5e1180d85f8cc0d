"""The optimistic-locking conflict dialog: what the other person changed, then reload or overwrite."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain import Event, EventData, diff_events
from ...errors import Conflict


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(map(str, value)) or "—"
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def change_lines(before: EventData, after: EventData) -> list[str]:
    """'field: old → new' for every field that differs."""
    return [
        f"  {name}: {_show(old)} → {_show(new)}" for name, (old, new) in diff_events(before, after).items()
    ]


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with 'reload', 'overwrite' or None (back to the form)."""

    BINDINGS = [Binding("escape", "back", "Back to the form")]

    def __init__(self, base: EventData, current: Event, mine: EventData | None, error: Conflict) -> None:
        super().__init__()
        self.base, self.current, self.mine, self.error = base, current, mine, error

    def compose(self) -> ComposeResult:
        theirs = change_lines(self.base, self.current.data()) or ["  (no field differs)"]
        who = self.error.changed_by or self.current.updated_by
        at = self.error.changed_at or "just now"
        lines = [
            "[b]This event changed since you opened the form.[/b]",
            f"Changed by [b]{who}[/b] at {at} (now version {self.current.version}).",
            "", "Their changes:", *theirs,
        ]
        if self.mine is not None:
            mine = change_lines(self.base, self.mine) or ["  (none)"]
            lines += ["", "Your changes:", *mine]
        with Vertical(id="dialog"):
            yield Static("\n".join(lines), id="conflict-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs", id="reload", variant="primary")
                yield Button("Overwrite with mine", id="overwrite", variant="warning",
                             disabled=self.mine is None)
                yield Button("Back", id="back")

    @on(Button.Pressed, "#reload")
    def _reload(self) -> None:
        self.dismiss("reload")

    @on(Button.Pressed, "#overwrite")
    def _overwrite(self) -> None:
        self.dismiss("overwrite")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(None)
