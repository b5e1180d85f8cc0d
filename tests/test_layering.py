"""The architecture holds: the core imports no front end, and the faces stay apart."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONT_ENDS = ("textual", "telegram", "aiohttp", "dateparser")


@pytest.mark.parametrize(
    "module", ["brs_coord.services", "brs_coord.store", "brs_coord.domain", "brs_coord.cli"]
)
def test_core_modules_load_no_front_end(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & {set(FRONT_ENDS)!r})\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "", f"{module} loaded {result.stdout.strip()}"


def test_import_linter_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the test extra"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
