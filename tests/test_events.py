"""Events through the scheduling service on a real SQLite file: rules, history, locking."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from brs_coord.domain import EventQuery, Status, TimeScope
from brs_coord.errors import Conflict, InvalidInput, NotAllowed, NotFound, ValidationFailed
from brs_coord.identity import os_login
from brs_coord.permissions import Role
from brs_coord.services import Services
from tests.conftest import NOW, make_event


def test_create_reads_back_every_field(services: Services) -> None:
    data = make_event(
        programme="e-waste", audiences=("customs-officers",), regions=("africa",),
        conventions=("basel",), location="Nairobi, Kenya",
        registration_url="https://example.org/register", online_url="https://meet.example.org/x",
    )
    event = services.scheduling.create(data).after
    assert event is not None
    stored = services.scheduling.get_by_uid(event.uid)
    assert stored.data() == replace(data, title=data.title.strip())
    assert stored.version == 1 and stored.created_by == os_login()
    assert stored.uid.endswith("@brs-coord")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 500}, "title"),
        ({"ends_at": NOW}, "ends_at"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"registration_url": "not a url"}, "registration_url"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"capacity": -1}, "capacity"),
        ({"languages": ("xx",)}, "languages"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(
    services: Services, overrides: dict[str, object], field: str
) -> None:
    before = services.store.events.total()
    with pytest.raises(ValidationFailed) as caught:
        services.scheduling.create(make_event(**overrides))
    assert field in caught.value.problems
    assert services.store.events.total() == before


def test_unknown_catalogue_slug_is_refused(services: Services) -> None:
    with pytest.raises(InvalidInput, match="Unknown programme 'nope'"):
        services.scheduling.create(make_event(programme="nope"))
    with pytest.raises(InvalidInput, match="audiences"):
        services.scheduling.create(make_event(audiences=("martians",)))


def test_stale_update_raises_conflict_naming_who_and_when(services: Services, clock) -> None:
    event = services.scheduling.create(make_event()).event
    for login in ("amina", "bruno"):
        services.staff.add(login, Role.EDITOR)
    clock.advance(timedelta(minutes=5))
    with services.acting.as_login("amina"):
        services.scheduling.update(event.id, replace(event.data(), title="Renamed"),
                                   expected_version=1)
    with services.acting.as_login("bruno"), pytest.raises(Conflict) as caught:
        services.scheduling.update(event.id, replace(event.data(), capacity=5), expected_version=1)
    assert caught.value.changed_by == "amina"
    assert caught.value.changed_at == "2026-11-21T10:05:00Z"
    assert "amina" in caught.value.message
    assert services.scheduling.get(event.id).title == "Renamed"
    assert services.scheduling.get(event.id).capacity == 100


def test_every_change_is_written_to_history(services: Services, clock) -> None:
    event = services.scheduling.create(make_event()).event
    clock.advance(timedelta(hours=1))
    services.scheduling.reschedule(event.id, event.starts_at + timedelta(days=1), expected_version=1)
    services.scheduling.postpone(event.id, "Speaker ill", expected_version=2)
    services.scheduling.cancel(event.id, "No funding", expected_version=3)
    history = services.scheduling.history(event.id)
    assert [h.action for h in history] == ["created", "rescheduled", "postponed", "cancelled"]
    assert history[1].changes["starts_at"] == ["2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z"]
    assert history[3].changes["status"] == ["postponed", "cancelled"]
    assert all(h.changed_by == os_login() for h in history)


def test_an_edit_without_change_keeps_the_version(services: Services) -> None:
    event = services.scheduling.create(make_event()).event
    change = services.scheduling.update(event.id, event.data(), expected_version=1)
    assert change.changes == {}
    assert services.scheduling.get(event.id).version == 1
    assert len(services.scheduling.history(event.id)) == 1


def test_reschedule_keeps_duration_and_revives_a_postponed_event(services: Services) -> None:
    event = services.scheduling.create(make_event()).event
    services.scheduling.postpone(event.id, "Venue unavailable", expected_version=1)
    moved = services.scheduling.reschedule(
        event.id, NOW + timedelta(days=30), expected_version=2
    ).event
    assert moved.status is Status.PLANNED
    assert moved.duration == event.duration
    assert moved.version == 3


def test_status_rules(services: Services, clock) -> None:
    event = services.scheduling.create(make_event()).event
    with pytest.raises(NotAllowed, match="after it has ended"):
        services.scheduling.mark_held(event.id, expected_version=1)
    with pytest.raises(NotAllowed, match="Only drafts"):
        services.scheduling.delete(event.id, expected_version=1)
    cancelled = services.scheduling.cancel(event.id, "x", expected_version=1).event
    with pytest.raises(NotAllowed, match="cannot be rescheduled"):
        services.scheduling.reschedule(event.id, NOW + timedelta(days=9), expected_version=2)
    reinstated = services.scheduling.set_status(event.id, Status.CONFIRMED, expected_version=2)
    assert cancelled.status is Status.CANCELLED and reinstated.event.status is Status.CONFIRMED
    clock.advance(timedelta(days=5))
    held = services.scheduling.mark_held(event.id, expected_version=3).event
    assert held.status is Status.HELD
    with pytest.raises(NotAllowed):
        services.scheduling.cancel(event.id, "late", expected_version=4)


def test_a_draft_can_be_deleted_and_leaves_a_history_row(services: Services) -> None:
    event = services.scheduling.create(make_event(status=Status.DRAFT)).event
    services.scheduling.delete(event.id, expected_version=1)
    with pytest.raises(NotFound):
        services.scheduling.get(event.id)
    assert [h.action for h in services.store.events.history(event.id)] == ["created", "deleted"]


def test_duplicate_is_a_new_draft(services: Services) -> None:
    event = services.scheduling.create(make_event(audiences=("customs-officers",))).event
    copy = services.scheduling.duplicate(event.id).event
    assert copy.uid != event.uid and copy.status is Status.DRAFT
    assert copy.audiences == event.audiences and copy.title.startswith("Copy of")


def test_upcoming_hides_drafts_and_ended_events_soonest_first(services: Services, clock) -> None:
    create = services.scheduling.create
    later = create(make_event(title="Later", starts_at=NOW + timedelta(days=9))).event
    sooner = create(make_event(title="Sooner", starts_at=NOW + timedelta(days=1))).event
    create(make_event(title="Draft", status=Status.DRAFT))
    ended = create(make_event(title="Ended", starts_at=NOW - timedelta(days=2))).event
    running = create(make_event(title="Running", starts_at=NOW - timedelta(days=1),
                                ends_at=NOW + timedelta(days=20))).event
    titles = [e.title for e in services.upcoming() if not e.is_demo]
    assert titles[:3] == [running.title, sooner.title, later.title]
    assert "Draft" not in titles and "Ended" not in titles
    past = services.find(EventQuery(scope=TimeScope.PAST, newest_first=True))
    assert ended.uid in [e.uid for e in past]


def test_filters_by_facets_and_range(services: Services) -> None:
    create = services.scheduling.create
    create(make_event(title="Africa customs", audiences=("customs-officers",), regions=("africa",),
                      kind="workshop"))
    create(make_event(title="Asia webinar", regions=("asia-pacific",), languages=("es",)))
    found = services.find(EventQuery(regions=("africa",), audiences=("customs-officers",)))
    assert [e.title for e in found] == ["Africa customs"]
    assert [e.title for e in services.find(EventQuery(languages=("es",)))] == ["Asia webinar"]
    assert [e.title for e in services.find(EventQuery(kinds=("workshop",)))] == ["Africa customs"]
    window = EventQuery(starts_from=NOW + timedelta(days=10), ends_before=NOW + timedelta(days=20))
    assert services.find(window) == []
    assert services.count(EventQuery()) == 2


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"unbalanced', False), ("NEAR(", False), ("a OR b", False), ("DROP TABLE events;--", False),
        ("é ü 漢字", False), ("x" * 10_000, False), ("title:pcb", False),  # every word must match
        ("pcb OR mercury", False),  # OR, NEAR, column filters are plain words, not operators
        ("-pcb", True), ('"pcb', True), ("(pcb", True), ("guidance)", True), ("PCB*", True),
        ("pcb;--", True), ("Phase 2", True),  # punctuation around the words is ignored
        ("*", True), ("\x00\x1f", True), ("🎉", True), ("^", True),  # no word at all: no text filter
    ],
)  # fmt: skip
def test_full_text_search_never_breaks(services: Services, text: str, found: bool) -> None:
    created = services.scheduling.create(make_event(title="PCB inventory guidance, phase 2")).event
    hits = services.store.events.search(text, NOW)
    assert [e.id for e in hits] == ([created.id] if found else [])
    assert [e.id for e in services.store.events.search("inventory guidance", NOW)] == [created.id]


def test_full_text_search_folds_case_accents_and_prefixes(services: Services) -> None:
    services.scheduling.create(make_event(title="Gestion écologiquement rationnelle des PCB"))
    assert len(services.store.events.search("ecologiquement pcb", NOW)) == 1
    assert len(services.store.events.search("GESTION ration", NOW)) == 1
    assert services.store.events.search("mercury", NOW) == []


def test_full_text_hits_are_matched_once_and_never_hold_a_snapshot(services: Services) -> None:
    scheduling, events = services.scheduling, services.store.events
    scheduling.create(make_event(title="PCB inventory guidance"))
    scheduling.create(make_event(title="PCB inventory guidance, long", ends_at=NOW + timedelta(days=20)))
    query = EventQuery(text="inventory guid", limit=1)
    page, total = events.find_with_total(query, NOW, cap=10)
    assert len(page) == 1 and total == 2 and events.count(query, NOW) == 2
    assert not services.store.session.db.conn.in_transaction  # the TEMP writes were committed
    scheduling.create(make_event(title="Inventory guidance for customs"))  # another write: seen at once
    assert events.find_with_total(query, NOW, cap=10)[1] == 3
    assert [e.title for e in events.find(EventQuery(text="customs", limit=5), NOW)] == [
        "Inventory guidance for customs"
    ]


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.POSTPONED])
def test_cancelling_or_postponing_by_an_edit_needs_a_reason_as_by_its_command(
    services: Services, status: Status
) -> None:
    """The editor saves through update: the same rule as cancel/postpone (issue 23)."""
    event = services.scheduling.create(make_event(status=Status.PLANNED)).event
    with pytest.raises(ValidationFailed) as refused:
        services.scheduling.update(event.id, replace(event.data(), status=status, status_reason=" "),
                                   expected_version=event.version)
    assert set(refused.value.problems) == {"status_reason"}
    with pytest.raises(ValidationFailed):
        services.scheduling.set_status(event.id, status, expected_version=event.version, reason="")
    changed = services.scheduling.update(
        event.id, replace(event.data(), status=status, status_reason="no budget"),
        expected_version=event.version,
    ).event
    assert changed.status is status and changed.status_reason == "no budget"
    again = services.scheduling.update(event.id, replace(changed.data(), location="Geneva"),
                                       expected_version=changed.version).event
    assert again.location == "Geneva"  # an edit that keeps the status asks for no new reason
