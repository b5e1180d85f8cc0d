"""What the bot says: greeting, help, event cards, lists, confirmations (HTML, escaped, localised).

Every function takes the participant's :class:`~brs_coord.bot.i18n.Tr`; data from the store is
escaped here (with text_base and understood, this module's parts) and nowhere else, and cut to fit
Telegram's limits.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..domain import Event, EventKind, Status
from ..records import RegistrationStatus
from ..services.describe import help_lines
from ..services.participants import Participant
from ..services.registrations import MyEvent, RegistrationResult
from ..services.reminders import DEFAULT_LEADS
from .cards import NOBODY, Mine, event_card, list_line
from .cards import when as when  # re-exported: inline results and the tests read it here
from .i18n import Tr
from .leads import leads_phrase
from .search import Found
from .text_base import KIND_NAMES as KIND_NAMES  # re-exported: the text basics, as before they moved
from .text_base import KIND_PLURALS
from .text_base import Names as Names
from .text_base import cut as cut
from .text_base import h as h
from .understood import understood_line

MESSAGE_LIMIT = 4096


def cut_html(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with '…', never inside an entity (``&lt;``) or a tag: a
    cut one would be refused by Telegram ("can't parse entities") and the message lost."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if cut.rfind("&") > cut.rfind(";"):
        cut = cut[: cut.rfind("&")]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    return cut + "…"
PAGE_SIZE = 5
MY_EVENTS = 10  # lines (and number buttons) in /myevents


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
        "/language — " + t("the language I answer in (in a group, its administrators choose it)"),
        "/feeds — " + t("calendar feeds for your calendar app"),
        "/certificate — " + t("a certificate of attendance for an event you attended"),
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


def unknown_command(t: Tr, command: str) -> str:
    """A command the bot does not have: said, then the short help."""
    said = t("I do not know the command {command}.").format(command=h(cut(command, 40)))
    return said + "\n\n" + non_question(t)


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


def results(
    t: Tr, found: Found, offset: int, zone: str, names: Names, mine: Mapping[int, Mine], *,
    shared: bool = False,
) -> str:
    """A page of results: what was understood (and not), then one line per event (its number button
    opens the card) and the online events also open to the countries named; help for a message that
    is not a question. ``shared`` (a group): times in each event's own zone, nobody's marks."""
    head = understood_line(t, found.understood, zone, found.vocabulary)
    if found.understood.help:  # its words are stop words, or in a language not read: help says so
        return non_question(t)
    also = "\n\n🌐 " + h(found.also_open.label) if found.also_open and found.also_open.total else ""
    if not found.events:
        return t.directed(head + "\n\n" + nothing_found(t, found) + also)
    last = offset + len(found.events)
    count = t("Events {first}–{last} of {total}:").format(first=offset + 1, last=last, total=found.total_text)
    lines = [
        list_line(t, e, None if shared else zone, offset + i + 1, mine.get(e.id, NOBODY),
                  ongoing=e.uid in found.ongoing)
        for i, e in enumerate(found.events)
    ]
    return cut_html(t.directed(head + "\n" + count + "\n\n" + "\n".join(lines) + also))


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


def registered_head(t: Tr, result: RegistrationResult) -> str:
    """The line above the card after Register: registered, or on the waiting list (and where)."""
    title = h(cut(result.event.title_in(t.language), 150))
    if result.status is RegistrationStatus.WAITLISTED:
        return "⏳ " + t("“{title}” is full. You are on the waiting list (place {n}).").format(
            title=title, n=result.waitlist_position or "?"
        )
    head = "✅ " + t("You are registered for “{title}”.").format(title=title)
    if not result.event.online_url:
        head += " " + t("There is no online link for this event.")
    return head


def unregistered(t: Tr, event: Event, done: bool) -> str:
    title = h(cut(event.title_in(t.language), 150))
    if not done:
        return t("You were not registered for “{title}”.").format(title=title)
    return "↩️ " + t("You are no longer registered for “{title}”.").format(title=title)


def reminder_set(t: Tr, event: Event, leads: tuple[int, ...]) -> str:
    """The answer to Remind me: when ("1 day and 1 hour before")."""
    return t("I will remind you {when} “{title}”.").format(
        when=leads_phrase(t, leads), title=cut(event.title_in(t.language), 100)
    )


def reminders_off(t: Tr) -> str:
    """Remind me while the participant chose "No reminders": what turning them on gives."""
    return "⏰ " + t(
        "Reminders are off in your settings, so I would not remind you. Turn them on: {when}?"
    ).format(when=leads_phrase(t, DEFAULT_LEADS))


def my_events(t: Tr, items: list[MyEvent], zone: str, leads: tuple[int, ...]) -> str:
    """/myevents: one line per registration or reminder (the numbers open the cards)."""
    if not items:
        return t("You have no registrations or reminders yet. Ask me about events, or try /upcoming.")
    lines = [
        list_line(t, m.event, zone, i + 1, Mine(m.status, m.reminder, leads))
        for i, m in enumerate(items[:MY_EVENTS])
    ]
    rest = len(items) - MY_EVENTS
    more = [t.n("… and {count} more event.", "… and {count} more events.", rest).format(count=rest)]
    more = more if rest > 0 else []
    return t.directed("<b>" + t("My events") + "</b>\n\n" + "\n".join(lines + more))


def ics_caption(t: Tr, event: Event) -> str:
    text = t("“{title}” for your calendar: open the file to add it (download once; it does not update).")
    return text.format(title=h(cut(event.title_in(t.language), 200)))


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


def inline_text(t: Tr, event: Event, zone: str | None, names: Names) -> str:
    """An event shared into any chat: the card and the registration page (never the join link)."""
    card = event_card(t, event, zone, names)
    if event.registration_url and event.status is not Status.CANCELLED:
        card += "\n" + t("Registration page: {url}").format(url=h(event.registration_url))
    return cut_html(card)
