"""The staff terminal UI (Textual)."""

from __future__ import annotations

from typing import Any


def run_tui(services: Any) -> None:
    """Open the staff TUI over the given services."""
    from .app import make_app
    from .logfile import logging_to_file

    with logging_to_file(services.settings):
        make_app(services).run()
