"""Export the iCalendar feeds from the TUI, with a progress indicator."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from .base import ServiceMixin, as_error


class ExportProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class ExportFinished(Message):
    def __init__(self, text: str, ok: bool) -> None:
        super().__init__()
        self.text, self.ok = text, ok


def run_feed_export(services: Any, progress: Any) -> str:
    """Write every feed through the feeds service and describe what was written."""
    report = services.feeds.export(progress=progress)
    return (
        f"{report.feeds} feeds ({report.events} events) in {report.out_dir}: "
        f"{len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed"
    )


class ExportFeedsScreen(ServiceMixin, ModalScreen[None]):
    """Writes every feed; shows progress, then the outcome."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("[b]Export iCalendar feeds[/b]")
            yield Static(f"to {self.services.settings.feed_dir}", id="export-target")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.export()

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export(self) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(ExportProgress(done, total))

        try:
            text = run_feed_export(self.services, progress)
        except Exception as exc:  # noqa: BLE001
            self.post_message(ExportFinished(as_error(exc).message, False))
        else:
            self.post_message(ExportFinished(text, True))

    @on(ExportProgress)
    def _progress(self, message: ExportProgress) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)

    @on(ExportFinished)
    def _finished(self, message: ExportFinished) -> None:
        bar = self.query_one(ProgressBar)
        if message.ok:
            bar.update(total=bar.total or 1, progress=bar.total or 1)
        self.query_one("#export-result", Static).update(message.text)
        self.notify(message.text, title="Export", severity="information" if message.ok else "warning")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
