"""Results tags as a facet (issue 18): what reading them with every event, and asking by code, cost.

Over a copy of the 10k scale database whose events all carry their programme's indicators (as
the demo tags them, see bench_results):

- ``tagfacet.select``: the 500 next events through the store's ``EVENT_SELECT`` (every LINK facet's
  values read per row, the results tags among them). Baseline: the same statement without the
  results subquery (what an event cost before the facet), so the ratio is that subquery's share.
- ``tagfacet.question``: ``ask("BC-2-v webinars")`` (a code and a kind). Baseline: ``ask("webinars
  for customs officers")``, a kind and a LINK facet (audiences) of the same shape.
- ``tagfacet.links``: every LINK facet's values of every event, one list per facet and event (the
  reads of ``feed_cache.event_links``). Baseline: the same reads without the results facet.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from bench.harness import BenchContext, benchmark
from brs_coord.facets import LINK_FACETS, RESULT
from brs_coord.store.demo_results import PROGRAMME_INDICATORS
from brs_coord.store.event_sql import EVENT_SELECT, link_values

SIZE = "10k"
PAGE = (
    " WHERE e.status != 'draft' AND e.ends_at > '2026-11-21T10:00:00Z'"
    " ORDER BY e.starts_at, e.id LIMIT 500"
)
_TAGGED: dict[int, Path] = {}


def _tagged_path(ctx: BenchContext) -> Path:
    """One tagged copy per run (the benchmark and its baseline read the same file)."""
    found = _TAGGED.get(id(ctx))
    if found is None:
        found = _TAGGED[id(ctx)] = ctx.copy_database(SIZE)
        conn = sqlite3.connect(found)
        with conn:
            rows = conn.execute(
                "SELECT e.id, p.slug FROM events e JOIN programmes p ON p.id = e.programme_id").fetchall()
            conn.executemany(
                "INSERT OR IGNORE INTO event_results (event_id, code) VALUES (?, ?)",
                [(event_id, code) for event_id, slug in rows for code in PROGRAMME_INDICATORS.get(slug, ())])
        conn.close()
    return found


def _reader(ctx: BenchContext, sql: str) -> Any:
    conn = sqlite3.connect(f"file:{_tagged_path(ctx)}?mode=ro", uri=True)
    ctx.on_close(conn.close)
    return lambda: len(conn.execute(sql).fetchall())


def _without_results(ctx: BenchContext) -> Any:
    line = f"{link_values(RESULT)} AS {RESULT.name}_slugs,"
    assert line in EVENT_SELECT
    return _reader(ctx, EVENT_SELECT.replace(line, "") + PAGE)


@benchmark("tagfacet.select", figure="500 events with their tags (vs without)", size=SIZE,
           baseline=_without_results)
def select(ctx: BenchContext) -> Any:
    return _reader(ctx, EVENT_SELECT + PAGE)


def _ask(ctx: BenchContext, question: str) -> Any:
    from brs_coord.config import Settings
    from brs_coord.services import build_services

    services = build_services(Settings(db_path=_tagged_path(ctx), staff_name="bench"), ctx.clock)
    ctx.on_close(services.close)
    services.query.ask(question)
    return lambda: services.query.ask(question)


@benchmark("tagfacet.question", figure="ask: a code and a kind (vs audience and kind)", size=SIZE,
           target="p50 ≤ 1 ms", baseline=lambda ctx: _ask(ctx, "webinars for customs officers"))
def question(ctx: BenchContext) -> Any:
    return _ask(ctx, "BC-2-v webinars")


def _links(ctx: BenchContext, facets: tuple[Any, ...]) -> Any:
    """Each facet's values of every event, one list per event (what feed_cache.event_links reads,
    without its chunks of ids)."""
    from brs_coord.store.event_sql import link_source

    conn = sqlite3.connect(f"file:{_tagged_path(ctx)}?mode=ro", uri=True)
    ctx.on_close(conn.close)
    statements = [
        f"SELECT l.event_id, group_concat({value}, ' ') FROM {source} GROUP BY l.event_id"
        for source, value in map(link_source, facets)
    ]
    return lambda: sum(len(conn.execute(sql).fetchall()) for sql in statements)


@benchmark("tagfacet.links", figure="feed links of every event (vs without tags)", size=SIZE,
           baseline=lambda ctx: _links(ctx, tuple(f for f in LINK_FACETS if f is not RESULT)))
def links(ctx: BenchContext) -> Any:
    return _links(ctx, LINK_FACETS)
