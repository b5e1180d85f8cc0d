"""What the bot says about a group's own language (/language and /settings in a group)."""

from __future__ import annotations

from .i18n import Tr
from .text_base import h


def group_language(t: Tr, current: str | None) -> str:
    """The group's language, or that it has none, and how an administrator changes it."""
    if current is None:
        head = t("This group has no language of its own: I answer each person in their language.")
    else:
        head = t("This group’s language is <b>{language}</b>: I answer everyone here in it.").format(
            language=h(t.language_name(current))
        )
    return head + "\n" + t("An administrator of the group can choose another below, or send /language fr.")


def group_language_set(t: Tr, language: str) -> str:
    return t("From now on I answer in this group in {language}.").format(
        language=h(t.language_name(language))
    )


def group_language_cleared(t: Tr) -> str:
    return t("This group has no language of its own any more: I answer each person in their language.")


def only_admins(t: Tr) -> str:
    """A polite refusal (at most 200 characters: also a callback answer)."""
    return t(
        "Only an administrator of this group can change its language. Your own language is in /settings, "
        "in our private chat."
    )


def unknown_language(t: Tr, typed: str, codes: tuple[str, ...]) -> str:
    return t("I do not know the language “{typed}”. Choose one of: {codes}.").format(
        typed=h(typed[:20]), codes=", ".join(codes)
    )


def each_sender(t: Tr) -> str:
    """The button that takes the group's own language away."""
    return t("Each person’s language")
