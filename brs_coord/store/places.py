"""Where an event is held, read from its location text ("Nairobi, Kenya") against the catalogue's
cities and countries: how the migration fills old rows and how seeded history lines get a place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..folding import fold
from ..rules import ONLINE_LOCATIONS

_WORDS = re.compile(r"\w+", re.UNICODE)


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(fold(text)))


def _all_names(entry: dict[str, Any]) -> Iterable[str]:
    yield entry["name"]
    yield from entry.get("names", {}).values()
    for group in entry.get("aliases", {}).values():
        yield from group
    if "code" in entry:
        yield entry["code"]


@dataclass(frozen=True)
class Gazetteer:
    """Folded names of the catalogue's cities (-> slug, country) and countries (-> code)."""

    cities: dict[str, tuple[str, str]]
    countries: dict[str, str]

    @classmethod
    def of(cls, cities: Iterable[dict[str, Any]], countries: Iterable[dict[str, Any]]) -> Gazetteer:
        city_names = {_key(name): (c["slug"], c["country"]) for c in cities for name in _all_names(c)}
        country_names = {_key(name): c["code"] for c in countries for name in _all_names(c)}
        return cls(city_names, country_names)

    def place_of(self, location: str | None) -> tuple[str | None, str | None]:
        """(country code, city slug) named by a location text; (None, None) online or unknown.
        Parts are read from the last ("Nairobi, Kenya": Kenya, then Nairobi); a city gives its
        country, and a city of another country than the one named is not taken."""
        if not location or _key(location) in ONLINE_LOCATIONS:
            return None, None
        country: str | None = None
        city: str | None = None
        for part in reversed([_key(part) for part in location.split(",")]):
            if city is None and part in self.cities:
                slug, code = self.cities[part]
                if country in (None, code):
                    city, country = slug, code
            elif country is None and part in self.countries:
                country = self.countries[part]
        return country, city
