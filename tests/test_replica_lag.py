"""`brs-coord check --backup`: the replica's lag from Litestream's positions, and its refusals."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from brs_coord.replica import ReplicaLag
from tests.cli_helpers import invoke
from tests.clocks import NOW


def lag(database_txid: int, replica_txid: int, replica_seconds_before: float | None) -> ReplicaLag:
    written = None if replica_seconds_before is None else NOW - timedelta(seconds=replica_seconds_before)
    return ReplicaLag(Path("brs.db"), database_txid, NOW, replica_txid, written)


def test_lag() -> None:
    assert (lag(7, 7, 30).behind, lag(7, 7, 30).lag_seconds) == (False, 0.0)  # holds the last one
    assert (lag(9, 7, 30).behind, lag(9, 7, 30).lag_seconds) == (True, 30.0)
    assert (lag(3, 0, None).behind, lag(3, 0, None).lag_seconds) == (True, None)  # holds nothing


def test_check_backup_without_a_configuration(tmp_path: Path, demo_template: Path) -> None:
    db = tmp_path / "brs.db"
    shutil.copyfile(demo_template, db)
    result = invoke("--db", str(db), "check", "--backup",
                    env={"BRS_LITESTREAM_CONFIG": str(tmp_path / "none.yml")})
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"brs-coord: No Litestream configuration at {tmp_path / 'none.yml'}; set BRS_LITESTREAM_CONFIG "
        "(see deploy/litestream.yml)")
