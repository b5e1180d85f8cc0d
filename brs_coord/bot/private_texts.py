"""What the bot says when a personal action moves from a group to the private chat (deep links)."""

from __future__ import annotations

from .i18n import Tr
from .text_base import h


def continue_in_private(t: Tr) -> str:
    """The answer to a press in a group (at most 200 characters: a callback answer)."""
    return t("Let’s finish this in our private chat: only you see it there, and I can send you notices.")


def personal_elsewhere(t: Tr, url: str) -> str:
    """The reply to a personal command (/myevents, /feeds) sent in a group."""
    return t("This is personal, so I answer it in our private chat:") + "\n" + h(url)


def own_settings(t: Tr, url: str) -> str:
    """Under a group's settings: where a member's own settings are."""
    return t("Your own settings (language, time zone, reminders) are in our private chat:") + "\n" + h(url)


def unknown_link(t: Tr) -> str:
    return t(
        "I do not recognise this link. Ask me about events, for example <i>webinars next month</i>, "
        "or send /help."
    )


def event_gone(t: Tr) -> str:
    return t("This event is no longer available. Send /upcoming to see the next events.")
