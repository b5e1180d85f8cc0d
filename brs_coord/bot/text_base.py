"""The bot's text basics: escaping, cutting, catalogue names and the names of kinds and statuses."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..domain import EventKind, Status
from ..services.participants import Choices
from .i18n import N_, Tr

KIND_NAMES: dict[str, str] = {
    EventKind.WEBINAR: N_("Webinar"),
    EventKind.WORKSHOP: N_("Workshop"),
    EventKind.TRAINING: N_("Training"),
    EventKind.E_LEARNING: N_("E-learning course"),
    EventKind.ONLINE_MEETING: N_("Online meeting"),
    EventKind.EXPERT_MEETING: N_("Expert meeting"),
    EventKind.PILOT_PROJECT: N_("Pilot project"),
    EventKind.DIRECTORS_MEETING: N_("Directors' meeting"),
}
KIND_PLURALS: dict[str, str] = {
    EventKind.WEBINAR: N_("webinars"),
    EventKind.WORKSHOP: N_("workshops"),
    EventKind.TRAINING: N_("trainings"),
    EventKind.E_LEARNING: N_("e-learning courses"),
    EventKind.ONLINE_MEETING: N_("online meetings"),
    EventKind.EXPERT_MEETING: N_("expert meetings"),
    EventKind.PILOT_PROJECT: N_("pilot projects"),
    EventKind.DIRECTORS_MEETING: N_("directors' meetings"),
}
STATUS_NAMES: dict[str, str] = {
    Status.PLANNED: N_("Planned"),
    Status.CONFIRMED: N_("Confirmed"),
    Status.POSTPONED: N_("POSTPONED"),
    Status.CANCELLED: N_("CANCELLED"),
    Status.HELD: N_("Held"),
    Status.DRAFT: N_("Draft"),
}
def h(value: object) -> str:
    """Data as HTML text (an event titled ``<b>x</b>`` shows as typed)."""
    return escape(str(value), quote=False)


def cut(text: str, limit: int) -> str:
    """Plain text cut to ``limit`` characters at a word boundary, with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return head.rstrip(" ,.;:—–-") + "…"


@dataclass(frozen=True)
class Names:
    """Catalogue names in the participant's language."""

    choices: Choices
    t: Tr

    def programme(self, slug: str | None) -> str | None:
        if not slug:
            return None
        found = next((p for p in self.choices.programmes if p.slug == slug), None)
        return (found.names.get(self.t.language) or found.name) if found else slug

    def audience(self, slug: str) -> str:
        found = self.choices.audience(slug)
        return (found.names.get(self.t.language) or found.name) if found else slug

    def region(self, slug: str) -> str:
        found = next((r for r in self.choices.regions if r.slug == slug), None)
        return (found.names.get(self.t.language) or found.name) if found else slug

    def country(self, code: str | None) -> str | None:
        if not code:
            return None
        found = self.choices.country(code)
        if found is not None and self.t.language in found.names:
            return found.names[self.t.language]
        return self.t.country_name(code, found.name if found else code)

    def city(self, slug: str) -> str:
        found = self.choices.city(slug)
        return (found.names.get(self.t.language) or found.name) if found else slug
