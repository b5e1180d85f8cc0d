"""The bot's words and buttons of an evaluation after an event: the three questions, each shown in the
same message (its head names the event), the thanks, and the refusals."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..evaluations import MAX_COMMENT, USEFULNESS, Step, WillApply
from .callbacks import CallbackCodec
from .i18n import N_, Tr
from .text_base import h

APPLY_WORDS = {WillApply.YES: N_("Yes"), WillApply.PARTLY: N_("Partly"), WillApply.NO: N_("No")}


def head(t: Tr, title: str, starts_at: datetime, zone: str) -> str:
    """📝 The event the questions are about, and its day."""
    return "📝 " + t("Evaluation: <b>%(title)s</b> (%(day)s)") % {
        "title": h(title), "day": t.day(starts_at, zone),
    }


def question(t: Tr, step: Step) -> str:
    if step is Step.USEFULNESS:
        return t("How useful was it for your work? Tap a number, from 1 (not useful) to 5 (very useful).")
    if step is Step.APPLY:
        return t("Will you apply what you learnt?")
    if step is Step.COMMENT:
        return t("Anything you would like to tell the organisers? Write it in your next message"
                 " (at most %(limit)s characters), or tap Skip.") % {"limit": MAX_COMMENT}
    return t("Thank you for your answers! They are anonymous: reports count them without your name.")


def message(t: Tr, title: str, starts_at: datetime, zone: str, step: Step) -> str:
    """The whole message at ``step`` (the first question, the next ones, or the thanks)."""
    return t.directed(f"{head(t, title, starts_at, zone)}\n\n{question(t, step)}")


def keyboard(t: Tr, codec: CallbackCodec, event_id: int, step: Step) -> InlineKeyboardMarkup | None:
    if step is Step.USEFULNESS:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(str(score), callback_data=codec.encode("evu", event_id, score))
            for score in USEFULNESS
        ]])
    if step is Step.APPLY:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(t(word), callback_data=codec.encode("eva", event_id, choice.value))
            for choice, word in APPLY_WORDS.items()
        ]])
    if step is Step.COMMENT:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(t("Skip"), callback_data=codec.encode("evs", event_id))
        ]])
    return None


def already(t: Tr) -> str:
    return t("You have already answered this question. Thank you!")


def not_asked(t: Tr) -> str:
    return t("This evaluation is not open to you.")


def comment_refused(t: Tr) -> str:
    return t("A comment cannot contain control characters. Please write it again, or tap Skip.")


def comment_saved(t: Tr) -> str:
    return "✅ " + t("Your comment is saved. Thank you!")
