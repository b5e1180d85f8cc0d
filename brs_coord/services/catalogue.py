"""Catalogue use cases for the faces: list and save programmes, audiences, centres; watch for changes."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import Audience, Centre, City, Convention, Country, Programme, Region
from ..errors import InvalidInput, ValidationFailed
from ..permissions import Action
from ..results import PlanItem
from ..rules import CatalogueEntry, catalogue_problems
from ..store import Store
from .acting import Acting


def _known(kind: str, slugs: Iterable[str], entries: Iterable[Convention | Audience]) -> None:
    unknown = sorted(set(slugs) - {entry.slug for entry in entries})
    if unknown:
        raise InvalidInput(f"Unknown {kind}: {', '.join(unknown)}", field=kind)


class CatalogueService:
    """Reads and edits of the reference catalogue, recorded under the staff name."""

    def __init__(self, store: Store, acting: Acting) -> None:
        self._store = store
        self._acting = acting

    def programmes(self) -> list[Programme]:
        return self._store.catalogue.programmes()

    def audiences(self) -> list[Audience]:
        return self._store.catalogue.audiences()

    def centres(self) -> list[Centre]:
        return self._store.catalogue.centres()

    def regions(self) -> list[Region]:
        return self._store.catalogue.regions()

    def conventions(self) -> list[Convention]:
        return self._store.catalogue.conventions()

    def countries(self) -> list[Country]:
        return self._store.catalogue.countries()

    def cities(self) -> list[City]:
        return self._store.catalogue.cities()

    def results(self) -> list[PlanItem]:
        """The plan's outputs and indicators (the results tags events carry)."""
        return self._store.catalogue.results()

    def check(self, entry: CatalogueEntry, existing: Iterable[CatalogueEntry]) -> None:
        """Raise ValidationFailed for every problem of ``entry`` (a new one has id 0 and an unused slug)."""
        problems = catalogue_problems(entry)
        if entry.id == 0 and "slug" not in problems and entry.slug in {e.slug for e in existing}:
            problems["slug"] = f"{entry.slug!r} is already used"
        if problems:
            raise ValidationFailed(problems)

    def save_programme(self, programme: Programme) -> Programme:
        by = self._acting.require(Action.EDIT_CATALOGUE).login
        with self._store.transaction():
            self.check(programme, self.programmes())
            _known("audiences", programme.audiences, self.audiences())
            _known("conventions", programme.conventions, self.conventions())
            return self._store.catalogue.save_programme(programme, by)

    def save_audience(self, audience: Audience) -> Audience:
        by = self._acting.require(Action.EDIT_CATALOGUE).login
        with self._store.transaction():
            self.check(audience, self.audiences())
            _known("conventions", audience.conventions, self.conventions())
            return self._store.catalogue.save_audience(audience, by)

    def save_centre(self, centre: Centre) -> Centre:
        by = self._acting.require(Action.EDIT_CATALOGUE).login
        with self._store.transaction():
            self.check(centre, self.centres())
            _known("conventions", centre.conventions, self.conventions())
            return self._store.catalogue.save_centre(centre, by)

    def change_counter(self) -> int:
        """Rises whenever events, registrations or the catalogue change (any process)."""
        return self._store.catalogue.change_counter()
