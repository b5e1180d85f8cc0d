"""An event as the bot shows it: its time line, the one-line list entry and the card (HTML, localised).

A list shows one line per event (date, kind, title and the asker's own marks); its number button opens
the card, which carries the actions. The card is rendered again from the stored state after every
action, so its text and its buttons never disagree. ``zone`` None is a shared chat (a group, an inline
result for someone the bot does not know): times in the event's own zone and UTC, never "your time".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ..domain import DatePrecision, Event, EventKind, Status
from ..records import RegistrationStatus
from ..rules import is_reminded
from .i18n import N_, Tr
from .leads import leads_phrase
from .text_base import KIND_NAMES, STATUS_NAMES, Names, cut, h

DESCRIPTION_CHARS = 600
LINE_TITLE_CHARS = 60
ONLINE_KINDS = (EventKind.WEBINAR, EventKind.ONLINE_MEETING, EventKind.E_LEARNING)

REGISTRATION_MARKS: dict[str, str] = {
    RegistrationStatus.REGISTERED: "✅",
    RegistrationStatus.WAITLISTED: "⏳",
    RegistrationStatus.OFFERED: "🎟",
}
REGISTRATION_NAMES: dict[str, str] = {
    RegistrationStatus.REGISTERED: N_("You are registered"),
    RegistrationStatus.WAITLISTED: N_("You are on the waiting list"),
    RegistrationStatus.OFFERED: N_("A seat is offered to you"),
}


@dataclass(frozen=True)
class Mine:
    """The asker's own state on one event (only ever shown in their private chat)."""

    registration: str | None = None
    reminder: bool = False  # a "remind me" mark
    leads: tuple[int, ...] = ()  # the participant's reminder times (minutes before)
    waitlist_position: int | None = None
    attended: bool = False  # recorded as attended (a held event then offers its certificate)

    @property
    def reminded(self) -> bool:
        """Reminders will be sent for this event (a seat or a mark) at the participant's times."""
        return is_reminded(self.registration, self.reminder) and bool(self.leads)


NOBODY = Mine()


# ---- time --------------------------------------------------------------------------------------


def _span(t: Tr, starts_at: datetime, ends_at: datetime, zone: str) -> tuple[str, str]:
    start = t.day_time(starts_at, zone)
    short = (ends_at - starts_at).total_seconds() < 86400
    return start, (t.time(ends_at, zone) if short else t.day_time(ends_at, zone))


def _start_in(t: Tr, starts_at: datetime, zone: str, other: str) -> str:
    """The start in ``other``: the time only when it is the same day there, else day and time."""
    same_day = starts_at.astimezone(ZoneInfo(other)).date() == starts_at.astimezone(ZoneInfo(zone)).date()
    return t.time(starts_at, other) if same_day else t.day_time(starts_at, other)


def span_when(t: Tr, starts_at: datetime, ends_at: datetime, event_zone: str, zone: str | None) -> str:
    """A timed span for a reader in ``zone``: "Tue 3 Mar, 15:00–17:00 your time — 10:00 Zurich";
    "… your time (= Zurich)" when the event's zone has another name but the same offset; one time
    when it is the reader's zone. ``zone`` None (a shared chat): the event's own time and UTC."""
    city = h(t.city(event_zone))
    if zone is None:
        start, end = _span(t, starts_at, ends_at, event_zone)
        if event_zone == "UTC":
            return f"{start}–{end} UTC"
        return f"{start}–{end} {city} ({_start_in(t, starts_at, event_zone, 'UTC')} UTC)"
    start, end = _span(t, starts_at, ends_at, zone)
    mine = t("{start}–{end} your time").format(start=start, end=end)
    if zone == event_zone:
        return mine
    if ZoneInfo(zone).utcoffset(starts_at) == ZoneInfo(event_zone).utcoffset(starts_at):
        return f"{mine} (= {city})"
    return f"{mine} — {_start_in(t, starts_at, zone, event_zone)} {city}"


def when(t: Tr, event: Event, zone: str | None) -> str:
    """When an event is, for a reader in ``zone`` (see :func:`span_when`); the date only for an
    all-day event, the month or the year for an event known to that precision."""
    if event.date_precision is DatePrecision.YEAR:
        return str(event.starts_at.astimezone(ZoneInfo(event.timezone)).year)
    if event.date_precision is DatePrecision.MONTH:
        return t.month(event.starts_at, event.timezone)
    if event.all_day:
        first, last = t.day(event.starts_at, event.timezone), t.day(event.ends_at, event.timezone)
        return first if first == last else f"{first} – {last}"
    return span_when(t, event.starts_at, event.ends_at, event.timezone, zone)


def short_when(t: Tr, event: Event, zone: str | None) -> str:
    """The date of a list line: "Tue 3 Mar, 15:00" in ``zone`` (the event's own when None)."""
    if event.date_precision is DatePrecision.YEAR:
        return str(event.starts_at.astimezone(ZoneInfo(event.timezone)).year)
    if event.date_precision is DatePrecision.MONTH:
        return t.month(event.starts_at, event.timezone)
    if event.all_day:
        return t.day(event.starts_at, event.timezone)
    return t.day_time(event.starts_at, zone or event.timezone)


# ---- marks -------------------------------------------------------------------------------------


