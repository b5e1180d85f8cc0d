"""The facets events are filtered by: one declaration each, read by every consumer (no I/O, no imports).

A facet is a dimension of an event that questions, filters, subscriptions and feeds select on
(kind, status, programme, audience, region, country, city, convention, language). Each entry says what it is
called (singular and plural, names and labels: plurals are written, never built), where its values
come from (``source``: an enum, a catalogue table, the event languages), how events carry it
(``storage``), which value means "concerns every value" (``everywhere``), and where it is offered:
``strength`` ranks the meanings of a phrase in questions; ``subscribe``, ``feed``, ``filter``
(with ``filter_key``, the ``/feed.ics`` parameter) and ``filter_bar`` are its positions in the
/subscribe menu, among the catalogue feeds and the feed index (``feed_words``, ``feed_heading``),
among the feed filters and in the TUI's filter bar (None: not offered there). ``FACETS`` is the
reading order: how "I understood" lists what a question named.

Read by: EventQuery.with_facets (domain), the store's WHERE clause, the links read for feeds and
the subscription repository (store), Understanding, the "I understood" line, the vocabulary,
subscriptions and new-event notices, feed specs, filters, titles, the feed plan, personal feeds and
the feed index (services), the TUI's filter bar, the bot's browsing and /subscribe.

Adding a facet (organiser, outcome, series; country, city and results tags were added so) is one
entry here plus its data:

- a field named ``plural`` on ``FacetFilters`` (below; ``EventQuery`` and ``Understanding`` share it);
  ``tests/test_facets.py`` fails until it exists and every consumer answers for the new facet;
- its values: an enum in domain (``enum``), or a catalogue table and a catalogue method of the same
  name (``table``), or a list like the event languages; and on ``Event`` an attribute named
  ``plural`` (several values) or ``name`` (one);
- its storage: a column of ``events`` (a migration) or, for a LINK facet, a link table (a
  migration; ``holds``: its ids or the values themselves), written where events are written
  (store/events.py, store/bulk.py), and a field named
  ``plural`` on ``records.FeedEvent``; when feeds name a catalogue facet, a field on ``Names`` (ics);
- for questions to name it, its words (services/words.py; ``VALUE_NAMES`` when its values are not
  catalogue entries, for the command line's "I understood"); the bot names unknown facets by slug
  until its wording (bot/understood.py) has a line for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    """Where the values of a facet are listed."""

    ENUM = "enum"  # a StrEnum of the domain (EventKind, Status)
    CATALOGUE = "catalogue"  # a catalogue table (``table``), read through its repository
    LANGUAGES = "languages"  # the event languages (domain.LANGUAGES)


class Storage(StrEnum):
    """How an event row carries the facet (the store turns this into SQL)."""

    COLUMN = "column"  # a text column of ``events`` holding the slug
    REFERENCE = "reference"  # an id column of ``events`` pointing into ``table``
    LINK = "link"  # a link table (event_id, <facet>_id) into ``table``
    LIST = "list"  # a JSON list column of ``events``


class Holds(StrEnum):
    """What a LINK facet's link table holds in its ``column``: the id of a ``table`` row, or the
    facet's value itself (the store joins ``table`` for the slug only in the first case)."""

    ID = "id"  # <facet>_id INTEGER into ``table`` (audiences, regions, conventions)
    VALUE = "value"  # the value as text (event_results.code: a code of the plan)


@dataclass(frozen=True)
class Facet:
    """One facet: its names, its values, how events store it, and where it is offered."""

    name: str  # singular key: vocabulary meanings, subscriptions, feed groups ("kind")
    plural: str  # EventQuery / Understanding field ("kinds")
    label: str  # "Kind"
    plural_label: str  # "Kinds of event"
    source: Source
    storage: Storage
    column: str  # the events column (COLUMN, REFERENCE, LIST) or the link table's id column (LINK)
    table: str | None = None  # catalogue table of the values (and the catalogue's method listing them;
    # a LINK facet holding its values names only the method)
    enum: str | None = None  # the domain StrEnum of the values (ENUM)
    link: str | None = None  # link table (LINK)
    holds: Holds = Holds.ID  # what the link table's ``column`` holds (LINK)
    feed_words: str = ""  # a catalogue feed's description: "Events <feed_words> <name>."
    feed_heading: str = ""  # its section of the feed index ("By convention")
    everywhere: str | None = None  # the value that means "concerns every value" ("global" region)
    strength: int = 0  # a phrase naming several facets is read as the strongest (lowest)
    subscribe: int | None = None
    feed: int | None = None
    filter_key: str | None = None  # the /feed.ics parameter
    filter: int | None = None
    filter_bar: int | None = None

    def covers(self, values: tuple[str, ...], wanted: str) -> bool:
        """True when an event carrying ``values`` concerns ``wanted`` (``everywhere`` covers all)."""
        return wanted in values or (self.everywhere is not None and self.everywhere in values)


