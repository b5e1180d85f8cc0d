"""The event editor's results tags: a field of codes (BC-2-v, BC-1-out-iii) and a quick picker of
the plan's outputs and indicators, searched by code or words, the event's conventions first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...results import PlanItem, search_plan
from ..formatting import bold_line
from .base import ServiceMixin

PICK_KEY = "ctrl+t"


def read_codes(text: str) -> tuple[str, ...]:
    """The codes typed in the field (separated by spaces or commas), each once, in order."""
    return tuple(dict.fromkeys(code for code in re.split(r"[\s,;]+", text.strip()) if code))


def codes_text(codes: Iterable[str]) -> str:
    return " ".join(codes)


def unknown_codes_problem(codes: Iterable[str], plan: Iterable[PlanItem]) -> str | None:
    """The field's problem when a code is not one of the plan's outputs or indicators."""
    known = {item.code for item in plan}
    unknown = [code for code in codes if code not in known]
    return f"not in the plan: {', '.join(unknown)} (Ctrl+T picks from it)" if unknown else None


class PickResults(Message):
    """Staff asked for the picker (Ctrl+T or the Pick button)."""


class ResultsTagsField(Vertical):
    """'Results': the codes the event serves, a Pick button (Ctrl+T) and the untagged warning."""

    DEFAULT_CSS = """
    ResultsTagsField { height: auto; }
    ResultsTagsField > Horizontal { height: auto; }
    ResultsTagsField > Horizontal > Label { width: 14; }
    ResultsTagsField #results { width: 1fr; }
    ResultsTagsField #pick-results { height: 1; border: none; min-width: 10; margin-left: 1; }
    ResultsTagsField #results-warning { color: $warning; padding: 0 0 0 14; height: auto; }
    """
    BINDINGS = [Binding(PICK_KEY, "pick", "Pick results", show=False)]

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("Results", classes="field-label")
            yield Input(id="results", placeholder="codes it serves (BC-2-v BC-1-out-iii) · Ctrl+T picks")
            yield Button("Pick…", id="pick-results")
        yield Label("", id="err-results", classes="field-error")
        yield Static("", id="results-warning")

    @on(Button.Pressed, "#pick-results")
    def action_pick(self) -> None:
        self.post_message(PickResults())


def item_prompt(item: PlanItem) -> Text:
    """One line of the picker: the code, then the output's or indicator's words (never markup)."""
    line = Text(f"{item.code:<13}", style="bold")
    line.append("output  " if item.is_output else "indic.  ", style="dim")
    return line.append(item.text)


class ResultsPicker(ServiceMixin, ModalScreen[tuple[str, ...] | None]):
    """Search the plan by code or words and tick what the event serves; Enter or OK keeps the
    ticks, Escape leaves the field as it was."""

    DEFAULT_CSS = """
    ResultsPicker { align: center middle; }
    ResultsPicker #dialog { width: 110; height: 90%; }
    ResultsPicker #results-list { height: 1fr; }
    ResultsPicker #results-chosen { height: auto; color: $success; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, plan: Sequence[PlanItem], chosen: Iterable[str], conventions: Iterable[str]) -> None:
        super().__init__()
        self.plan = list(plan)
        self.order = [item.code for item in self.plan]
        self.chosen = set(chosen)
        self.conventions = tuple(conventions)

    def compose(self) -> ComposeResult:
        names = {c.slug: c.name for c in self.brs.reference.conventions}
        first = ", ".join(names.get(slug, slug) for slug in self.conventions) or "every convention"
        with Vertical(id="dialog"):
            yield Static(bold_line("Results tags", f" · the plan's outputs and indicators ({first} first)"))
            yield Input(id="results-search", placeholder="search: a code (BC-2) or words (reporting format)")
            yield SelectionList[str](id="results-list")
            yield Static("", id="results-chosen")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self._list("")
        self.query_one("#results-search", Input).focus()

    @on(Input.Changed, "#results-search")
    def _searched(self, event: Input.Changed) -> None:
        self._list(event.value)

    def _list(self, text: str) -> None:
        found = search_plan(self.plan, text, self.conventions)
        options = self.query_one("#results-list", SelectionList)
        options.clear_options()
        options.add_options([
            Selection(item_prompt(item), item.code, item.code in self.chosen) for item in found
        ])
        self._show_chosen()

    @on(SelectionList.SelectedChanged, "#results-list")
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        """The ticks of the listed lines replace theirs in the choice (lines searched away keep theirs)."""
        options = event.selection_list
        listed = {options.get_option_at_index(n).value for n in range(options.option_count)}
        self.chosen = (self.chosen - listed) | set(options.selected)
        self._show_chosen()

    def _show_chosen(self) -> None:
        self.query_one("#results-chosen", Static).update(
            Text("Tagged: " + (codes_text(self.ordered()) or "none"), style="bold" if self.chosen else "dim"))

    def ordered(self) -> tuple[str, ...]:
        """The ticked codes in the plan's order (codes not in the plan kept last, as typed)."""
        position = {code: n for n, code in enumerate(self.order)}
        return tuple(sorted(self.chosen, key=lambda code: (position.get(code, len(position)), code)))

    @on(Input.Submitted, "#results-search")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(self.ordered())

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
