"""SQL for reading events: the shared SELECT and the WHERE clause built from an EventQuery."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..domain import EventQuery, TimeScope
from ..facets import FACETS, LINK_FACETS, Facet, Holds, Storage
from ..stored_forms import SEAT_STATUSES
from ..word_forms import fts_phrase
from .rows import iso_utc


def link_source(facet: Facet) -> tuple[str, str]:
    """The FROM of a LINK facet's link rows (alias ``l``) and the expression of the value each row
    links (see ``facets.Holds``): the slug of the ``table`` row its id names, or its own text."""
    if facet.holds is Holds.VALUE:
        return f"{facet.link} l", f"l.{facet.column}"
    return f"{facet.link} l JOIN {facet.table} t ON t.id = l.{facet.column}", "t.slug"


def link_values(facet: Facet, separator: str = ",") -> str:
    """A subquery: the values of a LINK facet an event ``e`` carries, joined by ``separator``."""
    source, value = link_source(facet)
    return f"(SELECT group_concat({value}, '{separator}') FROM {source} WHERE l.event_id = e.id)"


# every LINK facet's values as <facet>_slugs (audience_slugs, …, result_slugs: comma-separated)
EVENT_SELECT = """
SELECT e.*, p.slug AS programme_slug, c.slug AS organiser_slug,
  {links},
  (SELECT count(*) FROM registrations g WHERE g.event_id = e.id
    AND g.status IN ({seats})) AS registered_count,
  (SELECT s.uid FROM series s WHERE s.id = e.series_id) AS series_uid
FROM events e
LEFT JOIN programmes p ON p.id = e.programme_id
LEFT JOIN centres c ON c.id = e.organiser_centre_id
""".format(
    links=",\n  ".join(f"{link_values(facet)} AS {facet.name}_slugs" for facet in LINK_FACETS),
    seats=", ".join(f"'{status}'" for status in SEAT_STATUSES),
)

SORTABLE = {
    "starts_at": "e.starts_at",
    "title": "e.title COLLATE NOCASE",
    "kind": "e.kind",
    "status": "e.status",
    "programme": "p.slug",
    "updated_at": "e.updated_at",
}

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)  # (fts_phrase folds a word like the index)

LONG_SPAN = timedelta(days=7)
MEDIUM_SPAN = timedelta(days=62)


def _ends(comparison: str, span: timedelta) -> str:
    return f"e.ends_at {comparison} strftime('%Y-%m-%dT%H:%M:%SZ', e.starts_at, '+{span.days} days')"


# The expressions of the partial indexes of migration m008_question_page_indexes (a query uses a
# partial index only when its WHERE holds the index's terms word for word).
LONG_EVENT = _ends(">", LONG_SPAN)
MEDIUM_EVENT = f"{LONG_EVENT} AND {_ends('<=', MEDIUM_SPAN)}"
VERY_LONG_EVENT = _ends(">", MEDIUM_SPAN)
# Told, because the planner would rather scan every past start (or every future end).
MEDIUM_FROM = "events e INDEXED BY events_medium_by_start"
VERY_LONG_FROM = "events e INDEXED BY events_very_long_by_end"


@dataclass(frozen=True)
class Part:
    """One statement's share of a query: its FROM (``events e``, maybe with an index) and WHERE."""

    source: str
    where: str
    params: list[object]


@dataclass(frozen=True)
class Split:
    """A query in start order cut into disjoint parts (see ``split_where``): the long running events
    (two parts, each read whole: few rows) and the others (read in start order, one page)."""

    long: tuple[Part, ...]
    short: Part


def fts_expression(text: str, *, prefix: bool = True) -> str | None:
    """A safe FTS5 expression: every word quoted, prefix-matched (unless told not), all required;
    a word in Chinese, Arabic or Russian asked in its search form (word_forms.fts_phrase: a run of
    Han characters as the phrase of its characters, Arabic without its article, Russian stemmed)."""
    words = _FTS_TOKEN.findall(text.lower())[:16]
    if not words:
        return None
    terms = []
    for word in words:
        phrase, may_prefix = (word, True) if word.isascii() else fts_phrase(word)
        terms.append(f'"{phrase}"' + ("*" if prefix and may_prefix else ""))
    return " ".join(terms)


