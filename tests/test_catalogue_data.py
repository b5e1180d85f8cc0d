"""The reference catalogue shipped as package data: complete, consistent and well formed."""

import importlib.util
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = {
    "webinar",
    "workshop",
    "training",
    "e-learning",
    "online-meeting",
    "expert-meeting",
    "pilot-project",
    "directors-meeting",
}
LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")  # languages.CATALOGUE_LANGUAGES
SLUGGED = ("conventions", "regions", "audiences", "centres", "programmes")
NOISE = (
    "\uf0b7",
    "\ufffd",
    "  ",
    "capacitybuilding",
    "coprocessing",
    "crosscutting",
    "nongovernmental",
    "faceto",
    "followup",
    "resourceintensive",
    "interinstitutional",
)


def _expected() -> ModuleType:
    path = Path(__file__).with_name("catalogue_expected.py")
    spec = importlib.util.spec_from_file_location("catalogue_expected", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXPECTED = _expected()


def _text() -> str:
    return resources.files("brs_coord.store.catalogue").joinpath("catalogue.json").read_text("utf-8")


@cache
def catalogue() -> dict[str, Any]:
    return json.loads(_text())


def slugs(name: str) -> list[str]:
    return [item["slug"] for item in catalogue()[name]]


def by_slug(name: str) -> dict[str, dict[str, Any]]:
    return {item["slug"]: item for item in catalogue()[name]}


def test_top_level_lists_are_present_and_not_empty() -> None:
    data = catalogue()
    for name in (*SLUGGED, "countries", "historical_events"):
        assert isinstance(data[name], list) and data[name], name


def test_file_is_canonical_json_with_indent_one() -> None:
    # Deterministic formatting keeps diffs of hand edits small and reviewable.
    assert _text() == json.dumps(catalogue(), ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("name", SLUGGED)
def test_slugs_are_unique_and_well_formed(name: str) -> None:
    found = slugs(name)
    assert len(found) == len(set(found)), name
    bad = [slug for slug in found if not SLUG.match(slug)]
    assert not bad, bad


@pytest.mark.parametrize("name", SLUGGED)
def test_every_entry_has_a_name(name: str) -> None:
    for item in catalogue()[name]:
        assert isinstance(item["name"], str) and item["name"].strip() == item["name"] != ""


def test_conventions() -> None:
    found = {c["slug"]: c["code"] for c in catalogue()["conventions"]}
    assert found == EXPECTED.EXPECTED_CONVENTIONS
    for convention in catalogue()["conventions"]:
        for language in LANGUAGES:
            assert convention["aliases"][language], (convention["slug"], language)


def test_regions() -> None:
    assert slugs("regions") == EXPECTED.EXPECTED_REGION_SLUGS
    for region in catalogue()["regions"]:
        assert region["names"]["fr"] and region["names"]["es"], region["slug"]
        for language in LANGUAGES:
            assert region["aliases"][language], (region["slug"], language)
    aliases = by_slug("regions")["latin-america-caribbean"]["aliases"]["en"]
    assert "GRULAC" in aliases


def test_every_expected_programme_is_present() -> None:
    missing = set(EXPECTED.EXPECTED_PROGRAMME_SLUGS) - set(slugs("programmes"))
    assert not missing, missing


def test_every_expected_audience_is_present() -> None:
    missing = set(EXPECTED.EXPECTED_AUDIENCE_SLUGS) - set(slugs("audiences"))
    assert not missing, missing
    assert 20 <= len(slugs("audiences")) <= 40


def test_every_expected_centre_is_present_with_its_place_and_conventions() -> None:
    centres = by_slug("centres")
    for slug, country, region, conventions in EXPECTED.EXPECTED_CENTRES:
        assert slug in centres, slug
        centre = centres[slug]
        assert (centre["country"], centre["region"]) == (country, region), slug
        assert set(centre["conventions"]) == conventions, slug
        assert centre["city"], slug


def test_centre_names_are_not_duplicated() -> None:
    names = [c["name"].casefold() for c in catalogue()["centres"]]
    assert len(names) == len(set(names))


def test_every_centre_timezone_is_a_valid_zone() -> None:
    zones = available_timezones()
    for centre in catalogue()["centres"]:
        assert centre["timezone"] in zones, centre["slug"]
        ZoneInfo(centre["timezone"])


def test_references_resolve() -> None:
    conventions = set(slugs("conventions"))
    regions = set(slugs("regions"))
    audiences = set(slugs("audiences"))
    programmes = set(slugs("programmes"))
    countries = {c["code"] for c in catalogue()["countries"]}
    for audience in catalogue()["audiences"]:
        assert set(audience["conventions"]) <= conventions, audience["slug"]
    for centre in catalogue()["centres"]:
        assert centre["region"] in regions, centre["slug"]
        assert centre["country"] in countries, centre["slug"]
        assert centre["conventions"] and set(centre["conventions"]) <= conventions
    for programme in catalogue()["programmes"]:
        assert programme["conventions"], programme["slug"]
        assert set(programme["conventions"]) <= conventions, programme["slug"]
        assert programme["audiences"], programme["slug"]
        assert set(programme["audiences"]) <= audiences, programme["slug"]
        assert len(programme["audiences"]) == len(set(programme["audiences"]))
    for country in catalogue()["countries"]:
        assert country["region"] in regions - {"global"}, country["code"]
    for event in catalogue()["historical_events"]:
        assert event["programme"] in programmes, event
        assert event["kind"] in KINDS, event
        assert event["region"] is None or event["region"] in regions, event


def test_countries_cover_every_un_member_state() -> None:
    countries = catalogue()["countries"]
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes))
    assert len(codes) >= EXPECTED.UN_MEMBER_STATES
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    per_region: dict[str, int] = {}
    for country in countries:
        per_region[country["region"]] = per_region.get(country["region"], 0) + 1
        assert country["name"].strip(), country["code"]
    # The five UN regional groups all have members.
    assert set(per_region) == set(EXPECTED.EXPECTED_REGION_SLUGS) - {"global"}
    region_of = {c["code"]: c["region"] for c in countries}
    for code, region in EXPECTED.EXPECTED_COUNTRY_SPOT_CHECKS:
        assert region_of.get(code) == region, code


