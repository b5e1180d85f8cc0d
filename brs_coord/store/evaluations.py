"""The evaluations repository: who is asked after an event (``evaluation_requests``, once per event
and participant) and the answers (``evaluation_answers``, keyed by event and a random response id:
no participant, no time). A request holds its answer's id only while the questions are being
answered; the last step clears it, so nothing stored afterwards leads from an answer to a person."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..evaluations import Answer, EvaluationRequest, EventEvaluation, Step, WillApply
from ..results import Period
from .guard import translated
from .results import _local_day
from .rows import iso_utc
from .session import Session

# Events an evaluation is asked for: held, or planned/confirmed and over (never cancelled, drafts
# or postponed).
EVALUATED_STATUSES = ("planned", "confirmed", "held")


def _request(row: dict[str, Any]) -> EvaluationRequest:
    return EvaluationRequest(
        event_id=int(row["event_id"]), participant_id=int(row["participant_id"]), step=Step(row["state"]),
        response=row["response"], message_id=row["message_id"],
    )


@translated
class EvaluationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # ---- planning ---------------------------------------------------------------------------------

    def candidates(
        self, ended_after: datetime, ended_before: datetime, threshold: float
    ) -> list[tuple[int, int]]:
        """(event, participant) pairs to ask: the event ended in (after, before], not cancelled; the
        participant attended at least ``threshold`` of it, is active and has a private chat with the
        bot, and was never asked about it."""
        marks = ", ".join("?" for _ in EVALUATED_STATUSES)
        rows = self._session.db.query(
            "SELECT r.event_id, r.participant_id FROM registrations r"
            " JOIN events e ON e.id = r.event_id JOIN participants p ON p.id = r.participant_id"
            " WHERE r.status = 'attended' AND coalesce(r.attended_share, 1.0) >= ?"
            f" AND e.ends_at > ? AND e.ends_at <= ? AND e.status IN ({marks})"
            " AND p.active = 1 AND p.chat_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM evaluation_requests q"
            "  WHERE q.event_id = r.event_id AND q.participant_id = r.participant_id)"
            " ORDER BY e.ends_at, r.event_id, r.participant_id",
            [threshold, iso_utc(ended_after), iso_utc(ended_before), *EVALUATED_STATUSES],
        )
        return [(int(r["event_id"]), int(r["participant_id"])) for r in rows]

    def add_request(self, event_id: int, participant_id: int, now: datetime) -> bool:
        """Record that the participant is asked (False: they were already)."""
        with self._session.transaction() as db:
            cursor = db.execute(
                "INSERT INTO evaluation_requests (event_id, participant_id, asked_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [event_id, participant_id, iso_utc(now)],
            )
        return cursor.rowcount > 0

    def close_abandoned(self, asked_before: datetime, now: datetime) -> int:
        """Requests left half answered since before ``asked_before``: done as they are (what was
        answered stays), their answer's id forgotten."""
        with self._session.transaction() as db:
            return db.execute(
                "UPDATE evaluation_requests SET state = 'answered', answered_at = ?, response = NULL"
                " WHERE state IN ('apply', 'comment') AND asked_at < ?",
                [iso_utc(now), iso_utc(asked_before)],
            ).rowcount

    # ---- the questions ------------------------------------------------------------------------------

    def request(self, event_id: int, participant_id: int) -> EvaluationRequest | None:
        rows = list(self._session.db.query(
            "SELECT * FROM evaluation_requests WHERE event_id = ? AND participant_id = ?",
            [event_id, participant_id],
        ))
        return _request(rows[0]) if rows else None

    def waiting_for_comment(self, participant_id: int) -> EvaluationRequest | None:
        """The participant's evaluation waiting for a comment (the latest asked, if several)."""
        rows = list(self._session.db.query(
            "SELECT * FROM evaluation_requests WHERE participant_id = ? AND state = 'comment'"
            " ORDER BY asked_at DESC LIMIT 1",
            [participant_id],
        ))
        return _request(rows[0]) if rows else None

    def start(
        self, event_id: int, participant_id: int, usefulness: int, response: str, message_id: int | None
    ) -> bool:
        """The first answer: the answer row under ``response`` and the request at the next step;
        False (nothing written) when the request is not at its first question."""
        with self._session.transaction() as db:
            moved = db.execute(
                "UPDATE evaluation_requests SET state = 'apply', response = ?, message_id = ?"
                " WHERE event_id = ? AND participant_id = ? AND state = 'asked'",
                [response, message_id, event_id, participant_id],
            ).rowcount
            if moved:
                db.execute(
                    "INSERT INTO evaluation_answers (response, event_id, usefulness) VALUES (?, ?, ?)",
                    [response, event_id, usefulness],
                )
        return moved > 0

    def answer_apply(self, request: EvaluationRequest, will_apply: WillApply) -> bool:
        with self._session.transaction() as db:
            moved = db.execute(
                "UPDATE evaluation_requests SET state = 'comment'"
                " WHERE event_id = ? AND participant_id = ? AND state = 'apply' AND response = ?",
                [request.event_id, request.participant_id, request.response],
            ).rowcount
            if moved:
                db.execute("UPDATE evaluation_answers SET will_apply = ? WHERE response = ?",
                           [will_apply.value, request.response])
        return moved > 0

    def finish(self, request: EvaluationRequest, comment: str | None, now: datetime) -> bool:
        """The last step (a comment, or none): the request answered, its answer's id forgotten."""
        with self._session.transaction() as db:
            moved = db.execute(
                "UPDATE evaluation_requests SET state = 'answered', answered_at = ?, response = NULL"
                " WHERE event_id = ? AND participant_id = ? AND state = 'comment' AND response = ?",
                [iso_utc(now), request.event_id, request.participant_id, request.response],
            ).rowcount
            if moved and comment:
                db.execute("UPDATE evaluation_answers SET comment = ? WHERE response = ?",
                           [comment, request.response])
        return moved > 0

    # ---- reports ------------------------------------------------------------------------------------

    def for_period(
        self, period: Period, threshold: float, *, centre: str | None = None
    ) -> list[EventEvaluation]:
        """Every event starting in ``period`` (by local day) whose attendees were asked: attendees at
        the threshold, how many were asked, and the answers (nothing about who gave them)."""
        by_centre = "" if centre is None else (
            " AND e.organiser_centre_id = (SELECT id FROM centres WHERE slug = ?)")
        rows = list(self._session.db.query(
            "SELECT e.id, e.uid, e.title, e.starts_at, e.timezone,"
            " (SELECT count(*) FROM evaluation_requests q WHERE q.event_id = e.id) AS asked,"
            " (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'attended'"
            "  AND coalesce(r.attended_share, 1.0) >= ?) AS attendees"
            " FROM events e WHERE (e.id IN (SELECT event_id FROM evaluation_requests)"
            "  OR e.id IN (SELECT event_id FROM evaluation_answers))"
            " AND e.starts_at >= date(?, '-1 day') AND e.starts_at < date(?, '+2 days')" + by_centre +
            " ORDER BY e.starts_at, e.id",
            [threshold, period.start.isoformat(), period.end.isoformat(),
             *([] if centre is None else [centre])],
        ))
        answers = self._answers(int(r["id"]) for r in rows)
        found = []
        for r in rows:
            day = _local_day(r["starts_at"], r["timezone"])
            if period.start <= day <= period.end:
                found.append(EventEvaluation(
                    uid=r["uid"], title=r["title"], starts_on=day, attendees=int(r["attendees"]),
                    asked=int(r["asked"]), answers=tuple(answers.get(int(r["id"]), ())),
                ))
        return found

    def _answers(self, event_ids: Iterable[int]) -> dict[int, list[Answer]]:
        ids = sorted(set(event_ids))
        found: dict[int, list[Answer]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self._session.db.query(
                "SELECT event_id, usefulness, will_apply, comment FROM evaluation_answers"
                f" WHERE event_id IN ({', '.join('?' for _ in chunk)}) ORDER BY event_id, response",
                chunk,
            )
            for r in rows:
                found.setdefault(int(r["event_id"]), []).append(Answer(
                    r["usefulness"], WillApply(r["will_apply"]) if r["will_apply"] else None, r["comment"],
                ))
        return found
