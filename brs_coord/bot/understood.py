"""The bot's wording of the "I understood" head (the head itself: services.describe.understood)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from ..facets import PROGRAMME, Facet
from ..services.describe import NamesDialect, understood
from ..services.vocabulary import Vocabulary
from .i18n import Tr
from .search import Understood
from .text_base import cut, h


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


class _BotDialect(NamesDialect):
    """The bot's wording of "I understood" (HTML, in the participant's language): catalogue and
    word-list names as every face has them, the bot's own day format and notes."""

    def __init__(self, t: Tr, zone: str, vocabulary: Vocabulary) -> None:
        super().__init__(vocabulary, t.language)
        self.t, self.zone = t, zone

    def value(self, facet: Facet, slug: str) -> str | None:
        name = super().value(facet, slug)
        return cut(name, 60) if facet is PROGRAMME and name else name

    def when(self, understanding: Understood) -> list[str]:
        period = _range(self.t, understanding, self.zone)
        past = [self.t("past events")] if understanding.past else []
        return [*past, *([period] if period else [])]

    def words(self, text: str) -> str:
        return self.t("words “{text}”").format(text=cut(text, 60))

    def everything(self) -> str:
        return self.t("all upcoming events")

    def nothing(self) -> str:
        return self.t("nothing")

    def mine(self) -> str:
        return self.t("for you")

    def corrected(self, corrections: tuple[tuple[str, str], ...]) -> str:
        pairs = ", ".join(f"{cut(written, 30)} → {read}" for written, read in corrections)
        return "✏️ " + self.t("Read as: {pairs}").format(pairs=pairs)

    def unknown(self, words: tuple[str, ...], suggestions: tuple[str, ...]) -> str:
        # the suggestions are buttons under the answer ("Did you mean: workshops?")
        return "❓ " + self.t("I did not understand: {words}").format(words=cut(", ".join(words), 120))

    def unset(self, fields: tuple[str, ...]) -> str:
        note = self.t("Not set yet: {what}. Set it in /settings to get events picked for you.")
        return "👤 " + note.format(what=self.unset_names(fields))

    def offer(self, understanding: Understood) -> str:
        # the following period is a button under the answer, as the suggestions are
        return "⏳ " + self.t("Less than a day of it is left: press the button for the next one.")

    def line(self, parts: list[str], notes: list[str]) -> str:
        head = "🔎 " + self.t("I understood: {what}").format(what=" · ".join(parts))
        return "\n".join(h(text) for text in [head, *notes])


def understood_line(t: Tr, u: Understood, zone: str, vocabulary: Vocabulary) -> str:
    """ "I understood: webinars · e-waste · from Tue 1 Dec 2026 to Thu 31 Dec 2026", then its notes
    (read as, not understood, what a personal question lacks)."""
    return understood(u, _BotDialect(t, zone, vocabulary))
