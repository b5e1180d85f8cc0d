"""The reference catalogue shipped with the package (catalogue.json) and its rows: read by the
seed (new databases) and by migrations (existing ones)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .rows import dump


@cache
def catalogue_data() -> dict[str, Any]:
    """The catalogue shipped with the package (taken from the seed documents)."""
    text = resources.files("brs_coord.store.catalogue").joinpath("catalogue.json").read_text("utf-8")
    return dict(json.loads(text))


def merged_aliases(*sources: dict[str, list[str]]) -> dict[str, list[str]]:
    """Aliases by language from several sources, each alias once, in first-seen order."""
    merged: dict[str, list[str]] = {}
    for source in sources:
        for lang, words in source.items():
            merged.setdefault(lang, [])
            merged[lang] += [w for w in words if w not in merged[lang]]
    return merged


def city_row(city: dict[str, Any]) -> dict[str, Any]:
    """The row of a catalogue city (names and aliases as JSON)."""
    return {
        "slug": city["slug"], "name": city["name"], "country": city["country"],
        "names": dump(city.get("names", {})), "aliases": dump(city.get("aliases", {})),
    }
