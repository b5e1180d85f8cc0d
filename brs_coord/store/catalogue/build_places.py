"""Write the country names (en/fr/es, from Babel's CLDR data) and the cities into catalogue.json.

Run once when the catalogue changes (``python -m brs_coord.store.catalogue.build_places``): the
names are then package data, so nothing at run time imports Babel to read a country's name.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..reference_data import merged_aliases

LANGUAGES = ("fr", "es")

# Aliases people use beyond the UN and CLDR names (the catalogue's own aliases are kept).
EXTRA_ALIASES: dict[str, dict[str, list[str]]] = {
    "MX": {"en": ["México"], "fr": ["Mexique"], "es": ["México", "Mejico"]},
    "TR": {"en": ["Turkey", "Türkiye"], "fr": ["Turquie"], "es": ["Turquía"]},
    "CI": {"en": ["Ivory Coast", "Côte d'Ivoire"]},
    "IR": {"en": ["Iran"], "es": ["Irán"]},
    "VN": {"en": ["Vietnam", "Viet Nam"], "fr": ["Viêt Nam"]},
    "RU": {"en": ["Russia"], "fr": ["Russie"], "es": ["Rusia"]},
    "US": {"en": ["USA", "United States", "US"], "fr": ["États-Unis"], "es": ["Estados Unidos"]},
    "GB": {"en": ["UK", "Great Britain", "Britain"], "fr": ["Royaume-Uni"], "es": ["Reino Unido"]},
    "CH": {"fr": ["Suisse"], "es": ["Suiza"]},
    "CZ": {"en": ["Czech Republic"], "fr": ["Tchéquie"], "es": ["Chequia"]},
    "KR": {"en": ["South Korea"]},
    "SY": {"en": ["Syria"]},
    "TZ": {"en": ["Tanzania"]},
    "BO": {"en": ["Bolivia"]},
    "VE": {"en": ["Venezuela"]},
}

# The cities of the seed centres and of the demo venues: slug, English name, country, fr, es, aliases.
CITIES: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("geneva", "Geneva", "CH", "Genève", "Ginebra", ("Geneve", "Genf")),
    ("nairobi", "Nairobi", "KE", "Nairobi", "Nairobi", ()),
    ("dakar", "Dakar", "SN", "Dakar", "Dakar", ()),
    ("pretoria", "Pretoria", "ZA", "Pretoria", "Pretoria", ("Tshwane",)),
    ("algiers", "Algiers", "DZ", "Alger", "Argel", ()),
    ("bangkok", "Bangkok", "TH", "Bangkok", "Bangkok", ()),
    ("tehran", "Tehran", "IR", "Téhéran", "Teherán", ()),
    ("beijing", "Beijing", "CN", "Pékin", "Pekín", ("Peking", "Beijing")),
    ("jakarta", "Jakarta", "ID", "Jakarta", "Yakarta", ()),
    ("panama-city", "Panama City", "PA", "Panama (ville)", "Ciudad de Panamá", ("Panama City",)),
    ("montevideo", "Montevideo", "UY", "Montevideo", "Montevideo", ()),
    ("brasilia", "Brasília", "BR", "Brasilia", "Brasilia", ()),
    ("mexico-city", "Mexico City", "MX", "Mexico (ville)", "Ciudad de México",
     ("Ciudad de Mexico", "CDMX", "Mexico DF")),
    ("port-of-spain", "Port of Spain", "TT", "Port-d'Espagne", "Puerto España", ("Port-of-Spain",)),
    ("prague", "Prague", "CZ", "Prague", "Praga", ("Praha",)),
    ("bratislava", "Bratislava", "SK", "Bratislava", "Bratislava", ()),
    ("moscow", "Moscow", "RU", "Moscou", "Moscú", ("Moskva",)),
    ("kuwait-city", "Kuwait City", "KW", "Koweït (ville)", "Ciudad de Kuwait", ()),
    ("brno", "Brno", "CZ", "Brno", "Brno", ()),
    ("sao-paulo", "São Paulo", "BR", "São Paulo", "São Paulo", ("Sao Paulo",)),
    ("barcelona", "Barcelona", "ES", "Barcelone", "Barcelona", ()),
)


def country_entry(country: dict[str, Any]) -> dict[str, Any]:
    """A catalogue country with its CLDR names and the aliases people use."""
    from babel import Locale

    code = country["code"]
    names = {lang: str(Locale(lang).territories[code]) for lang in LANGUAGES}
    english = str(Locale("en").territories[code])
    cldr = {"en": [english] if english != country["name"] else []}
    every: dict[str, list[str]] = {lang: [] for lang in ("en", *LANGUAGES)}
    aliases = merged_aliases(every, country.get("aliases", {}), cldr, EXTRA_ALIASES.get(code, {}))
    for lang, name in names.items():
        aliases[lang] = [alias for alias in aliases[lang] if alias != name]
    aliases["en"] = [alias for alias in aliases["en"] if alias != country["name"]]
    return {**country, "names": names, "aliases": aliases}


def city_entries() -> list[dict[str, Any]]:
    return [
        {"slug": slug, "name": name, "country": code, "names": {"fr": fr, "es": es},
         "aliases": {"en": list(aliases)}}
        for slug, name, code, fr, es, aliases in CITIES
    ]


def build(data: dict[str, Any]) -> dict[str, Any]:
    """The catalogue with country names and cities (the other tables untouched)."""
    built = {key: value for key, value in data.items() if key != "cities"}
    built["countries"] = [country_entry(country) for country in data["countries"]]
    ordered = list(built.items())
    index = [key for key, _ in ordered].index("countries") + 1
    ordered.insert(index, ("cities", city_entries()))
    return dict(ordered)


def main() -> None:
    path = Path(str(resources.files("brs_coord.store.catalogue").joinpath("catalogue.json")))
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(build(data), ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
