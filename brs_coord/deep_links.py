"""Deep links into the private chat with the bot: ``https://t.me/<bot>?start=<payload>``.

Shared by every face: the bot answers presses in groups with them, the TUI and the event's .ics and
feeds show an event's link (``det-<id>``: its card) beside its web link when the bot's public
username is known (``BRS_BOT_USERNAME``, or the one the bot learnt from Telegram; see
``services/bot_links.py``); without one no link is made up.

In a group or channel the bot never registers anyone, sets no reminder and shows no join link
(``rules.is_personal_chat``); a press there answers with a link that opens the private chat with
``/start <payload>``, and the action is finished there, where notices can reach the person.

Telegram allows payloads of 1–64 characters from ``[A-Za-z0-9_-]``; anyone can type one, so a payload
carries nothing secret: it names an action the private chat would allow anyway (``reg-42``: register
for event 42; ``rem-42``, ``det-42``, ``ics-42``; ``ser-7``: series 7's card, where the whole
series is registered for; ``my``: /myevents; ``feeds``: /feeds; ``help``: /help;
``settings``: /settings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PAYLOAD = 64
TELEGRAM_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
BOT_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")  # Telegram: 5-32 characters, a bot's ends in "bot"
EVENT_ACTIONS = ("reg", "rem", "det", "ics")  # register, remind me, details, add to calendar
SERIES_CARD = "ser"  # a series' card (its id in ``event_id``)
_ID_ACTIONS = (*EVENT_ACTIONS, SERIES_CARD)
COMMANDS = ("my", "feeds", "help", "settings")  # /myevents, /feeds, /help, /settings
_ID_PAYLOAD = re.compile(rf"({'|'.join(_ID_ACTIONS)})-([1-9][0-9]{{0,11}})")


@dataclass(frozen=True)
class DeepLink:
    """What a ``/start`` payload asks for: an action on an event (or a series' card: ``SERIES_CARD``),
    or a personal command (event_id 0)."""

    action: str
    event_id: int = 0

    @property
    def payload(self) -> str:
        return f"{self.action}-{self.event_id}" if self.action in _ID_ACTIONS else self.action


def deep_link(username: str, link: DeepLink) -> str:
    """The t.me address that opens the private chat with the bot and sends ``/start <payload>``."""
    payload = link.payload
    if not TELEGRAM_PAYLOAD.fullmatch(payload):  # never: every DeepLink fits
        raise ValueError(f"not a Telegram start payload: {payload!r}")
    return f"https://t.me/{username}?start={payload}"


def bot_username(text: str) -> str | None:
    """A bot's public username as written ("@brs_bot" or "brs_bot"); None when it cannot be one."""
    name = text.strip().removeprefix("@")
    return name if BOT_USERNAME.fullmatch(name) and name.lower().endswith("bot") else None


def event_link(username: str, event_id: int) -> str:
    """The link that opens an event's card in the bot (what staff and participants share)."""
    return deep_link(username, DeepLink("det", event_id))


def parse(payload: str) -> DeepLink | None:
    """The deep link a ``/start`` payload names; None when it is malformed or unknown."""
    if not TELEGRAM_PAYLOAD.fullmatch(payload):
        return None
    if payload in COMMANDS:
        return DeepLink(payload)
    found = _ID_PAYLOAD.fullmatch(payload)
    return DeepLink(found.group(1), int(found.group(2))) if found else None
