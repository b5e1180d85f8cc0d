"""The second part of an answer naming countries: the online events open to them.

"events in Kenya" lists the events held in Kenya; participants there can also join the online
events meant for their region or for everyone, so the answer says, apart: "Also open to Kenya:
12 online events (Africa, Global)". Same other filters (kind, period, audience, ...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..domain import EventQuery
from ..facets import COUNTRY, REGION
from ..languages import DEFAULT, plural_form
from .understanding import Understanding

EVERYWHERE = REGION.everywhere or "global"
MAX_PLACE_NAMES = 3

# (sentence, the count of events in each plural form of the language: languages.plural_form)
_WORDING: dict[str, tuple[str, tuple[str, ...]]] = {
    "en": ("Also open to {place}: {events} ({regions})", ("{n} online event", "{n} online events")),
    "fr": ("{place} : également ouverts à ce pays, {events} ({regions})",
           ("{n} événement en ligne", "{n} événements en ligne")),
    "es": ("También abiertos a {place}: {events} ({regions})",
           ("{n} evento en línea", "{n} eventos en línea")),
    "ar": ("مفتوحة أيضا للمشاركين من {place}: {events} ({regions})",
           ("لا فعاليات عبر الإنترنت ({n})", "فعالية واحدة عبر الإنترنت ({n})", "فعاليتان عبر الإنترنت ({n})",
            "{n} فعاليات عبر الإنترنت", "{n} فعالية عبر الإنترنت", "{n} فعالية عبر الإنترنت")),
    "zh": ("同样向{place}开放：{events}（{regions}）", ("{n} 个线上活动",)),
    "ru": ("Также открыты для участников из страны {place}: {events} ({regions})",
           ("{n} онлайн-мероприятие", "{n} онлайн-мероприятия", "{n} онлайн-мероприятий")),
}


@dataclass(frozen=True)
class AlsoOpen:
    """Online events open to the countries asked about (their regions, or global): how many, the
    sentence saying so in the asker's language, and the query listing them (``online_only``,
    regions instead of countries and cities)."""

    countries: tuple[str, ...]
    regions: tuple[str, ...]
    total: int
    label: str
    query: EventQuery
    understood: Understanding  # what listing them applies (the regions, the question's other filters)

    def to_json(self) -> dict[str, Any]:
        return {
            "countries": list(self.countries), "regions": list(self.regions), "total": self.total,
            "online": True, "label": self.label,
        }


def also_open_label(
    countries: tuple[str, ...], regions: tuple[str, ...], total: int, name: Callable[[str, str], str],
    lang: str = DEFAULT,
) -> str:
    """ "Also open to Kenya: 12 online events (Africa, Global)" in ``lang``; ``name(facet name,
    value)`` names countries and regions."""
    sentence, forms = _WORDING.get(lang, _WORDING[DEFAULT])
    places = [name(COUNTRY.name, code) for code in countries[:MAX_PLACE_NAMES]]
    if len(countries) > MAX_PLACE_NAMES:
        places.append(f"+{len(countries) - MAX_PLACE_NAMES}")
    events = forms[plural_form(lang if lang in _WORDING else DEFAULT, total)].format(n=total)
    return sentence.format(
        place=", ".join(places), events=events, regions=", ".join(name(REGION.name, s) for s in regions)
    )


def also_open_query(
    understanding: Understanding, region_of: Mapping[str, str], country_of_city: Mapping[str, str],
    *, limit: int | None,
) -> tuple[tuple[str, ...], Understanding, EventQuery] | None:
    """(countries, what listing them applies, query) of the online events open to the countries a
    question names (a city names its country); None when it names none."""
    countries = list(understanding.countries)
    countries += [country_of_city[slug] for slug in understanding.cities if slug in country_of_city]
    countries = list(dict.fromkeys(countries))
    if not countries:
        return None
    regions = sorted({region_of[code] for code in countries if region_of.get(code)})
    regions.append(EVERYWHERE)
    understood = replace(understanding, countries=(), cities=(), regions=tuple(regions))
    query = replace(understood.to_query(limit=limit), online_only=True)
    return tuple(countries), understood, query
