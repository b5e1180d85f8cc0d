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
    assert result.output.splitlines() == [
        "I understood: nothing", "Not understood: Rotterdm — did you mean: Rotterdam?", "No events match.",
    ]


def test_words_not_understood_are_said_beside_events(demo_db: Path) -> None:
    result = ask(demo_db, "webinars", "xyzzy", "--limit", "1")
    lines = result.output.splitlines()
    assert lines[0].startswith("I understood: webinars") and lines[1] == "Not understood: xyzzy"
    assert lines[-1].startswith("1–1 of ")
    typo = ask(demo_db, "workshps", "--limit", "1").output.splitlines()
    assert typo[0].startswith("I understood: workshops") and typo[1] == "Read as: workshps → workshops"


def test_a_greeting_gets_help_not_events(demo_db: Path) -> None:
    english = ask(demo_db, "hello").output
    assert "I answer questions" in english
    assert "I read questions in English, French, Spanish, Arabic, Chinese and Russian." in english
    assert "of " not in english.splitlines()[-1]
    assert "Je lis les questions en" in ask(demo_db, "bonjour", "--lang", "fr").output
    data = json.loads(ask(demo_db, "¿cómo", "me", "inscribo?", "--json").output)
    assert data["help"] is True and data["events"] == [] and data["total"] == 0


def test_personal_question_uses_the_participants_profile(demo_db: Path) -> None:
    from brs_coord.clock import FixedClock
    from brs_coord.store import open_store
    from tests.clocks import NOW

    store = open_store(demo_db, FixedClock(NOW))
    person = store.participants.create(4711, chat_id=4711, first_name="Ana", language="es")
    store.participants.update(person.id, audience_id=store.participants.audience_id("customs-officers"))
    store.close()
    data = json.loads(ask(demo_db, "anything for me?", "--participant", "4711", "--json").output)
    assert data["personal"] and data["understood"]["audiences"] == ["customs-officers"]
    assert data["understood"]["languages"] == ["es"] and data["unset"] == ["countries"] and data["total"] > 0
    assert all("customs-officers" in event["audiences"] for event in data["events"])
    nobody = ask(demo_db, "anything for me?").output.splitlines()
    unset = "Not set for you: your audience, your country, your language"
    assert nobody[:2] == ["I understood: for you", unset]
    assert "--participant TELEGRAM_ID" in nobody[2] and nobody[-1] == "No events match."
    unknown = ask(demo_db, "anything for me?", "--participant", "99")
    assert unknown.exit_code == 1 and "No participant with Telegram id 99" in unknown.output


def test_bad_zone_is_one_line(demo_db: Path) -> None:
    result = ask(demo_db, "webinars", "--tz", "Nowhere/Land")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "brs-coord: Unknown time zone 'Nowhere/Land' (use an IANA name such as Europe/Paris)"
    ]
