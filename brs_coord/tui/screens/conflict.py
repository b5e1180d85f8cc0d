"""The optimistic-locking conflict dialog: what the other person changed, then reload theirs or save
the two edits merged field by field (only fields both changed are chosen, mine or theirs)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from ...domain import Event, EventData, Merge, diff_events
from ...errors import Conflict
from ..formatting import stamp


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


def _changed_at(error: Conflict, zone: ZoneInfo) -> str:
    if not error.changed_at:
        return "just now"
    try:
        return stamp(datetime.fromisoformat(error.changed_at), zone)
    except ValueError:
        return error.changed_at


class ConflictScreen(ModalScreen[str | EventData | None]):
    """Dismisses with 'reload', the merged data to save, or None (back to the form)."""

    BINDINGS = [Binding("escape", "back", "Back to the form")]

    def __init__(
        self, base: EventData, current: Event, mine: EventData | None, error: Conflict, zone: ZoneInfo
    ) -> None:
        super().__init__()
        self.base, self.current, self.mine, self.error, self.zone = base, current, mine, error, zone
        self.merge = Merge(base, current.data(), mine) if mine is not None else None

    def compose(self) -> ComposeResult:
        theirs = change_lines(self.base, self.current.data()) or ["  (no field differs)"]
        who = self.error.changed_by or self.current.updated_by
        lines = [
            "[b]This event changed since you opened the form.[/b]",
            f"Changed by [b]{who}[/b] at {_changed_at(self.error, self.zone)}"
            f" (now version {self.current.version}).",
            "", "Their changes:", *theirs,
        ]
        both = self.merge.both_changed if self.merge is not None else ()
        if self.mine is not None:
            mine = change_lines(self.base, self.mine) or ["  (none)"]
            lines += ["", "Your changes:", *mine, ""]
            lines.append("Both changed — choose for each:" if both else
                         "No field was changed by both: saving keeps their changes and yours.")
        with Vertical(id="dialog"):
            yield Static("\n".join(lines), id="conflict-text")
            for name in both:
                with Horizontal(classes="merge-choice"):
                    yield Label(name, classes="merge-field")
                    yield Select([("Mine", "mine"), ("Theirs", "theirs")], value="mine",
                                 allow_blank=False, id=f"take-{name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs", id="reload", variant="primary")
                yield Button("Save merged", id="overwrite", variant="warning", disabled=self.mine is None)
                yield Button("Back", id="back")

    def take_theirs(self) -> list[str]:
        """The fields both changed for which theirs was chosen."""
        both = self.merge.both_changed if self.merge is not None else ()
        return [name for name in both if self.query_one(f"#take-{name}", Select).value == "theirs"]

    @on(Button.Pressed, "#reload")
    def _reload(self) -> None:
        self.dismiss("reload")

    @on(Button.Pressed, "#overwrite")
    def _overwrite(self) -> None:
        if self.merge is not None:
            self.dismiss(self.merge.merged(self.take_theirs()))

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(None)