def title_expression(phrases: tuple[str, ...]) -> str | None:
    """An FTS5 expression: a title holding any of the phrases, each phrase's words in order; a
    phrase in Arabic, Cyrillic or Han script is matched in its search forms too (Han characters one
    by one, Russian stems: word_forms), which the index keeps beside the title and description."""
    words_of = [words for phrase in phrases if (words := _FTS_TOKEN.findall(phrase.lower()))][:16]
    if not words_of:
        return None
    latin = [" ".join(words) for words in words_of if all(word.isascii() for word in words)]
    other = [
        " ".join(word if word.isascii() else fts_phrase(word)[0] for word in words)
        for words in words_of if not all(word.isascii() for word in words)
    ]
    parts = ["title : (" + " OR ".join(f'"{phrase}"' for phrase in latin) + ")"] if latin else []
    if other:
        parts.append("{title search_forms} : (" + " OR ".join(f'"{phrase}"' for phrase in other) + ")")
    return parts[0] if len(parts) == 1 else " OR ".join(parts)


def _placeholders(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


TEXT_HITS = "temp.question_text_hits"  # per connection: TEMP writes take no lock on the database
TEXT_HITS_CREATE = f"CREATE TEMP TABLE IF NOT EXISTS {TEXT_HITS.split('.')[1]} (id INTEGER PRIMARY KEY)"
TEXT_HITS_CLEAR = f"DELETE FROM {TEXT_HITS}"
TEXT_HITS_FILL = f"INSERT INTO {TEXT_HITS} (id) SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
# Up to this many full-text hits, a question reads the hits' events (one row each, by id) rather
# than walking a start-time or facet index over every event it could hold (a kind is thousands of
# upcoming events at 100k): at ~0.3 µs an event read, a few thousand cost about a millisecond.
FEW_TEXT_HITS = 4000


@dataclass(frozen=True)
class TextHits:
    """A question's full-text matches, already in this connection's TEXT_HITS table."""

    count: int
    table: str = TEXT_HITS

    @property
    def few(self) -> bool:
        return self.count <= FEW_TEXT_HITS


def where_clause(
    query: EventQuery, now: datetime, *, text_hits: TextHits | None = None
) -> tuple[str, list[object]]:
    """The WHERE clause and parameters for a query, evaluated at ``now``.

    With ``text_hits`` (the event ids already matched, see TEXT_HITS) the full-text condition
    reads that table instead of running the match again in every statement.
    """
    clauses: list[str] = []
    params: list[object] = []
    if not query.include_drafts:
        clauses.append("e.status != 'draft'")
    for facet in FACETS:
        slugs: tuple[str, ...] = getattr(query, facet.plural)
        if slugs:
            clause = _facet_clause(facet, slugs)
            params.extend(slugs)
            titles = title_expression(query.title_phrases) if facet.plural == "programmes" else None
            if titles is not None:  # a programme named never hides a title holding its words
                clause = f"({clause} OR e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?))"
                params.append(titles)
            clauses.append(clause)
    if query.uids:
        clauses.append(f"e.uid IN ({_placeholders(query.uids)})")
        params.extend(query.uids)
    if query.organisers:
        clauses.append(
            "e.organiser_centre_id IN"
            f" (SELECT id FROM centres WHERE slug IN ({_placeholders(query.organisers)}))"
        )
        params.extend(query.organisers)
    if query.demo_only:
        clauses.append("e.is_demo = 1")
    if query.online_only:
        clauses.append("e.country IS NULL AND e.online_url IS NOT NULL")
    _time_clauses(query, now, clauses, params)
    expression = fts_expression(query.text)
    if expression:
        # With a kind or programme the planner is told not to drive from the full-text hits
        # (thousands for a common word, each looked up, then sorted): the start-time or facet
        # index drives and the hits are one list checked per row. Few hits always drive.
        many = text_hits is None or not text_hits.few
        drive = "+" if many and (query.kinds or query.programmes) else ""
        if text_hits is not None:
            clauses.append(f"{drive}e.id IN {text_hits.table}")
        else:
            clauses.append(f"{drive}e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
            params.append(expression)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _facet_clause(facet: Facet, slugs: tuple[str, ...]) -> str:
    """The condition "the event carries one of ``slugs``" for one facet (see ``Storage``)."""
    marks = _placeholders(slugs)
    if facet.storage is Storage.COLUMN:
        return f"e.{facet.column} IN ({marks})"
    if facet.storage is Storage.REFERENCE:
        if len(slugs) == 1:  # "=": the reference's index also gives start order (no sort)
            return f"e.{facet.column} = (SELECT id FROM {facet.table} WHERE slug = ?)"
        return f"e.{facet.column} IN (SELECT id FROM {facet.table} WHERE slug IN ({marks}))"
    if facet.storage is Storage.LINK:
        source, value = link_source(facet)
        return f"EXISTS (SELECT 1 FROM {source} WHERE l.event_id = e.id AND {value} IN ({marks}))"
    return f"EXISTS (SELECT 1 FROM json_each(e.{facet.column}) j WHERE j.value IN ({marks}))"


def _time_clauses(
    query: EventQuery, now: datetime, clauses: list[str], params: list[object]
) -> None:
    if query.scope is TimeScope.UPCOMING:
        clauses.append("e.ends_at > ?")
        params.append(iso_utc(now))
    elif query.scope is TimeScope.PAST:
        clauses.append("e.ends_at <= ?")
        params.append(iso_utc(now))
    if query.starts_from is not None:
        clauses.append("e.ends_at > ?")
        params.append(iso_utc(query.starts_from))
    if query.ends_before is not None:
        clauses.append("e.starts_at < ?")
        params.append(iso_utc(query.ends_before))


def split_where(
    query: EventQuery, now: datetime, *, text_hits: TextHits | None = None
) -> Split | None:
    """For "not ended before X" in start order: the events begun before X - 7 days, then the rest.

    Only events longer than LONG_SPAN can have begun before X - LONG_SPAN and still run at X. Those
    up to MEDIUM_SPAN long began after X - MEDIUM_SPAN: a partial index by start reads just those
    weeks; the few longer ones come from a partial index by end. The start-time scan of the rest
    begins near X instead of at the first event ever stored. None when the query has no such bound
    or another order. The WHERE clauses need only ``events e`` in the FROM.
    """
    bounds = [query.starts_from] if query.starts_from is not None else []
    if query.scope is TimeScope.UPCOMING:
        bounds.append(now)
    if not bounds or query.sort != "starts_at" or query.newest_first:
        return None
    where, params = where_clause(query, now, text_hits=text_hits)
    bound = max(bounds)
    floor, oldest_medium = iso_utc(bound - LONG_SPAN), iso_utc(bound - MEDIUM_SPAN)
    glue = where + (" AND " if where else " WHERE ")
    medium = Part(
        MEDIUM_FROM, glue + f"e.starts_at >= ? AND e.starts_at < ? AND {MEDIUM_EVENT}",
        [*params, oldest_medium, floor],
    )
    very_long = Part(VERY_LONG_FROM, glue + f"e.starts_at < ? AND {VERY_LONG_EVENT}", [*params, floor])
    return Split((medium, very_long), Part("events e", glue + "e.starts_at >= ?", [*params, floor]))


def order_clause(query: EventQuery) -> str:
    column = SORTABLE.get(query.sort, "e.starts_at")
    direction = "DESC" if query.newest_first else "ASC"
    return f" ORDER BY {column} {direction}, e.id {direction}"
