"""The benchmark machinery on a toy benchmark, and the scale generator at a tiny size."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bench.harness import BenchContext, NotAvailable, Reading, Registry, Stats, run_all
from bench.report import as_json, markdown, text_table
from bench.scale import build_database, cached_database
from brs_coord.services import Services


def test_harness_measures_compares_and_reports(tmp_path: Path) -> None:
    registry = Registry()
    calls = {"toy": 0}

    def toy(ctx: BenchContext) -> object:
        def run() -> int:
            calls["toy"] += 1
            return sum(range(200))

        return run

    registry.benchmark("toy.sum", figure="toy: sum", size="200", target="fast", repeat=25,
                       baseline=lambda ctx: lambda: sum(range(100)))(toy)

    @registry.benchmark("toy.rss", figure="toy: memory", target="≤ 150 MB")
    def memory(ctx: BenchContext) -> Reading:
        ctx.note("a remark")
        return Reading.of(42.0, unit="MB")

    @registry.benchmark("toy.missing", figure="toy: not built")
    def missing(ctx: BenchContext) -> Reading:
        raise NotAvailable("the face is under construction")

    assert [b.name for b in registry.select("rss,missing")] == ["toy.rss", "toy.missing"]
    ctx = BenchContext(cache_dir=tmp_path)
    try:
        results = list(run_all(registry.select(None), ctx))
    finally:
        ctx.close()
    timed, rss, not_built = results
    assert calls["toy"] == 3 + 25
    assert timed.measured.count == 25 and timed.measured.p99 is not None
    assert timed.baseline is not None and timed.ratio is not None and timed.ratio > 0
    assert rss.measured.median == 42.0 and rss.measured.p99 is None and rss.note == "a remark"
    assert not_built.measured.count == 0 and "not available yet" in not_built.note
    table = text_table(results)
    assert "toy: sum" in table and "42.0 MB" in table and "n/a" in table
    assert "| toy: memory | — | 42.0 MB |" in markdown(results, "python -m bench")
    assert json.loads(as_json(results, "python -m bench"))["results"][0]["name"] == "toy.sum"


def test_stats_percentiles() -> None:
    stats = Stats.from_samples(tuple(float(i) for i in range(1, 101)), "s")
    assert stats.median == 50.5 and stats.p99 == 99.0
    assert Stats.from_samples((3.0, 1.0, 2.0), "s").p99 is None


def _dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        rows = []
        for table in ("events", "event_audiences", "event_regions", "participants", "subscriptions",
                      "registrations"):
            rows += [(table, *row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        return rows


def test_scale_generator_is_deterministic(tmp_path: Path) -> None:
    first = build_database(tmp_path / "a.db", events=200, participants=50, seed=7)
    second = build_database(tmp_path / "b.db", events=200, participants=50, seed=7)
    other = build_database(tmp_path / "c.db", events=200, participants=50, seed=8)
    rows = _dump(first)
    assert rows == _dump(second)
    assert rows != _dump(other)
    with sqlite3.connect(first) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE source = 'bench'").fetchone()[0] == 200
        assert conn.execute("SELECT count(*) FROM participants").fetchone()[0] == 50
        texts = " ".join(row[0] + row[1] for row in conn.execute("SELECT title, description FROM events"))
        found = conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'waste'").fetchone()[0]
    assert found > 0 and "\n" in texts and ";" in texts and "é" in texts
    assert any("\u0600" <= ch <= "\u06ff" for ch in texts) and any("\u4e00" <= ch <= "\u9fff" for ch in texts)
    cached = cached_database(200, participants=50, seed=7, cache_dir=tmp_path / "cache")
    assert cached_database(200, participants=50, seed=7, cache_dir=tmp_path / "cache") == cached
    assert _dump(cached) == rows


async def test_offline_bot_answers_the_update_mix_without_network(demo_services: Services) -> None:
    from bench import offline_bot
    from bench.bench_bot import _inprocess_round

    application, request = offline_bot.build_offline(demo_services)
    async with application:
        samples = await _inprocess_round(application, request, 4242, 1)
    assert len(samples) == 6 and all(0 < seconds < 10 for seconds in samples)
    replies = [call for call in request.calls if call.method in offline_bot.REPLY_METHODS]
    assert replies[-1].method == "sendMessage" and replies[-2].method == "editMessageText"
    assert "answerCallbackQuery" in [call.method for call in request.calls]
