"""Staff retry of a failed notice: due again now, attempts from zero; other rows are refused."""

from __future__ import annotations

import pytest

from brs_coord.errors import NotAllowed, NotFound
from brs_coord.payloads import ChangedPayload, EventSnapshot, NewNotice
from brs_coord.records import NoticeKind, iso_utc
from brs_coord.services import Services
from tests.conftest import NOW, make_event


def failed_notice(services: Services) -> int:
    event = services.scheduling.create(make_event()).event
    participant = services.participants.get_or_create(7, chat_id=7, first_name="Chen")
    payload = ChangedPayload(EventSnapshot.of(event, with_link=True))
    services.notices.add(NewNotice(participant.id, event.id, NoticeKind.CHANGED, payload, "k1", NOW))
    notice = services.notices.claim_due()[0]
    services.notices.fail(notice.id, "Forbidden: bot was blocked by the user")
    return notice.id


def test_retry_failed_makes_the_notice_due_again(services: Services) -> None:
    notice_id = failed_notice(services)
    assert services.notices.counts()["failed"] == 1
    services.notices.retry_failed(notice_id)
    row = services.notices.outbox.row(notice_id)
    assert row is not None
    assert (row["failed_at"], row["claimed_at"], row["attempts"], row["due_at"]) == (
        None, None, 0, iso_utc(services.clock.now()))
    assert row["last_error"].startswith("Forbidden")
    assert [n.id for n in services.notices.claim_due()] == [notice_id]


def test_retry_refuses_a_notice_that_has_not_failed_or_does_not_exist(services: Services) -> None:
    notice_id = failed_notice(services)
    services.notices.retry_failed(notice_id)
    with pytest.raises(NotAllowed):
        services.notices.retry_failed(notice_id)
    with pytest.raises(NotFound):
        services.notices.retry_failed(notice_id + 100)
