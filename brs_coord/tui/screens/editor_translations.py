"""The event editor's translations: a tab per language with the event's title and description in it
(staff see and edit each language's version; a right-to-left language's text is also shown in the
order it reads, since terminals draw it left to right). No business rules here: the rules check the
translations with the rest of the event when it is validated and saved."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widgets import Input, Label, Static, TabbedContent, TabPane, TextArea

from ...bidi import visual_rtl
from ...languages import BY_CODE, INTERFACE_LANGUAGES

Translations = tuple[tuple[str, str, str], ...]  # (language code, title, description)
LANGUAGES = tuple(INTERFACE_LANGUAGES)  # a tab each, in the registry's order
# above the preview: a terminal that reorders right-to-left text itself shows the fields as they read
RTL_SHOWN = "as it reads (where the terminal draws Arabic left to right):"


def translations_field() -> ComposeResult:
    """The field: its label, a tab per language (title and description), its error line."""
    with Vertical(classes="field stacked", id="field-translations"):
        yield Label("Title and description in other languages", classes="field-label")
        with TabbedContent(id="translations"):
            for code in LANGUAGES:
                with TabPane(f"{code} {INTERFACE_LANGUAGES[code]}", id=f"tr-{code}"):
                    yield Input(id=f"tr-title-{code}", max_length=200, placeholder="Title",
                                select_on_focus=False)
                    yield TextArea(id=f"tr-description-{code}", classes="tr-description")
                    if BY_CODE[code].rtl:
                        yield Static("", id=f"tr-shown-{code}", classes="preview tr-shown")
        yield Label("", id="err-translations", classes="field-error")


def fill_translations(screen: DOMNode, translations: Translations) -> None:
    """Put an event's translations into the tabs (the languages it has none in left empty)."""
    by_code = {code: (title, description) for code, title, description in translations}
    for code in LANGUAGES:
        title, description = by_code.get(code, ("", ""))
        screen.query_one(f"#tr-title-{code}", Input).value = title
        screen.query_one(f"#tr-description-{code}", TextArea).text = description
        show_rtl(screen, code)


def read_translations(screen: DOMNode) -> Translations:
    """The translations typed, in the tabs' order; a language with neither title nor description
    has none (a description without a title is kept, for the rules to refuse)."""
    found = []
    for code in LANGUAGES:
        title = screen.query_one(f"#tr-title-{code}", Input).value.strip()
        description = screen.query_one(f"#tr-description-{code}", TextArea).text.strip()
        if title or description:
            found.append((code, title, description))
    return tuple(found)


def show_rtl(screen: DOMNode, code: str) -> None:
    """Under a right-to-left language's fields: its title and description as they read."""
    if not BY_CODE[code].rtl:
        return
    title = screen.query_one(f"#tr-title-{code}", Input).value
    description = screen.query_one(f"#tr-description-{code}", TextArea).text
    lines = [visual_rtl(line) for line in (title, *description.splitlines()) if line.strip()]
    shown = Text(RTL_SHOWN + "\n", style="dim") + Text("\n".join(lines)) if lines else Text("")
    screen.query_one(f"#tr-shown-{code}", Static).update(shown)


def translation_language(widget_id: str | None) -> str | None:
    """The language of one of the tabs' fields, from its id (None for another widget)."""
    prefix, _, code = (widget_id or "").rpartition("-")
    return code if prefix in ("tr-title", "tr-description") and code in LANGUAGES else None
