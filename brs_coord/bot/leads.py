"""Reminder times in words: the lead times offered in /settings and "1 day and 1 hour before"."""

from __future__ import annotations

from babel.lists import format_list

from .i18n import N_, Tr

# Reminder lead times offered as toggles (minutes before the start), longest first.
LEAD_NAMES: dict[int, str] = {
    7 * 24 * 60: N_("1 week before"),
    24 * 60: N_("1 day before"),
    3 * 60: N_("3 hours before"),
    60: N_("1 hour before"),
    15: N_("15 minutes before"),
}
LEAD_SPANS: dict[int, str] = {
    7 * 24 * 60: N_("1 week"),
    24 * 60: N_("1 day"),
    3 * 60: N_("3 hours"),
    60: N_("1 hour"),
    15: N_("15 minutes"),
}
NO_REMINDERS = 0  # the "none" button: no reminders at all


def lead_name(t: Tr, minutes: int) -> str:
    """ "1 day before"; a lead time set elsewhere reads "90 minutes before"."""
    if minutes in LEAD_NAMES:
        return t(LEAD_NAMES[minutes])
    return t.n("{minutes} minute before", "{minutes} minutes before", minutes).format(minutes=minutes)


def leads_phrase(t: Tr, leads: tuple[int, ...]) -> str:
    """ "1 day and 1 hour before" (the language's own list), longest first."""
    spans = [
        t(LEAD_SPANS[minutes]) if minutes in LEAD_SPANS
        else t.n("{minutes} minute", "{minutes} minutes", minutes).format(minutes=minutes)
        for minutes in sorted(leads, reverse=True)
    ]
    return t("{times} before").format(times=format_list(spans, locale=t.locale))
