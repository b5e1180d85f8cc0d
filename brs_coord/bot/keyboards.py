"""Inline keyboards: set-up and settings, browsing, /forget (events: event_keyboards)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..languages import INTERFACE_LANGUAGES
from .callbacks import CallbackCodec
from .i18n import Tr
from .leads import LEAD_NAMES, NO_REMINDERS, lead_name
from .texts import Names, cut

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


def languages(
    t: Tr, codec: CallbackCodec, current: str | None = None, *, action: str = "lg", none: str | None = None
) -> InlineKeyboardMarkup:
    """The interface languages, each in its own name, three a row; the current one ticked (``none``:
    the label of a last button for no language, code "-", ticked when ``current`` is None; ``action``
    "lgs" for the picker under the /start greeting, whose choice rewrites the greeting)."""
    buttons = [
        InlineKeyboardButton(
            ("✓ " if code == current else "") + name, callback_data=codec.encode(action, code)
        )
        for code, name in INTERFACE_LANGUAGES.items()
    ]
    rows = _rows(buttons, 3)
    if none is not None:
        label = ("✓ " if current is None else "") + none
        rows.append([InlineKeyboardButton(label, callback_data=codec.encode(action, "-"))])
    return InlineKeyboardMarkup(rows)


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
