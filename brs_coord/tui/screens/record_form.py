"""A small form of labelled fields for one results record (a Party status, an evidence row): each
refusal is told under the field it names, the write runs in a worker, and the form dismisses with
what was done (or None)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from ...errors import BrsCoordError, InvalidInput
from ..formatting import bold_line
from .base import ServiceMixin, as_error


def show_field_problems(screen: Widget, problems: dict[str, str]) -> None:
    """Each ``c-<key>-error`` line of a form shows its field's problem (or nothing)."""
    for label in screen.query(".field-error").results(Label):
        key = (label.id or "").removeprefix("c-").removesuffix("-error")
        label.update(problems.get(key, ""))
        label.set_class(key in problems, "-shown")


class RecordForm(ServiceMixin, ModalScreen[str | None]):
    """Fields given by ``fields``; Save runs ``write`` (which returns the words telling what was
    done) off the UI thread; extra buttons (``buttons``) run their own writes the same way."""

    DEFAULT_CSS = """
    RecordForm { align: center middle; }
    RecordForm #dialog { width: 76; height: auto; }
    RecordForm VerticalScroll { height: auto; max-height: 16; }
    RecordForm .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    class Done(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Failed(Message):
        def __init__(self, error: BrsCoordError) -> None:
            super().__init__()
            self.error = error

    title: str = ""
    hint: str = ""

    def fields(self) -> Iterable[Widget]:
        return ()

    def buttons(self) -> Iterable[Button]:
        """Buttons between Save and Close (their presses handled by the form)."""
        return ()

    def write(self) -> str:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="catalogue-form"):
            yield Static(bold_line(self.title))
            if self.hint:
                yield Static(self.hint, classes="hint", markup=False)
            with VerticalScroll():
                yield from self.fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="ok", variant="primary")
                yield from self.buttons()
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        first = next(iter(self.query(Input).results(Input)), None)
        if first is not None:
            first.focus()

    def text(self, key: str) -> str:
        return self.query_one(f"#c-{key}", Input).value.strip()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _save_pressed(self) -> None:
        self.action_save()  # a form may read its fields here, on the UI thread, before its write

    def action_save(self) -> None:
        self.run(self.write)

    def run(self, call: Callable[[], str]) -> None:
        """Run one write of the form (buttons disabled meanwhile)."""
        for button in self.query(Button).results(Button):
            button.disabled = button.id != "close"
        self._write(call)

    @work(thread=True, exclusive=True, exit_on_error=False, group="record-form")
    def _write(self, call: Callable[[], Any]) -> None:
        try:
            text = call()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message, never a crash
            self.post_message(self.Failed(as_error(exc)))
        else:
            self.post_message(self.Done(str(text)))

    @on(Done)
    def _done(self, message: Done) -> None:
        self.dismiss(message.text)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        for button in self.query(Button).results(Button):
            button.disabled = False
        error = message.error
        field = error.field if isinstance(error, InvalidInput) else None
        show_field_problems(self, {field: error.message} if field else {})
        if field is None or not self.query(f"#c-{field}-error"):
            self.notify(error.message, title=error.title, severity="error", timeout=8, markup=False)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
