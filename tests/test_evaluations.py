"""Evaluations after an event (issue 18): the planner (once, only attendees at the threshold with a
chat, never for cancelled events or people gone, quiet hours kept), the questions' steps, the
migration that rebuilds the outbox for the new kind, and the figures a report shows."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.errors import InvalidInput
from brs_coord.evaluations import MAX_COMMENT, Answer, EventEvaluation, Step, WillApply
from brs_coord.records import NoticeKind
from brs_coord.results import Period
from brs_coord.services import Services
from brs_coord.services.evaluations import Outcome
from brs_coord.services.results_report import (
    comments_csv,
    evaluations_csv,
    to_csv,
    to_html,
    to_markdown,
    to_xlsx,
)
from brs_coord.store import open_store
from brs_coord.store.db import connect
from brs_coord.store.migrations import migrations
from tests.certificate_helpers import held_workshop
from tests.conftest import NOW


def _pid(services: Services, telegram_id: int) -> int:
    participant = services.store.participants.by_telegram_id(telegram_id)
    assert participant is not None
    return participant.id


def _evaluations(services: Services) -> list[dict[str, object]]:
    return services.store.outbox.rows(kind="evaluation")


# ---- the planner ------------------------------------------------------------------------------------

def test_an_ended_event_asks_its_attendee_once_after_the_delay(services: Services, clock: FixedClock) -> None:
    held = held_workshop(services, clock, held=False)  # the clock is a day after the end
    clock.set(held.event.ends_at + timedelta(minutes=30))
    assert services.evaluations.plan() == 0  # within the hour after the end
    clock.advance(timedelta(minutes=31))
    assert services.evaluations.plan() == 1
    assert services.evaluations.plan() == 0  # once per event and participant
    [row] = _evaluations(services)
    assert (row["participant_id"], row["event_id"], row["urgent"]) == (_pid(services, held.attendee),
                                                                       held.event.id, 0)
    notices = services.notices.claim_due(10)
    assert [(n.kind, n.chat_id) for n in notices] == [(NoticeKind.EVALUATION, held.attendee)]


def test_under_the_threshold_absent_without_a_chat_or_gone_nobody_is_asked(
    services: Services, clock: FixedClock
) -> None:
    held = held_workshop(services, clock)
    services.notices.blocked(_pid(services, held.attendee), "403 blocked")  # the attendee left the bot
    assert services.evaluations.plan() == 0  # 50 % and the no-show are never asked
    assert _evaluations(services) == []
    assert services.store.session.db.execute("SELECT count(*) FROM evaluation_requests").fetchone()[0] == 0


def test_an_attendee_without_a_private_chat_is_not_asked(services: Services, clock: FixedClock) -> None:
    held = held_workshop(services, clock)
    services.store.session.db.execute("UPDATE participants SET chat_id = NULL WHERE telegram_id = ?",
                                      [held.attendee])
    assert services.evaluations.plan() == 0


def test_a_cancelled_event_is_never_evaluated_and_its_pending_evaluations_are_dropped(
    services: Services, clock: FixedClock
) -> None:
    held = held_workshop(services, clock, held=False)
    assert services.evaluations.plan() == 1  # queued, not yet sent
    services.scheduling.cancel(held.event.id, "held by mistake in the calendar",
                               expected_version=services.scheduling.get(held.event.id).version)
    assert _evaluations(services) == []  # dropped with the cancellation
    services.store.session.db.execute("DELETE FROM evaluation_requests")
    assert services.evaluations.plan() == 0  # and never asked again


def test_an_event_that_ended_long_ago_is_not_asked_about(services: Services, clock: FixedClock) -> None:
    held_workshop(services, clock)
    clock.advance(timedelta(days=10))
    assert services.evaluations.plan() == 0


def test_quiet_hours_defer_the_evaluation_until_they_end(services: Services, clock: FixedClock) -> None:
    held = held_workshop(services, clock)
    services.notices.set_quiet_hours(_pid(services, held.attendee), "22:00", "07:00")
    clock.set(NOW.replace(day=26, hour=23, minute=0))  # UTC, the participant's zone
    assert services.evaluations.plan() == 1
    assert services.notices.claim_due(10) == []  # quiet: pushed to 07:00
    [row] = _evaluations(services)
    assert row["due_at"] == "2026-11-27T07:00:00Z"
    clock.set(NOW.replace(day=27, hour=7, minute=0))
    assert [n.kind for n in services.notices.claim_due(10)] == [NoticeKind.EVALUATION]


# ---- the questions ---------------------------------------------------------------------------------

def test_the_questions_in_order_once_each_and_the_answer_kept_apart(
    services: Services, clock: FixedClock
) -> None:
    held = held_workshop(services, clock)
    services.evaluations.plan()
    service, tid, eid = services.evaluations, held.attendee, held.event.id
    assert service.will_apply(tid, eid, "yes").outcome is Outcome.ALREADY  # not at that question yet
    with pytest.raises(InvalidInput):
        service.rate(tid, eid, 6)
    assert service.rate(tid, eid, 5).step is Step.APPLY
    assert service.rate(tid, eid, 1).outcome is Outcome.ALREADY  # a second tap
    with pytest.raises(InvalidInput):
        service.will_apply(tid, eid, "maybe")
    assert service.will_apply(tid, eid, "yes").step is Step.COMMENT
    assert service.waiting_for_comment(tid)
    with pytest.raises(InvalidInput):
        service.comment(tid, "bad\x1b[31m colour")
    assert service.waiting_for_comment(tid)  # still waiting after a refusal
    done = service.comment(tid, "  " + "x" * (MAX_COMMENT + 50))
    assert (done.outcome, done.step) == (Outcome.THANKS, Step.ANSWERED)
    assert not service.waiting_for_comment(tid)
    assert service.skip_comment(tid, eid).outcome is Outcome.ALREADY
    assert service.rate(held.partial, eid, 3).outcome is Outcome.NOT_ASKED
    [answer] = services.store.session.db.query("SELECT * FROM evaluation_answers")
    assert (answer["usefulness"], answer["will_apply"], len(answer["comment"])) == (5, "yes", MAX_COMMENT)
    [request] = services.store.session.db.query("SELECT * FROM evaluation_requests")
    assert request["response"] is None and request["answered_at"] is not None


def test_a_half_answered_evaluation_is_closed_and_unlinked_after_two_weeks(
    services: Services, clock: FixedClock
) -> None:
    held = held_workshop(services, clock)
    services.evaluations.plan()
    services.evaluations.rate(held.attendee, held.event.id, 3)
    clock.advance(timedelta(days=15))
    services.evaluations.plan()
    [request] = services.store.session.db.query("SELECT state, response FROM evaluation_requests")
    assert (request["state"], request["response"]) == ("answered", None)
    assert services.evaluations.will_apply(held.attendee, held.event.id, "no").outcome is Outcome.ALREADY


# ---- the migration -------------------------------------------------------------------------------------

def test_m016_rebuilds_the_outbox_keeping_its_rows_and_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    old = connect(path)
    migrations.apply(old, stop_before="m016_evaluations")
    indexes = {r[0] for r in old.execute(
        "SELECT name FROM sqlite_master WHERE tbl_name = 'outbox' AND type = 'index'").fetchall()}
    old.execute("INSERT INTO participants (telegram_id, created_at, updated_at) VALUES (5, '', '')")
    old.execute("INSERT INTO outbox (participant_id, kind, payload, dedupe_key, created_at, due_at)"
                " VALUES (1, 'reminder', '{}', 'k1', '', '2026-01-01T00:00:00Z')")
    with pytest.raises(sqlite3.IntegrityError):
        old.execute("INSERT INTO outbox (participant_id, kind, created_at, due_at)"
                    " VALUES (1, 'evaluation', '', '')")
    old.conn.close()
    store = open_store(path, FixedClock(NOW))
    try:
        db = store.session.db
        kept = [(r["kind"], r["dedupe_key"]) for r in db.query("SELECT * FROM outbox")]
        assert kept == [("reminder", "k1")]
        db.execute("INSERT INTO outbox (participant_id, kind, created_at, due_at)"
                   " VALUES (1, 'evaluation', '', '')")
        after = {r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE tbl_name = 'outbox' AND type = 'index'").fetchall()}
        assert after == indexes and "outbox_pending_due" in after
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        store.close()


# ---- the report ------------------------------------------------------------------------------------------

def _report(services: Services, evaluations: tuple[EventEvaluation, ...]):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(services.results.report(Period(date(2026, 1, 1), date(2026, 12, 31))),
                   evaluations=evaluations)


def test_evaluation_figures_are_shown_from_five_answers_and_suppressed_below_in_every_format(
    services: Services,
) -> None:
    five = tuple(Answer(score, choice, f"comment {score}") for score, choice in
                 [(5, WillApply.YES), (4, WillApply.YES), (4, WillApply.PARTLY), (3, WillApply.NO),
                  (4, WillApply.YES)])
    big = EventEvaluation("big", "Big workshop", date(2026, 3, 2), attendees=9, asked=8, answers=five)
    small = EventEvaluation("small", "Small webinar", date(2026, 4, 2), attendees=3, asked=3,
                            answers=five[:2])
    report = _report(services, (big, small))
    rows = evaluations_csv(report).splitlines()
    assert rows[1] == "big,2026-03-02,9,8,5,62 %,4.0,60 %,20 %,Big workshop"
    assert rows[2] == "small,2026-04-02,<5,<5,<5,,,,,Small webinar"
    comments = comments_csv(report)
    assert "comment 3" in comments and "small" not in comments and "Big" not in comments
    markdown, page = to_markdown(report), to_html(report)
    for text in (markdown, page):
        assert "comment 5" in text and "62 %" in text and "4.0" in text
    assert "| small | 2026-04-02 | <5 | <5 | <5 |" in markdown
    assert "code,unit,value,baseline,target,events" in to_csv(report)
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(to_xlsx(report)))
    sheet = book["Evaluations"]
    assert [c.value for c in sheet[3]][:5] == ["small", "2026-04-02", "<5", "<5", "<5"]
    assert [c.value for c in sheet[2]][5] == "62 %"
    assert sorted(c.value for c in book["Comments"]["C"][1:]) == [f"comment {n}" for n in (3, 4, 4, 4, 5)]
