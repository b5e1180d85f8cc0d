"""The facet registry (brs_coord/facets.py): every facet is known to every consumer, so a new entry
cannot be half-wired (a field missing on a query, a WHERE clause, a subscription, a feed)."""

from __future__ import annotations

import dataclasses

import pytest

from brs_coord.domain import EventQuery, TimeScope
from brs_coord.facets import (
    BY_NAME,
    BY_PLURAL,
    CATALOGUE_FACETS,
    FACETS,
    FEEDS,
    FIELDS,
    FILTER_BAR,
    FILTERS,
    SUBSCRIBABLE,
    Facet,
    Source,
    offered,
)
from brs_coord.ics import Names
from brs_coord.languages import CODES, DEFAULT, INTERFACE_LANGUAGES
from brs_coord.services import Services, feed_plan
from brs_coord.services.describe import WordsDialect
from brs_coord.services.facet_values import event_values, value_labels
from brs_coord.services.feed_specs import catalogue_specs, filter_facets, filtered_title
from brs_coord.services.query import Understanding
from brs_coord.services.subscriptions import FACETS as SUBSCRIPTION_FACETS
from brs_coord.services.subscriptions import event_facets
from brs_coord.services.vocabulary import PAST_STRENGTH

ALL = pytest.mark.parametrize("facet", FACETS, ids=[facet.name for facet in FACETS])


def test_names_are_unique_and_written_out() -> None:
    assert len(BY_NAME) == len(BY_PLURAL) == len(FACETS)
    for facet in FACETS:
        assert facet.plural != facet.name and facet.plural_label and facet.label
    for where in ("subscribe", "feed", "filter", "filter_bar", "strength"):
        positions = [getattr(facet, where) for facet in offered(where)]
        assert len(set(positions)) == len(positions), where
    assert PAST_STRENGTH not in {facet.strength for facet in FACETS}
    assert all(facet.filter_key for facet in FILTERS)


def test_interface_languages() -> None:
    assert CODES == tuple(INTERFACE_LANGUAGES) == ("en", "fr", "es", "ar", "zh", "ru") and DEFAULT in CODES


@ALL
def test_queries_and_understandings_have_the_facet(facet: Facet) -> None:
    assert facet.plural in {f.name for f in dataclasses.fields(EventQuery)}
    assert facet.plural in {f.name for f in dataclasses.fields(Understanding)}
    understood = Understanding(**{facet.plural: ("x",)})
    assert getattr(understood.to_query(), facet.plural) == ("x",)
    assert understood.to_json()[facet.plural] == ["x"]
    assert getattr(EventQuery().with_facets({facet.plural: ("x",)}), facet.plural) == ("x",)
    assert set(FIELDS) <= set(EventQuery().with_facets({}).__dataclass_fields__)


@ALL
def test_the_where_clause_selects_on_the_facet(facet: Facet, demo_services: Services) -> None:
    every = EventQuery(scope=TimeScope.ALL, limit=None)
    carried = [(event, event_values(event, facet)) for event in demo_services.find(every)]
    value = next(values[0] for _, values in carried if values)
    found = demo_services.find(every.with_facets({facet.plural: (value,)}))
    expected = [event.id for event, values in carried if value in values]
    assert expected and [event.id for event in found] == expected


@ALL
def test_values_and_their_names(facet: Facet, demo_services: Services) -> None:
    labels = value_labels(facet, demo_services.catalogue)
    assert labels and all(slug and label for slug, label in labels)
    dialect = WordsDialect(demo_services.query.vocabulary(), "fr")
    assert dialect.value(facet, labels[0][0])


@pytest.mark.parametrize("facet", SUBSCRIBABLE, ids=[facet.name for facet in SUBSCRIBABLE])
def test_subscriptions_know_the_facet(facet: Facet, demo_services: Services) -> None:
    assert facet.name in SUBSCRIPTION_FACETS
    event = demo_services.upcoming(limit=1)[0]
    assert facet.name in event_facets(event)
    participant = demo_services.participants.get_or_create(4242, chat_id=4242)
    choices = demo_services.subscriptions.choices(participant.id, facet.name)
    assert choices
    assert demo_services.subscriptions.subscribe(participant.id, facet.name, choices[0].value)


def test_feed_specs_and_filters_know_every_facet(demo_services: Services) -> None:
    names = demo_services.feeds.names()
    assert {facet.plural for facet in CATALOGUE_FACETS} <= {f.name for f in dataclasses.fields(Names)}
    specs = catalogue_specs(names)
    for facet in FEEDS:
        values = [spec.slug for spec in specs if spec.group == facet.name and spec.facet == facet.plural]
        assert values and set(values) == {slug for slug, _ in value_labels(facet, demo_services.catalogue)}
    assert {facet for facet, _ in feed_plan._COLUMN_FEEDS} | {facet for facet, _ in feed_plan._LINK_FEEDS} \
        == set(FEEDS)
    for facet in FILTERS:
        slug, label = value_labels(facet, demo_services.catalogue)[0]
        chosen, question = filter_facets({facet.filter_key or "": slug}, names)
        assert chosen == {facet.plural: (slug,)} and question == ""
        title = filtered_title(EventQuery().with_facets(chosen), "", names)
        assert title.endswith(label)


def test_the_filter_bar_has_values_for_every_facet(demo_services: Services) -> None:
    from brs_coord.tui.reference import Reference

    reference = Reference.load(demo_services)
    for facet in FILTER_BAR:
        if facet.source is Source.CATALOGUE:
            assert reference.options(facet.plural)
        else:
            assert value_labels(facet, None)
