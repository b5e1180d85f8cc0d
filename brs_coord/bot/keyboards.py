"""Inline keyboards: event actions, pagination, set-up and settings, browsing, /forget."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..domain import Event
from ..languages import INTERFACE_LANGUAGES
from ..rules import takes_registrations
from .callbacks import CallbackCodec
from .i18n import Tr
from .settings_texts import LEAD_NAMES, NO_REMINDERS, lead_name
from .texts import Names, cut

MAX_SUGGESTIONS = 3  # "Did you mean" buttons under an answer

SETUP = "s"  # flow: the /start set-up (goes on to the next step)
SETTINGS = "c"  # flow: one change from /settings

TIMEZONE_AREAS: dict[str, tuple[str, ...]] = {
    "africa": (
        "Africa/Abidjan",
        "Africa/Accra",
        "Africa/Addis_Ababa",
        "Africa/Cairo",
        "Africa/Casablanca",
        "Africa/Dakar",
        "Africa/Johannesburg",
        "Africa/Kinshasa",
        "Africa/Lagos",
        "Africa/Nairobi",
    ),
    "americas": (
        "America/Bogota",
        "America/Argentina/Buenos_Aires",
        "America/Havana",
        "America/Lima",
        "America/Mexico_City",
        "America/New_York",
        "America/Panama",
        "America/Santiago",
        "America/Sao_Paulo",
        "America/Port_of_Spain",
    ),
    "asia": (
        "Asia/Bangkok",
        "Asia/Dhaka",
        "Asia/Dubai",
        "Asia/Jakarta",
        "Asia/Karachi",
        "Asia/Kolkata",
        "Asia/Manila",
        "Asia/Riyadh",
        "Asia/Shanghai",
        "Asia/Tokyo",
    ),
    "europe": (
        "Europe/Berlin",
        "Europe/Brussels",
        "Europe/Zurich",
        "Europe/Kyiv",
        "Europe/London",
        "Europe/Madrid",
        "Europe/Moscow",
        "Europe/Paris",
        "Europe/Rome",
        "Europe/Warsaw",
    ),
    "pacific": (
        "Pacific/Auckland",
        "Pacific/Fiji",
        "Pacific/Port_Moresby",
        "Australia/Sydney",
        "Pacific/Apia",
        "Pacific/Noumea",
    ),
}


def _rows(buttons: list[InlineKeyboardButton], columns: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + columns] for i in range(0, len(buttons), columns)]


def event_actions(
    t: Tr,
    codec: CallbackCodec,
    event: Event,
    number: int | None,
    registration: str | None,
    reminder: bool,
) -> list[list[InlineKeyboardButton]]:
    """Two rows of buttons for one event (numbered to match its card)."""
    mark = f"{number} · " if number is not None else ""
    first = [
        InlineKeyboardButton(mark + "📅 " + t("Add to calendar"), callback_data=codec.encode("ics", event.id))
    ]
    open_for_registration = takes_registrations(event.status)
    if registration:
        first.append(
            InlineKeyboardButton(mark + "↩️ " + t("Unregister"), callback_data=codec.encode("unr", event.id))
        )
    elif open_for_registration:
        first.append(
            InlineKeyboardButton(mark + "✅ " + t("Register"), callback_data=codec.encode("reg", event.id))
        )
    second = []
    if not reminder and open_for_registration:
        second.append(
            InlineKeyboardButton(mark + "⏰ " + t("Remind me"), callback_data=codec.encode("rem", event.id))
        )
    second.append(
        InlineKeyboardButton(mark + "ℹ️ " + t("Details"), callback_data=codec.encode("det", event.id))
    )
    second.append(
        InlineKeyboardButton(mark + "🔎 " + t("More like this"), callback_data=codec.encode("mlt", event.id))
    )
    return [first, second]


def results(
    t: Tr,
    codec: CallbackCodec,
    events: list[Event],
    offset: int,
    total: int,
    search_id: int,
    statuses: Mapping[int, str],
    reminders: set[int],
    page: int = 5,
    suggested: tuple[tuple[str, str], ...] = (),
    also_open: tuple[int, int] | None = None,  # (how many, stored search id) of the answer's second part
) -> InlineKeyboardMarkup | None:
    """Each event's buttons, a "Did you mean: workshops?" button per close name of a word not
    understood (pressed: the question again with the word replaced), then paging."""
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(
            t("Did you mean: {name}?").format(name=cut(name, 40)),
            callback_data=codec.encode("dym", search_id, number),
        )]
        for number, (_, name) in enumerate(suggested[:MAX_SUGGESTIONS])
    ]
    for i, event in enumerate(events):
        rows += event_actions(t, codec, event, offset + i + 1, statuses.get(event.id), event.id in reminders)
    nav = []
    if offset > 0:
        nav.append(
            InlineKeyboardButton(
                t("‹ Previous"), callback_data=codec.encode("pg", search_id, max(0, offset - page))
            )
        )
    if offset + len(events) < total:
        nav.append(
            InlineKeyboardButton(t("Next ›"), callback_data=codec.encode("pg", search_id, offset + page))
        )
    if nav:
        rows.append(nav)
    if also_open is not None:
        count, also_id = also_open
        rows.append([InlineKeyboardButton(
            t.n("🌐 List the {count} online event open there",
                "🌐 List the {count} online events open there", count).format(count=count),
            callback_data=codec.encode("ao", also_id),
        )])
    return InlineKeyboardMarkup(rows) if rows else None


def single_event(
    t: Tr, codec: CallbackCodec, event: Event, registration: str | None, reminder: bool
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(event_actions(t, codec, event, None, registration, reminder))


def timezone_areas(t: Tr, codec: CallbackCodec, flow: str) -> InlineKeyboardMarkup:
    labels = {
        "africa": t("Africa"),
        "americas": t("Americas"),
        "asia": t("Asia"),
        "europe": t("Europe"),
        "pacific": t("Pacific"),
    }
    buttons = [
        InlineKeyboardButton(labels[a], callback_data=codec.encode("tza", a, flow)) for a in TIMEZONE_AREAS
    ]
    buttons.append(InlineKeyboardButton("UTC", callback_data=codec.encode("tz", "UTC", flow)))
    rows = _rows(buttons, 3)
    return InlineKeyboardMarkup(rows + _skip(t, codec, "tz", flow))


def zones(
    t: Tr, codec: CallbackCodec, names: list[str], flow: str, *, back: bool = True
) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(t.city(z), callback_data=codec.encode("tz", z, flow)) for z in names]
    rows = _rows(buttons, 2)
    if back:
        rows.append(
            [
                InlineKeyboardButton(
                    t("‹ Back"), callback_data=codec.encode("set", "tz" if flow == SETTINGS else "tzs")
                )
            ]
        )
    return InlineKeyboardMarkup(rows + _skip(t, codec, "tz", flow))


def country_regions(t: Tr, codec: CallbackCodec, names: Names, flow: str) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(names.region(r.slug), callback_data=codec.encode("cr", r.id, flow))
        for r in names.choices.regions
        if any(c.region == r.slug for c in names.choices.countries)
    ]
    return InlineKeyboardMarkup(_rows(buttons, 2) + _skip(t, codec, "cy", flow))


def countries(t: Tr, codec: CallbackCodec, names: Names, codes: list[str], flow: str) -> InlineKeyboardMarkup:
    labelled = sorted((names.country(code) or code, code) for code in codes)
    buttons = [
        InlineKeyboardButton(cut(label, 30), callback_data=codec.encode("cy", code, flow))
        for label, code in labelled
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3) + _skip(t, codec, "cy", flow))


def audiences(t: Tr, codec: CallbackCodec, names: Names, flow: str) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(cut(names.audience(a.slug), 40), callback_data=codec.encode("au", a.id, flow))
        for a in names.choices.audiences
    ]
    return InlineKeyboardMarkup(_rows(buttons, 2) + _skip(t, codec, "au", flow))


def _skip(t: Tr, codec: CallbackCodec, step: str, flow: str) -> list[list[InlineKeyboardButton]]:
    label = t("Skip ›") if flow == SETUP else t("Cancel")
    return [[InlineKeyboardButton(label, callback_data=codec.encode("skip", step, flow))]]


def settings(t: Tr, codec: CallbackCodec) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("Language"), callback_data=codec.encode("set", "lang")),
                InlineKeyboardButton(t("Time zone"), callback_data=codec.encode("set", "tz")),
            ],
            [
                InlineKeyboardButton(t("Country"), callback_data=codec.encode("set", "country")),
                InlineKeyboardButton(t("Audience"), callback_data=codec.encode("set", "audience")),
            ],
            [
                InlineKeyboardButton(t("Reminders"), callback_data=codec.encode("set", "lead")),
                InlineKeyboardButton(t("Quiet hours"), callback_data=codec.encode("set", "quiet")),
            ],
        ]
    )


def _back_to_settings(t: Tr, codec: CallbackCodec) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t("‹ Back"), callback_data=codec.encode("set", "menu"))]


def reminder_leads(t: Tr, codec: CallbackCodec, chosen: tuple[int, ...]) -> InlineKeyboardMarkup:
    """One toggle per offered lead time (✅ when on), "No reminders", and back to the settings."""
    buttons = [
        InlineKeyboardButton(("✅ " if minutes in chosen else "▫️ ") + lead_name(t, minutes),
                             callback_data=codec.encode("ld", minutes))
        for minutes in LEAD_NAMES
    ]
    none = ("✅ " if not chosen else "▫️ ") + t("No reminders")
    rows = _rows(buttons, 2)
    rows.append([InlineKeyboardButton(none, callback_data=codec.encode("ld", NO_REMINDERS))])
    return InlineKeyboardMarkup([*rows, _back_to_settings(t, codec)])


def quiet_hours(t: Tr, codec: CallbackCodec, start: int | None = None) -> InlineKeyboardMarkup:
    """The 24 hours: quiet from which (``start`` None), or until which; "Off" and back below."""
    if start is None:
        buttons = [InlineKeyboardButton(f"{hour:02d}:00", callback_data=codec.encode("qs", hour))
                   for hour in range(24)]
    else:
        buttons = [InlineKeyboardButton(f"{hour:02d}:00", callback_data=codec.encode("qe", start, hour))
                   for hour in range(24) if hour != start]
    rows = _rows(buttons, 6)
    rows.append([InlineKeyboardButton(t("No quiet hours"), callback_data=codec.encode("qx"))])
    return InlineKeyboardMarkup([*rows, _back_to_settings(t, codec)])


def languages(t: Tr, codec: CallbackCodec, current: str | None = None) -> InlineKeyboardMarkup:
    """The interface languages, each in its own name, three a row; the current one ticked."""
    buttons = [
        InlineKeyboardButton(("✓ " if code == current else "") + name, callback_data=codec.encode("lg", code))
        for code, name in INTERFACE_LANGUAGES.items()
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def browse(codec: CallbackCodec, action: str, items: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(cut(label, 60), callback_data=codec.encode(action, item_id))
        for item_id, label in items
    ]
    return InlineKeyboardMarkup(_rows(buttons, 1 if action == "top" else 2))


def forget(t: Tr, codec: CallbackCodec) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("Yes, delete everything"), callback_data=codec.encode("fgt", "yes")),
                InlineKeyboardButton(t("No, keep it"), callback_data=codec.encode("fgt", "no")),
            ]
        ]
    )


def swap(
    t: Tr, codec: CallbackCodec, markup: InlineKeyboardMarkup, event_id: int, old: str, new: str | None
) -> InlineKeyboardMarkup | None:
    """The keyboard with the ``old`` action button of an event replaced by ``new`` (or removed);
    None when there was no such button."""
    labels = {"reg": "✅ " + t("Register"), "unr": "↩️ " + t("Unregister")}
    icons = {"reg": "✅", "unr": "↩️", "rem": "⏰"}
    rows: list[list[InlineKeyboardButton]] = []
    found = False
    for row in markup.inline_keyboard:
        kept: list[InlineKeyboardButton] = []
        for button in row:
            try:
                decoded = codec.decode(button.callback_data)
            except Exception:
                kept.append(button)
                continue
            if decoded.action == old and decoded.int() == event_id:
                found = True
                if new is not None:
                    mark = button.text.split(icons[old])[0]
                    kept.append(
                        InlineKeyboardButton(mark + labels[new], callback_data=codec.encode(new, event_id))
                    )
                continue
            kept.append(button)
        if kept:
            rows.append(kept)
    return InlineKeyboardMarkup(rows) if found else None
