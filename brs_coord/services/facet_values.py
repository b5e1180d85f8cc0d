"""The values of a facet (facets.py) and the values an event carries, with their labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, Protocol

from .. import domain
from ..domain import Convention, Event
from ..facets import Facet, Source
from ..languages import DEFAULT
from .words import CONVENTION_NAMES


class _Entry(Protocol):
    slug: str
    name: str


def enum_labels(facet: Facet) -> list[tuple[str, str, str]]:
    """(slug, label, plural label) of every value of an enum facet, in the enum's order (an enum
    without labels is labelled by its slugs)."""
    enum: type[StrEnum] = getattr(domain, facet.enum or "")
    labelled = [(member.value, str(getattr(member, "label", member.value))) for member in enum]
    return [
        (slug, label, str(getattr(enum(slug), "plural_label", label))) for slug, label in labelled
    ]


def enum_values(facet: Facet) -> list[tuple[str, str]]:
    """(slug, label) of every value of an enum facet, in the enum's order."""
    return [(slug, label) for slug, label, _ in enum_labels(facet)]


def catalogue_entries(facet: Facet, catalogue: Any) -> Sequence[_Entry]:
    """The catalogue entries of a catalogue facet (``catalogue.<table>()``)."""
    lister: Callable[[], Sequence[_Entry]] = getattr(catalogue, facet.table or "")
    return lister()


def value_labels(facet: Facet, catalogue: Any, lang: str = DEFAULT) -> list[tuple[str, str]]:
    """(slug, label) of every value of a facet: enum order, catalogue order, or language code order;
    a catalogue entry named in ``lang`` when it has a name in it (else its English name)."""
    if facet.source is Source.ENUM:
        return enum_values(facet)
    if facet.source is Source.LANGUAGES:
        return list(domain.LANGUAGES.items())
    return [(entry.slug, entry_name(entry, lang)) for entry in catalogue_entries(facet, catalogue)]


def entry_name(entry: Any, lang: str = DEFAULT) -> str:
    """A catalogue entry's name in ``lang`` (conventions' from words.CONVENTION_NAMES), else English."""
    if lang == DEFAULT:
        return str(entry.name)
    names: dict[str, str] = getattr(entry, "names", {})
    if isinstance(entry, Convention):
        names = {**names, **CONVENTION_NAMES.get(entry.slug, {})}
    return names.get(lang) or str(entry.name)


def event_values(event: Event, facet: Facet) -> tuple[str, ...]:
    """The slugs of a facet an event carries (one for kind, status, programme; several for links)."""
    many = getattr(event, facet.plural, None)
    if many is not None:
        return tuple(many)
    one = getattr(event, facet.name)
    return (str(one),) if one else ()
