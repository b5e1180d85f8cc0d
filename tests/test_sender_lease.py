"""One notice sender per database: the lease (take, renew, expiry, release) and what it lets claim."""

from __future__ import annotations

from datetime import timedelta

import pytest

from brs_coord.clock import FixedClock
from brs_coord.errors import AlreadyRunning
from brs_coord.services import Services
from brs_coord.services.sender_lease import SenderLease
from tests.conftest import make_event

LEASE = 60


def test_a_second_holder_is_refused_while_the_first_renews(services: Services, clock: FixedClock) -> None:
    first = SenderLease(services.store, seconds=LEASE, holder="elsewhere:111:aa")
    second = SenderLease(services.store, seconds=LEASE, holder="elsewhere:222:bb")
    first.acquire()
    with pytest.raises(AlreadyRunning, match=r"another bot \(pid 111 on elsewhere\).*only one bot"):
        second.acquire()
    for _ in range(5):  # renewed every 20 s, for longer than one lease
        clock.advance(timedelta(seconds=first.renew_every))
        assert first.renew()
        with pytest.raises(AlreadyRunning):
            second.acquire()
    assert first.held is not None and first.since == first.held.since


def test_an_expired_lease_passes_on_and_its_old_holder_learns_it(
    services: Services, clock: FixedClock
) -> None:
    first = SenderLease(services.store, seconds=LEASE, holder="elsewhere:111:aa")
    second = SenderLease(services.store, seconds=LEASE, holder="elsewhere:222:bb")
    first.acquire()
    clock.advance(timedelta(seconds=LEASE + 1))  # first stopped renewing (frozen, or died)
    second.acquire()
    assert not first.renew() and first.held is None
    second.release()
    first.acquire()  # released: taken at once


def test_a_dead_holder_on_this_machine_is_replaced_at_once(services: Services) -> None:
    import socket

    dead = SenderLease(services.store, seconds=LEASE, holder=f"{socket.gethostname()}:999999999:aa")
    dead.acquire()
    SenderLease(services.store, seconds=LEASE).acquire()  # pid 999999999 does not exist


def _claimed_notice(services: Services) -> int:
    event = services.scheduling.create(make_event(capacity=None)).event
    p = services.participants.get_or_create(5001, chat_id=5001, first_name="P")
    services.registrations.register(p.id, event.id)
    services.notices.message_registrants(event.id, "Lease test")
    [notice] = [n for n in services.notices.claim_due(50) if n.participant_id == p.id]
    return notice.id


def test_the_holder_never_takes_again_its_own_claims_in_flight(services: Services, clock: FixedClock) -> None:
    lease = SenderLease(services.store, seconds=LEASE)
    lease.acquire()
    clock.advance(timedelta(seconds=5))
    claimed = _claimed_notice(services)  # in flight: a send behind a long 429 pause
    clock.advance(timedelta(seconds=10 * LEASE))
    assert lease.renew()
    assert claimed not in [n.id for n in services.notices.claim_due(50, held_since=lease.since)]
    # Without the lease (the old rule), a claim older than the lease length was taken again.
    assert claimed in [n.id for n in services.notices.claim_due(50)]


def test_claims_of_a_previous_holder_are_taken_again(services: Services, clock: FixedClock) -> None:
    claimed = _claimed_notice(services)  # claimed by a process that then died
    clock.advance(timedelta(seconds=LEASE + 1))
    lease = SenderLease(services.store, seconds=LEASE)
    lease.acquire()
    assert services.notices.claim_due(50, held_since=lease.since) == []  # not in the lease's first second
    clock.advance(timedelta(seconds=1))
    assert claimed in [n.id for n in services.notices.claim_due(50, held_since=lease.since)]


def test_a_claim_made_just_before_a_quick_restart_is_taken_again(
    services: Services, clock: FixedClock
) -> None:
    claimed = _claimed_notice(services)  # claimed, then the process was killed and restarted at once
    clock.advance(timedelta(milliseconds=300))  # the same second, as claims are stored
    lease = SenderLease(services.store, seconds=LEASE)
    lease.acquire()
    clock.advance(timedelta(seconds=1))
    assert claimed in [n.id for n in services.notices.claim_due(50, held_since=lease.since)]
