"""What keeps the editor's work from being lost: its values as filled, and the discard question."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from .prompts import ConfirmScreen


def form_values(screen: DOMNode) -> tuple[object, ...]:
    """Every value of a form's fields, to tell whether it was changed since it was filled."""
    values: list[object] = [field.value for field in screen.query(Input)]
    values += [field.value for field in screen.query(Select)]
    values += [field.value for field in screen.query(Checkbox)]
    values += [frozenset(field.selected) for field in screen.query(SelectionList)]
    values += [field.text for field in screen.query(TextArea)]
    return tuple(values)


def discard_prompt() -> ConfirmScreen:
    """Asked on Escape when the form was changed; Escape again (or Enter) keeps editing."""
    return ConfirmScreen("Discard changes?", yes="Discard", no="Keep editing")
