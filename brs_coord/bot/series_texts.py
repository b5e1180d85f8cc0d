"""The bot's words and buttons for series and courses (issue 19): /series, a series' card with its
sessions, the whole-series registration and the head of a "next session of …" answer."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..deep_links import SERIES_CARD, DeepLink, deep_link
from ..records import RegistrationStatus
from ..series_domain import RegistrationMode, SeriesKind, SeriesRegistrationStatus
from ..services.series_registrations import SeriesRegistrationResult
from ..services.series_views import SeriesCard, SeriesListing, SessionLine, SessionMark
from .callbacks import CallbackCodec
from .i18n import N_, Tr
from .text_base import cut, h

KIND_NAMES = {
    SeriesKind.WEBINAR_SERIES: N_("Webinar series"),
    SeriesKind.COURSE: N_("Course"),
    SeriesKind.RECURRING_MEETING: N_("Recurring meeting"),
}
MODES = {
    RegistrationMode.WHOLE_SERIES: N_("Registration is for the whole series."),
    RegistrationMode.PER_SESSION: N_("Register for each session you want to attend."),
    RegistrationMode.BOTH: N_("Register for the whole series, or for single sessions."),
}
MARKS = {SessionMark.ATTENDED: "✓", SessionMark.CANCELLED: "✗", SessionMark.NEXT: "👉",
         SessionMark.PAST: "·", SessionMark.LATER: "·"}
MAX_LISTED = 20
ROW = 6


def _sessions(t: Tr, count: int) -> str:
    return t.n("{count} session", "{count} sessions", count).format(count=count)


def listing(t: Tr, found: list[SeriesListing], zone: str) -> str:
    """/series: one numbered line a series, with its next session in the participant's zone."""
    if not found:
        return t("No series or course is planned at the moment. /upcoming lists the next events.")
    lines = [t("📚 <b>Series and courses</b> — tap a number for the sessions:"), ""]
    for number, item in enumerate(found[:MAX_LISTED], 1):
        title = h(cut(item.series.title_in(t.language), 80))
        if item.ongoing:
            when = t("under way until %(day)s") % {"day": t.day(item.next_session.ends_at, zone)}
        else:
            when = t("next: %(when)s") % {"when": t.day_time(item.next_session.starts_at, zone)}
        facts = f"{t(KIND_NAMES[item.series.kind])} · {_sessions(t, item.sessions)} · {when}"
        lines.append(f"<b>{number}.</b> {title}\n    {h(facts)}")
    return t.directed("\n".join(lines))


def listing_keyboard(codec: CallbackCodec, found: list[SeriesListing]) -> InlineKeyboardMarkup | None:
    buttons = [InlineKeyboardButton(str(n), callback_data=codec.encode("ser", item.series.id))
               for n, item in enumerate(found[:MAX_LISTED], 1)]
    return InlineKeyboardMarkup(_rows(buttons)) if buttons else None


def _line(t: Tr, line: SessionLine, zone: str) -> str:
    event = line.event
    number = event.session_number or 0
    text = f"{MARKS[line.mark]} {number}. {t.day_time(event.starts_at, zone)}"
    notes = {SessionMark.ATTENDED: t("you attended"), SessionMark.CANCELLED: t("session cancelled"),
             SessionMark.NEXT: t("next")}
    said = [notes[line.mark]] if line.mark in notes else []
    if line.registration is not None and line.mark in (SessionMark.NEXT, SessionMark.LATER):
        waiting = line.registration is RegistrationStatus.WAITLISTED
        said.append(t("waiting list") if waiting else t("registered"))
    return h(text + (" — " + ", ".join(said) if said else ""))


