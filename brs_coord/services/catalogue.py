"""Catalogue use cases for the faces: list and save programmes, audiences, centres; watch for changes."""

from __future__ import annotations

from ..domain import Audience, Centre, Convention, Country, Programme, Region
from ..store import Store


class CatalogueService:
    """Reads and edits of the reference catalogue, recorded under the staff name."""

    def __init__(self, store: Store, staff_name: str) -> None:
        self._store = store
        self.staff_name = staff_name

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

    def save_programme(self, programme: Programme) -> Programme:
        return self._store.catalogue.save_programme(programme, self.staff_name)

    def save_audience(self, audience: Audience) -> Audience:
        return self._store.catalogue.save_audience(audience, self.staff_name)

    def save_centre(self, centre: Centre) -> Centre:
        return self._store.catalogue.save_centre(centre, self.staff_name)

    def change_counter(self) -> int:
        """Rises whenever events, registrations or the catalogue change (any process)."""
        return self._store.catalogue.change_counter()
