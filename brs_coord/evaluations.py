"""Evaluations after an event, the pure part: the answers, a request's steps, and the figures a report
shows (response rate, mean usefulness, share who will apply), small cells suppressed (no I/O).

An answer carries no participant and no time: the request (who was asked, when they answered) and
the answer (what was said) are stored apart, and only the count of answers joins them in a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .results import SUPPRESS_BELOW, shown

USEFULNESS = (1, 2, 3, 4, 5)
MAX_COMMENT = 500  # characters kept of a free comment


class WillApply(StrEnum):
    """"Will you apply what you learnt?" """

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class Step(StrEnum):
    """``evaluation_requests.state``: the question a request waits for."""

    USEFULNESS = "asked"  # queued or sent: the first question
    APPLY = "apply"
    COMMENT = "comment"
    ANSWERED = "answered"  # done (or given up: the comment skipped, or left for too long)


@dataclass(frozen=True)
class EvaluationRequest:
    """One participant's evaluation of one event (``response``: the open answer's random id, only
    while its questions are being answered)."""

    event_id: int
    participant_id: int
    step: Step
    response: str | None = None
    message_id: int | None = None


@dataclass(frozen=True)
class Answer:
    usefulness: int | None
    will_apply: WillApply | None
    comment: str | None = None


@dataclass(frozen=True)
class EventEvaluation:
    """An event's evaluation figures: attendees (at the threshold), participants asked, answers."""

    uid: str
    title: str
    starts_on: date
    attendees: int
    asked: int
    answers: tuple[Answer, ...] = ()

    @property
    def responded(self) -> int:
        return len(self.answers)


@dataclass(frozen=True)
class Figures:
    """Pooled answers: how many, mean usefulness, the shares who will apply (yes) and partly."""

    answers: int
    mean_usefulness: float | None
    will_apply: float | None
    partly: float | None


def figures(answers: Iterable[Answer]) -> Figures:
    listed = list(answers)
    scores = [a.usefulness for a in listed if a.usefulness is not None]
    applies = [a.will_apply for a in listed if a.will_apply is not None]
    return Figures(
        answers=len(listed),
        mean_usefulness=sum(scores) / len(scores) if scores else None,
        will_apply=sum(a is WillApply.YES for a in applies) / len(applies) if applies else None,
        partly=sum(a is WillApply.PARTLY for a in applies) / len(applies) if applies else None,
    )


def pooled(evaluations: Iterable[EventEvaluation]) -> Figures:
    return figures(answer for evaluation in evaluations for answer in evaluation.answers)


def suppressed(count: int) -> bool:
    """Fewer than five answers: no figure drawn from them is shown (their count is shown as <5)."""
    return count < SUPPRESS_BELOW


def shown_count(count: int) -> str:
    return shown(count, people=True)


def shown_mean(value: float | None, count: int) -> str:
    if value is None or suppressed(count):
        return ""
    return f"{value:.1f}"


def shown_share(value: float | None, count: int) -> str:
    if value is None or suppressed(count):
        return ""
    return f"{round(100 * value)} %"


def listed_comments(evaluations: Iterable[EventEvaluation]) -> list[tuple[EventEvaluation, list[str]]]:
    """The comments of each event with at least five answers, in alphabetical order (never in the
    order they came: that order could be matched with the requests' answer times)."""
    listed = []
    for evaluation in evaluations:
        comments = sorted(a.comment for a in evaluation.answers if a.comment)
        if comments and not suppressed(evaluation.responded):
            listed.append((evaluation, comments))
    return listed