def card(t: Tr, view: SeriesCard, zone: str, *, head: str | None = None) -> str:
    """A series' card: title, kind and size, how to register, the participant's whole-series
    registration, every session (✓ attended, ✗ cancelled, 👉 the next one) in ``zone``."""
    series = view.series
    lines = [f"📚 <b>{h(series.title_in(t.language))}</b>",
             h(f"{t(KIND_NAMES[series.kind])} · {_sessions(t, len(view.sessions))}"),
             t(MODES[series.registration_mode])]
    if view.registration is SeriesRegistrationStatus.REGISTERED:
        lines.append("✅ " + t("You are registered for the whole series."))
    elif view.registration is SeriesRegistrationStatus.WAITLISTED:
        lines.append("⏳ " + t("You are on the waiting list for the whole series."))
    lines.append("")
    lines.extend(_line(t, line, zone) for line in view.sessions)
    lines.append("")
    lines.append(h(t("Times in %(zone)s.") % {"zone": t.city(zone)}))
    if view.per_session and view.registration is None and _openable(view):
        lines.append(t("Tap a session’s number to open it and register for it alone."))
    text = "\n".join(lines)
    return t.directed(f"{head}\n\n{text}" if head else text)


def _openable(view: SeriesCard) -> list[SessionLine]:
    return [line for line in view.sessions if line.mark in (SessionMark.NEXT, SessionMark.LATER)]


def card_keyboard(
    t: Tr, codec: CallbackCodec, view: SeriesCard, *, personal: bool = True, username: str = "",
) -> InlineKeyboardMarkup | None:
    """Register for (or leave) the whole series — in the private chat; in a group, a link that opens
    the series' card there (``username``: the bot's) — and a number a session to come, opening its
    card."""
    rows: list[list[InlineKeyboardButton]] = []
    if not personal and view.may_register_whole and username:
        url = deep_link(username, DeepLink(SERIES_CARD, view.series.id))
        rows.append([InlineKeyboardButton("✅ " + t("Register for the whole series"), url=url)])
    elif personal and view.may_register_whole:
        rows.append([InlineKeyboardButton("✅ " + t("Register for the whole series"),
                                          callback_data=codec.encode("srg", view.series.id))])
    elif personal and view.registration is not None:
        rows.append([InlineKeyboardButton("↩️ " + t("Leave the whole series"),
                                          callback_data=codec.encode("sun", view.series.id))])
    rows.extend(_rows([
        InlineKeyboardButton(str(line.event.session_number or 0),
                             callback_data=codec.encode("ev", line.event.id))
        for line in _openable(view)
    ]))
    return InlineKeyboardMarkup(rows) if rows else None


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i:i + ROW] for i in range(0, len(buttons), ROW)]


def registered(t: Tr, result: SeriesRegistrationResult) -> str:
    """The head of the card after "Register for the whole series"."""
    title = h(result.series.title_in(t.language))
    if result.status is SeriesRegistrationStatus.WAITLISTED:
        return "⏳ " + t("A session of <b>%(title)s</b> is full, so you are number %(position)s on the"
                         " waiting list for the whole series; you will be told when a seat is free in"
                         " every session.") % {"title": title, "position": result.waitlist_position or 1}
    if result.already:
        return "✅ " + t("You were already registered for the whole of <b>%(title)s</b>.") % {"title": title}
    return "✅ " + t.n("You are registered for the {count} session left of <b>{title}</b>.",
                      "You are registered for the {count} sessions left of <b>{title}</b>.",
                      len(result.sessions)).format(count=len(result.sessions), title=title)


def left(t: Tr, title: str, count: int) -> str:
    return "↩️ " + t.n("You left <b>{title}</b>: {count} registration given back.",
                      "You left <b>{title}</b>: {count} registrations given back.",
                      count).format(title=h(title), count=count)


def refused(t: Tr) -> str:
    return t("Registration for the whole series is not possible now: it takes registrations per"
             " session, or no session is left.")


def next_session_head(t: Tr, title: str) -> str:
    """Above the session's card in the answer to "the next session of the … series"."""
    return "👉 " + t("The next session of <b>%(title)s</b>:") % {"title": h(title)}
