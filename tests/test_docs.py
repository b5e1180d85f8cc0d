"""The README documents every setting and every command (and every command has help text)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from brs_coord.cli import main
from brs_coord.config import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name", [spec.name for spec in SETTINGS])
def test_every_setting_is_in_the_readme(name: str) -> None:
    assert f"`{name}`" in README


@pytest.mark.parametrize(("name", "command"), commands(main))
def test_every_command_has_help_and_a_readme_line(name: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"`brs-coord {name}` has no help text"
    assert f"brs-coord {name}" in README, f"`brs-coord {name}` is not in the README"
