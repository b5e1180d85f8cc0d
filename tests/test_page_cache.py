"""Each database connection's page cache (BRS_PAGE_CACHE_MIB): 64 MiB where questions are answered,
SQLite's own for the commands that read every event once (serve, export), the setting above both."""

from __future__ import annotations

from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.config import Settings, load_settings, page_cache_for
from brs_coord.errors import ConfigError
from brs_coord.services import build_services
from tests.clocks import NOW


def _cache_size(settings: Settings, *, reads_all: bool = False) -> int:
    services = build_services(settings, FixedClock(NOW), create=True, reads_all=reads_all)
    try:
        return int(services.store.session.db.conn.execute("PRAGMA cache_size").fetchone()[0])
    finally:
        services.close()


def test_questions_keep_64_mib_serve_and_export_sqlites_own(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "brs.db")
    assert _cache_size(settings) == -64 * 1024  # KiB, as PRAGMA cache_size gives a size in memory
    assert _cache_size(settings, reads_all=True) == -2000  # SQLite's default


def test_the_setting_wins_everywhere_and_is_checked(tmp_path: Path) -> None:
    settings = load_settings({"BRS_DB": str(tmp_path / "brs.db"), "BRS_PAGE_CACHE_MIB": "8",
                              "BRS_TZ": "UTC"})
    assert page_cache_for(settings) == page_cache_for(settings, reads_all=True) == 8
    assert _cache_size(settings, reads_all=True) == -8 * 1024
    assert page_cache_for(load_settings({"BRS_TZ": "UTC"})) == 64
    with pytest.raises(ConfigError, match="BRS_PAGE_CACHE_MIB must be"):
        load_settings({"BRS_PAGE_CACHE_MIB": "lots", "BRS_TZ": "UTC"})
