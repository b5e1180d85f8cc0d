"""Use cases shared by every face (TUI, bot, feed server, CLI); no front end is imported here."""

from __future__ import annotations

from .app import Services, build_services

__all__ = ["Services", "build_services"]
