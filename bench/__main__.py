"""Run every benchmark (or those matching -k) and print one table; see bench/README.md."""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
from pathlib import Path

from bench.harness import REGISTRY, BenchContext, run_all
from bench.report import text_table, update_readme, write

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def discover() -> list[str]:
    """Import every bench/bench_*.py, so each registers its benchmarks; returns the broken ones.

    One module that fails to import is reported and skipped, so the others still give figures.
    """
    broken = []
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        try:
            importlib.import_module(f"bench.{path.stem}")
        except Exception as exc:  # a teammate's half-written module must not stop the run
            broken.append(f"{path.name} was skipped: {type(exc).__name__}: {exc}")
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("-k", dest="keyword", help="only benchmarks whose name or figure contains this "
                        "(comma-separated alternatives)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a first look")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    broken = discover()
    for problem in broken:
        print(f"warning: {problem}", file=sys.stderr)
    selected = REGISTRY.select(args.keyword)
    if args.list:
        for item in selected:
            print(f"{item.name:<28} {item.size:<6} {item.figure}")
        return 0
    if not selected:
        print(f"No benchmark matches {args.keyword!r}; see `python -m bench --list`.", file=sys.stderr)
        return 2
    command = " ".join(["python -m bench", shlex.join(argv if argv is not None else sys.argv[1:])]).strip()
    ctx = BenchContext(quick=args.quick)
    try:
        results = list(run_all(selected, ctx, lambda line: print(line, file=sys.stderr, flush=True)))
    finally:
        ctx.close()
    print(text_table(results))
    for problem in broken:
        print(f"* {problem}")
    full_run = not args.keyword and not args.quick
    written = write(results, RESULTS_DIR, "latest" if full_run else "partial", command, broken)
    if full_run and update_readme(BENCH_DIR / "README.md", written[0].read_text(encoding="utf-8")):
        written.append(BENCH_DIR / "README.md")
    print(f"\nWritten to {', '.join(str(p.relative_to(BENCH_DIR.parent)) for p in written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
