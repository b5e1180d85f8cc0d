"""Subscriptions: what a participant wants to hear about when staff announce a new event."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from ..domain import Event
from ..errors import InvalidInput
from ..facets import BY_NAME, SUBSCRIBABLE, Source
from ..records import Subscription
from ..repositories import Subscriptions
from ..store import Store
from ..store.subscriptions import FACETS
from .facet_values import enum_values, event_values, value_labels

__all__ = ["FACETS", "Choice", "Subscription", "SubscriptionService", "matches", "reached_values"]


@dataclass(frozen=True)
class Choice:
    """One toggle of the /subscribe keyboard."""

    facet: str
    value: str
    label: str
    chosen: bool


def event_facets(event: Event) -> dict[str, tuple[str, ...]]:
    """The values of every subscribable facet an event carries."""
    return {facet.name: event_values(event, facet) for facet in SUBSCRIBABLE}


def reached_values(event: Event, catalogue: Any) -> dict[str, tuple[str, ...]]:
    """The facet values whose subscribers hear of a new event: a value meaning "every value" (a
    Global event) reaches every value of its facet."""
    values = event_facets(event)
    for facet in SUBSCRIBABLE:
        if facet.everywhere is not None and facet.everywhere in values[facet.name]:
            values[facet.name] = tuple(slug for slug, _ in value_labels(facet, catalogue))
    return values


def matches(subscription: Subscription, event: Event) -> bool:
    """True when the subscription selects the event (a Global event concerns every region)."""
    facet = BY_NAME[subscription.facet]
    return facet.covers(event_values(event, facet), subscription.value)


class SubscriptionService:
    """Subscribe, unsubscribe, list and "stop these"; synchronous (call off the event loop)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._repo: Subscriptions = store.subscriptions

    def list(self, participant_id: int) -> list[Subscription]:
        return self._repo.for_participant(participant_id)

    def _check(self, facet: str, value: str) -> None:
        if facet not in FACETS:
            raise InvalidInput(f"Unknown subscription facet {facet!r}", field="facet")
        if BY_NAME[facet].source is Source.ENUM:
            known = value in {slug for slug, _ in enum_values(BY_NAME[facet])}
        else:
            known = self._repo.known_value(facet, value)
        if not known:
            raise InvalidInput(f"Unknown {facet} {value!r}", field=facet)

    def subscribe(self, participant_id: int, facet: str, value: str) -> bool:
        self._check(facet, value)
        return self._repo.add(participant_id, facet, value)

    def unsubscribe(self, participant_id: int, facet: str, value: str) -> bool:
        return self._repo.remove(participant_id, facet, value)

    def toggle(self, participant_id: int, facet: str, value: str) -> bool:
        """Switch one subscription; returns True when it is now on."""
        if self._repo.remove(participant_id, facet, value):
            return False
        self.subscribe(participant_id, facet, value)
        return True

    def matching(self, participant_id: int, event_id: int) -> builtins.list[Subscription]:
        """The participant's subscriptions that select this event (why a new-event notice was sent)."""
        event = self._store.events.get(event_id)
        return [s for s in self.list(participant_id) if matches(s, event)]

    def stop_matching(self, participant_id: int, event_id: int) -> builtins.list[Subscription]:
        """"Stop these": remove the participant's subscriptions that selected this event."""
        stopped = self.matching(participant_id, event_id)
        for sub in stopped:
            self._repo.remove(participant_id, sub.facet, sub.value)
        return stopped

    def choices(self, participant_id: int, facet: str) -> builtins.list[Choice]:
        """The values of one facet with their labels (English catalogue names) and current state."""
        chosen = {s.value for s in self.list(participant_id) if s.facet == facet}
        if facet not in FACETS:
            raise InvalidInput(f"Unknown subscription facet {facet!r}", field="facet")
        pairs = value_labels(BY_NAME[facet], self._store.catalogue)
        return [Choice(facet, value, label, value in chosen) for value, label in pairs]