def test_country_codes_are_known_to_babel() -> None:
    from babel import Locale

    territories = Locale("en").territories
    unknown = [c["code"] for c in catalogue()["countries"] if c["code"] not in territories]
    assert not unknown, unknown


def test_country_aliases() -> None:
    countries = {c["code"]: c for c in catalogue()["countries"]}
    for country in countries.values():
        aliases = country.get("aliases", {})
        assert set(aliases) <= set(LANGUAGES), country["code"]
        for values in aliases.values():
            assert all(isinstance(v, str) and v.strip() for v in values), country["code"]
    for code, language, alias in EXPECTED.EXPECTED_COUNTRY_ALIASES:
        assert alias in countries[code]["aliases"][language], (code, alias)


def test_every_audience_has_display_names_and_aliases_in_three_languages() -> None:
    for audience in catalogue()["audiences"]:
        assert audience["names"]["fr"] and audience["names"]["es"], audience["slug"]
        for language in LANGUAGES:
            values = audience["aliases"][language]
            assert values, (audience["slug"], language)
            assert all(isinstance(v, str) and v.strip() for v in values), audience["slug"]
        assert audience["conventions"], audience["slug"]


def test_every_programme_is_described_and_has_aliases() -> None:
    for programme in catalogue()["programmes"]:
        slug = programme["slug"]
        assert programme["cluster"], slug
        assert len(programme["background"]) > 100, slug
        assert programme["objectives"], slug
        for language in LANGUAGES:
            assert programme["aliases"][language], (slug, language)
        assert isinstance(programme["planned_activities"], list), slug
        assert all(isinstance(a, str) and a.strip() for a in programme["planned_activities"])


def test_texts_carry_no_conversion_noise() -> None:
    for programme in catalogue()["programmes"]:
        texts = [
            programme["name"],
            programme["background"],
            programme["objectives"],
            *programme["planned_activities"],
        ]
        for text in texts:
            for noise in NOISE:
                assert noise not in text, (programme["slug"], noise)
            for line in text.split("\n"):
                assert line == line.strip() and line, programme["slug"]
                assert not line.startswith(("Background", "Objectives", "Target audience"))
    for event in catalogue()["historical_events"]:
        for noise in NOISE:
            assert noise not in event["title"] and noise not in event["source"], event


def test_programme_audiences_follow_the_target_audience_sections() -> None:
    programmes = by_slug("programmes")
    for slug, audiences in EXPECTED.EXPECTED_PROGRAMME_AUDIENCES:
        assert audiences <= set(programmes[slug]["audiences"]), slug


def test_alias_spot_checks() -> None:
    for name, language, alias, slug in EXPECTED.EXPECTED_ALIAS_SPOT_CHECKS:
        item = by_slug(name)[slug]
        assert alias in item["aliases"][language], (name, slug, alias)


def test_historical_dates_and_precision() -> None:
    for event in catalogue()["historical_events"]:
        year, month, precision = event["year"], event["month"], event["date_precision"]
        assert isinstance(year, int) and 2000 <= year <= 2030, event
        if month is None:
            assert precision == "year", event
        else:
            assert isinstance(month, int) and 1 <= month <= 12, event
            assert precision == "month", event
        assert event["title"].strip() and event["source"].strip(), event
        assert event["location"] is None or event["location"].strip(), event


def test_historical_count() -> None:
    events = catalogue()["historical_events"]
    assert len(events) == EXPECTED.EXPECTED_HISTORICAL_COUNT
    from_001 = [e for e in events if e["programme"] != "regional-centres" and e["year"] >= 2013]
    assert len(from_001) == EXPECTED.EXPECTED_HISTORICAL_FROM_001


def test_historical_events_are_distinct() -> None:
    # The store derives a stable UID from programme, year, month and title.
    keys = [(e["programme"], e["year"], e["month"], e["title"]) for e in catalogue()["historical_events"]]
    assert len(keys) == len(set(keys))


def test_every_programme_of_the_2013_2015_calendar_has_history() -> None:
    with_history = {e["programme"] for e in catalogue()["historical_events"]}
    missing = set(EXPECTED.EXPECTED_PROGRAMME_SLUGS) - with_history
    assert not missing, missing


def test_historical_spot_checks() -> None:
    found = {
        (e["programme"], e["kind"], e["year"], e["month"], e["location"])
        for e in catalogue()["historical_events"]
    }
    for check in EXPECTED.EXPECTED_HISTORICAL_SPOT_CHECKS:
        assert check in found, check


def test_a_line_over_several_years_is_one_event_per_year() -> None:
    cli = [
        (e["year"], e["month"])
        for e in catalogue()["historical_events"]
        if e["source"].startswith("Workshops and webinars on CLI pillars")
    ]
    assert sorted(cli) == [(2013, 11), (2014, 11), (2015, 11)]


def test_undated_lines_are_planned_activities() -> None:
    programmes = by_slug("programmes")
    for slug, words in EXPECTED.EXPECTED_PLANNED_SPOT_CHECKS:
        assert any(words in line for line in programmes[slug]["planned_activities"]), slug
    sources = {e["source"] for e in catalogue()["historical_events"]}
    assert not any(s.startswith("E-learning courses for police") for s in sources)
