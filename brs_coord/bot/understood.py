"""The bot's wording of the "I understood" line (the line itself: services.describe.understood)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from ..facets import AUDIENCE, KIND, LANGUAGE, PROGRAMME, REGION, STATUS, Facet
from ..services.describe import understood
from .i18n import Tr
from .search import Understood
from .text_base import KIND_PLURALS, Names, cut, h


def _range(t: Tr, u: Understood, zone: str) -> str | None:
    if u.start and u.end:
        last = u.end.astimezone(ZoneInfo(zone))
        last_day = (last - timedelta(seconds=1)) if last.time().isoformat() == "00:00:00" else last
        return t("from {start} to {end}").format(start=t.day(u.start, zone), end=t.day(last_day, zone))
    if u.start:
        return t("from {start}").format(start=t.day(u.start, zone))
    if u.end:
        return t("until {end}").format(end=t.day(u.end, zone))
    return None


class _BotDialect:
    """The bot's wording of "I understood" (HTML, in the participant's language)."""

    def __init__(self, t: Tr, zone: str, names: Names) -> None:
        self.t, self.zone, self.names = t, zone, names

    def value(self, facet: Facet, slug: str) -> str | None:
        if facet is KIND:
            return self.t(KIND_PLURALS.get(slug, slug))
        if facet is PROGRAMME:
            return cut(self.names.programme(slug) or slug, 60)
        if facet is AUDIENCE:
            return self.names.audience(slug)
        if facet is REGION:
            return self.names.region(slug)
        if facet is LANGUAGE:
            return self.t.language_name(slug)
        if facet is STATUS:
            return None  # the cards say each event's status
        return slug.capitalize()  # conventions: their slugs are their names ("basel")

    def when(self, understanding: Understood) -> list[str]:
        period = _range(self.t, understanding, self.zone)
        return [period] if period else []

    def words(self, text: str) -> str:
        return self.t("words “{text}”").format(text=cut(text, 60))

    def everything(self) -> str:
        return self.t("all upcoming events")

    def line(self, parts: list[str], understanding: Understood) -> str:
        return "🔎 " + self.t("I understood: {what}").format(what=h(" · ".join(parts)))


def understood_line(t: Tr, u: Understood, zone: str, names: Names) -> str:
    """ "I understood: webinars · e-waste · from Tue 1 Dec 2026 to Thu 31 Dec 2026"."""
    return understood(u, _BotDialect(t, zone, names))
