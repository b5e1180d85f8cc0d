"""Keyboards of events: a list's number buttons and paging, a card's actions, a shared card's links.

Labels fit a 360-px-wide phone: Telegram shows about :data:`ROW_CHARS` characters on a full-width
button and shares a row evenly, so a label longer than its share is cut at a word with an ellipsis
(never mid-word by the client), and a card puts two actions on a row only when both fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..deep_links import DeepLink, deep_link
from ..domain import Event, Status
from ..rules import is_reminded, takes_registrations
from .callbacks import CallbackCodec
from .cards import Mine
from .i18n import Tr
from .text_base import cut

ROW_CHARS = 36  # characters a full-width button shows on a 360-px phone (emoji count as two)
MAX_SUGGESTIONS = 3  # "Did you mean" buttons under an answer


def width(label: str) -> int:
    """Characters a label takes on a button (an emoji or a symbol above U+2000 is about two; a
    variation selector nothing)."""
    return sum(_char_width(ord(char)) for char in label)


def _char_width(code: int) -> int:
    if 0xFE00 <= code <= 0xFE0F:
        return 0
    return 2 if code >= 0x2000 and not 0x2010 <= code <= 0x203A else 1


def fit(label: str, per_row: int = 1) -> str:
    """The label cut to its share of a row (at a word, with an ellipsis)."""
    budget = ROW_CHARS // per_row - (1 if per_row > 1 else 0)
    while width(label) > budget and len(label) > 2:
        label = cut(label, len(label) - 1)
    return label


def pack(buttons: Sequence[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    """Two buttons on a row when both labels fit half a row, else one per row (cut to fit)."""
    rows: list[list[InlineKeyboardButton]] = []
    half = ROW_CHARS // 2 - 1
    pending: InlineKeyboardButton | None = None
    for button in buttons:
        if width(button.text) > half:
            if pending is not None:  # keep the order: the short one waiting goes first, alone
                rows.append([pending])
                pending = None
            rows.append([_refit(button, 1)])
        elif pending is None:
            pending = button
            continue
        else:
            rows.append([pending, button])
            pending = None
    if pending is not None:
        rows.append([pending])
    return rows


def _refit(button: InlineKeyboardButton, per_row: int) -> InlineKeyboardButton:
    text = fit(button.text, per_row)
    if text == button.text:
        return button
    return InlineKeyboardButton(text, callback_data=button.callback_data, url=button.url)


def results(
    t: Tr,
    codec: CallbackCodec,
    events: list[Event],
    offset: int,
    total: int,
    search_id: int,
    page: int = 5,
    suggested: tuple[tuple[str, str], ...] = (),
    also_open: tuple[int, int] | None = None,  # (how many, stored search id) of the answer's second part
) -> InlineKeyboardMarkup | None:
    """"Did you mean: workshops?" per close name of a word not understood, one number button per
    event (it opens the card), paging, and the online events also open to the countries named."""
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(
            fit(t("Did you mean: {name}?").format(name=cut(name, 40))),
            callback_data=codec.encode("dym", search_id, number),
        )]
        for number, (_, name) in enumerate(suggested[:MAX_SUGGESTIONS])
    ]
    rows += numbers(codec, events, offset)
    nav = []
    if offset > 0:
        nav.append(InlineKeyboardButton(
            t("‹ Previous"), callback_data=codec.encode("pg", search_id, max(0, offset - page))
        ))
    if offset + len(events) < total:
        nav.append(InlineKeyboardButton(
            t("Next ›"), callback_data=codec.encode("pg", search_id, offset + page)
        ))
    if nav:
        rows.append([_refit(b, len(nav)) for b in nav])
    if also_open is not None:
        count, also_id = also_open
        rows.append([InlineKeyboardButton(
            fit(t.n("🌐 List the {count} online event open there",
                    "🌐 List the {count} online events open there", count).format(count=count)),
            callback_data=codec.encode("ao", also_id),
        )])
    return InlineKeyboardMarkup(rows) if rows else None


def numbers(codec: CallbackCodec, events: list[Event], offset: int = 0) -> list[list[InlineKeyboardButton]]:
    """One button per listed event, numbered as its line, five to a row: each opens the card."""
    buttons = [
        InlineKeyboardButton(str(offset + i + 1), callback_data=codec.encode("ev", event.id))
        for i, event in enumerate(events)
    ]
    return [buttons[i : i + 5] for i in range(0, len(buttons), 5)]


def card(
    t: Tr, codec: CallbackCodec, event: Event, mine: Mine, *, offer_reminders: bool = False
) -> InlineKeyboardMarkup:
    """A card's actions in the private chat, from the stored state: Register or Unregister, Remind me
    (or, when reminders are off and it was pressed, Turn on reminders), Add to calendar (not for a
    cancelled event), More like this."""

    def action(label: str, name: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=codec.encode(name, event.id))

    buttons = []
    open_for_registration = takes_registrations(event.status)
    if mine.registration and event.status is not Status.CANCELLED:
        buttons.append(action("↩️ " + t("Unregister"), "unr"))
    elif open_for_registration:
        buttons.append(action("✅ " + t("Register"), "reg"))
    if offer_reminders:
        buttons.append(action("⏰ " + t("Turn on reminders"), "rmo"))
    elif open_for_registration and not is_reminded(mine.registration, mine.reminder):
        buttons.append(action("⏰ " + t("Remind me"), "rem"))
    if event.status is not Status.CANCELLED:
        buttons.append(action("📅 " + t("Add to calendar"), "ics"))
    if event.status is Status.HELD and mine.attended:
        buttons.append(action("🎓 " + t("Certificate"), "crt"))
    buttons.append(action("🔎 " + t("More like this"), "mlt"))
    return InlineKeyboardMarkup(pack(buttons))


def shared_card(t: Tr, username: str, event: Event) -> InlineKeyboardMarkup:
    """A card seen by many (a group, an inline result): links that open the event in the private chat,
    where registering and reminders can reach the person."""

    def link(label: str, name: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, url=deep_link(username, DeepLink(name, event.id)))

    buttons = [link("✅ " + t("Register"), "reg")] if takes_registrations(event.status) else []
    buttons.append(link("ℹ️ " + t("Open in the bot"), "det"))
    return InlineKeyboardMarkup(pack(buttons))
