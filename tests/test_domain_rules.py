"""The rules of brs_coord/rules.py, one test each, without a database (the used slug, which needs the
store, is tested at its home, the catalogue service, at the end)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from brs_coord.domain import Audience, Centre, Event, EventData, Programme, Status
from brs_coord.errors import NotAllowed, ValidationFailed
from brs_coord.rules import (
    catalogue_problems,
    check_deletable,
    check_registration_open,
    check_transition,
    edited,
    end_keeping_duration,
    free_seats,
    holds_seat,
    may_see_join_link,
    registration_status,
    rescheduled,
    status_choices,
    takes_registrations,
    timezone_problem,
    validate_event,
    validation_problems,
    with_status,
)
from brs_coord.services import Services
from tests.clocks import NOW
from tests.conftest import make_event

ZURICH = ZoneInfo("Europe/Zurich")


def stored(**overrides: Any) -> Event:
    data = make_event(**overrides)
    return Event(**{name: getattr(data, name) for name in EventData.__dataclass_fields__}, id=7, version=3)


def test_event_validation_names_every_bad_field() -> None:
    data = make_event(title=" ", capacity=-1, online_url="javascript:alert(1)")
    assert set(validation_problems(data)) == {"title", "capacity", "online_url"}
    with pytest.raises(ValidationFailed) as caught:
        validate_event(data)
    assert caught.value.problems["title"] == "a title is required"
    assert validation_problems(make_event()) == {}


def test_an_event_needs_at_least_one_language() -> None:
    assert validation_problems(make_event(languages=())) == {"languages": "choose at least one language"}


def test_status_transitions_follow_the_table_and_held_waits_for_the_end() -> None:
    event = stored()
    with pytest.raises(NotAllowed, match="A draft event cannot become cancelled"):
        check_transition(Status.DRAFT, Status.CANCELLED, ends_at=event.ends_at, now=NOW)
    with pytest.raises(NotAllowed, match="only after it has ended"):
        check_transition(Status.PLANNED, Status.HELD, ends_at=event.ends_at, now=NOW)
    check_transition(Status.PLANNED, Status.HELD, ends_at=event.ends_at, now=event.ends_at)
    with pytest.raises(NotAllowed, match="cannot become draft"):
        edited(event, replace(event.data(), status=Status.DRAFT), now=NOW)


def test_an_event_is_cancelled_once() -> None:
    cancelled = with_status(stored(), Status.CANCELLED, reason="No funding", now=NOW)
    assert (cancelled.status, cancelled.status_reason) == (Status.CANCELLED, "No funding")
    with pytest.raises(NotAllowed, match="“Webinar on e-waste inventories” is already cancelled"):
        with_status(stored(status=Status.CANCELLED), Status.CANCELLED, reason="again", now=NOW)


def test_only_drafts_are_deleted() -> None:
    check_deletable(Status.DRAFT)
    with pytest.raises(NotAllowed, match="Only drafts can be deleted; cancel this planned event instead"):
        check_deletable(Status.PLANNED)


def test_status_choices_are_the_current_status_and_its_transitions() -> None:
    assert status_choices(None) == [Status.DRAFT, Status.PLANNED, Status.CONFIRMED]
    assert status_choices(Status.POSTPONED) == [
        Status.POSTPONED, Status.PLANNED, Status.CONFIRMED, Status.CANCELLED,
    ]
    assert status_choices(Status.HELD) == [Status.HELD]


def test_reschedule_keeps_the_duration_in_absolute_time_across_a_clock_change() -> None:
    # A 72-hour event moved to Friday 23 October 2026 10:00 in Zurich; summer time ends on the Sunday.
    event = stored(starts_at=datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
                   ends_at=datetime(2026, 9, 4, 8, 0, tzinfo=UTC), status=Status.POSTPONED,
                   status_reason="Venue")
    start = datetime(2026, 10, 23, 10, 0, tzinfo=ZURICH)
    end = end_keeping_duration(event, start)
    assert end.astimezone(UTC) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # 09:00 in Zurich, not 10:00
    moved = rescheduled(event, start, now=NOW)
    assert (moved.ends_at, moved.status, moved.status_reason) == (end, Status.PLANNED, None)
    later = datetime(2026, 10, 27, 12, 0, tzinfo=UTC)
    assert rescheduled(event, start, later, now=NOW).ends_at == later
    for status in (Status.CANCELLED, Status.HELD):
        with pytest.raises(NotAllowed, match=f"A {status.value} event cannot be rescheduled"):
            rescheduled(replace(event, status=status), start, now=NOW)


def test_event_duration_is_absolute_time() -> None:
    event = stored(starts_at=datetime(2026, 10, 24, 12, 0, tzinfo=ZURICH),
                   ends_at=datetime(2026, 10, 25, 12, 0, tzinfo=ZURICH))
    assert event.duration == timedelta(hours=25)


def test_catalogue_entries_are_checked_field_by_field() -> None:
    assert catalogue_problems(Programme(0, "Not A Slug", " ", cluster="x" * 501)) == {
        "slug": "lowercase letters, digits and hyphens only", "name": "a name is required",
        "cluster": "at most 500 characters", "conventions": "choose at least one convention",
    }
    assert catalogue_problems(Programme(0, "e-waste", "E-waste", conventions=("basel",))) == {}
    assert catalogue_problems(Audience(0, "customs", "Customs", names={"fr": "x" * 501})) == {
        "name_fr": "at most 500 characters"}
    assert catalogue_problems(Centre(0, "pacific", "Pacific", "fj", "Suva", "", "Pacific/Atlantis")) == {
        "country": "a two-letter ISO country code", "region": "choose a region",
        "timezone": "unknown time zone 'Pacific/Atlantis'",
    }
    assert timezone_problem("") == "a time zone is required" and timezone_problem("Pacific/Fiji") is None


def test_seat_holders_and_only_they_see_the_join_link() -> None:
    assert [s for s in ("registered", "offered", "waitlisted", "attended", None) if holds_seat(s)] == [
        "registered", "offered"]
    assert [s for s in ("registered", "offered", "waitlisted", "cancelled", "attended", None)
            if may_see_join_link(s)] == ["registered", "offered"]
    assert (free_seats(None, 5), free_seats(10, 3), free_seats(2, 3)) == (None, 7, 0)


def test_registering_gives_a_free_seat_or_the_waiting_list_and_is_idempotent() -> None:
    assert [registration_status(None, capacity, 2) for capacity in (None, 3, 2)] == [
        "registered", "registered", "waitlisted"]
    assert registration_status("cancelled", 2, 2) == "waitlisted"
    assert [registration_status(s, 1, 5) for s in ("registered", "offered", "waitlisted", "attended")] == [
        "registered", "offered", "waitlisted", "attended"]


def test_registration_is_open_for_public_events_that_have_not_ended() -> None:
    open_statuses = [Status.PLANNED, Status.CONFIRMED, Status.POSTPONED]
    assert [s for s in Status if takes_registrations(s)] == open_statuses
    check_registration_open(stored(), now=NOW)
    with pytest.raises(NotAllowed, match="is cancelled; registration is closed"):
        check_registration_open(stored(status=Status.CANCELLED), now=NOW)
    with pytest.raises(NotAllowed, match="has ended; registration is closed"):
        check_registration_open(stored(), now=NOW + timedelta(days=4))


def test_a_new_catalogue_entry_needs_an_unused_slug(services: Services) -> None:
    existing = services.catalogue.audiences()[0]
    with pytest.raises(ValidationFailed) as caught:
        services.catalogue.save_audience(Audience(0, existing.slug, "Another name"))
    assert caught.value.problems == {"slug": f"{existing.slug!r} is already used"}
    renamed = services.catalogue.save_audience(replace(existing, name="Renamed"))
    assert renamed.name == "Renamed"
