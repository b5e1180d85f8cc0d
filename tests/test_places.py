"""Place as a facet: events held in a country or city, the online events also open to it, the
migration that fills old rows, the rules, the feed filter and the TUI filter."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from aiohttp.test_utils import TestClient, TestServer

from brs_coord.clock import FixedClock
from brs_coord.domain import EventQuery, TimeScope
from brs_coord.errors import ValidationFailed
from brs_coord.rules import is_online, place_problems, validation_problems
from brs_coord.server import build_feed_app
from brs_coord.server.app import RUNNER_ARGS
from brs_coord.services import Services
from brs_coord.store import open_store
from brs_coord.store.db import connect
from brs_coord.store.migrations import migrations
from brs_coord.store.places import Gazetteer
from brs_coord.store.reference_data import catalogue_data
from tests.conftest import NOW, make_event

ISO = "%Y-%m-%dT%H:%M:%SZ"
PUBLIC_UPCOMING = "e.status != 'draft' AND e.ends_at > :now"
ONLINE_FOR = (
    "e.country IS NULL AND e.online_url IS NOT NULL AND EXISTS (SELECT 1 FROM event_regions er"
    " JOIN regions r ON r.id = er.region_id WHERE er.event_id = e.id AND r.slug IN ({regions}))"
)


def _uids(services: Services, sql: str, **params: object) -> list[str]:
    """Hand-written SQL on the store's file: the uids in start order."""
    conn = sqlite3.connect(services.settings.db_path)
    try:
        rows = conn.execute(
            f"SELECT e.uid FROM events e WHERE {sql} ORDER BY e.starts_at, e.id",
            {"now": NOW.strftime(ISO), **params},
        ).fetchall()
    finally:
        conn.close()
    return [uid for (uid,) in rows]


def _listed(services: Services, query: EventQuery) -> list[str]:
    return [event.uid for event in services.find(query)]


# ---- answers against SQL written by hand ----------------------------------------------------

def test_events_in_kenya_are_the_events_held_there_then_the_online_ones_open_to_it(
    demo_services: Services,
) -> None:
    held = _uids(demo_services, f"{PUBLIC_UPCOMING} AND e.country = 'KE'")
    by_location = _uids(demo_services, f"{PUBLIC_UPCOMING} AND e.location = 'Nairobi, Kenya'")
    assert held and held == by_location
    answer = demo_services.query.ask("events in Kenya", limit=100)
    assert [event.uid for event in answer.events] == held and answer.total == len(held)
    africa = _uids(demo_services, f"{PUBLIC_UPCOMING} AND " + ONLINE_FOR.format(regions="'africa', 'global'"))
    also = answer.also_open
    assert also is not None and africa
    assert also.countries == ("KE",) and also.regions == ("africa", "global")
    assert also.total == len(africa)
    assert _listed(demo_services, also.query) == africa
    assert also.label == f"Also open to Kenya: {len(africa)} online events (Africa, Global)"
    assert not set(held) & set(africa)


def test_a_country_question_keeps_its_other_filters_in_both_parts(demo_services: Services) -> None:
    answer = demo_services.query.ask("webinaires au Kenya", lang="fr", limit=100)
    assert answer.understood.countries == ("KE",) and answer.understood.kinds == ("webinar",)
    assert answer.total == len(_uids(demo_services, f"{PUBLIC_UPCOMING} AND e.country = 'KE'"
                                                    " AND e.kind = 'webinar'"))
    online = _uids(demo_services, f"{PUBLIC_UPCOMING} AND e.kind = 'webinar' AND "
                   + ONLINE_FOR.format(regions="'africa', 'global'"))
    assert answer.also_open is not None and answer.also_open.total == len(online) > 0
    assert answer.also_open.label.startswith("Kenya : également ouverts à ce pays, ")
    assert "(Afrique, Mondial)" in answer.also_open.label
    workshops = demo_services.query.ask("talleres en México", lang="es")
    assert workshops.also_open is not None and workshops.also_open.total == 0  # never online
    assert {event.country for event in workshops.events} == {"MX"}


def test_customs_workshops_in_senegal_are_held_in_senegal_only(demo_services: Services) -> None:
    answer = demo_services.query.ask("ateliers pour les douaniers au Sénégal", lang="fr", limit=100)
    expected = _uids(
        demo_services,
        f"{PUBLIC_UPCOMING} AND e.country = 'SN' AND e.kind = 'workshop' AND EXISTS (SELECT 1 FROM"
        " event_audiences ea JOIN audiences a ON a.id = ea.audience_id WHERE ea.event_id = e.id"
        " AND a.slug = 'customs-officers')",
    )
    assert [event.uid for event in answer.events] == expected
    assert all(event.location == "Dakar, Senegal" for event in answer.events)


