"""The catalogue repository: conventions, regions, countries, audiences, centres, programmes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..domain import Audience, Centre, City, Convention, Country, Programme, Region
from ..errors import NotFound
from ..results import PlanItem
from .rows import dump, iso_utc, json_dict, json_list
from .session import Session

CATALOGUE_TABLES = ("conventions", "regions", "countries", "audiences", "centres", "programmes")

_PROGRAMME_SELECT = "SELECT * FROM programmes"
_CENTRE_SELECT = (
    "SELECT c.*, r.slug AS region_slug FROM centres c LEFT JOIN regions r ON r.id = c.region_id"
)


@dataclass(frozen=True)
class Counts:
    """How many rows each catalogue table has."""

    conventions: int
    regions: int
    countries: int
    audiences: int
    centres: int
    programmes: int


def _programme(row: dict[str, Any]) -> Programme:
    return Programme(
        id=row["id"], slug=row["slug"], name=row["name"], cluster=row["cluster"],
        background=row["background"], objectives=row["objectives"],
        conventions=json_list(row["conventions"]), audiences=json_list(row["audiences"]),
        aliases=json_dict(row["aliases"]), planned_activities=json_list(row["planned_activities"]),
        names=json_dict(row["names"]),
    )


def _audience(row: dict[str, Any]) -> Audience:
    return Audience(
        id=row["id"], slug=row["slug"], name=row["name"], names=json_dict(row["names"]),
        aliases=json_dict(row["aliases"]), conventions=json_list(row["conventions"]),
    )


def _centre(row: dict[str, Any]) -> Centre:
    return Centre(
        id=row["id"], slug=row["slug"], name=row["name"], country=row["country"],
        city=row["city"], region=row["region_slug"] or "", timezone=row["timezone"],
        conventions=json_list(row["conventions"]),
    )


class CatalogueRepository:
    """Reads and edits of the reference catalogue."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, sql: str, params: Iterable[object] = ()) -> list[dict[str, Any]]:
        return list(self._session.db.query(sql, list(params)))

    # ---- reading -------------------------------------------------------------------------

    def conventions(self) -> list[Convention]:
        return [
            Convention(r["id"], r["slug"], r["code"], r["name"], json_dict(r["aliases"]))
            for r in self._rows("SELECT * FROM conventions ORDER BY id")
        ]

    def regions(self) -> list[Region]:
        return [
            Region(r["id"], r["slug"], r["name"], json_dict(r["names"]), json_dict(r["aliases"]))
            for r in self._rows("SELECT * FROM regions ORDER BY id")
        ]

    def countries(self) -> list[Country]:
        sql = (
            "SELECT c.*, r.slug AS region_slug FROM countries c"
            " LEFT JOIN regions r ON r.id = c.region_id ORDER BY c.name"
        )
        return [
            Country(r["id"], r["code"], r["name"], r["region_slug"] or "", json_dict(r["aliases"]),
                    json_dict(r["names"]))
            for r in self._rows(sql)
        ]

    def cities(self) -> list[City]:
        return [
            City(r["id"], r["slug"], r["name"], r["country"], json_dict(r["names"]), json_dict(r["aliases"]))
            for r in self._rows("SELECT * FROM cities ORDER BY name")
        ]

    def results(self) -> list[PlanItem]:
        """The plan's outputs and indicators, the values of the results facet (facets.RESULT)."""
        from .results import ResultsRepository

        return ResultsRepository(self._session).plan_items()

    def audiences(self) -> list[Audience]:
        return [_audience(r) for r in self._rows("SELECT * FROM audiences ORDER BY name")]

    def centres(self) -> list[Centre]:
        return [_centre(r) for r in self._rows(_CENTRE_SELECT + " ORDER BY c.name")]

    def programmes(self) -> list[Programme]:
        return [_programme(r) for r in self._rows(_PROGRAMME_SELECT + " ORDER BY name")]

    def programme(self, slug: str) -> Programme:
        rows = self._rows(_PROGRAMME_SELECT + " WHERE slug = ?", [slug])
        if not rows:
            raise NotFound(f"No programme {slug!r}")
        return _programme(rows[0])

    def audience(self, slug: str) -> Audience:
        rows = self._rows("SELECT * FROM audiences WHERE slug = ?", [slug])
        if not rows:
            raise NotFound(f"No audience {slug!r}")
        return _audience(rows[0])

    def centre(self, slug: str) -> Centre:
        rows = self._rows(_CENTRE_SELECT + " WHERE c.slug = ?", [slug])
        if not rows:
            raise NotFound(f"No centre {slug!r}")
        return _centre(rows[0])

    def counts(self) -> Counts:
        values = {
            table: int(self._rows(f"SELECT count(*) AS n FROM {table}")[0]["n"])
            for table in CATALOGUE_TABLES
        }
        return Counts(**values)

    def change_counter(self) -> int:
        """A number that rises whenever events or the catalogue change (for caches)."""
        return int(self._rows("SELECT counter FROM store_changes WHERE id = 1")[0]["counter"])

    def catalogue_version(self) -> int:
        """A number that rises whenever a catalogue table changes (events do not raise it)."""
        return int(self._rows("SELECT catalogue FROM store_changes WHERE id = 1")[0]["catalogue"])

    # ---- writing -------------------------------------------------------------------------

    def save_programme(self, programme: Programme, by: str) -> Programme:
        """Create or update (by slug) a programme; the slug never changes (CatalogueService checks it)."""
        row = {
            "slug": programme.slug, "name": programme.name.strip(), "cluster": programme.cluster,
            "background": programme.background, "objectives": programme.objectives,
            "conventions": dump(list(programme.conventions)),
            "audiences": dump(list(programme.audiences)), "aliases": dump(programme.aliases),
            "planned_activities": dump(list(programme.planned_activities)),
            "names": dump(programme.names),
        }
        self._upsert("programmes", row, by)
        return self.programme(programme.slug)

    def save_audience(self, audience: Audience, by: str) -> Audience:
        """Create or update (by slug) an audience with its en/fr/es aliases."""
        row = {
            "slug": audience.slug, "name": audience.name.strip(), "names": dump(audience.names),
            "aliases": dump(audience.aliases), "conventions": dump(list(audience.conventions)),
        }
        self._upsert("audiences", row, by)
        return self.audience(audience.slug)

    def save_centre(self, centre: Centre, by: str) -> Centre:
        """Create or update (by slug) a regional centre."""
        row = {
            "slug": centre.slug, "name": centre.name.strip(), "country": centre.country,
            "city": centre.city, "region_id": self._session.ids.region(centre.region),
            "timezone": centre.timezone, "conventions": dump(list(centre.conventions)),
        }
        self._upsert("centres", row, by)
        return self.centre(centre.slug)

    def _upsert(self, table: str, row: dict[str, Any], by: str) -> None:
        row = {**row, "updated_at": iso_utc(self._session.clock.now()), "updated_by": by}
        columns = ", ".join(row)
        updates = ", ".join(f"{name} = excluded.{name}" for name in row if name != "slug")
        with self._session.transaction() as db:
            db.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in row)})"
                f" ON CONFLICT(slug) DO UPDATE SET {updates}",
                list(row.values()),
            )


