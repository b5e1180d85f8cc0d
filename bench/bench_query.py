"""Question -> answer with the query service, at 1k, 10k and 100k events, against two baselines.

For each size and reach (vocabulary-only questions, questions reaching full-text search) of the
fixed mix in ``bench.questions``:

- ``query.<reach>.<size>``: ``services.query.ask(question)``; baseline: the bare SQL of the
  filters it understood (find one page + count), the lower bound. Ratio = ask / bare SQL.
- ``query.naive.<reach>.<size>``: the naive way, ``dateparser.search_dates(question)`` at default
  settings plus the same SQL; baseline: ``ask``. Ratio = how many times slower the naive way is.

Each call answers the next question of the mix, so the median and p99 cover the whole mix.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from bench.harness import BenchContext, benchmark
from bench.questions import Reach, questions

SIZES = ("1k", "10k", "100k")
REACHES: tuple[Reach, ...] = ("vocabulary", "free-text")
LIMIT = 5
TARGETS = {
    ("vocabulary", "100k"): "p50 ≤ 1 ms, p99 ≤ 20 ms",
    ("free-text", "100k"): "p50 < 25 ms, p99 < 100 ms",
}


def _services(ctx: BenchContext, size: str) -> Any:
    services = ctx.services(size)
    services.query.ask("warm up: webinars next month")  # builds the vocabulary once
    return services


def _cycle(items: list[Any]) -> Callable[[], Any]:
    iterator = itertools.cycle(items)
    return lambda: next(iterator)


def ask_mix(ctx: BenchContext, size: str, reach: Reach) -> Callable[[], object]:
    """The query service answering the mix, one question per call."""
    services = _services(ctx, size)
    mix = [(q.text, q.language) for q in questions(reach=reach)]
    following = _cycle(mix)

    def run() -> object:
        text, lang = following()
        return services.query.ask(text, tz="UTC", lang=lang, limit=LIMIT)

    return run


def _understood_queries(services: Any, reach: Reach) -> list[Any]:
    return [
        services.query.parse(q.text, tz="UTC", lang=q.language).to_query(limit=LIMIT)
        for q in questions(reach=reach)
    ]


def bare_sql(ctx: BenchContext, size: str, reach: Reach) -> Callable[[], object]:
    """The lower bound: the SQL of the understood filters only (one page and the count)."""
    services = _services(ctx, size)
    following = _cycle(_understood_queries(services, reach))

    def run() -> object:
        query = following()
        return services.find(query), services.count(query)

    return run


def naive(ctx: BenchContext, size: str, reach: Reach) -> Callable[[], object]:
    """dateparser.search_dates at default settings on the question, then the same SQL."""
    import dateparser.search

    services = _services(ctx, size)
    texts = [q.text for q in questions(reach=reach)]
    following = _cycle(list(zip(texts, _understood_queries(services, reach), strict=True)))
    dateparser.search.search_dates("warm up tomorrow")

    def run() -> object:
        text, query = following()
        found = dateparser.search.search_dates(text)
        return found, services.find(query), services.count(query)

    return run


def _register(size: str, reach: Reach) -> None:
    label = "vocabulary-only" if reach == "vocabulary" else "full-text"
    target = TARGETS.get((reach, size), "")
    benchmark(
        f"query.{reach}.{size}", figure=f"ask: {label} question (vs bare SQL)", size=size,
        target=target, baseline=lambda ctx: bare_sql(ctx, size, reach), repeat=120, max_seconds=15.0,
    )(lambda ctx: ask_mix(ctx, size, reach))
    benchmark(
        f"query.naive.{reach}.{size}", figure=f"naive search_dates + SQL, {label} (vs ask)",
        size=size, target="ask >= 20x faster" if size == "100k" else "",
        baseline=lambda ctx: ask_mix(ctx, size, reach), repeat=60, max_seconds=15.0,
    )(lambda ctx: naive(ctx, size, reach))


for _size in SIZES:
    for _reach in REACHES:
        _register(_size, _reach)


NO_DATE_QUESTION = "webinars on e-waste inventories for customs officers"


def _naive_no_date(ctx: BenchContext) -> Callable[[], Any]:
    import dateparser.search

    return lambda: dateparser.search.search_dates(NO_DATE_QUESTION)


@benchmark("dates.no-date", figure="date phrase look-up, question without a date (vs search_dates)",
           size="—", target="< 1 ms", baseline=_naive_no_date, repeat=200, max_seconds=10.0)
def dates_no_date(ctx: BenchContext) -> Callable[[], Any]:
    from bench.scale import REFERENCE_NOW
    from brs_coord.clock import FixedClock
    from brs_coord.dates import find_period

    now = FixedClock(REFERENCE_NOW).now()
    return lambda: find_period(NO_DATE_QUESTION, now=now, tz="Europe/Zurich")
