"""Saved filters on a screen that searches events: s keeps the search, filters, scope and sort
under a name (per staff login, in the store), o puts one back, D deletes one (asks first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import on
from textual.binding import Binding
from textual.message import Message

from ...domain import TimeScope
from ...records import SavedFilter
from .base import DataScreen
from .prompts import ChoicePrompt, ConfirmScreen, TextPrompt

SAVED_FILTER_BINDINGS = [
    Binding("s", "save_filter", "Save search and filters", show=False),
    Binding("o", "open_filter", "Open a saved filter", show=False),
    Binding("D", "delete_filter", "Delete a saved filter", show=False),
]


class SavedFiltersRead(Message):
    """The staff member's saved filters, read for a list to choose from, and what to do with one."""

    def __init__(self, saved: list[SavedFilter], title: str, then: Callable[[SavedFilter], None]) -> None:
        super().__init__()
        self.saved, self.title, self.then = saved, title, then


def describe_saved(saved: SavedFilter) -> str:
    """'“webinars” · audiences: basel-focal-points · past · sorted by title ▼' (a list line)."""
    parts = [f"“{saved.search}”"] if saved.search else []
    parts += [f"{facet}: {', '.join(values)}" for facet, values in saved.facets]
    if saved.scope != TimeScope.UPCOMING.value:
        parts.append(saved.scope)
    if saved.sort != "starts_at" or saved.descending:
        parts.append(f"sorted by {saved.sort} {'▼' if saved.descending else '▲'}")
    return " · ".join(parts) or "everything upcoming"


class SavedFilterActions(DataScreen):
    """The saved-filter actions; the screen says what its filter is now and how to put one back."""

    def filter_now(self) -> SavedFilter:
        """The search, filters, scope and sort in use, as an unnamed saved filter."""
        raise NotImplementedError

    def apply_saved(self, saved: SavedFilter) -> None:
        """Put back the search, filters, scope and sort of ``saved``."""
        raise NotImplementedError

    def action_save_filter(self) -> None:
        """Keep the search, filters, scope and sort under a name."""
        preferences = self.services.preferences
        saved = self.filter_now()

        def named(name: str | None) -> None:
            if name:
                self.run_write(lambda: preferences.save_filter(replace(saved, name=name)),
                               lambda kept: f"Saved the filter “{kept.name}” (o opens it)")

        self.app.push_screen(TextPrompt("Save this search and filters", "Name", max_length=60,
                                        ok="Save filter"), named)

    def _choose_saved(self, title: str, then: Callable[[SavedFilter], None]) -> None:
        """A saved filter chosen from the list (read in a worker), then ``then`` with it."""
        preferences = self.services.preferences

        def read() -> SavedFiltersRead:
            return SavedFiltersRead(preferences.saved_filters(), title, then)

        self.run_read("saved-filters", read)

    @on(SavedFiltersRead)
    def _saved_filters_read(self, message: SavedFiltersRead) -> None:
        if not message.saved:
            self.notify("No saved filters yet: s saves the current search and filters", severity="warning")
            return
        by_name = {saved.name: saved for saved in message.saved}
        options = [(f"{saved.name} — {describe_saved(saved)}", saved.name) for saved in message.saved]

        def chosen(name: str | None) -> None:
            if name in by_name:
                message.then(by_name[name])

        self.app.push_screen(ChoicePrompt(message.title, options), chosen)

    def action_open_filter(self) -> None:
        self._choose_saved("Open a saved filter", self.apply_saved)

    def action_delete_filter(self) -> None:
        preferences = self.services.preferences

        def delete(saved: SavedFilter) -> None:
            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.run_write(lambda: preferences.delete_filter(saved.name),
                                   f"Deleted the saved filter “{saved.name}”")

            self.app.push_screen(ConfirmScreen(f"Delete the saved filter “{saved.name}”?", yes="Delete"),
                                 confirmed)

        self._choose_saved("Delete a saved filter", delete)
