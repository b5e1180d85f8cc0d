"""Outbox payloads: typed, versioned JSON shared by writers and sender; enums equal the stored text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from brs_coord.domain import Status
from brs_coord.payloads import (
    PAYLOAD_TYPES,
    VERSION,
    CancelledPayload,
    ChangedPayload,
    EventSnapshot,
    MessagePayload,
    NewEventPayload,
    NewNotice,
    NoticePayload,
    OfferPayload,
    PayloadError,
    ProposalPayload,
    ReminderPayload,
    SeriesSeatsPayload,
    SessionLine,
    parse_payload,
)
from brs_coord.records import NoticeKind, RegistrationStatus
from brs_coord.services import Services
from tests.conftest import NOW, make_event

SNAPSHOT = EventSnapshot(
    id=3, uid="evt-3@brs", title="PIC webinar", kind="webinar", starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    ends_at=datetime(2026, 3, 2, 11, tzinfo=UTC), timezone="Europe/Zurich", all_day=False, location=None,
    status="confirmed", registration_url=None, online_url="https://meet.example/x",
)
LATER = datetime(2026, 3, 3, 9, tzinfo=UTC)
EXAMPLES: list[NoticePayload] = [
    NewEventPayload(SNAPSHOT),
    CancelledPayload(SNAPSHOT, "Speaker ill"),
    ChangedPayload(SNAPSHOT, {"starts_at": (SNAPSHOT.starts_at, LATER), "status": ("planned", "confirmed"),
                              "location": (None, "Geneva")}, seat=True, reason=None),
    ReminderPayload(SNAPSHOT, lead=60),
    MessagePayload(SNAPSHOT, "Room changed — see the new link"),
    OfferPayload(SNAPSHOT, offered_until=LATER),
    ProposalPayload(SNAPSHOT, proposed_by="cecile"),
    SeriesSeatsPayload(SNAPSHOT, sessions=(SessionLine(SNAPSHOT),), series_title="E-waste webinars",
                       series_titles=(("fr", "Webinaires déchets électroniques"),)),
]


@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda p: p.KIND.value)
def test_every_payload_round_trips_through_its_versioned_json(payload: NoticePayload) -> None:
    text = payload.to_json()
    assert json.loads(text)["v"] == VERSION == 1
    assert parse_payload(payload.KIND, text) == payload
    assert parse_payload(payload.KIND, text).to_json() == text  # deterministic: the stored text is stable


def test_every_kind_has_a_payload_type() -> None:
    assert set(PAYLOAD_TYPES) == set(NoticeKind)
    assert all(cls.KIND is kind for kind, cls in PAYLOAD_TYPES.items())


def test_a_row_written_before_versions_reads_as_version_1() -> None:
    old = json.dumps({
        "event": {**SNAPSHOT.to_dict(), "online_url": None}, "changes": {"starts_at": [
            "2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"]}, "seat": False, "reason": "Moved",
    })
    payload = parse_payload("changed", old)
    assert isinstance(payload, ChangedPayload)
    assert payload.changes == {"starts_at": (SNAPSHOT.starts_at, LATER)}
    assert (payload.seat, payload.reason, payload.event.online_url) == (False, "Moved", None)


@pytest.mark.parametrize("version", [2, 0, "1", None, True])
def test_an_unknown_version_is_refused(version: object) -> None:
    data = json.loads(ReminderPayload(SNAPSHOT, 30).to_json())
    data["v"] = version
    with pytest.raises(PayloadError, match="unknown payload version"):
        parse_payload("reminder", json.dumps(data))


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("reminder", "not json", "not JSON"),
    ("reminder", "[1, 2]", "not a JSON object"),
    ("reminder", '{"v": 1}', "'event'"),
    ("reminder", json.dumps({"v": 1, "event": SNAPSHOT.to_dict()}), "'lead'"),
    ("reminder", json.dumps({"v": 1, "event": SNAPSHOT.to_dict(), "lead": "60"}), "'lead'"),
    ("offer", json.dumps({"v": 1, "event": SNAPSHOT.to_dict(), "offered_until": "soon"}), "not an instant"),
    ("changed", json.dumps({"v": 1, "event": SNAPSHOT.to_dict(), "changes": {"status": "x"}}), "pairs"),
    ("message", json.dumps({"v": 1, "event": {**SNAPSHOT.to_dict(), "id": "3"}, "text": "hi"}), "'id'"),
    ("series-seats", json.dumps({"v": 1, "event": SNAPSHOT.to_dict(), "series_title": "S",
                                 "series_titles": [["fr"]]}), "series_titles"),
    ("poll", json.dumps({"v": 1, "event": SNAPSHOT.to_dict()}), "unknown notice kind"),
])
def test_a_malformed_payload_is_a_clear_error(kind: str, text: str, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_payload(kind, text)


def test_enum_values_are_the_stored_text(services: Services) -> None:
    assert [k.value for k in NoticeKind] == [
        "new-event", "changed", "cancelled", "reminder", "message", "offer", "evaluation", "series-seats",
        "proposal"]
    assert [s.value for s in RegistrationStatus] == [
        "registered", "waitlisted", "offered", "cancelled", "attended", "no-show"]
    event = services.scheduling.create(make_event(capacity=1)).event
    first = services.participants.get_or_create(7, chat_id=7, first_name="Ana")
    second = services.participants.get_or_create(8, chat_id=8, first_name="Ben")
    services.registrations.register(first.id, event.id)
    services.registrations.register(second.id, event.id)
    reminder = ReminderPayload(SNAPSHOT, 60)
    services.notices.add(NewNotice(first.id, event.id, NoticeKind.REMINDER, reminder, "k", NOW))
    rows = services.store.session.db.query("SELECT participant_id, status FROM registrations ORDER BY id")
    assert [(r["participant_id"], r["status"]) for r in rows] == [
        (first.id, "registered"), (second.id, "waitlisted")]
    assert [r["kind"] for r in services.notices.outbox.rows(dedupe_key="k")] == ["reminder"]
    registration = services.store.registrations.get(event.id, second.id)
    assert registration is not None and type(registration.status) is RegistrationStatus


def test_an_unreadable_notice_fails_alone_and_the_rest_are_sent(services: Services) -> None:
    event = services.scheduling.create(make_event()).event
    participant = services.participants.get_or_create(7, chat_id=7, first_name="Ana")
    snapshot = EventSnapshot.of(event, with_link=True)
    for key in ("good-1", "bad", "good-2"):
        payload = MessagePayload(snapshot, key)
        services.notices.add(NewNotice(participant.id, event.id, NoticeKind.MESSAGE, payload, key, NOW))
    bad = services.notices.outbox.rows(dedupe_key="bad")[0]["id"]
    with services.store.transaction() as db:  # a newer brs-coord wrote it
        db.execute("UPDATE outbox SET payload = ? WHERE id = ?", [json.dumps({"v": 2, "event": {}}), bad])
    claimed = services.notices.claim_due()
    assert [n.payload for n in claimed] == [
        MessagePayload(snapshot, "good-1"), MessagePayload(snapshot, "good-2")]
    assert all(n.kind is NoticeKind.MESSAGE for n in claimed)
    row = services.notices.outbox.row(bad)
    assert row is not None and row["failed_at"] is not None
    assert row["last_error"] == "unreadable payload: unknown payload version 2 (this brs-coord reads 1)"
    assert services.notices.claim_due() == []  # the failed one is not handed out again


def test_writers_store_the_typed_payload(services: Services) -> None:
    event = services.scheduling.create(make_event(status=Status.CONFIRMED, capacity=1)).event
    participant = services.participants.get_or_create(7, chat_id=7, first_name="Ana")
    services.registrations.register(participant.id, event.id)
    services.notices.message_registrants(event.id, "Bring the forms")
    services.scheduling.reschedule(event.id, event.starts_at + timedelta(hours=1),
                                   event.ends_at + timedelta(hours=1), expected_version=event.version)
    for row in services.notices.outbox.rows(participant_id=participant.id):
        payload = parse_payload(row["kind"], row["payload"])
        assert json.loads(row["payload"])["v"] == 1 and payload.event.id == event.id
        assert isinstance(payload, PAYLOAD_TYPES[NoticeKind(row["kind"])])