def status_badge(t: Tr, event: Event) -> str:
    if event.status is Status.CANCELLED:
        return "❌ <b>" + t("CANCELLED") + "</b> "
    if event.status is Status.POSTPONED:
        return "⏸ <b>" + t("POSTPONED") + "</b> "
    return ""


def marks(event: Event, mine: Mine) -> str:
    """The signs before a list line: ❌ cancelled, ⏸ postponed, ✅ ⏳ 🎟 the asker's registration,
    ⏰ a reminder."""
    signs = {Status.CANCELLED: "❌", Status.POSTPONED: "⏸"}.get(event.status, "")
    signs += REGISTRATION_MARKS.get(mine.registration or "", "")
    signs += "⏰" if mine.reminder else ""
    return signs + " " if signs else ""


def list_line(
    t: Tr, event: Event, zone: str | None, number: int, mine: Mine = NOBODY, *, ongoing: bool = False
) -> str:
    """ "<b>3.</b> ✅ Tue 3 Mar, 15:00 · Webinar · E-waste inventories" (one line of a list); a long
    course under way (``ongoing``, rules.is_ongoing) says until when instead of its past start."""
    kind = t(KIND_NAMES.get(event.kind, event.kind.value))
    title = h(cut(event.title_in(t.language), LINE_TITLE_CHARS))
    when = (
        "🔄 " + t("under way until %(day)s") % {"day": t.day(event.ends_at, zone or event.timezone)}
        if ongoing else short_when(t, event, zone)
    )
    return f"<b>{number}.</b> {marks(event, mine)}{when} · {h(kind)} · {title}"


# ---- the card ----------------------------------------------------------------------------------


def _registration_line(t: Tr, mine: Mine) -> str | None:
    if mine.registration not in REGISTRATION_NAMES:
        return None
    line = REGISTRATION_MARKS[mine.registration or ""] + " " + t(REGISTRATION_NAMES[mine.registration or ""])
    if mine.registration == RegistrationStatus.WAITLISTED and mine.waitlist_position:
        line += " " + t("(place {n})").format(n=mine.waitlist_position)
    return line


def reminder_line(t: Tr, mine: Mine) -> str | None:
    """ "⏰ I will remind you 1 day and 1 hour before"; a mark with reminders off says so."""
    if mine.reminded:
        return "⏰ " + t("I will remind you {when}.").format(when=leads_phrase(t, mine.leads))
    if mine.reminder:
        return "⏰ " + t("Reminders are off in /settings: you will not be reminded.")
    return None


def _facts(t: Tr, event: Event, zone: str | None, names: Names) -> list[str]:
    kind = t(KIND_NAMES.get(event.kind, event.kind.value))
    programme = names.programme(event.programme)
    lines = [h(kind) + (f" · {h(cut(programme, 90))}" if programme else ""), "🕒 " + when(t, event, zone)]
    if event.audiences:
        audiences = ", ".join(names.audience(a) for a in event.audiences[:4])
        more = f" +{len(event.audiences) - 4}" if len(event.audiences) > 4 else ""
        lines.append("👥 " + h(cut(audiences, 200)) + more)
    if event.languages:
        lines.append("🗣 " + h(t.languages_line(event.languages)))
    if event.location:
        lines.append("📍 " + h(cut(event.location, 120)))
    elif event.online_url or event.kind in ONLINE_KINDS:
        lines.append("💻 " + t("Online"))
    if event.status is Status.CANCELLED:
        reason = f" — {h(cut(event.status_reason, 200))}" if event.status_reason else ""
        lines.append("❌ " + t("This event is cancelled.") + reason)
    elif event.status is Status.POSTPONED:
        lines.append("⏸ " + t("Postponed: the new date is not fixed yet."))
    else:
        lines.append(t("Status: {status}").format(status=t(STATUS_NAMES[event.status])))
    return lines


def event_card(
    t: Tr,
    event: Event,
    zone: str | None,
    names: Names,
    *,
    full: bool = False,
    mine: Mine = NOBODY,
    join_link: bool = False,
    share: str | None = None,
    origin: tuple[str, ...] = (),
) -> str:
    """One event: title, kind and programme, when, audiences, languages, where, status, then the
    asker's registration and reminder; ``full``: description, registration page (not for a cancelled
    event), seats and the link to share; ``origin``: where an imported event comes from (lines)."""
    title = event.title_in(t.language)  # the participant's language where the event has it
    lines = [f"{status_badge(t, event)}<b>{h(cut(title, 200))}</b>", *_facts(t, event, zone, names)]
    lines += [line for line in (_registration_line(t, mine), reminder_line(t, mine)) if line]
    cancelled = event.status is Status.CANCELLED
    if full:
        if description := event.description_in(t.language):
            lines += ["", h(cut(description, DESCRIPTION_CHARS))]
        if event.registration_url and not cancelled:
            lines.append(t("Registration page: {url}").format(url=h(event.registration_url)))
        if event.capacity is not None and not cancelled:
            lines.append(
                t("Seats: {taken} of {capacity} taken").format(
                    taken=event.registered_count, capacity=event.capacity
                )
            )
    if join_link and event.online_url and not cancelled:
        lines.append("🔗 " + t("Join link: {url}").format(url=h(event.online_url)))
    lines += origin
    if share:
        lines.append("↗️ " + t("Link to share: {url}").format(url=h(share)))
    return t.directed("\n".join(lines))
