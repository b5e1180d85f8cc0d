"""Which feeds exist (one per convention, kind, audience, region and programme, besides all) and
which filters ``/feed.ics`` accepts (slugs, comma-separated; unknown values refused by name)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..domain import LANGUAGES, SLUG_RE, EventKind, EventQuery
from ..errors import InvalidInput
from ..ics import Names
from .feed_model import CALENDAR_PREFIX, FeedSpec

FACET_FIELDS = ("kinds", "conventions", "audiences", "regions", "programmes", "languages")
FILTER_KEYS = ("kind", "convention", "audience", "region", "programme", "lang", "q")
MAX_QUESTION = 200
MAX_VALUES = 20


def catalogue_specs(names: Names) -> list[FeedSpec]:
    """Every published feed, in index order: all, then per convention, kind, audience, region,
    programme (catalogue order by name)."""
    specs = [FeedSpec(
        "all", "all", f"{CALENDAR_PREFIX}: All events",
        "Every public workshop, webinar, training and meeting of the Basel, Rotterdam and "
        "Stockholm conventions' technical assistance programme.",
    )]

    def add(group: str, facet: str, entries: Iterable[tuple[str, str]], what: str) -> None:
        for slug, name in sorted(entries, key=lambda item: (item[1].casefold(), item[0])):
            specs.append(FeedSpec(
                f"{group}-{slug}", group, f"{CALENDAR_PREFIX}: {name}",
                f"Events {what} {name}.", facet, slug,
            ))

    add("convention", "conventions", names.conventions.items(), "under the")
    specs.extend(
        FeedSpec(f"kind-{kind.value}", "kind", f"{CALENDAR_PREFIX}: {kind.label}s",
                 f"Every {kind.label.lower()} of the BRS technical assistance programme.",
                 "kinds", kind.value)
        for kind in EventKind
    )
    add("audience", "audiences", names.audiences.items(), "for")
    add("region", "regions", names.regions.items(), "in or for")
    add("programme", "programmes", names.programmes.items(), "of the programme")
    return specs


def filter_facets(params: Mapping[str, str], names: Names) -> tuple[dict[str, tuple[str, ...]], str]:
    """The facets (EventQuery field -> slugs) and question of ``/feed.ics`` parameters;
    InvalidInput names the first unknown parameter or value."""
    known: dict[str, tuple[str, Iterable[str]]] = {
        "kind": ("kinds", [kind.value for kind in EventKind]),
        "convention": ("conventions", names.conventions),
        "audience": ("audiences", names.audiences),
        "region": ("regions", names.regions),
        "programme": ("programmes", names.programmes),
        "lang": ("languages", LANGUAGES),
    }
    facets: dict[str, tuple[str, ...]] = {}
    question = ""
    for key, raw in params.items():
        if key == "q":
            question = raw.strip()
            if len(question) > MAX_QUESTION:
                raise InvalidInput(f"q is longer than {MAX_QUESTION} characters", field="q")
            continue
        if key not in known:
            raise InvalidInput(
                f"Unknown filter {key!r}; use {', '.join(FILTER_KEYS)}", field=key
            )
        facet, allowed = known[key]
        values = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
        if len(values) > MAX_VALUES:
            raise InvalidInput(f"Too many values for {key} (at most {MAX_VALUES})", field=key)
        allowed_set = set(allowed)
        for value in values:
            if value not in allowed_set or (key != "lang" and not SLUG_RE.match(value)):
                raise InvalidInput(f"Unknown {key} {value!r}", field=key)
        if values:
            facets[facet] = values
    return facets, question


def filtered_title(query: EventQuery, question: str, names: Names) -> str:
    """The title of a filtered feed: the names of its facet values, then the question."""
    lookups: dict[str, Mapping[str, str]] = {
        "kinds": {k.value: k.label for k in EventKind}, "conventions": names.conventions,
        "audiences": names.audiences, "regions": names.regions, "programmes": names.programmes,
        "languages": LANGUAGES,
    }
    parts: list[str] = []
    for facet in FACET_FIELDS:
        values: tuple[str, ...] = getattr(query, facet)
        if values:
            parts.append(" or ".join(lookups[facet].get(v, v) for v in values))
    if question.strip():
        parts.append(f"“{question.strip()}”")
    return f"{CALENDAR_PREFIX}: " + ("; ".join(parts) if parts else "all events")
