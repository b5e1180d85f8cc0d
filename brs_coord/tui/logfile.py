"""The staff TUI's log file: Textual owns the terminal, so what the TUI logs (the tracebacks of
unexpected errors, among others) goes to BRS_LOG_FILE, by default a file beside the database."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..config import LOG_FORMAT, Settings
from ..errors import ConfigError


def tui_log_path(settings: Settings, environ: Mapping[str, str] | None = None) -> Path:
    """BRS_LOG_FILE; else ``brs.tui.log`` beside the database ``brs.db``; else, when that folder
    cannot be written, ``brs-coord/tui.log`` in the user's state folder (XDG_STATE_HOME)."""
    if settings.log_file is not None:
        return settings.log_file
    beside = settings.db_path.with_suffix(".tui.log")
    if os.access(beside.parent, os.W_OK):
        return beside
    env = os.environ if environ is None else environ
    state = Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return state / "brs-coord" / "tui.log"


@contextmanager
def logging_to_file(settings: Settings, environ: Mapping[str, str] | None = None) -> Iterator[Path]:
    """While the TUI runs, every log record at BRS_LOG_LEVEL or above is appended to its log file."""
    path = tui_log_path(settings, environ)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot write the TUI's log file {path} (set BRS_LOG_FILE): {exc}") from exc
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()
