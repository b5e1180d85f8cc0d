"""What the bot says: greeting, help, event cards, lists, confirmations (HTML, escaped, localised).

Every function takes the participant's :class:`~brs_coord.bot.i18n.Tr`; data from the store is
escaped here (with text_base and understood, this module's parts) and nowhere else, and cut to fit
Telegram's limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from ..domain import DatePrecision, Event, EventKind, Status
from ..records import RegistrationStatus
from ..rules import may_see_join_link
from ..services.describe import help_lines
from ..services.participants import Participant
from ..services.registrations import MyEvent, RegistrationResult
from .i18n import N_, Tr
from .search import Found
from .text_base import KIND_NAMES as KIND_NAMES  # re-exported: the text basics, as before they moved
from .text_base import KIND_PLURALS, STATUS_NAMES
from .text_base import Names as Names
from .text_base import cut as cut
from .text_base import h as h
from .understood import understood_line

MESSAGE_LIMIT = 4096
DESCRIPTION_CHARS = 600
PAGE_SIZE = 5
ONLINE_KINDS = (EventKind.WEBINAR, EventKind.ONLINE_MEETING, EventKind.E_LEARNING)

REGISTRATION_NAMES: dict[str, str] = {
    RegistrationStatus.REGISTERED: N_("You are registered"),
    RegistrationStatus.WAITLISTED: N_("You are on the waiting list"),
    RegistrationStatus.OFFERED: N_("A seat is offered to you"),
}


# ---- greeting, help, set-up ------------------------------------------------------------------


def greeting(t: Tr, first_name: str) -> str:
    return (
        t(
            "Hello {name}! I keep the calendar of technical-assistance events of the Basel, Rotterdam "
            "and Stockholm conventions: webinars, workshops and trainings."
        ).format(name=h(first_name or ""))
        + "\n\n"
        + t("Ask me anything, for example <i>webinars next month</i>, or send /help.")
    )


def help_text(t: Tr, bot_username: str) -> str:
    lines = [
        t("<b>What I can do</b>"),
        "",
        t("Ask in your own words, for example:"),
        "• <i>" + t("webinars on e-waste next month") + "</i>",
        "• <i>" + t("workshops for customs officers in December") + "</i>",
        "• <i>" + t("trainings in Africa") + "</i>",
        "",
        "/upcoming — " + t("the next events"),
        "/webinars — " + t("upcoming webinars"),
        "/workshops — " + t("upcoming workshops"),
        "/search <i>" + t("words") + "</i> — " + t("search events"),
        "/myevents — " + t("my registrations and reminders"),
        "/topics, /audiences, /regions — " + t("browse by programme, audience or region"),
        "/subscribe — " + t("hear about new events on the topics you choose"),
        "/mysubscriptions — " + t("what you follow"),
        "/settings — " + t("language, time zone, country, audience, reminders, quiet hours"),
        "/feeds — " + t("calendar feeds for your calendar app"),
        "/forget — " + t("delete everything I store about you"),
        "",
        t("Under each event: add it to your calendar, register, get a reminder, see details."),
        t("You can also type @{bot} and a few words in any chat to share an event.").format(
            bot=h(bot_username)
        ),
    ]
    return "\n".join(lines)


def non_question(t: Tr) -> str:
    """The short help a message that is not a question gets (a greeting, thanks, "how do I
    register?", emoji, a language not read): what to ask, examples, the commands, the languages."""
    lines = ["💬 " + h(line) for line in help_lines(t.language)[:1]]
    lines += ["<i>" + h(line) + "</i>" for line in help_lines(t.language)[1:-1]]
    lines += [
        "",
        "/upcoming — " + t("the next events"),
        "/topics, /audiences, /regions — " + t("browse by programme, audience or region"),
        "/myevents — " + t("my registrations and reminders"),
        "/settings — " + t("language, time zone, country, audience, reminders, quiet hours"),
        "/help — " + t("everything I can do"),
        "",
        h(help_lines(t.language)[-1]),
    ]
    return "\n".join(lines)


def setup_timezone(t: Tr, current: str) -> str:
    return t(
        "<b>Your time zone</b> (now: {zone}). Choose a region, or type your city. "
        "Times are shown in your zone with the event's own beside it."
    ).format(zone=h(current))


def setup_city(t: Tr) -> str:
    return t("<b>Your time zone</b>: choose the city nearest to you, or type it.")


def setup_country(t: Tr) -> str:
    return t("<b>Your country</b>, for the organisers' reports: choose a region, or type its name.")


def setup_countries(t: Tr, region: str) -> str:
    return t("<b>Your country</b> in {region}:").format(region=h(region))


def setup_audience(t: Tr) -> str:
    return t("<b>Who are you?</b> Choose the group that fits you best.")


def setup_done(t: Tr) -> str:
    return t("All set. Ask me anything, for example <i>webinars next month</i>. /settings changes this.")


def settings_text(t: Tr, p: Participant, names: Names) -> str:
    none = t("not set")
    rows = [
        t("<b>Your settings</b>"),
        t("Language: {value}").format(value=h(t.language_name(p.language))),
        t("Time zone: {value}").format(value=h(p.timezone)),
        t("Country: {value}").format(value=h(names.country(p.country) or none)),
        t("Audience: {value}").format(value=h(names.audience(p.audience) if p.audience else none)),
    ]
    return "\n".join(rows)


def saved(t: Tr, what: str) -> str:
    return t("Saved: {value}").format(value=what)


def zone_choices(t: Tr, text: str) -> str:
    return t("Which one do you mean by “{text}”?").format(text=h(cut(text, 40)))


# ---- events --------------------------------------------------------------------------------


def when(t: Tr, event: Event, zone: str) -> str:
    """ "Tue 3 Mar, 15:00–17:00 your time — 10:00 Zurich" (or the date only, per precision)."""
    if event.date_precision is DatePrecision.YEAR:
        return str(event.starts_at.astimezone(ZoneInfo(event.timezone)).year)
    if event.date_precision is DatePrecision.MONTH:
        return t.month(event.starts_at, event.timezone)
    if event.all_day:
        first = t.day(event.starts_at, event.timezone)
        last = t.day(event.ends_at, event.timezone)
        return first if first == last else f"{first} – {last}"
    start = t.day_time(event.starts_at, zone)
    end = (
        t.time(event.ends_at, zone)
        if event.duration.total_seconds() < 86400
        else t.day_time(event.ends_at, zone)
    )
    mine = t("{start}–{end} your time").format(start=start, end=end)
    if ZoneInfo(zone).utcoffset(event.starts_at) == ZoneInfo(event.timezone).utcoffset(event.starts_at):
        return f"{mine} ({h(t.city(event.timezone))})" if zone != event.timezone else mine
    local_day = event.starts_at.astimezone(ZoneInfo(event.timezone)).date()
    user_day = event.starts_at.astimezone(ZoneInfo(zone)).date()
    theirs = (
        t.time(event.starts_at, event.timezone)
        if local_day == user_day
        else t.day_time(event.starts_at, event.timezone)
    )
    return f"{mine} — {theirs} {h(t.city(event.timezone))}"


def status_badge(t: Tr, event: Event) -> str:
    if event.status is Status.CANCELLED:
        return "❌ <b>" + t("CANCELLED") + "</b> "
    if event.status is Status.POSTPONED:
        return "⏸ <b>" + t("POSTPONED") + "</b> "
    return ""


def event_card(
    t: Tr,
    event: Event,
    zone: str,
    names: Names,
    *,
    number: int | None = None,
    full: bool = False,
    registration: str | None = None,
    reminder: bool = False,
    join_link: bool = False,
) -> str:
    """One event: title, kind and programme, when, audiences, languages, where, status."""
    prefix = f"{number}. " if number is not None else ""
    title = cut(event.title, 200)
    lines = [f"{status_badge(t, event)}<b>{prefix}{h(title)}</b>"]
    kind = t(KIND_NAMES.get(event.kind, event.kind.value))
    programme = names.programme(event.programme)
    lines.append(h(kind) + (f" · {h(cut(programme, 90))}" if programme else ""))
    lines.append("🕒 " + when(t, event, zone))
    if event.audiences:
        audiences = ", ".join(names.audience(a) for a in event.audiences[:4])
        more = f" +{len(event.audiences) - 4}" if len(event.audiences) > 4 else ""
        lines.append("👥 " + h(cut(audiences, 200)) + more)
    if event.languages:
        lines.append("🗣 " + h(", ".join(t.language_name(code) for code in event.languages)))
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
    if registration in REGISTRATION_NAMES:
        lines.append("✅ " + t(REGISTRATION_NAMES[registration]))
    if reminder:
        lines.append("⏰ " + t("Reminder on"))
    if full:
        if event.description:
            lines += ["", h(cut(event.description, DESCRIPTION_CHARS))]
        if event.registration_url:
            lines.append(t("Registration page: {url}").format(url=h(event.registration_url)))
        if event.capacity is not None:
            lines.append(
                t("Seats: {taken} of {capacity} taken").format(
                    taken=event.registered_count, capacity=event.capacity
                )
            )
    if join_link and event.online_url:
        lines.append("🔗 " + t("Join link: {url}").format(url=h(event.online_url)))
    return t.directed("\n".join(lines))


def results(
    t: Tr, found: Found, offset: int, zone: str, names: Names, statuses: Mapping[int, str],
    reminders: set[int],
) -> str:
    """A page of results: what was understood (and not), then up to five cards and the
    online events also open to the countries named; help for a message
    that is not a question."""
    head = understood_line(t, found.understood, zone, found.vocabulary)
    if found.understood.help:  # its words are stop words, or in a language not read: help says so
        return non_question(t)
    also = "\n\n🌐 " + h(found.also_open.label) if found.also_open and found.also_open.total else ""
    if not found.events:
        return head + "\n\n" + nothing_found(t, found) + also
    last = offset + len(found.events)
    count = t("Events {first}–{last} of {total}:").format(first=offset + 1, last=last, total=found.total_text)
    cards = [
        event_card(
            t,
            e,
            zone,
            names,
            number=offset + i + 1,
            registration=statuses.get(e.id),
            reminder=e.id in reminders,
        )
        for i, e in enumerate(found.events)
    ]
    text = head + "\n" + count + "\n\n" + "\n\n".join(cards) + also
    while len(text) > MESSAGE_LIMIT and len(cards) > 1:  # never over the limit: fewer, shorter cards
        cards = [c.split("\n")[0] + "\n" + c.split("\n")[2] for c in cards]
        text = head + "\n" + count + "\n\n" + "\n\n".join(cards) + also
    return text[:MESSAGE_LIMIT]


def nothing_found(t: Tr, found: Found) -> str:
    """No events: said, with what to try (the words not understood are in the head above, their
    closest names on buttons below)."""
    lines = [t("Nothing found.")]
    lines.append(
        t("Try something broader, for example <i>{example}</i> or /upcoming.").format(
            example=h(t(KIND_PLURALS[EventKind.WEBINAR]) if found.understood.kinds else t("workshops"))
        )
    )
    return "\n".join(lines)


def registered(t: Tr, result: RegistrationResult, zone: str, names: Names) -> str:
    event = result.event
    if result.status is RegistrationStatus.WAITLISTED:
        head = "⏳ " + t("“{title}” is full. You are on the waiting list (place {n}).").format(
            title=h(cut(event.title, 150)), n=result.waitlist_position or "?"
        )
        return head + "\n\n" + event_card(t, event, zone, names, registration=result.status)
    head = "✅ " + t("You are registered for “{title}”.").format(title=h(cut(event.title, 150)))
    join_link = may_see_join_link(result.status)
    card = event_card(t, event, zone, names, registration=result.status, join_link=join_link)
    if not event.online_url:
        card += "\n" + t("There is no online link for this event.")
    return head + "\n\n" + card


def unregistered(t: Tr, event: Event, done: bool) -> str:
    if not done:
        return t("You were not registered for “{title}”.").format(title=h(cut(event.title, 150)))
    return "↩️ " + t("You are no longer registered for “{title}”.").format(title=h(cut(event.title, 150)))


def reminder_set(t: Tr, event: Event) -> str:
    return t("I will remind you before “{title}”.").format(title=cut(event.title, 120))


def my_events(t: Tr, items: list[MyEvent], zone: str, names: Names) -> str:
    if not items:
        return t("You have no registrations or reminders yet. Ask me about events, or try /upcoming.")
    cards = [
        event_card(
            t,
            m.event,
            zone,
            names,
            number=i + 1,
            registration=m.status,
            reminder=m.reminder,
            join_link=may_see_join_link(m.status),
        )
        for i, m in enumerate(items)
    ]
    return "<b>" + t("My events") + "</b>\n\n" + "\n\n".join(cards)


def ics_caption(t: Tr, event: Event) -> str:
    text = t("“{title}” for your calendar: open the file to add it (download once; it does not update).")
    return text.format(title=h(cut(event.title, 200)))


def feeds(t: Tr, base: str, personal: str) -> str:
    webcal = "webcal://" + base.split("://", 1)[-1]
    lines = [
        "<b>" + t("Calendar feeds") + "</b>",
        t("All events (subscribe, it updates itself):"),
        f"{h(base)}/calendars/all.ics",
        f"{h(webcal)}/calendars/all.ics",
        "",
        t("Your personal feed (your registrations, with join links; keep it private):"),
        h(personal),
        "",
        t("Send /feeds reset to revoke this link and get a new one."),
    ]
    return "\n".join(lines)


def feed_reset(t: Tr, personal: str) -> str:
    return t("Your old personal feed link no longer works. The new one:") + "\n" + h(personal)


def forget_confirm(t: Tr) -> str:
    return t(
        "This deletes everything I store about you: settings, registrations, reminders and "
        "subscriptions. Are you sure?"
    )


def forgotten(t: Tr) -> str:
    return t("Done: I deleted everything I stored about you. Send /start to begin again.")


def kept(t: Tr) -> str:
    return t("Nothing was deleted.")


def browse(t: Tr, what: str) -> str:
    titles = {
        "topics": t("Choose a programme:"),
        "audiences": t("Choose an audience:"),
        "regions": t("Choose a region:"),
    }
    return titles[what]


def expired(t: Tr) -> str:
    return t("This button has expired. Please ask again.")


def failed(t: Tr) -> str:
    return t("Sorry, something went wrong on my side. Please try again in a moment.")


def inline_text(t: Tr, event: Event, zone: str, names: Names) -> str:
    """An event shared into any chat: the card and the registration page (never the join link)."""
    card = event_card(t, event, zone, names)
    if event.registration_url:
        card += "\n" + t("Registration page: {url}").format(url=h(event.registration_url))
    return card[:MESSAGE_LIMIT]
