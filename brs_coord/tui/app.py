"""The staff TUI application: screens as modes, global bindings, theme, change polling."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from ..domain import EventChange
from ..permissions import Action, StaffMember, may
from ..services import Services
from ..services.bulk import BulkOutcome
from .reference import EMPTY_REFERENCE, Reference
from .roles import NOT_LISTED, who
from .screens.base import DataScreen, as_error
from .screens.calendar import CalendarScreen
from .screens.catalogue import CatalogueScreen
from .screens.events import EventsScreen
from .screens.export import ExportFeedsScreen
from .screens.help import HelpScreen
from .screens.indicators import IndicatorsScreen
from .screens.notices import NoticesScreen
from .screens.overview import OverviewScreen
from .screens.proposals import ProposalsScreen
from .screens.review import ReviewScreen
from .screens.sources import SourcesScreen

SCREENS_BY_KEY = (
    ("f2", "events", "Events"),
    ("f3", "calendar", "Calendar"),
    ("f4", "overview", "Overview"),
    ("f5", "catalogue", "Catalogue"),
    ("f6", "notices", "Notices"),
    ("f7", "indicators", "Indicators"),
    ("f8", "sources", "Sources"),
    ("f9", "review", "Review"),
)


class ReferenceLoaded(Message):
    """The catalogue was (re)read for pickers and filters."""

    def __init__(self, reference: Reference) -> None:
        super().__init__()
        self.reference = reference


class ThemeLoaded(Message):
    """The theme stored for this staff login (None: none chosen yet)."""

    def __init__(self, theme: str | None) -> None:
        super().__init__()
        self.theme = theme


class ActorLoaded(Message):
    """Who is acting, as the staff list has them now, and the proposals waiting (None: not an
    approver's business)."""

    def __init__(self, actor: StaffMember, waiting: int | None) -> None:
        super().__init__()
        self.actor, self.waiting = actor, waiting


class StoreChanged(Message):
    """Another process (or this one) changed the store since the last poll."""


class BrsCoordApp(App[None]):
    """Staff view of the technical-assistance calendar."""

    TITLE = "brs-coord"
    SUB_TITLE = "Technical-assistance calendar"
    CSS_PATH = "app.tcss"
    MODES = {
        "events": EventsScreen,
        "calendar": CalendarScreen,
        "overview": OverviewScreen,
        "catalogue": CatalogueScreen,
        "notices": NoticesScreen,
        "indicators": IndicatorsScreen,
        "proposals": ProposalsScreen,
        "sources": SourcesScreen,
        "review": ReviewScreen,
    }
    DEFAULT_MODE = "events"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        *(Binding(key, f"switch_mode('{mode}')", label) for key, mode, label in SCREENS_BY_KEY),
        Binding("f10", "switch_mode('proposals')", "Proposals", show=False),
        Binding("x", "export_feeds", "Export", show=False),
        Binding("ctrl+t", "toggle_dark", "Theme", show=False),
    ]

    def __init__(self, services: Services, *, poll_seconds: float = 2.0,
                 signed_in_as: str | None = None) -> None:
        super().__init__()
        self.signed_in_as = signed_in_as  # a remote session's login (web or SSH), shown in the header
        self.services = services
        self.actor: StaffMember = services.acting.actor()  # read again on every store change
        self.waiting_proposals: int | None = None
        self.staff_zone = ZoneInfo(services.settings.staff_tz)
        self.reference: Reference = EMPTY_REFERENCE
        self.poll_seconds = poll_seconds
        self._change_counter: int | None = None
        self._saved_theme: str | None = None  # the theme as stored (None: not read yet)
        self.last_change: tuple[EventChange | BulkOutcome, str] | None = None  # the last change, for `u`

    @property
    def db_path(self) -> Path:
        return self.services.settings.db_path

    def on_mount(self) -> None:
        self._show_who()
        if not self.actor.listed:
            self.notify(NOT_LISTED, title="Viewer", severity="warning", timeout=15)
        self.theme = "textual-dark"
        self.load_theme()
        self.load_reference()
        self.load_actor()
        if self.poll_seconds > 0:
            self.set_interval(self.poll_seconds, self.poll_changes)

    @work(thread=True, exclusive=True, exit_on_error=False, group="theme")
    def load_theme(self) -> None:
        """The theme this staff login chose last time (kept in the store)."""
        try:
            theme = self.services.preferences.theme()
        except Exception as exc:  # noqa: BLE001 - an unreadable preference keeps the default theme
            self.call_from_thread(self.notify, as_error(exc).message, severity="warning")
            theme = None
        self.post_message(ThemeLoaded(theme))

    @on(ThemeLoaded)
    def _theme_loaded(self, message: ThemeLoaded) -> None:
        if message.theme is not None and message.theme in self.available_themes:
            self.theme = message.theme
        self._saved_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self.save_theme(theme.name)

    @work(thread=True, exit_on_error=False, group="theme-save")
    def save_theme(self, name: str) -> None:
        try:
            self.services.preferences.set_theme(name)
        except Exception as exc:  # noqa: BLE001 - told, never a crash
            self.call_from_thread(self.notify, as_error(exc).message, severity="warning")

    def _show_who(self) -> None:
        """The sub-title: who you are, your role (and centres), the zone of the times, and for
        those who approve them the proposals waiting."""
        waiting = self.waiting_proposals
        proposals = f" · {waiting} proposal{'s' if waiting != 1 else ''} waiting (F10)" if waiting else ""
        signed_in = "signed in as " if self.signed_in_as else ""  # a remote session (web or SSH)
        self.sub_title = f"{signed_in}{who(self.actor)} · times in {self.staff_zone}{proposals}"

    @work(thread=True, exclusive=True, exit_on_error=False, group="actor")
    def load_actor(self) -> None:
        try:
            actor = self.services.acting.actor()
            waiting = self.services.proposals.waiting_count() if may(
                actor.role, Action.APPROVE_PROPOSALS) else None
        except Exception as exc:  # noqa: BLE001 - told, never a crash; the last reading stays
            self.call_from_thread(self.notify, as_error(exc).message, severity="warning")
            return
        self.post_message(ActorLoaded(actor, waiting))

    @on(ActorLoaded)
    def _actor_loaded(self, message: ActorLoaded) -> None:
        changed = message.actor != self.actor
        self.actor, self.waiting_proposals = message.actor, message.waiting
        self._show_who()
        if changed:
            self.screen.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="reference")
    def load_reference(self) -> None:
        self.post_message(ReferenceLoaded(Reference.load(self.services)))

    @on(ReferenceLoaded)
    def _reference_loaded(self, message: ReferenceLoaded) -> None:
        self.reference = message.reference
        for screen in self.screen_stack:
            if hasattr(screen, "reference_changed"):
                screen.reference_changed()

    @work(thread=True, exclusive=True, exit_on_error=False, group="poll")
    def poll_changes(self) -> None:
        """Notice changes made by other processes (bot registrations, other staff)."""
        try:
            counter = self.services.catalogue.change_counter()
        except Exception as exc:  # noqa: BLE001 - a locked or vanished file must not crash the UI
            self.call_from_thread(self.notify, as_error(exc).message, severity="warning")
            return
        if counter != self._change_counter:
            # The first reading reloads too: a change may have landed between the screen's first
            # load and this baseline, and would otherwise never be shown.
            self.post_message(StoreChanged())
        self._change_counter = counter

    @on(StoreChanged)
    def _store_changed(self, _: StoreChanged) -> None:
        self.load_reference()
        self.load_actor()
        screen = self.screen
        if isinstance(screen, DataScreen):
            screen.reload()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self._help_rows()))

    def action_export_feeds(self) -> None:
        self.push_screen(ExportFeedsScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def _help_rows(self) -> list[tuple[str, str, str]]:
        """(where, key, what) for every binding of the app and the current screen."""
        rows: list[tuple[str, str, str]] = []
        screen = self.screen_stack[-1] if self.screen_stack else None
        sources: list[tuple[str, Iterable[Binding | tuple[str, ...]]]] = [("anywhere", self.BINDINGS)]
        if screen is not None:
            sources.insert(0, (type(screen).__name__.removesuffix("Screen").lower(), screen.BINDINGS))
        for where, bindings in sources:
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    rows.append((where, self.get_key_display(binding), binding.description))
        return rows

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, mode, label in SCREENS_BY_KEY:
            yield SystemCommand(f"Go to {label}", f"Open the {label.lower()} screen ({key})",
                                lambda mode=mode: self.switch_mode(mode))
        yield SystemCommand("Export feeds", "Write the iCalendar feeds (x)", self.action_export_feeds)
        yield SystemCommand("Help", "Keys and screens (F1)", self.action_help)
        for binding in getattr(screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.description:
                yield SystemCommand(
                    binding.description, f"{binding.action} ({binding.key})",
                    lambda action=binding.action, target=screen: self.call_later(
                        self.run_action, action, target
                    ),
                )


def make_app(services: Services, *, poll_seconds: float = 2.0,
             signed_in_as: str | None = None) -> BrsCoordApp:
    """The one factory used by the CLI, the tests and the benchmark."""
    return BrsCoordApp(services, poll_seconds=poll_seconds, signed_in_as=signed_in_as)
