"""The events view's search words read by the question service: the filters they name, the
"I understood" line shown under the search box, and what an empty answer says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...domain import EventQuery

if TYPE_CHECKING:
    from ...services import Services

SEARCH_EXAMPLE = "webinars africa december"
NOT_A_QUESTION = f"Not a question about events: try words such as {SEARCH_EXAMPLE}"


@dataclass(frozen=True)
class ReadSearch:
    """The search words read: the filters (None: nothing to show, as for help or words of which
    none was read) and the "I understood" line, not understood words included."""

    query: EventQuery | None
    line: str = ""
    not_understood: tuple[str, ...] = ()


def query_from_search(text: str, services: Services, tz: str) -> ReadSearch:
    """Words such as "webinars africa december" read by the shared query service into filters
    (it reads the store: call it in a worker, never on the UI thread)."""
    if not text.strip():
        return ReadSearch(EventQuery())
    try:
        understood = services.query.parse(text, tz=tz)
    except Exception:  # noqa: BLE001 - an unreadable question is still searched as plain words
        return ReadSearch(EventQuery(text=text))
    line = services.query.describe(understood, one_line=True)
    if understood.title_phrases:
        line += " · and titles with " + ", ".join(f"“{phrase}”" for phrase in understood.title_phrases)
    if understood.help:
        line = NOT_A_QUESTION
    query = understood.to_query(limit=None) if understood.answerable else None
    return ReadSearch(query, line, understood.not_understood)


def no_events_message(read: ReadSearch | None, filtered: bool) -> str:
    """What the empty table says: why nothing is shown and what to do about it."""
    if read is not None and read.query is None and read.not_understood:
        words = ", ".join(f"“{word}”" for word in read.not_understood)
        return f"No events match — not understood: {words}. Try words such as {SEARCH_EXAMPLE}."
    if read is not None and read.query is None:
        return f"No events match — {NOT_A_QUESTION[0].lower()}{NOT_A_QUESTION[1:]}."
    if read is not None and read.not_understood:
        words = ", ".join(f"“{word}”" for word in read.not_understood)
        return f"No events match — {words} not understood; ctrl+l clears the search and filters."
    if filtered:
        return "No events match — try fewer words or filters; ctrl+l clears them all."
    return "No events yet — n creates one."
