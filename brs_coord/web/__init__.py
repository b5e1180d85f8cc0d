"""The browser TUI: ``brs-coord web`` serves one ``brs-coord tui`` per browser session (textual-serve)
behind a reverse proxy that authenticates, each started as the user the proxy names."""

from __future__ import annotations

from .launcher import StaffWebServer, serve_web

__all__ = ["StaffWebServer", "serve_web"]
