"""A dialog that reads a file named by its path, previews what importing it would do in a table
(nothing written), then dismisses with the preview staff confirmed: the attendance export and the
Party-status CSV. Subclasses give the words, the columns and ``read`` (the service's preview)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from ..formatting import bold_line
from .base import ServiceMixin, as_error

Preview = TypeVar("Preview")


class FilePreviewScreen(ServiceMixin, ModalScreen[Preview | None], Generic[Preview]):
    """Path, Preview (or Enter), the preview's rows and summary, then the confirm button (its
    label counts what it will write); ids are ``<key>-path``, ``-error``, ``-preview``, ``-summary``."""

    DEFAULT_CSS = """
    FilePreviewScreen { align: center middle; }
    FilePreviewScreen #dialog { width: 120; height: 90%; padding: 0 1; }
    FilePreviewScreen #dialog .form-row { height: auto; margin: 1 0 0 0; }
    FilePreviewScreen #dialog .form-row Label { width: 6; }
    FilePreviewScreen #dialog .file-path {
        width: 1fr; border: none; height: 1; padding: 0 1; background: $boost;
    }
    FilePreviewScreen #dialog .file-preview { height: 1fr; width: 1fr; margin: 1 0 0 0; }
    FilePreviewScreen #dialog .file-summary { height: auto; }
    FilePreviewScreen #dialog .dialog-buttons Button { height: 1; border: none; min-width: 12; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    key: ClassVar[str]  # the prefix of the widgets' ids
    confirm: ClassVar[tuple[str, str]]  # the confirm button's id and label ("record", "Record")
    columns: ClassVar[tuple[str, ...]]
    file_name: ClassVar[str]  # proposed in the database's folder
    heading: tuple[str, ...] = ("",)  # the bold title, then plain parts
    hint: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.preview: Preview | None = None

    def read(self, path: Path) -> tuple[Preview, Sequence[Sequence[str | Text]], Text, int]:
        """The preview of the file, its table rows, its summary line and how many it will write."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(bold_line(*self.heading))
            yield Static(self.hint, classes="hint", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("File")
                proposed = str(self.brs.db_path.parent / self.file_name)
                yield Input(proposed, id=f"{self.key}-path", classes="file-path")
            yield Label("", id=f"{self.key}-error", classes="field-error")
            table: DataTable[str | Text] = DataTable(id=f"{self.key}-preview", cursor_type="row",
                                                      zebra_stripes=True, classes="file-preview")
            table.add_columns(*self.columns)
            yield table
            yield Static("", id=f"{self.key}-summary", classes="file-summary")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Preview", id="preview", variant="primary")
                yield Button(self.confirm[1], id=self.confirm[0], variant="success", disabled=True)
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        path = self.query_one(f"#{self.key}-path", Input)
        path.cursor_position = len(path.value)
        path.focus()

    def _confirm_button(self) -> Button:
        return self.query_one(f"#{self.confirm[0]}", Button)

    @on(Input.Changed, ".file-path")
    def _path_changed(self) -> None:
        self.preview = None  # a preview is of the file read, never of another one
        self._confirm_button().disabled = True

    @on(Input.Submitted, ".file-path")
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        """Read the file and preview it (nothing is written)."""
        path = Path(self.query_one(f"#{self.key}-path", Input).value.strip()).expanduser()
        table = self.query_one(f"#{self.key}-preview", DataTable)
        table.clear()
        try:
            preview, rows, summary, count = self.read(path)
        except OSError as exc:
            self._error(f"cannot read {path}: {exc.strerror or exc}")
            return
        except Exception as exc:  # noqa: BLE001 - a file it cannot read is told, never a crash
            self._error(as_error(exc).message)
            return
        self._error("")
        self.preview = preview
        for row in rows:
            table.add_row(*row)
        button = self._confirm_button()
        button.disabled = not count
        button.label = f"{self.confirm[1]} {count}"
        self.query_one(f"#{self.key}-summary", Static).update(summary)

    def _error(self, text: str) -> None:
        label = self.query_one(f"#{self.key}-error", Label)
        label.update(text)
        label.set_class(bool(text), "-shown")
        if text:
            self.query_one(f"#{self.key}-summary", Static).update("")
            self._confirm_button().disabled = True

    @on(Button.Pressed, ".dialog-buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.confirm[0] and self.preview is not None:
            self.dismiss(self.preview)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
