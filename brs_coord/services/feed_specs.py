"""Which feeds exist (one per value of each facet with feeds, see facets.FEEDS, besides all) and
which filters ``/feed.ics`` accepts (facets.FILTERS: slugs, comma-separated; unknown values refused
by name)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..domain import LANGUAGES, SLUG_RE, EventQuery
from ..errors import InvalidInput
from ..facets import FEEDS, FILTERS, Facet, Source
from ..ics import Names
from ..languages import DEFAULT
from ..results import is_result_code
from .facet_values import enum_labels, enum_values
from .feed_model import FeedSpec
from .feed_words import (
    ALL_DESCRIPTION,
    FACET_DESCRIPTIONS,
    KIND_DESCRIPTION,
    Translate,
    calendar_title,
    translator,
)

FACET_FIELDS = tuple(facet.plural for facet in FILTERS)
FILTER_KEYS = (*(facet.filter_key or "" for facet in FILTERS), "q")
MAX_QUESTION = 200
MAX_VALUES = 20


def value_names(facet: Facet, names: Names) -> Mapping[str, str]:
    """Slug -> display name of every value of a facet (catalogue names from ``names``)."""
    if facet.source is Source.ENUM:
        return dict(enum_values(facet))
    if facet.source is Source.LANGUAGES:
        return {code: names.languages.get(code, name) for code, name in LANGUAGES.items()}
    found: Mapping[str, str] = getattr(names, facet.plural)
    return found


def catalogue_specs(names: Names, lang: str = DEFAULT) -> list[FeedSpec]:
    """Every published feed, in index order: all, then per value of each facet of facets.FEEDS
    (enum order for kinds, catalogue order by name for the others); titles and descriptions in
    ``lang`` (``names`` in it as well), the feed names (files) the same in every language."""
    t = translator(lang)
    specs = [FeedSpec(
        "all", "all", calendar_title(lang, t("All events")), t(ALL_DESCRIPTION),
    )]
    for facet in FEEDS:
        if facet.source is Source.ENUM:
            specs.extend(
                FeedSpec(f"{facet.name}-{slug}", facet.name, calendar_title(lang, t(plural)),
                         t(KIND_DESCRIPTION).format(kind=label.lower() if lang == DEFAULT else t(label)),
                         facet.plural, slug)
                for slug, label, plural in enum_labels(facet)
            )
            continue
        entries = value_names(facet, names).items()
        description = t(FACET_DESCRIPTIONS[facet.name])
        for slug, name in sorted(entries, key=lambda item: (item[1].casefold(), item[0])):
            specs.append(FeedSpec(  # feed names in lower case ("result-bc-2-v": a code of the plan)
                f"{facet.name}-{slug.lower()}", facet.name, calendar_title(lang, name),
                description.format(name=name), facet.plural, slug,
            ))
    return specs


def filter_facets(params: Mapping[str, str], names: Names) -> tuple[dict[str, tuple[str, ...]], str]:
    """The facets (EventQuery field -> slugs) and question of ``/feed.ics`` parameters;
    InvalidInput names the first unknown parameter or value."""
    known = {facet.filter_key: facet for facet in FILTERS}
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
        facet = known[key]
        values = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
        if len(values) > MAX_VALUES:
            raise InvalidInput(f"Too many values for {key} (at most {MAX_VALUES})", field=key)
        allowed_set = set(value_names(facet, names))
        slugs = facet.source is not Source.LANGUAGES
        chosen = tuple(dict.fromkeys(_known_value(value, allowed_set) for value in values))
        for value in chosen:
            written = SLUG_RE.match(value) or _CODE.match(value) or is_result_code(value)
            if value not in allowed_set or (slugs and not written):
                raise InvalidInput(f"Unknown {key} {value!r}", field=key)
        if chosen:
            facets[facet.plural] = chosen
    return facets, question


_CODE = re.compile(r"^[A-Z]{2}$")  # values that are codes (countries: ISO 3166 alpha-2)


def _known_value(value: str, allowed: set[str]) -> str:
    """The value as the facet writes it: codes in capitals whatever the case typed (``country=ke``)."""
    return value.upper() if value not in allowed and value.upper() in allowed else value


def filtered_title(
    query: EventQuery, question: str, names: Names, *, not_understood: tuple[str, ...] = (),
    nothing: bool = False, lang: str = DEFAULT,
) -> str:
    """The title of a filtered feed: the names of its facet values, then the question, then what
    of it was not understood (or that nothing matches it: an empty feed), in ``lang``."""
    t = translator(lang)
    title = _title(query, question, names, lang)
    if nothing:
        note = t("no events: nothing matches")
        return f"{title} ({note})"
    if not_understood:
        note = t("not understood: {words}").format(words=", ".join(not_understood))
        return f"{title} ({note})"
    return title


def _title(query: EventQuery, question: str, names: Names, lang: str) -> str:
    t = translator(lang)
    parts: list[str] = []
    for facet in FILTERS:
        values: tuple[str, ...] = getattr(query, facet.plural)
        if values:
            lookup = {**value_names(facet, names), **_enum_words(facet, t)}
            either = t("or")
            parts.append(f" {either} ".join(lookup.get(v, v) for v in values))
    if question.strip():
        parts.append(f"“{question.strip()}”")
    return calendar_title(lang, "; ".join(parts) if parts else t("all events"))


def _enum_words(facet: Facet, t: Translate) -> dict[str, str]:
    """An enum facet's labels in the feed's language (catalogue facets' names are in ``names``)."""
    return {slug: t(label) for slug, label in enum_values(facet)} if facet.source is Source.ENUM else {}
