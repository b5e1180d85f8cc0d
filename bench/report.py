"""The one results table: plain text for the terminal, Markdown and JSON for bench/results/."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import Result, Stats

COLUMNS = ("figure", "size", "median", "p99", "baseline", "ratio", "target")


def machine() -> dict[str, str]:
    """Where the figures come from: cores, CPU model, Python and SQLite versions."""
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count() or "?"),
        "cpu": model,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}",
    }


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit != "s":
        return f"{value:,.1f} {unit}"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def _baseline_cell(stats: Stats | None) -> str:
    return "—" if stats is None else format_value(stats.median, stats.unit)


def rows(results: Sequence[Result]) -> list[tuple[str, ...]]:
    table: list[tuple[str, ...]] = []
    for result in results:
        measured = result.measured
        median = format_value(measured.median, measured.unit) if measured.count else "n/a"
        ratio = f"{result.ratio:.2f}×" if result.ratio is not None else "—"
        table.append((
            result.benchmark.figure, result.benchmark.size or "—", median,
            format_value(measured.p99, measured.unit), _baseline_cell(result.baseline), ratio,
            result.benchmark.target or "—",
        ))
    return table


def notes(results: Sequence[Result]) -> list[str]:
    return [f"{r.benchmark.figure} ({r.benchmark.name}): {r.note}" for r in results if r.note]


def text_table(results: Sequence[Result]) -> str:
    """Aligned columns for the terminal, then the notes."""
    body = [COLUMNS, *rows(results)]
    widths = [max(len(row[i]) for row in body) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += [f"* {note}" for note in notes(results)]
    return "\n".join(lines)


def markdown(
    results: Sequence[Result], command: str, when: datetime | None = None, extra_notes: Sequence[str] = ()
) -> str:
    """The results as a Markdown document with the machine it ran on."""
    when = when or datetime.now(UTC)
    info = machine()
    lines = [
        "# Benchmark results",
        "",
        f"`{command}` on {when.strftime('%Y-%m-%d %H:%M UTC')}: {info['cores']} cores, {info['cpu']}, "
        f"Python {info['python']}, SQLite {info['sqlite']}, {info['system']}.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows(results)]
    result_notes = [*notes(results), *extra_notes]
    if result_notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in result_notes]
    return "\n".join(lines) + "\n"


def as_json(results: Sequence[Result], command: str) -> str:
    """Raw numbers (seconds, or the reading's unit) for tools that compare runs."""

    def stats(s: Stats | None) -> dict[str, object] | None:
        return None if s is None else {"median": s.median, "p99": s.p99, "unit": s.unit, "count": s.count}

    payload = {
        "command": command,
        "machine": machine(),
        "results": [
            {
                "name": r.benchmark.name, "figure": r.benchmark.figure, "size": r.benchmark.size,
                "target": r.benchmark.target, "measured": stats(r.measured), "baseline": stats(r.baseline),
                "ratio": r.ratio, "note": r.note,
            }
            for r in results
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


START_MARK, END_MARK = "<!-- latest:start -->", "<!-- latest:end -->"


def update_readme(readme: Path, document: str) -> bool:
    """Put the results (without their title) between the README's markers; False if none."""
    text = readme.read_text(encoding="utf-8")
    if START_MARK not in text or END_MARK not in text:
        return False
    body = document.split("\n", 2)[2].strip() if document.startswith("# ") else document.strip()
    head, rest = text.split(START_MARK, 1)
    tail = rest.split(END_MARK, 1)[1]
    readme.write_text(f"{head}{START_MARK}\n{body}\n{END_MARK}{tail}", encoding="utf-8")
    return True


def write(
    results: Sequence[Result], directory: Path, stem: str, command: str, extra_notes: Sequence[str] = ()
) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    md, js = directory / f"{stem}.md", directory / f"{stem}.json"
    md.write_text(markdown(results, command, extra_notes=extra_notes), encoding="utf-8")
    js.write_text(as_json(results, command), encoding="utf-8")
    return [md, js]
