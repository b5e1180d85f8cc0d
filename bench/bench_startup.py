"""Cross-cutting figures: cold-process start-up of `brs-coord`, against khal over the same events."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bench.harness import BenchContext, NotAvailable, benchmark
from bench.khal_calendar import cached_khal_calendar, khal_command, khal_env, khal_executable
from bench.scale import CACHE_DIR

ASK_QUESTION = "webinars in the next 30 days"
PYCACHE = CACHE_DIR / "pycache"
_NO_BYTECODE = {"PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"}


def brs_coord_executable() -> str:
    """The `brs-coord` script installed beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).with_name("brs-coord")
    found = str(beside) if beside.exists() else shutil.which("brs-coord")
    if found is None:
        raise NotAvailable("the brs-coord command is not installed (pip install -e .)")
    return found


def brs_env() -> dict[str, str]:
    """The caller's environment without brs-coord settings, so only --db decides, and with bytecode.

    An installed brs-coord runs from compiled modules (pip compiles them at install, as it did
    khal's): a checkout started with PYTHONDONTWRITEBYTECODE would compile every module of the
    project in every process and time the compiler. Bytecode goes to the bench cache, not the tree.
    """
    kept = {k: v for k, v in os.environ.items() if not k.startswith("BRS_") and k not in _NO_BYTECODE}
    return kept | {"LC_ALL": "C.UTF-8", "PYTHONPYCACHEPREFIX": str(PYCACHE)}


def process(command: list[str], env: dict[str, str]) -> Callable[[], object]:
    """A callable that runs ``command`` to completion, output discarded (one cold process)."""

    def run() -> object:
        return subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              check=False, timeout=120).returncode

    return run


def _khal(ctx: BenchContext, *args: str) -> Callable[[], object]:
    if khal_executable() is None:
        raise NotAvailable("khal is not installed (make bench installs the bench extra)")
    return process(khal_command(cached_khal_calendar("10k", ctx.cache_dir), *args), khal_env())


@benchmark("startup.help", figure="cold start: brs-coord --help", size="—", target="— (khal beside it)",
           baseline=lambda ctx: _khal(ctx, "--help"), repeat=20)
def startup_help(ctx: BenchContext) -> Callable[[], object]:
    return process([brs_coord_executable(), "--help"], brs_env())


@benchmark("startup.ask", figure=f"cold start: brs-coord ask \"{ASK_QUESTION}\"", size="10k",
           target="≤ 0.3× khal list today 30d", baseline=lambda ctx: _khal(ctx, "list", "today", "30d"),
           repeat=15, max_seconds=30)
def startup_ask(ctx: BenchContext) -> Callable[[], object]:
    command = [brs_coord_executable(), "--db", str(ctx.database("10k")), "ask", ASK_QUESTION]
    probe = subprocess.run(command, env=brs_env(), capture_output=True, text=True, check=False, timeout=120)
    if probe.returncode != 0:
        first_line = (probe.stderr.strip().splitlines() or ["no message"])[0]
        ctx.note(f"`brs-coord ask` exits {probe.returncode} ({first_line}): start-up and refusal only")
    return process(command, brs_env())


def _vocabulary_built(ctx: BenchContext) -> Callable[[], object]:
    from brs_coord.services import vocabulary_cache

    store = ctx.services("10k").store
    return lambda: vocabulary_cache.build(store)


@benchmark("startup.vocabulary", figure="cold path: question vocabulary read from the store", size="10k",
           target="a few ms (baseline: built from the catalogue)", baseline=_vocabulary_built)
def startup_vocabulary(ctx: BenchContext) -> Callable[[], object]:
    """What a cold `brs-coord ask` pays for the vocabulary when a process stored it before it."""
    from brs_coord.services import vocabulary_cache

    store = ctx.services("10k").store
    version = store.catalogue.catalogue_version()
    vocabulary_cache.load(store, version)  # stored by this first load, if it was not already
    if store.vocabulary_cache.read(vocabulary_cache.fingerprint(), version) is None:
        ctx.note("the vocabulary could not be stored (read-only or busy database): both figures build it")
    return lambda: vocabulary_cache.load(store, version)
