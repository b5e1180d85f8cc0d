"""Time-zone names: one rule (brs_coord/zones.py) for the settings, the CLI, the TUI forms and the bot."""

from __future__ import annotations

from pathlib import Path

import pytest

from brs_coord.config import load_settings
from brs_coord.errors import ConfigError
from brs_coord.zones import is_valid_timezone, known_zones
from tests.cli_helpers import invoke

PLACES = ["Europe/Zurich", "Africa/Casablanca", "America/Santiago", "UTC", "Etc/GMT+5"]


@pytest.mark.parametrize("name", PLACES)
def test_place_zones_are_accepted(name: str) -> None:
    assert is_valid_timezone(name) and name in known_zones()


@pytest.mark.parametrize("name", [
    "Asia", "America", "Europe", "Etc",  # folders of the zone database
    "localtime", "Factory",  # in the database, but no place's zone
    "zone.tab", "tzdata.zi", "leap-seconds.list",  # files of the zone database that are no zone
    " Europe/Zurich", "Europe/Zurich ", "", "Nowhere/Land", "../etc/passwd", "Europe/" + "x" * 80, None, 42,
])
def test_folders_machine_dependent_and_malformed_names_are_refused(name: object) -> None:
    assert not is_valid_timezone(name)


def test_a_folder_as_staff_zone_is_a_settings_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRS_TZ", "Europe")
    with pytest.raises(ConfigError, match="BRS_TZ"):
        load_settings()


def test_a_folder_as_event_zone_is_one_clear_line(db_path: Path) -> None:
    result = invoke("--db", str(db_path), "event", "add", "--title", "Webinar", "--kind", "webinar",
                    "--start", "2027-03-03 10:00", "--tz", "Asia")
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "Unknown time zone 'Asia'" in result.output and "Traceback" not in result.output
