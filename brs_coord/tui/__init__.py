"""The staff terminal UI (Textual)."""

from __future__ import annotations

from typing import Any


def run_tui(services: Any, *, signed_in_as: str | None = None) -> None:
    """Open the staff TUI over the given services (``signed_in_as``: a remote session's login)."""
    from .app import make_app
    from .logfile import logging_to_file

    with logging_to_file(services.settings):
        make_app(services, signed_in_as=signed_in_as).run()
