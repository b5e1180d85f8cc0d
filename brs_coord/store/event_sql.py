"""SQL for reading events: the shared SELECT and the WHERE clause built from an EventQuery."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from ..domain import EventQuery, TimeScope
from .rows import iso_utc

EVENT_SELECT = """
SELECT e.*, p.slug AS programme_slug, c.slug AS organiser_slug,
  (SELECT group_concat(a.slug) FROM event_audiences ea JOIN audiences a ON a.id = ea.audience_id
    WHERE ea.event_id = e.id) AS audience_slugs,
  (SELECT group_concat(r.slug) FROM event_regions er JOIN regions r ON r.id = er.region_id
    WHERE er.event_id = e.id) AS region_slugs,
  (SELECT group_concat(v.slug) FROM event_conventions ec JOIN conventions v ON v.id = ec.convention_id
    WHERE ec.event_id = e.id) AS convention_slugs,
  (SELECT count(*) FROM registrations g WHERE g.event_id = e.id
    AND g.status IN ('registered', 'offered', 'attended', 'no-show')) AS registered_count
FROM events e
LEFT JOIN programmes p ON p.id = e.programme_id
LEFT JOIN centres c ON c.id = e.organiser_centre_id
"""

SORTABLE = {
    "starts_at": "e.starts_at",
    "title": "e.title COLLATE NOCASE",
    "kind": "e.kind",
    "status": "e.status",
    "programme": "p.slug",
    "updated_at": "e.updated_at",
}

_LINKS = {
    "audiences": ("event_audiences", "audience_id", "audiences"),
    "regions": ("event_regions", "region_id", "regions"),
    "conventions": ("event_conventions", "convention_id", "conventions"),
}

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)

LONG_SPAN = timedelta(days=7)
# Same expression as the partial index events_long_by_end (migration m004_query_indexes).
LONG_EVENT = "e.ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', e.starts_at, '+7 days')"
LONG_FROM = "events e INDEXED BY events_long_by_end"  # the planner would rather scan all past starts


def fts_expression(text: str, *, prefix: bool = True) -> str | None:
    """A safe FTS5 expression: every word quoted, prefix-matched (unless told not), all required."""
    words = _FTS_TOKEN.findall(text.lower())[:16]
    if not words:
        return None
    star = "*" if prefix else ""
    return " ".join(f'"{word}"{star}' for word in words)


def _placeholders(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


TEXT_HITS = "temp.question_text_hits"  # per connection: TEMP writes take no lock on the database
TEXT_HITS_CREATE = f"CREATE TEMP TABLE IF NOT EXISTS {TEXT_HITS.split('.')[1]} (id INTEGER PRIMARY KEY)"
TEXT_HITS_CLEAR = f"DELETE FROM {TEXT_HITS}"
TEXT_HITS_FILL = f"INSERT INTO {TEXT_HITS} (id) SELECT rowid FROM events_fts WHERE events_fts MATCH ?"


def where_clause(
    query: EventQuery, now: datetime, *, text_hits: str | None = None
) -> tuple[str, list[object]]:
    """The WHERE clause and parameters for a query, evaluated at ``now``.

    With ``text_hits`` (a table of event ids already matched, see TEXT_HITS) the full-text
    condition reads that table instead of running the match again in every statement.
    """
    clauses: list[str] = []
    params: list[object] = []
    if not query.include_drafts:
        clauses.append("e.status != 'draft'")
    if query.statuses:
        clauses.append(f"e.status IN ({_placeholders(query.statuses)})")
        params.extend(query.statuses)
    if query.kinds:
        clauses.append(f"e.kind IN ({_placeholders(query.kinds)})")
        params.extend(query.kinds)
    if len(query.programmes) == 1:  # "=": the programme index also gives start order (no sort)
        clauses.append("e.programme_id = (SELECT id FROM programmes WHERE slug = ?)")
        params.extend(query.programmes)
    elif query.programmes:
        clauses.append(
            f"e.programme_id IN (SELECT id FROM programmes WHERE slug IN ({_placeholders(query.programmes)}))"
        )
        params.extend(query.programmes)
    if query.organisers:
        clauses.append(
            "e.organiser_centre_id IN"
            f" (SELECT id FROM centres WHERE slug IN ({_placeholders(query.organisers)}))"
        )
        params.extend(query.organisers)
    for facet, (table, column, target) in _LINKS.items():
        slugs: tuple[str, ...] = getattr(query, facet)
        if slugs:
            clauses.append(
                f"EXISTS (SELECT 1 FROM {table} l JOIN {target} t ON t.id = l.{column}"
                f" WHERE l.event_id = e.id AND t.slug IN ({_placeholders(slugs)}))"
            )
            params.extend(slugs)
    if query.languages:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(e.languages) j"
            f" WHERE j.value IN ({_placeholders(query.languages)}))"
        )
        params.extend(query.languages)
    if query.demo_only:
        clauses.append("e.is_demo = 1")
    _time_clauses(query, now, clauses, params)
    expression = fts_expression(query.text)
    if expression:
        # With a kind or programme the planner is told not to drive from the full-text hits
        # (thousands for a common word, each looked up, then sorted): the start-time or facet
        # index drives and the hits are one list checked per row.
        drive = "+" if query.kinds or query.programmes else ""
        if text_hits is not None:
            clauses.append(f"{drive}e.id IN {text_hits}")
        else:
            clauses.append(f"{drive}e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
            params.append(expression)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


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
    query: EventQuery, now: datetime, *, text_hits: str | None = None
) -> tuple[tuple[str, list[object]], tuple[str, list[object]]] | None:
    """For "not ended before X" in start order: long events begun before X - 7 days, then the rest.

    Only events longer than LONG_SPAN can have begun before X - LONG_SPAN and still run at X; a
    partial index finds them, so the start-time scan of the rest begins near X instead of at the
    first event ever stored. None when the query has no such bound or another order. The WHERE
    clauses need only ``events e`` in the FROM.
    """
    bounds = [query.starts_from] if query.starts_from is not None else []
    if query.scope is TimeScope.UPCOMING:
        bounds.append(now)
    if not bounds or query.sort != "starts_at" or query.newest_first:
        return None
    where, params = where_clause(query, now, text_hits=text_hits)
    floor = iso_utc(max(bounds) - LONG_SPAN)
    glue = where + (" AND " if where else " WHERE ")
    return (
        (glue + f"e.starts_at < ? AND {LONG_EVENT}", [*params, floor]),
        (glue + "e.starts_at >= ?", [*params, floor]),
    )


def order_clause(query: EventQuery) -> str:
    column = SORTABLE.get(query.sort, "e.starts_at")
    direction = "DESC" if query.newest_first else "ASC"
    return f" ORDER BY {column} {direction}, e.id {direction}"
