"""Evaluations in the results report: per event (attendees, asked, answered, response rate, mean
usefulness, share who will apply) and per indicator (the answers of its contributing events pooled),
and the comments, listed without any participant attribute. Counts of fewer than five people are
shown as ``<5`` and no figure is drawn from fewer than five answers (nor any comment listed)."""

from __future__ import annotations

from ..evaluations import (
    EventEvaluation,
    figures,
    listed_comments,
    pooled,
    shown_count,
    shown_mean,
    shown_share,
)
from ..results import IndicatorValue

EVENT_COLUMNS = (
    "event", "starts_on", "attendees", "asked", "answered", "response_rate", "mean_usefulness",
    "will_apply", "partly", "title",
)
INDICATOR_COLUMNS = ("evaluation_answers", "mean_usefulness", "will_apply")
COMMENT_COLUMNS = ("event", "starts_on", "comment")


def _rate(evaluation: EventEvaluation) -> str:
    return shown_share(evaluation.responded / evaluation.asked if evaluation.asked else None,
                       evaluation.responded)


def event_row(evaluation: EventEvaluation) -> dict[str, str]:
    figure = figures(evaluation.answers)
    return {
        "event": evaluation.uid, "starts_on": evaluation.starts_on.isoformat(),
        "attendees": shown_count(evaluation.attendees), "asked": shown_count(evaluation.asked),
        "answered": shown_count(evaluation.responded), "response_rate": _rate(evaluation),
        "mean_usefulness": shown_mean(figure.mean_usefulness, figure.answers),
        "will_apply": shown_share(figure.will_apply, figure.answers),
        "partly": shown_share(figure.partly, figure.answers),
        "title": evaluation.title,
    }


def event_rows(evaluations: tuple[EventEvaluation, ...]) -> list[dict[str, str]]:
    return [event_row(e) for e in evaluations]


def indicator_cells(value: IndicatorValue, evaluations: tuple[EventEvaluation, ...]) -> dict[str, str]:
    """The pooled answers of the events behind an indicator's value."""
    uids = {e.uid for e in value.events}
    figure = pooled(e for e in evaluations if e.uid in uids)
    return {
        "evaluation_answers": shown_count(figure.answers) if figure.answers else "",
        "mean_usefulness": shown_mean(figure.mean_usefulness, figure.answers),
        "will_apply": shown_share(figure.will_apply, figure.answers),
    }


def comment_rows(evaluations: tuple[EventEvaluation, ...]) -> list[dict[str, str]]:
    return [
        {"event": e.uid, "starts_on": e.starts_on.isoformat(), "comment": comment}
        for e, comments in listed_comments(evaluations) for comment in comments
    ]
