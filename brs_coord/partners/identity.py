"""The keys an imported event is recognised by besides its upstream UID: its normalised title, and
the per-source fallback key (normalised title + local date + local time in the source's zone)."""

from __future__ import annotations

import re
import unicodedata
from zoneinfo import ZoneInfo

from .upstream import Precision, UpstreamEvent

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def title_key(title: str) -> str:
    """Case, accents, punctuation and spacing left out: 'Atelier : E-Waste' ~ 'atelier e waste'."""
    folded = unicodedata.normalize("NFKD", title.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def fallback_key(event: UpstreamEvent, zone: str) -> str:
    """Normalised title, local date and (for timed events) local time in ``zone``."""
    if event.precision is Precision.TIMED:
        local = event.starts.astimezone(ZoneInfo(zone))
        return f"{title_key(event.title)}|{local:%Y-%m-%d}|{local:%H:%M}"
    return f"{title_key(event.title)}|{event.starts:%Y-%m-%d}|day"
