"""Questions in Arabic, Chinese and Russian at 100k events (issue 15), the Russian stemmer's load
on its own, and the cost of migration m011_search_forms (search forms written for every event and
the full-text index rebuilt) at 100k.

- ``query.lang.<lang>.100k``: ``services.query.ask`` over that language's questions of
  ``bench.questions.MORE_LANGUAGES`` (vocabulary-only and full-text), one per call; baseline: the
  bare SQL of the filters understood. Chinese needs no segmenter to load: its characters are
  words (word_forms), so there is no load to exclude.
- ``query.lang.stemmer-load``: a new interpreter importing the Snowball Russian stemmer and
  stemming one word (what the first Cyrillic word of a process costs; other languages never pay).
- ``store.search-forms.100k``: on a copy of the 100k database, what m011 does: every event's
  search forms computed and written, then ``events_fts`` rebuilt.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.harness import BenchContext, Reading, benchmark
from bench.questions import MORE_LANGUAGES

LIMIT = 5
TARGET = "p50 ≤ 2 ms, p99 ≤ 20 ms"


def _mix(lang: str) -> list[tuple[str, str]]:
    return [(q.text, q.language) for q in MORE_LANGUAGES if q.language == lang]


def _ask(ctx: BenchContext, lang: str) -> Callable[[], object]:
    services = ctx.services("100k")
    services.query.ask("warm up: webinars next month")
    for text, language in _mix(lang):  # the stemmer and the vocabulary loaded before timing
        services.query.ask(text, tz="UTC", lang=language, limit=LIMIT)
    following = itertools.cycle(_mix(lang))

    def run() -> object:
        text, language = next(following)
        return services.query.ask(text, tz="UTC", lang=language, limit=LIMIT)

    return run


def _bare(ctx: BenchContext, lang: str) -> Callable[[], object]:
    services = ctx.services("100k")
    queries = [services.query.parse(text, tz="UTC", lang=language).to_query(limit=LIMIT)
               for text, language in _mix(lang)]  # fmt: skip
    following = itertools.cycle(queries)

    def run() -> object:
        query = next(following)
        return services.find(query), services.count(query)

    return run


def _register(lang: str, name: str) -> None:
    benchmark(
        f"query.lang.{lang}.100k", figure=f"ask: {name} questions (vs bare SQL)", size="100k",
        target=TARGET, baseline=lambda ctx: _bare(ctx, lang), repeat=120, max_seconds=15.0,
    )(lambda ctx: _ask(ctx, lang))


for _lang, _name in (("ar", "Arabic"), ("zh", "Chinese"), ("ru", "Russian")):
    _register(_lang, _name)


_STEMMER = (
    "import time; t = time.perf_counter();"
    "from brs_coord.word_forms import word_form; word_form('отходам');"
    "print(time.perf_counter() - t)"
)


@benchmark("query.lang.stemmer-load", figure="Russian stemmer: import and first word, new process",
           size="—", target="(reported on its own)")
def stemmer_load(ctx: BenchContext) -> Reading:
    samples = [
        float(subprocess.run([sys.executable, "-c", _STEMMER], check=True, capture_output=True,
                             text=True).stdout)  # fmt: skip
        for _ in range(3 if ctx.quick else 7)
    ]
    return Reading.of(*samples, unit="s", note="word_forms, snowballstemmer's Russian module, one stem")


@benchmark("store.search-forms.100k", figure="m011 at 100k: search forms written, FTS rebuilt",
           size="100k", target="(one-off migration)")
def search_forms_migration(ctx: BenchContext) -> Reading:
    import sqlite3

    from brs_coord.word_forms import search_forms

    path = ctx.copy_database("100k")

    conn = sqlite3.connect(path)
    try:
        conn.execute("DROP TRIGGER events_fts_au")  # as in m011, which writes before the index exists
        started = time.perf_counter()
        rows: list[Any] = conn.execute("SELECT id, title, description FROM events").fetchall()
        forms = [(text, event_id) for event_id, title, description in rows
                 if (text := search_forms(title, description))]  # fmt: skip
        conn.executemany("UPDATE events SET search_forms = ? WHERE id = ?", forms)
        written = time.perf_counter() - started
        conn.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
        conn.commit()
        total = time.perf_counter() - started
    finally:
        conn.close()
    return Reading.of(total, unit="s", note=(
        f"{len(forms)} of {len(rows)} events with non-Latin text; forms written in {written:.1f} s,"
        f" then the index rebuilt"
    ))
