"""What a staff login keeps between TUI sessions: the theme and saved filters of the events view."""

from __future__ import annotations

from ..errors import InvalidInput
from ..records import SavedFilter
from ..store import Store
from .acting import Acting

THEME = "theme"
NAME_MAX = 60


class StaffPreferencesService:
    """Preferences of the acting staff login (its own: nobody else's are read or changed)."""

    def __init__(self, store: Store, acting: Acting) -> None:
        self._store, self._acting = store, acting

    @property
    def staff_name(self) -> str:
        """The login the preferences are kept under."""
        return self._acting.login

    def theme(self) -> str | None:
        """The theme last chosen (None: never chosen)."""
        return self._store.staff_preferences.preference(self.staff_name, THEME)

    def set_theme(self, theme: str) -> None:
        self._store.staff_preferences.set_preference(self.staff_name, THEME, theme)

    def saved_filters(self) -> list[SavedFilter]:
        return self._store.staff_preferences.saved_filters(self.staff_name)

    def save_filter(self, saved: SavedFilter) -> SavedFilter:
        """Keep ``saved`` under its name (trimmed; one of the same name is replaced)."""
        name = " ".join(saved.name.split())
        if not name:
            raise InvalidInput("A saved filter needs a name", field="name")
        if len(name) > NAME_MAX:
            raise InvalidInput(f"A saved filter's name has at most {NAME_MAX} characters", field="name")
        kept = SavedFilter(name, saved.search, saved.facets, saved.scope, saved.sort, saved.descending)
        self._store.staff_preferences.save_filter(self.staff_name, kept)
        return kept

    def delete_filter(self, name: str) -> bool:
        return self._store.staff_preferences.delete_filter(self.staff_name, name)
