"""Small dialogs: confirm, ask for a reason, ask for a new date (with a live preview)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...wall_times import read_typed
from ..formatting import bold_line, in_two_zones, plain


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS = [Binding("escape", "no", "No")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(plain(self.question), id="question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="error")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a reason, a name, a message); empty answers are refused when required,
    and ``max_length`` (0: none) caps what can be typed."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(
        self, title: str, label: str, *, value: str = "", required: bool = True, max_length: int = 0,
        ok: str = "OK", close: str = "Close",
    ) -> None:
        super().__init__()
        self.title_text, self.label, self.value, self.required = title, label, value, required
        self.max_length, self.ok_label, self.close_label = max_length, ok, close

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(bold_line(self.title_text))
            yield Static(self.label, classes="prompt-label", markup=False)  # wraps (a Label is cut)
            yield Input(self.value, id="answer", max_length=self.max_length)
            yield Label("", id="prompt-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok_label, id="ok", variant="primary")
                yield Button(self.close_label, id="close")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        answer = self.query_one("#answer", Input).value.strip()
        if self.required and not answer:
            self.query_one("#prompt-error", Label).update("required")
            self.query_one("#prompt-error", Label).add_class("-shown")
            return
        self.dismiss(answer)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class ChoicePrompt(ModalScreen[str | None]):
    """Choose one of a list (label, value), typed-to-narrow: an audience to tag events with."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.options = title, options

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(bold_line(self.title_text))
            yield Input(id="choice-filter", placeholder="type to narrow")
            yield OptionList(*self._matching(""), id="choices")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close")

    def _matching(self, text: str) -> list[Option]:
        words = text.casefold().split()
        return [Option(Text(label), id=value) for label, value in self.options
                if all(word in f"{label} {value}".casefold() for word in words)]

    @on(Input.Changed, "#choice-filter")
    def _narrow(self, message: Input.Changed) -> None:
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options(self._matching(message.value))
        if choices.option_count:
            choices.highlighted = 0

    @on(Input.Submitted, "#choice-filter")
    def _first(self) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count:
            self.dismiss(choices.get_option_at_index(choices.highlighted or 0).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option.id)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class _Parsed(Message):
    def __init__(self, text: str, instant: datetime | None, problem: str | None = None) -> None:
        super().__init__()
        self.text, self.instant, self.problem = text, instant, problem


class DatePrompt(ModalScreen[datetime | None]):
    """Ask for a new start ('next Tuesday 14:00'), previewed in the event's and the staff zone."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, title: str, *, event_zone: str, staff_zone: ZoneInfo, now: datetime) -> None:
        super().__init__()
        self.title_text, self.event_zone, self.staff_zone, self.now = title, event_zone, staff_zone, now
        self.instant: datetime | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(bold_line(self.title_text))
            yield Static(f"New start, in {self.event_zone} ('next Tuesday 14:00', '3 March 10:00')",
                         classes="prompt-label", markup=False)
            yield Input(id="answer", placeholder="next Tuesday 14:00")
            yield Static("→ —", id="date-preview", classes="preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary", disabled=True)
                yield Button("Close", id="close")

    @on(Input.Changed, "#answer")
    def _changed(self, message: Input.Changed) -> None:
        self.query_one("#ok", Button).disabled = True
        self.parse(message.value)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def parse(self, text: str) -> None:
        try:
            instant, problem = (
                read_typed(text, now=self.now, zone=self.event_zone) if text.strip() else (None, None)
            )
        except Exception:  # noqa: BLE001 - an unreadable phrase simply has no preview
            instant, problem = None, None
        self.post_message(_Parsed(text, instant, problem))

    @on(_Parsed)
    def _parsed(self, message: _Parsed) -> None:
        if message.text != self.query_one("#answer", Input).value:
            return
        self.instant = message.instant
        preview = in_two_zones(message.instant, self.event_zone, self.staff_zone) if message.instant \
            else message.problem or "not a date and time yet"
        self.query_one("#date-preview", Static).update(f"→ {preview}")
        self.query_one("#ok", Button).disabled = message.instant is None

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        if self.instant is not None:
            self.dismiss(self.instant)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