def test_a_city_gives_the_events_held_there_and_its_country_online_part(demo_services: Services) -> None:
    answer = demo_services.query.ask("à Genève", lang="fr", limit=100)
    held = _uids(demo_services, f"{PUBLIC_UPCOMING} AND e.location LIKE 'Geneva,%'")
    assert held and [event.uid for event in answer.events] == held
    assert answer.also_open is not None and answer.also_open.countries == ("CH",)
    assert answer.also_open.regions == ("western-europe-others", "global")


def test_europe_is_both_european_groups(demo_services: Services) -> None:
    answer = demo_services.query.ask("webinars in Europe", limit=100)
    expected = _uids(
        demo_services,
        f"{PUBLIC_UPCOMING} AND e.kind = 'webinar' AND EXISTS (SELECT 1 FROM event_regions er JOIN"
        " regions r ON r.id = er.region_id WHERE er.event_id = e.id AND r.slug IN"
        " ('western-europe-others', 'central-eastern-europe'))",
    )
    assert [event.uid for event in answer.events] == expected
    assert {r for event in answer.events for r in event.regions} >= {"central-eastern-europe"}
    assert answer.also_open is None


def test_a_question_without_a_place_has_no_second_part(demo_services: Services) -> None:
    answer = demo_services.query.ask("webinars")
    assert answer.also_open is None and answer.to_json()["also_open"] is None


def test_every_demo_event_has_its_place(demo_services: Services) -> None:
    everything = demo_services.find(EventQuery(scope=TimeScope.ALL, limit=None, include_drafts=True))
    for event in everything:
        if event.location in (None, "Online"):
            assert event.country is None and event.city is None, event.uid
        elif event.is_demo:
            assert event.country and event.city, event.uid


# ---- the migration --------------------------------------------------------------------------

def test_the_migration_fills_country_and_city_of_a_database_at_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    old = connect(path)
    migrations.apply(old, stop_before="m007_places")
    old.execute("INSERT INTO regions (slug, name) VALUES ('africa', 'Africa')")
    old.execute("INSERT INTO countries (code, name, region_id, aliases) VALUES ('KE', 'Kenya', 1, '{}')")
    places = {
        "a": ("Nairobi, Kenya", None), "b": ("Online", "https://meet.example.org/b"),
        "c": ("Genève, Suisse", None), "d": ("Dakar, Sénégal", None), "e": ("Atlantis", None),
        "f": (None, "https://meet.example.org/f"), "g": ("Kenya", None),
    }
    for uid, (location, url) in places.items():
        old.execute(
            "INSERT INTO events (uid, kind, title, starts_at, ends_at, timezone, location, online_url,"
            " created_at, created_by, updated_at, updated_by) VALUES (?, 'workshop', 'x',"
            " '2027-01-01T09:00:00Z', '2027-01-01T17:00:00Z', 'UTC', ?, ?, '', '', '', '')",
            [uid, location, url],
        )
    old.conn.close()
    store = open_store(path, FixedClock(NOW))
    try:
        rows = {r["uid"]: (r["country"], r["city"]) for r in store.session.db.query(
            "SELECT uid, country, city FROM events")}
        kenya = next(c for c in store.catalogue.countries() if c.code == "KE")
        cities = {city.slug: city for city in store.catalogue.cities()}
    finally:
        store.close()
    assert rows == {
        "a": ("KE", "nairobi"), "b": (None, None), "c": ("CH", "geneva"), "d": ("SN", "dakar"),
        "e": (None, None), "f": (None, None), "g": ("KE", None),
    }
    assert kenya.names == {"fr": "Kenya", "es": "Kenia", "ar": "كينيا", "zh": "肯尼亚", "ru": "Кения"}
    assert cities["geneva"].country == "CH" and cities["geneva"].names["fr"] == "Genève"


def test_the_gazetteer_reads_locations_in_every_language() -> None:
    data = catalogue_data()
    places = Gazetteer.of(data["cities"], data["countries"])
    assert places.place_of("Mexico City, Mexico") == ("MX", "mexico-city")
    assert places.place_of("Ciudad de México") == ("MX", "mexico-city")
    assert places.place_of("Port of Spain, Trinidad and Tobago") == ("TT", "port-of-spain")
    assert places.place_of("Côte d'Ivoire") == ("CI", None)
    assert places.place_of("Geneva, Kenya") == ("KE", None)  # a city of another country is not taken
    assert places.place_of("en ligne") == (None, None) and places.place_of(None) == (None, None)


def test_the_catalogue_has_198_countries_named_in_six_languages_and_the_venue_cities() -> None:
    from brs_coord.store.demo import VENUES

    data = catalogue_data()
    assert len(data["countries"]) == 198
    others = {"fr", "es", "ar", "zh", "ru"}  # the catalogue languages but English, the entry's own name
    assert all(set(c["names"]) == others and all(c["names"].values()) for c in data["countries"])
    names = [name for c in data["countries"] for name in c["names"].values()]
    assert not any("\u200f" in name or "\u200e" in name for name in names)
    codes = {c["code"] for c in data["countries"]}
    cities = {c["slug"]: c for c in data["cities"]}
    assert all(city["country"] in codes and set(city["names"]) == others for city in cities.values())
    assert {(venue.country, venue.city) for venue in VENUES} <= {(c["country"], s) for s, c in cities.items()}
    centres = {(c["country"], c["city"]) for c in data["centres"]}
    assert centres <= {(c["country"], c["name"]) for c in cities.values()}


