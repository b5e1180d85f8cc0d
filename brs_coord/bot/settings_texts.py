"""What /settings says: the summary of every setting, reminder times and quiet hours (HTML, localised)."""

from __future__ import annotations

from ..languages import INTERFACE_LANGUAGES
from ..services.participants import Participant
from ..services.reminders import MAX_LEADS
from .i18n import Tr
from .leads import lead_name
from .texts import Names, h, settings_text


def leads_line(t: Tr, leads: tuple[int, ...]) -> str:
    names = ", ".join(lead_name(t, lead) for lead in sorted(leads, reverse=True))
    return t("Reminders: {value}").format(value=h(names or t("none")))


def quiet_hours(t: Tr, start: str | None, end: str | None) -> str:
    """ "22:00–07:00", or "off"."""
    return f"{start}–{end}" if start and end and start != end else t("off")


def quiet_line(t: Tr, p: Participant) -> str:
    return t("Quiet hours: {value}").format(value=h(quiet_hours(t, p.quiet_start, p.quiet_end)))


def settings_summary(t: Tr, p: Participant, names: Names) -> str:
    """Every setting of the participant: language, zone, country, audience, reminders, quiet hours."""
    return "\n".join([settings_text(t, p, names), leads_line(t, p.reminder_leads), quiet_line(t, p)])


def reminders_prompt(t: Tr, leads: tuple[int, ...]) -> str:
    return "\n".join([
        t("<b>Reminders</b> before the events you registered for or asked to be reminded of."),
        t("Tap a time to switch it on or off (at most {count}).").format(count=MAX_LEADS),
        "",
        leads_line(t, leads),
    ])


def too_many_leads(t: Tr) -> str:
    return t.n("At most {count} reminder time: switch it off first.",
               "At most {count} reminder times: switch one off first.", MAX_LEADS).format(count=MAX_LEADS)


def quiet_start_prompt(t: Tr, p: Participant) -> str:
    return "\n".join([
        t(
            "<b>Quiet hours</b>: no notices then, except urgent ones such as cancellations; "
            "they arrive when the quiet hours end. Hours are in your time zone ({zone})."
        ).format(zone=h(p.timezone)),
        quiet_line(t, p),
        "",
        t("Quiet from which hour?"),
    ])


def quiet_end_prompt(t: Tr, start: str) -> str:
    return t("<b>Quiet hours</b> from {start}. Until which hour?").format(start=h(start))


def quiet_saved(t: Tr, start: str | None, end: str | None) -> str:
    return t("Quiet hours: {value}").format(value=quiet_hours(t, start, end))


def language_picked(t: Tr, language: str, telegram_code: str | None, *, chosen: bool = False) -> str:
    """The line under the /start greeting: which language the bot writes in, and why (read from
    the Telegram app's language, the participant's own choice, or English for want of a better one;
    a returning participant's earlier choice is kept over the app's language)."""
    name = t.language_name(language)  # in running text: "en français", "en español"
    telegram = (telegram_code or "").split("-")[0].split("_")[0].lower()
    if not chosen and telegram == language:
        return t("I write to you in {language}, the language of your Telegram app. Another one?").format(
            language=name)
    if not chosen and telegram and telegram not in INTERFACE_LANGUAGES:
        return t("Your Telegram app is in a language I do not write ({code}), so I write to you in "
                 "{language}. Another one?").format(code=h(telegram), language=name)
    if not chosen and not telegram:
        return t("I write to you in {language}. Another one?").format(language=name)
    return t("I write to you in {language}, the language you chose. Another one?").format(language=name)
