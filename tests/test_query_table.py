"""Real questions in English, French and Spanish, each with the filters and range a person would expect."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from brs_coord.clock import FixedClock
from brs_coord.services.query import QueryService
from brs_coord.store import Store, open_store

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)  # Saturday
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
MONTH_END = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # Monday, last day of November
YEAR_END = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)  # Thursday
LA_EVENING = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # Friday 19:00 in Los Angeles
PARIS = "Europe/Paris"
FACETS = ("kinds", "programmes", "audiences", "regions", "conventions", "languages", "statuses")
FOCAL_POINTS = [
    "basel-focal-points", "rotterdam-focal-points", "saicm-focal-points",
    "stockholm-national-focal-points",
]
POPS = ["nip-updating", "pesticide-alternatives", "pops-in-articles", "pops-wastes",
        "unintentional-pops-toolkit"]
MEETINGS = ["online-meeting", "expert-meeting", "directors-meeting"]
ALL_CONVENTIONS = ["basel", "rotterdam", "stockholm"]


@dataclass(frozen=True)
class Row:
    """One question and what should be understood (facets not named must be empty)."""

    question: str
    days: tuple[str, str] | None = None  # local first day, local day after the last
    tz: str = PARIS
    now: datetime = NOW
    lang: str | None = None
    past: bool = False
    text: str = ""
    unknown: tuple[str, ...] = ()
    facets: dict[str, list[str]] = field(default_factory=dict)


def row(question: str, days: tuple[str, str] | None = None, **kwargs: Any) -> Row:
    names = ("tz", "now", "lang", "past", "text", "unknown")
    options = {key: kwargs.pop(key) for key in names if key in kwargs}
    return Row(question, days, facets=kwargs, **options)


ROWS: list[Row] = [
    # kinds, en/fr/es
    row("webinars", kinds=["webinar"]),
    row("upcoming workshops", kinds=["workshop"]),
    row("trainings", kinds=["training"]),
    row("e-learning courses", kinds=["e-learning"]),
    row("online meetings", kinds=["online-meeting"]),
    row("meetings", kinds=MEETINGS),
    row("webinaires", kinds=["webinar"]),
    row("les prochains ateliers", kinds=["workshop"]),
    row("formations", kinds=["training"]),
    row("talleres", kinds=["workshop"]),
    row("seminarios web", kinds=["webinar"]),
    row("cursos en línea", kinds=["e-learning"]),
    row("webinars and workshops", kinds=["webinar", "workshop"]),
    row("pilot projects", kinds=["pilot-project"]),
    row("expert meetings", kinds=["expert-meeting"]),
    # programmes and topics
    row("e-waste", programmes=["e-waste"]),
    row("déchets électroniques", programmes=["e-waste"]),
    row("residuos electrónicos", programmes=["e-waste"]),
    row("ewaste", programmes=["e-waste"]),
    row("POPs", programmes=POPS),
    row("PCB", programmes=["pops-wastes"]),
    row("mercury", programmes=["mercury-wastes"]),
    row("mercure", programmes=["mercury-wastes"]),
    row("mercurio", programmes=["mercury-wastes"]),
    row("ships", programmes=["ship-dismantling"]),
    row("customs", programmes=["customs-training"]),
    row("NIP", programmes=["nip-updating"]),
    row("DDT", programmes=["pesticide-alternatives"]),
    row("endosulfan", programmes=["pesticide-alternatives"]),
    row("used oils", programmes=["used-oils"]),
    row("pneus usagés", programmes=["waste-tyres"]),
    # audiences
    row("for customs officers", audiences=["customs-officers"]),
    row("douaniers", audiences=["customs-officers"]),
    row("talleres para aduanas", kinds=["workshop"], audiences=["customs-officers"]),
    row("DNAs", audiences=["rotterdam-dnas"]),
    row("focal points", audiences=FOCAL_POINTS),
    row("points focaux", audiences=FOCAL_POINTS),
    row("competent authorities", audiences=["basel-competent-authorities"]),
    row("for regional centres", audiences=["regional-centres"]),
    row("NGOs", audiences=["ngos"]),
    row("farmers", audiences=["farmers"]),
    row("agricultores", audiences=["farmers"]),
    # regions and countries
    row("Africa", regions=["africa"]),
    row("Latin America", regions=["latin-america-caribbean"]),
    row("GRULAC", regions=["latin-america-caribbean"]),
    row("Asia-Pacific", regions=["asia-pacific"]),
    row("CEE", regions=["central-eastern-europe"]),
    row("Afrique", regions=["africa"]),
    row("América Latina", regions=["latin-america-caribbean"]),
    row("Kenya", regions=["africa"]),
    row("Kenia", regions=["africa"]),
    row("workshops in Senegal", kinds=["workshop"], regions=["africa"]),
    # conventions
    row("Basel", conventions=["basel"]),
    row("Rotterdam Convention", conventions=["rotterdam"]),
    row("Stockholm", conventions=["stockholm"]),
    row("BC/RC/SC", conventions=ALL_CONVENTIONS),
    row("POPs convention", conventions=["stockholm"]),
    row("Convenio de Basilea", conventions=["basel"]),
    # languages, status, past
    row("webinars in French", kinds=["webinar"], languages=["fr"]),
    row("talleres en español", kinds=["workshop"], languages=["es"]),
    row("webinaires en anglais", kinds=["webinar"], languages=["en"]),
    row("cancelled webinars", kinds=["webinar"], statuses=["cancelled"]),
    row("ateliers annulés", kinds=["workshop"], statuses=["cancelled"]),
    row("talleres aplazados", kinds=["workshop"], statuses=["postponed"]),
    row("past webinars", kinds=["webinar"], past=True),
    row("last workshops on e-waste", kinds=["workshop"], programmes=["e-waste"], past=True),
    row("anciens ateliers", kinds=["workshop"], past=True),
    row("talleres pasados", kinds=["workshop"], past=True),
    # periods (asked Saturday 21 November 2026, Paris)
    row("today", ("2026-11-21", "2026-11-22")),
    row("tomorrow", ("2026-11-22", "2026-11-23")),
    row("webinars this week", ("2026-11-21", "2026-11-23"), kinds=["webinar"]),
    row("next week", ("2026-11-23", "2026-11-30")),
    row("this month", ("2026-11-21", "2026-12-01")),
    row("webinars on e-waste next month", ("2026-12-01", "2027-01-01"), kinds=["webinar"],
        programmes=["e-waste"]),
    row("in December", ("2026-12-01", "2027-01-01")),
    row("workshops in November", ("2026-11-01", "2026-12-01"), kinds=["workshop"]),
    row("trainings in March", ("2027-03-01", "2027-04-01"), kinds=["training"]),
    row("in March 2027", ("2027-03-01", "2027-04-01")),
    row("between 3 and 10 March", ("2027-03-03", "2027-03-11")),
    row("before the end of the year", ("2026-11-21", "2027-01-01")),
    row("next Monday", ("2026-11-23", "2026-11-24")),
    row("on 3 December", ("2026-12-03", "2026-12-04")),
    row("2027-01-15", ("2027-01-15", "2027-01-16")),
    row("ateliers la semaine prochaine en Afrique", ("2026-11-23", "2026-11-30"),
        kinds=["workshop"], regions=["africa"], lang="fr"),
    row("webinaires le mois prochain", ("2026-12-01", "2027-01-01"), kinds=["webinar"], lang="fr"),
    row("formations en décembre", ("2026-12-01", "2027-01-01"), kinds=["training"], lang="fr"),
    row("lundi prochain", ("2026-11-23", "2026-11-24"), lang="fr"),
    row("ateliers avant la fin de l'année", ("2026-11-21", "2027-01-01"), kinds=["workshop"]),
    row("seminarios web el próximo mes", ("2026-12-01", "2027-01-01"), kinds=["webinar"], lang="es"),
    row("talleres la próxima semana", ("2026-11-23", "2026-11-30"), kinds=["workshop"], lang="es"),
    row("el próximo lunes", ("2026-11-23", "2026-11-24"), lang="es"),
    row("el 3 de marzo", ("2027-03-03", "2027-03-04"), lang="es"),
    row("capacitaciones en enero", ("2027-01-01", "2027-02-01"), kinds=["training"]),
    row("past webinars last month", ("2026-10-01", "2026-11-01"), kinds=["webinar"], past=True),
    row("workshops last week", ("2026-11-09", "2026-11-16"), kinds=["workshop"], past=True),
    # "next Monday" asked on a Monday; month end; year rollover
    row("next Monday", ("2026-11-30", "2026-12-01"), now=MONDAY),
    row("this week", ("2026-11-23", "2026-11-30"), now=MONDAY),
    row("this month", ("2026-11-30", "2026-12-01"), now=MONTH_END),
    row("tomorrow", ("2026-12-01", "2026-12-02"), now=MONTH_END),
    row("next month", ("2026-12-01", "2027-01-01"), now=MONTH_END),
    row("next week", ("2027-01-04", "2027-01-11"), now=YEAR_END),
    row("next month", ("2027-01-01", "2027-02-01"), now=YEAR_END),
    row("tomorrow", ("2027-01-01", "2027-01-02"), now=YEAR_END),
    row("in December", ("2026-12-01", "2027-01-01"), now=YEAR_END),
    row("November", ("2027-11-01", "2027-12-01"), now=YEAR_END),
    # zones where today is not UTC's today
    row("today", ("2026-11-22", "2026-11-23"), tz="Pacific/Kiritimati"),
    row("this week", ("2026-11-22", "2026-11-23"), tz="Pacific/Kiritimati"),
    row("today", ("2026-11-20", "2026-11-21"), tz="America/Los_Angeles", now=LA_EVENING),
    row("tomorrow", ("2026-11-21", "2026-11-22"), tz="America/Los_Angeles", now=LA_EVENING),
    # full-text words, misspellings, noise
    row("workshops in Pretoria", kinds=["workshop"], text="Pretoria"),
    row("training of trainers", kinds=["training"], text="trainers"),
    row("webinars on e-wast", kinds=["webinar"], unknown=("e-wast",)),
    row("Rotterdm", unknown=("Rotterdm",)),
    row("xyzzy webinars", kinds=["webinar"], unknown=("xyzzy",)),
    row(""),
    row("?!"),
    row("what is coming up?"),
    row("What's happening in Kenya?", regions=["africa"]),
]


def local_midnight_utc(day: str, tz: str) -> str:
    local = datetime.combine(date.fromisoformat(day), time(), tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expected_json(case: Row) -> dict[str, Any]:
    expected: dict[str, Any] = {name: case.facets.get(name, []) for name in FACETS}
    is_past = case.past
    if case.days is not None:
        start, end = (local_midnight_utc(day, case.tz) for day in case.days)
        is_past = is_past or end <= case.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    elif case.past:
        start, end = None, case.now.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        start, end = case.now.strftime("%Y-%m-%dT%H:%M:%SZ"), None
    expected.update({"past": is_past, "from": start, "to": end, "text": case.text})
    return expected


@pytest.fixture(scope="module")
def table_store(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("query-table") / "demo.db"
    shutil.copyfile(demo_template, path)
    store = open_store(path, FixedClock(NOW))
    yield store
    store.close()


@pytest.fixture(scope="module")
def table_service(table_store: Store) -> QueryService:
    return QueryService(table_store)


def test_the_table_is_large_and_in_three_languages() -> None:
    assert len(ROWS) >= 80
    assert any(r.lang == "fr" for r in ROWS) and any(r.lang == "es" for r in ROWS)


@pytest.mark.parametrize("case", ROWS, ids=[f"{i:03}-{r.question[:40]}" for i, r in enumerate(ROWS)])
def test_question(case: Row, table_store: Store, table_service: QueryService) -> None:
    assert isinstance(table_store.clock, FixedClock)
    table_store.clock.set(case.now)
    understood = table_service.parse(case.question, tz=case.tz, lang=case.lang)
    got = understood.to_json()
    got["kinds"], got["languages"] = sorted(got["kinds"]), got["languages"]
    expected = expected_json(case)
    expected["kinds"] = sorted(expected["kinds"])
    for name in ("programmes", "audiences", "regions", "conventions"):
        got[name], expected[name] = sorted(got[name]), sorted(expected[name])
    assert got == expected
    assert list(understood.not_understood) == list(case.unknown)