# ---- the rules ------------------------------------------------------------------------------

def test_rules_of_a_place() -> None:
    online = make_event(online_url="https://meet.example.org/1", location="Online")
    assert is_online(online) and not is_online(make_event(location="Nairobi, Kenya"))
    assert validation_problems(make_event(location="Online", online_url="https://x.org", country="KE")) == {
        "country": "an online event is held in no country"}
    assert "country" in validation_problems(make_event(country="kenya"))
    assert validation_problems(make_event(city="nairobi")) == {"city": "a city needs its country"}
    assert validation_problems(make_event(location="Nairobi, Kenya", country="KE", city="nairobi")) == {}
    cities = {"nairobi": "KE", "geneva": "CH"}
    assert place_problems(make_event(country="ZZ"), {"KE", "CH"}, cities) == {
        "country": "unknown country code 'ZZ'"}
    assert place_problems(make_event(country="KE", city="geneva"), {"KE", "CH"}, cities) == {
        "city": "geneva is not in KE"}
    assert place_problems(make_event(country="KE", city="nairobi"), {"KE"}, cities) == {}


def test_scheduling_refuses_a_place_the_catalogue_does_not_know(services: Services) -> None:
    with pytest.raises(ValidationFailed, match="unknown country"):
        services.scheduling.create(make_event(country="ZZ"))
    with pytest.raises(ValidationFailed, match="not in"):
        services.scheduling.create(make_event(country="KE", city="geneva"))
    created = services.scheduling.create(make_event(location="Nairobi", country="KE", city="nairobi")).event
    assert (created.country, created.city) == ("KE", "nairobi")
    found = services.find(EventQuery(countries=("KE",)))
    assert [event.id for event in found] == [created.id]


# ---- the faces ------------------------------------------------------------------------------

def test_ask_json_names_the_country_and_the_second_part(demo_services: Services) -> None:
    shape = demo_services.query.ask("webinars").to_json()
    kenya = demo_services.query.ask("events in Kenya").to_json()
    assert set(kenya) == set(shape) and {"also_open", "understood", "events", "total"} <= set(kenya)
    assert kenya["understood"]["countries"] == ["KE"] and kenya["understood"]["country"] == "KE"
    assert shape["understood"]["country"] is None and shape["understood"]["countries"] == []
    also = kenya["also_open"]
    assert also["countries"] == ["KE"] and also["regions"] == ["africa", "global"] and also["online"]
    assert also["total"] > 0 and also["label"].startswith("Also open to Kenya: ")
    json.dumps(kenya)


def test_the_command_line_says_the_country_in_the_askers_language(demo_services: Services) -> None:
    understood = demo_services.query.parse("talleres en México")
    assert demo_services.query.describe(understood, "es").startswith("Entendí: talleres · México")
    assert demo_services.query.describe(understood, "fr").startswith("J'ai compris: ateliers · Mexique")
    city = demo_services.query.parse("à Genève")
    assert "Ginebra" in demo_services.query.describe(city, "es")


async def test_the_feed_filter_by_country(demo_services: Services) -> None:
    app = build_feed_app(demo_services, poll_interval=0.05)
    async with TestClient(TestServer(app, **RUNNER_ARGS)) as client:
        response = await client.get("/feed.ics?country=ke")
        assert response.status == 200
        calendar = icalendar.Calendar.from_ical(await response.read())
        bad = await client.get("/feed.ics?country=ZZ")
        assert bad.status == 400 and "ZZ" in await bad.text()
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    window = (NOW - timedelta(days=90)).strftime(ISO)
    expected = _uids(demo_services, "e.status != 'draft' AND e.country = 'KE' AND e.ends_at > :start",
                     start=window)
    assert uids and uids == set(expected)
    assert "Kenya" in str(calendar["X-WR-CALNAME"])


async def test_the_tui_filter_bar_offers_the_country(demo_services: Services) -> None:
    from brs_coord.tui.app import make_app
    from tests.tui_helpers import events_table, settle

    app = make_app(demo_services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        app.screen.query_one("#f-countries").value = "SN"
        await settle(pilot)
        table = events_table(pilot)
        shown = [event.uid for event in table.events]
    expected = _uids(demo_services, "e.ends_at > :now AND e.country = 'SN'")
    assert shown and shown == expected


def test_settings_find_a_country_by_its_name_in_every_language(services: Services) -> None:
    find = services.participants.find_countries
    assert [c.code for c in find("Kenia")] == ["KE"] and [c.code for c in find("Sénégal")] == ["SN"]
    assert [c.code for c in find("Suiza")] == ["CH"]
