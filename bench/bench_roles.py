"""Staff roles (issue 21): what the permission checks and the proposal rule cost a change.

Over a private copy of the 100k scale database (its staff list: the admin running the bench and a
centre editor of bcrc-senegal):

- ``roles.update``: ``scheduling.update`` of one event's description as the admin (the check reads
  the staff list once). Baseline: the same update through the store's repository (the write and
  its history without the service's check and listeners), so the ratio is the service's share.
- ``roles.propose``: a centre editor's event for a programme of the 100k database (the rule reads
  the organisers of the programme's events; the event is saved as a proposal). Baseline: the
  admin's event for the same programme (no organisers read, no proposal).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import count
from typing import Any

from bench.harness import BenchContext, benchmark
from brs_coord.domain import EventData, EventKind, Status

SIZE = "100k"
CENTRE = "bcrc-senegal"


def _services(ctx: BenchContext, login: str | None = None) -> Any:
    from brs_coord.config import Settings
    from brs_coord.identity import os_login
    from brs_coord.permissions import Role
    from brs_coord.services import build_services

    path = ctx.copy_database(SIZE)
    admin = build_services(Settings(db_path=path, staff_name="bench"), ctx.clock)
    ctx.on_close(admin.close)
    admin.staff.add("cecile", Role.CENTRE_EDITOR, centres=(CENTRE,))
    if login is None or login == os_login():
        return admin
    services = build_services(Settings(db_path=path, staff_name=""), ctx.clock, login=login)
    ctx.on_close(services.close)
    return services


def _an_event(services: Any) -> Any:
    return services.upcoming(limit=1)[0]


def _update_by_repository(ctx: BenchContext) -> Any:
    services = _services(ctx)
    event = _an_event(services)
    numbers = count()

    def run() -> None:
        current = services.store.events.get(event.id)
        data = replace(current.data(), description=f"bench {next(numbers)}")
        services.store.events.update(event.id, data, expected_version=current.version, by="bench",
                                     action="updated")

    return run


@benchmark("roles.update", figure="an event's edit through the checked service (vs the repository)",
           size=SIZE, baseline=_update_by_repository)
def update(ctx: BenchContext) -> Any:
    services = _services(ctx)
    event = _an_event(services)
    numbers = count()

    def run() -> None:
        current = services.scheduling.get(event.id)
        services.scheduling.update(event.id, replace(current.data(), description=f"bench {next(numbers)}"),
                                   expected_version=current.version)

    return run


def _creating(ctx: BenchContext, login: str | None) -> Any:
    services = _services(ctx, login)
    programme = max(services.catalogue.programmes(), key=lambda p: len(p.slug)).slug
    start = ctx.clock.now() + timedelta(days=30)

    def run() -> None:
        services.scheduling.create(EventData(
            title="Bench clinic", kind=EventKind.WEBINAR, starts_at=start, ends_at=start + timedelta(hours=1),
            timezone="UTC", programme=programme, organiser=CENTRE, status=Status.PLANNED))

    return run


@benchmark("roles.propose", figure="a centre editor's proposal (vs the admin's event)", size=SIZE,
           baseline=lambda ctx: _creating(ctx, None))
def propose(ctx: BenchContext) -> Any:
    return _creating(ctx, "cecile")
