"""Subscriptions: what a participant wants to hear about when staff announce a new event."""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from ..domain import Event, EventKind
from ..errors import InvalidInput
from ..store import Store
from ..store.subscriptions import FACETS, Subscription, SubscriptionRepository

__all__ = ["FACETS", "Choice", "Subscription", "SubscriptionService", "matches"]


@dataclass(frozen=True)
class Choice:
    """One toggle of the /subscribe keyboard."""

    facet: str
    value: str
    label: str
    chosen: bool


def event_facets(event: Event) -> dict[str, tuple[str, ...]]:
    """The facet values an event carries (a Global event concerns every region)."""
    return {
        "kind": (event.kind.value,), "audience": event.audiences, "convention": event.conventions,
        "region": event.regions, "programme": (event.programme,) if event.programme else (),
    }


def matches(subscription: Subscription, event: Event) -> bool:
    """True when the subscription selects the event."""
    values = event_facets(event)[subscription.facet]
    return subscription.value in values or (subscription.facet == "region" and "global" in values)


class SubscriptionService:
    """Subscribe, unsubscribe, list and "stop these"; synchronous (call off the event loop)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._repo = SubscriptionRepository(store.session)

    def list(self, participant_id: int) -> list[Subscription]:
        return self._repo.for_participant(participant_id)

    def _check(self, facet: str, value: str) -> None:
        if facet not in FACETS:
            raise InvalidInput(f"Unknown subscription facet {facet!r}", field="facet")
        if facet == "kind":
            known = value in {k.value for k in EventKind}
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

    def stop_matching(self, participant_id: int, event_id: int) -> builtins.list[Subscription]:
        """"Stop these": remove the participant's subscriptions that selected this event."""
        event = self._store.events.get(event_id)
        stopped = [s for s in self.list(participant_id) if matches(s, event)]
        for sub in stopped:
            self._repo.remove(participant_id, sub.facet, sub.value)
        return stopped

    def choices(self, participant_id: int, facet: str) -> builtins.list[Choice]:
        """The values of one facet with their labels (English catalogue names) and current state."""
        chosen = {s.value for s in self.list(participant_id) if s.facet == facet}
        catalogue = self._store.catalogue
        pairs: builtins.list[tuple[str, str]]
        if facet == "kind":
            pairs = [(k.value, k.label) for k in EventKind]
        elif facet == "audience":
            pairs = [(a.slug, a.name) for a in catalogue.audiences()]
        elif facet == "programme":
            pairs = [(p.slug, p.name) for p in catalogue.programmes()]
        elif facet == "convention":
            pairs = [(c.slug, c.name) for c in catalogue.conventions()]
        elif facet == "region":
            pairs = [(r.slug, r.name) for r in catalogue.regions()]
        else:
            raise InvalidInput(f"Unknown subscription facet {facet!r}", field="facet")
        return [Choice(facet, value, label, value in chosen) for value, label in pairs]
