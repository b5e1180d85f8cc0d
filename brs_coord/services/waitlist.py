"""Waiting-list promotion: a freed place is offered to the first in line, for a limited time, then the next.

Hooks: ``on_seat_freed`` runs in the transaction of ``RegistrationService.unregister`` (a seat or an
offer given up); ``on_change`` runs in a scheduling transaction (capacity raised). ``expire_offers`` is
called by the sender's loop: an offer not confirmed in time is cancelled and the place goes to the next.
"""

from __future__ import annotations

from datetime import timedelta

from ..domain import EventChange
from ..errors import NotAllowed
from ..payloads import EventSnapshot, NewNotice, OfferPayload
from ..records import NoticeKind, Registration, RegistrationStatus, iso_utc
from ..repositories import Registrations, Waitlist
from ..rules import free_seats, registration_closed
from ..store import Store
from .notices import NoticeService


class WaitlistService:
    """Offers, confirmations and expiry of waiting-list places; synchronous."""

    def __init__(self, store: Store, notices: NoticeService, *, offer_hours: float = 12.0) -> None:
        self._store = store
        self._notices = notices
        self._registrations: Registrations = store.registrations
        self._waitlist: Waitlist = store.waitlist
        self.offer_for = timedelta(hours=offer_hours)

    def on_seat_freed(self, store: Store, event_id: int) -> None:
        """Registrations listener: offer the freed place."""
        self.offer_free_seats(event_id)

    def on_change(self, store: Store, change: EventChange) -> None:
        """Scheduling listener: a raised capacity frees places."""
        if change.after is not None and "capacity" in change.changes:
            self.offer_free_seats(change.after.id)

    def offer_free_seats(self, event_id: int) -> list[int]:
        """Offer every free place to the next in line; returns the participants offered one."""
        now = self._store.clock.now()
        offered: list[int] = []
        with self._store.transaction():
            event = self._store.events.get(event_id)
            if event.capacity is None or registration_closed(event, now=now):
                return offered
            free = free_seats(event.capacity, self._registrations.seats_taken(event_id)) or 0
            until = now + self.offer_for
            for row in self._registrations.waitlisted(event_id)[:free]:
                self._registrations.set_status(
                    event_id, row.participant_id, RegistrationStatus.OFFERED, offered_until=until
                )
                self._notices.add(NewNotice(
                    participant_id=row.participant_id, event_id=event_id, kind=NoticeKind.OFFER,
                    payload=OfferPayload(EventSnapshot.of(event, with_link=False), offered_until=until),
                    dedupe_key=f"offer:{event_id}:{row.participant_id}:{iso_utc(until)}", due_at=now,
                    urgent=True,
                ))
                offered.append(row.participant_id)
        return offered

    def confirm(self, participant_id: int, event_id: int) -> Registration:
        """Take the offered place (before it runs out)."""
        now = self._store.clock.now()
        with self._store.transaction():
            row = self._registrations.get(event_id, participant_id)
            if row is not None and row.status is RegistrationStatus.REGISTERED:
                return row
            if row is None or row.status is not RegistrationStatus.OFFERED:
                raise NotAllowed("There is no place offered to you for this event")
            if row.offered_until is not None and row.offered_until <= now:
                self._expire(event_id, participant_id)
                raise NotAllowed("The offer has run out; the place went to the next in line")
            confirmed = self._registrations.set_status(
                event_id, participant_id, RegistrationStatus.REGISTERED
            )
        assert confirmed is not None
        return confirmed

    def decline(self, participant_id: int, event_id: int) -> bool:
        """Give the offered place to the next in line; False when nothing was offered."""
        with self._store.transaction():
            row = self._registrations.get(event_id, participant_id)
            if row is None or row.status is not RegistrationStatus.OFFERED:
                return False
            self._expire(event_id, participant_id)
        return True

    def expire_offers(self) -> int:
        """Cancel the offers whose time ran out and offer those places to the next; returns how many."""
        expired = self._waitlist.expired_offers(self._store.clock.now())
        for event_id, participant_id in expired:
            with self._store.transaction():
                self._expire(event_id, participant_id)
        return len(expired)

    def _expire(self, event_id: int, participant_id: int) -> None:
        self._registrations.set_status(event_id, participant_id, RegistrationStatus.CANCELLED)
        self.offer_free_seats(event_id)
