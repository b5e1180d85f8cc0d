"""`brs-coord ask`: readable answers, one JSON object with --json, one clear line for bad options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from tests.cli_helpers import invoke


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


def ask(db: Path, *args: str) -> Result:
    return invoke("--db", str(db), "ask", *args, env={"BRS_TZ": "Europe/Zurich"})


def test_readable_answer(demo_db: Path) -> None:
    result = ask(demo_db, "webinars", "in", "French", "--limit", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("I understood: webinars · in French")
    assert lines[-1].startswith("1–3 of ")


def test_json_answer(demo_db: Path) -> None:
    result = ask(demo_db, "ateliers en Afrique", "--lang", "fr", "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["understood"]["kinds"] == ["workshop"]
    assert data["understood"]["regions"] == ["africa"]
    assert data["understood"]["to"] is None
    assert len(data["events"]) == 2 and data["total"] >= 2
    assert all(event["kind"] == "workshop" for event in data["events"])


def test_suggestions_are_shown(demo_db: Path) -> None:
    result = ask(demo_db, "Rotterdm")
    assert result.exit_code == 0
    assert "not understood: Rotterdm" in result.output
    assert "Did you mean: Rotterdam" in result.output


def test_bad_zone_is_one_line(demo_db: Path) -> None:
    result = ask(demo_db, "webinars", "--tz", "Nowhere/Land")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "brs-coord: Unknown time zone 'Nowhere/Land' (use an IANA name such as Europe/Paris)"
    ]