KIND = Facet(
    "kind", "kinds", "Kind", "Kinds of event",
    Source.ENUM, Storage.COLUMN, "kind", enum="EventKind",
    feed_heading="By kind of event",
    strength=0, subscribe=4, feed=1, filter_key="kind", filter=0, filter_bar=0,
)
STATUS = Facet(
    "status", "statuses", "Status", "Statuses",
    Source.ENUM, Storage.COLUMN, "status", enum="Status",
    strength=1, filter_bar=5,
)
PROGRAMME = Facet(
    "programme", "programmes", "Programme", "Programmes",
    Source.CATALOGUE, Storage.REFERENCE, "programme_id", table="programmes",
    feed_words="of the programme", feed_heading="By programme",
    strength=6, subscribe=1, feed=4, filter_key="programme", filter=4, filter_bar=2,
)
AUDIENCE = Facet(
    "audience", "audiences", "Audience", "Audiences",
    Source.CATALOGUE, Storage.LINK, "audience_id", table="audiences", link="event_audiences",
    feed_words="for", feed_heading="By audience",
    strength=7, subscribe=0, feed=2, filter_key="audience", filter=2, filter_bar=3,
)
REGION = Facet(
    "region", "regions", "Region", "Regions",
    Source.CATALOGUE, Storage.LINK, "region_id", table="regions", link="event_regions",
    everywhere="global", feed_words="in or for", feed_heading="By region",
    strength=5, subscribe=3, feed=3, filter_key="region", filter=3, filter_bar=4,
)
CONVENTION = Facet(
    "convention", "conventions", "Convention", "Conventions",
    Source.CATALOGUE, Storage.LINK, "convention_id", table="conventions", link="event_conventions",
    feed_words="under the", feed_heading="By convention",
    strength=4, subscribe=2, feed=0, filter_key="convention", filter=1, filter_bar=1,
)
COUNTRY = Facet(
    "country", "countries", "Country", "Countries",
    Source.CATALOGUE, Storage.COLUMN, "country", table="countries",
    strength=8, filter_key="country", filter=6, filter_bar=6,
)
# The city where an event is held: a facet of its own ("à Genève" = the events held in Geneva),
# each catalogue city belonging to one country (an event's city is in its country).
CITY = Facet(
    "city", "cities", "City", "Cities",
    Source.CATALOGUE, Storage.COLUMN, "city", table="cities",
    strength=9, filter_key="city", filter=7,
)
LANGUAGE = Facet(
    "language", "languages", "Language", "Languages",
    Source.LANGUAGES, Storage.LIST, "languages",
    strength=2, filter_key="lang", filter=5,
)
# The outputs and indicators of the technical-assistance plan an event serves (its results tags):
# a code of the plan ("BC-2-v", "BC-1-out-iii") held as text by event_results; a question names
# one by its code, or by an item's whole text (the weakest meaning: "training" stays a kind).
RESULT = Facet(
    "result", "results", "Results tag", "Results tags",
    Source.CATALOGUE, Storage.LINK, "code", table="results", link="event_results", holds=Holds.VALUE,
    feed_words="serving", feed_heading="By output or indicator of the plan",
    strength=10, feed=5, filter_key="result", filter=8,
)

# Reading order: how "I understood" lists what a question named.
FACETS: tuple[Facet, ...] = (
    KIND, STATUS, PROGRAMME, AUDIENCE, REGION, COUNTRY, CITY, CONVENTION, LANGUAGE, RESULT,
)
BY_NAME: dict[str, Facet] = {facet.name: facet for facet in FACETS}
BY_PLURAL: dict[str, Facet] = {facet.plural: facet for facet in FACETS}
FIELDS: tuple[str, ...] = tuple(facet.plural for facet in FACETS)


@dataclass(frozen=True)
class FacetFilters:
    """The slugs selected on each facet (empty = any), a field per facet named ``plural``: the
    facet fields of ``EventQuery`` (domain) and ``Understanding`` (services), written once."""

    kinds: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    conventions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    results: tuple[str, ...] = ()


def offered(where: str) -> tuple[Facet, ...]:
    """The facets with a position ``where`` ("subscribe", "feed", "filter", "filter_bar",
    "strength"), in that order."""
    placed = [facet for facet in FACETS if getattr(facet, where) is not None]
    return tuple(sorted(placed, key=lambda facet: getattr(facet, where)))


LINK_FACETS: tuple[Facet, ...] = tuple(facet for facet in FACETS if facet.storage is Storage.LINK)
CATALOGUE_FACETS: tuple[Facet, ...] = tuple(facet for facet in FACETS if facet.source is Source.CATALOGUE)
SUBSCRIBABLE: tuple[Facet, ...] = offered("subscribe")
FEEDS: tuple[Facet, ...] = offered("feed")
FILTERS: tuple[Facet, ...] = offered("filter")
FILTER_BAR: tuple[Facet, ...] = offered("filter_bar")
