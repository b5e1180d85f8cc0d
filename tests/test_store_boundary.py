"""The typed store boundary: repositories return domain values and raise StoreError, never sqlite3.Error."""

from __future__ import annotations

import inspect
import sqlite3
from datetime import datetime

import pytest

from brs_coord import repositories
from brs_coord.errors import StoreError
from brs_coord.records import Participant, Registration, RegistrationStatus
from brs_coord.services import Services
from brs_coord.store import Store
from tests.conftest import make_event

BOUNDARY = ("events", "catalogue", "participants", "registrations", "waitlist", "outbox", "subscriptions",
            "reports", "feed_cache", "vocabulary_cache")


def test_a_driver_error_reaches_the_services_as_a_store_error(services: Services) -> None:
    participant = services.participants.get_or_create(7, chat_id=7, first_name="Ana")
    services.store.session.db.execute("DROP TABLE subscriptions")  # the next read fails in the driver
    with pytest.raises(StoreError, match="lacks the table subscriptions: it is not a complete") as caught:
        services.subscriptions.list(participant.id)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert str(services.store.path) in caught.value.message and caught.value.title == "Database error"


def test_a_locked_database_is_one_plain_sentence(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(services.store.session.db, "query", locked)
    with pytest.raises(StoreError, match="is locked by another process"):
        services.participants.get(7)


@pytest.mark.parametrize("name", BOUNDARY)
def test_every_public_repository_method_translates_driver_errors(services: Services, name: str) -> None:
    repository = getattr(services.store, name)
    members = inspect.getmembers(type(repository), inspect.isfunction)
    methods = [m for n, m in members if not n.startswith("_")]
    assert methods and all(hasattr(method, "__wrapped__") for method in methods)


@pytest.mark.parametrize(("attribute", "protocol"), [
    ("participants", repositories.Participants), ("registrations", repositories.Registrations),
    ("waitlist", repositories.Waitlist), ("outbox", repositories.Outbox),
    ("subscriptions", repositories.Subscriptions), ("reports", repositories.Reports),
])
def test_the_store_implements_each_protocol(services: Services, attribute: str, protocol: type) -> None:
    repository = getattr(services.store, attribute)
    wanted = [name for name in vars(protocol) if not name.startswith("_")]
    assert wanted and all(callable(getattr(repository, name, None)) for name in wanted)


def test_repositories_return_domain_values_with_aware_datetimes(services: Services) -> None:
    store: Store = services.store
    event = services.scheduling.create(make_event()).event
    participant = services.participants.get_or_create(7, chat_id=7, first_name="Ana")
    services.registrations.register(participant.id, event.id)
    assert isinstance(store.participants.get(participant.id), Participant)
    registration = store.registrations.get(event.id, participant.id)
    assert isinstance(registration, Registration) and registration.status is RegistrationStatus.REGISTERED
    line = services.reports.registrations(event.id)[0]
    assert isinstance(line.registered_at, datetime) and line.registered_at.utcoffset() is not None
    assert line.registered_at == registration.created_at
