"""The catalogue as the screens need it: names by slug for pickers, filters and labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..deep_links import event_link
from ..domain import Audience, Centre, City, Convention, Country, Programme, Region
from ..services import Services


@dataclass(frozen=True)
class Reference:
    """Programmes, audiences, centres, regions, conventions, countries and cities, read once and
    refreshed on change, and the bot's public username (None: unknown, no t.me links are shown)."""

    programmes: list[Programme]
    audiences: list[Audience]
    centres: list[Centre]
    regions: list[Region]
    conventions: list[Convention]
    countries: list[Country] = field(default_factory=list)
    cities: list[City] = field(default_factory=list)
    bot_username: str | None = None

    @classmethod
    def load(cls, services: Services) -> Reference:
        catalogue = services.catalogue
        return cls(
            catalogue.programmes(), catalogue.audiences(), catalogue.centres(), catalogue.regions(),
            catalogue.conventions(), catalogue.countries(), catalogue.cities(),
            services.bot_links.username(),
        )

    def bot_link(self, event_id: int) -> str | None:
        """The t.me link that opens the event's card in the bot; None when the username is unknown."""
        return event_link(self.bot_username, event_id) if self.bot_username else None

    def options(self, facet: str) -> list[tuple[str, str]]:
        """(label, slug) pairs for a picker of one catalogue facet."""
        items: dict[str, list[tuple[str, str]]] = {
            "programmes": [(p.name, p.slug) for p in self.programmes],
            "audiences": [(a.name, a.slug) for a in self.audiences],
            "centres": [(c.name, c.slug) for c in self.centres],
            "regions": [(r.name, r.slug) for r in self.regions],
            "conventions": [(f"{c.code} · {c.name}", c.slug) for c in self.conventions],
            "countries": [(f"{c.name} ({c.code})", c.code) for c in self.countries],
            "cities": [(f"{c.name} ({c.country})", c.slug) for c in self.cities],
        }
        return items[facet]


EMPTY_REFERENCE = Reference([], [], [], [], [])
