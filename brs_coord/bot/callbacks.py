"""Compact, versioned, signed callback data: ``1:reg:42:Xy3_aB`` (version, action, args, signature).

Telegram allows 1–64 bytes and a client can send any bytes back, so every button's data carries a
short HMAC made with a key derived from the bot token. Data that does not decode, has another
version, a bad signature or the wrong arguments is :class:`Expired`: the bot answers "this button
has expired" and does nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64
_ARG = re.compile(r"^[A-Za-z0-9_+\-/.]{0,40}$")
_INT = re.compile(r"^\d{1,12}$")

# action -> argument kinds: "i" integer, "s" short string
ACTIONS: dict[str, str] = {
    "ics": "i",  # add to calendar
    "reg": "i",  # register
    "unr": "i",  # unregister
    "rem": "i",  # remind me
    "det": "i",  # details
    "ev": "i",  # a list's number button: the event's card
    "rmo": "i",  # turn reminders on (they were off) and remind me of this event
    "mlt": "i",  # more like this
    "pg": "ii",  # page of a stored search: search id, offset
    "dym": "ii",  # "Did you mean": stored search id, number of the suggestion
    "ao": "i",  # the online events open to the countries of an answer: stored search id
    "tza": "ss",  # time zone area, flow
    "tz": "ss",  # time zone, flow
    "cr": "is",  # countries of a region id, flow
    "cy": "ss",  # country code, flow
    "au": "is",  # audience id (0 = none), flow
    "lg": "s",  # language
    "glg": "s",  # a group's language ("-": none), set by its administrators
    "lgs": "s",  # language chosen under the /start greeting
    "set": "s",  # settings menu entry
    "skip": "ss",  # skip a set-up step, flow
    "fgt": "s",  # forget: yes / no
    "top": "i",  # browse: programme id
    "bau": "i",  # browse: audience id
    "brg": "i",  # browse: region id
    # notices (issue #8)
    "stp": "i",  # "stop these": outbox id of the notice
    "ofy": "i",  # confirm an offered place: event id
    "ofn": "i",  # decline an offered place: event id
    "sbf": "s",  # /subscribe: show one facet
    "sbt": "si",  # /subscribe: toggle value number i of a facet
    "ld": "i",  # /settings: switch a reminder lead time (minutes) on or off; 0 = no reminders
    "qs": "i",  # /settings: quiet hours from this hour
    "qe": "ii",  # /settings: quiet hours from, until (hours)
    "qx": "",  # /settings: quiet hours off
    "crt": "i",  # a certificate of attendance for an event
    # evaluations after an event (issue 18): event id and the answer
    "evu": "ii",  # usefulness 1-5
    "eva": "is",  # will apply: yes / partly / no
    "evs": "i",  # skip the comment
}


class Expired(Exception):
    """Callback data that this bot did not make, or no longer understands."""


@dataclass(frozen=True)
class Button:
    action: str
    args: tuple[str, ...]

    def int(self, index: int = 0) -> int:
        return int(self.args[index])


class CallbackCodec:
    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(f"brs-coord callbacks|{secret}".encode()).digest()

    def _sign(self, body: str) -> str:
        digest = hmac.new(self._key, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:6]).decode().rstrip("=")

    def encode(self, action: str, *args: object) -> str:
        kinds = ACTIONS[action]
        values = [str(a) for a in args]
        if len(values) != len(kinds):
            raise ValueError(f"{action} takes {len(kinds)} argument(s), got {values}")
        for kind, value in zip(kinds, values, strict=True):
            if not (_INT if kind == "i" else _ARG).match(value):
                raise ValueError(f"bad callback argument {value!r} for {action}")
        body = ":".join([VERSION, action, *values])
        data = f"{body}:{self._sign(body)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    def decode(self, data: object) -> Button:
        # Data this codec makes is ASCII; anything else (even a lone surrogate) is not ours.
        if not isinstance(data, str) or not data.isascii() or not 0 < len(data) <= MAX_BYTES:
            raise Expired("not callback data")
        body, _, signature = data.rpartition(":")
        parts = body.split(":")
        if len(parts) < 2 or parts[0] != VERSION or parts[1] not in ACTIONS:
            raise Expired("unknown version or action")
        if not hmac.compare_digest(signature, self._sign(body)):
            raise Expired("bad signature")
        action, args = parts[1], tuple(parts[2:])
        kinds = ACTIONS[action]
        if len(args) != len(kinds) or any(
            not (_INT if k == "i" else _ARG).match(a) for k, a in zip(kinds, args, strict=True)
        ):
            raise Expired("bad arguments")
        return Button(action, args)

    def pattern(self, action: str) -> Callable[[object], bool]:
        """For ``CallbackQueryHandler(pattern=...)``: valid data for this action."""

        def matches(data: object) -> bool:
            try:
                return self.decode(data).action == action
            except Expired:
                return False

        return matches
