"""Evaluations in chat after an event (issue 18): the planner and the questions' state machine.

Planner (``plan``, every sender round beside the reminders): ``delay`` after an event ends, each
participant who attended at least the threshold share of it, is active and has a private chat with
the bot is asked once (a request per event and participant, and an 'evaluation' notice through the
outbox: the sender's retries, quiet hours and "never twice, never dropped" hold as for every
notice). Cancelled events, drafts and postponed events are never evaluated; events that ended more
than ``window`` ago are not asked about any more (a new installation does not ask about last year).

Questions, one tap each, the same message edited as the participant moves on: usefulness 1–5,
"Will you apply what you learnt?" (yes / partly / no), then a free comment (the participant's next
text message, capped, control characters refused) or Skip; then thanks. A second tap, or a button of
an older message, is answered "already answered". The answers are stored apart from the request,
under a random id only the open request holds (see store/evaluations.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from ..characters import invisible_only, unsafe_characters
from ..domain import Event
from ..errors import InvalidInput, NotFound
from ..evaluations import MAX_COMMENT, USEFULNESS, EvaluationRequest, Step, WillApply
from ..payloads import EvaluationPayload, EventSnapshot, NewNotice
from ..records import NoticeKind, Participant
from ..results import DEFAULT_THRESHOLD
from ..store import Store

DEFAULT_DELAY = timedelta(hours=1)
WINDOW = timedelta(days=7)  # events that ended longer ago are not asked about
ABANDONED_AFTER = timedelta(days=14)  # a half-answered evaluation is closed (and unlinked) then


class Outcome(StrEnum):
    """What the participant's press or message did."""

    NEXT = "next"  # the next question is asked
    THANKS = "thanks"  # the last answer: thank you
    ALREADY = "already"  # answered already (a second tap, an old message's button)
    NOT_ASKED = "not-asked"  # no evaluation of this event for this participant


@dataclass(frozen=True)
class Progress:
    """Where an evaluation stands after a press: ``step`` is the question now asked (or ANSWERED)."""

    outcome: Outcome
    step: Step
    event: Event | None = None
    message_id: int | None = None


def clean_comment(text: str) -> str:
    """A comment as kept: trimmed, at most MAX_COMMENT characters; InvalidInput for control or
    direction-override characters, or text that shows nothing."""
    if unsafe_characters(text, allowed_controls="\n") is not None:
        raise InvalidInput("A comment cannot contain control characters", field="comment")
    comment = text.strip()
    if not comment or invisible_only(comment):
        raise InvalidInput("The comment is empty", field="comment")
    return comment[:MAX_COMMENT]


class EvaluationService:
    """Plans the evaluations and moves each one through its questions; synchronous."""

    def __init__(
        self, store: Store, *, delay: timedelta = DEFAULT_DELAY, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self._store = store
        self.delay = delay
        self.threshold = threshold

    # ---- planning -------------------------------------------------------------------------------------

    def plan(self) -> int:
        """Ask the attendees of the events that ended ``delay`` ago (once each); returns how many."""
        now = self._store.clock.now()
        evaluations = self._store.evaluations
        written = 0
        with self._store.transaction():
            evaluations.close_abandoned(now - ABANDONED_AFTER, now)
            events: dict[int, Event] = {}
            for event_id, participant_id in evaluations.candidates(
                now - self.delay - WINDOW, now - self.delay, self.threshold
            ):
                if not evaluations.add_request(event_id, participant_id, now):
                    continue
                if event_id not in events:
                    events[event_id] = self._store.events.get(event_id)
                written += self._store.outbox.add(NewNotice(
                    participant_id=participant_id, event_id=event_id, kind=NoticeKind.EVALUATION,
                    payload=EvaluationPayload(EventSnapshot.of(events[event_id], with_link=False)),
                    dedupe_key=f"evaluation:{event_id}:{participant_id}", due_at=now, urgent=False,
                ))
        return written

    # ---- the questions ------------------------------------------------------------------------------

    def _participant(self, telegram_id: int) -> Participant:
        participant = self._store.participants.by_telegram_id(telegram_id)
        if participant is None:
            raise NotFound("Send /start first")
        return participant

    def _request(self, telegram_id: int, event_id: int) -> EvaluationRequest | None:
        return self._store.evaluations.request(event_id, self._participant(telegram_id).id)

    def _progress(self, outcome: Outcome, request: EvaluationRequest | None, step: Step) -> Progress:
        if request is None:
            return Progress(Outcome.NOT_ASKED, Step.ANSWERED)
        return Progress(outcome, step, self._store.events.get(request.event_id), request.message_id)

    def _refused(self, request: EvaluationRequest | None) -> Progress:
        return self._progress(Outcome.ALREADY, request, request.step if request else Step.ANSWERED)

    def rate(
        self, telegram_id: int, event_id: int, usefulness: int, message_id: int | None = None
    ) -> Progress:
        """The first answer (1 to 5); then "Will you apply it?"."""
        if usefulness not in USEFULNESS:
            raise InvalidInput("Usefulness is from 1 to 5", field="usefulness")
        request = self._request(telegram_id, event_id)
        if request is None or request.step is not Step.USEFULNESS:
            return self._refused(request)
        if not self._store.evaluations.start(
            request.event_id, request.participant_id, usefulness, secrets.token_urlsafe(12), message_id
        ):
            return self._refused(self._request(telegram_id, event_id))
        return self._progress(Outcome.NEXT, request, Step.APPLY)

    def will_apply(self, telegram_id: int, event_id: int, answer: str) -> Progress:
        """The second answer (yes / partly / no); then the comment, or Skip."""
        try:
            choice = WillApply(answer)
        except ValueError as exc:
            raise InvalidInput("The answer is yes, partly or no", field="will_apply") from exc
        request = self._request(telegram_id, event_id)
        if request is None or request.step is not Step.APPLY:
            return self._refused(request)
        if not self._store.evaluations.answer_apply(request, choice):
            return self._refused(self._request(telegram_id, event_id))
        return self._progress(Outcome.NEXT, request, Step.COMMENT)

    def skip_comment(self, telegram_id: int, event_id: int) -> Progress:
        """Skip: no comment; thanks."""
        return self._finish(self._request(telegram_id, event_id), None)

    def waiting_for_comment(self, telegram_id: int) -> bool:
        """Whether the participant's next text message is an evaluation's comment."""
        participant = self._store.participants.by_telegram_id(telegram_id)
        if participant is None:
            return False
        return self._store.evaluations.waiting_for_comment(participant.id) is not None

    def comment(self, telegram_id: int, text: str) -> Progress:
        """The participant's text while an evaluation waits for its comment: kept, and thanks
        (NOT_ASKED when none waits; InvalidInput, the evaluation still waiting, when refused)."""
        participant = self._store.participants.by_telegram_id(telegram_id)
        request = self._store.evaluations.waiting_for_comment(participant.id) if participant else None
        if request is None:
            return Progress(Outcome.NOT_ASKED, Step.ANSWERED)
        return self._finish(request, clean_comment(text))

    def _finish(self, request: EvaluationRequest | None, comment: str | None) -> Progress:
        if request is None or request.step is not Step.COMMENT:
            return self._refused(request)
        if not self._store.evaluations.finish(request, comment, self._store.clock.now()):
            return self._refused(request)
        return self._progress(Outcome.THANKS, request, Step.ANSWERED)
