"""The help screen: every key of the current screen and of the app, and what the screens are."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = "\n".join((
    "[b]Screens[/b]: F2 events · F3 calendar · F4 overview · F5 catalogue · F6 notices · F7 indicators.",
    "From the events table and the calendar: [b]g[/b] registrations of the event, [b]y[/b] its history, "
    "[b]m[/b] a short message to its registrants (through the bot; also on the registrations screen).",
    "Events table: [b]i[/b] the detail pane ([b]z[/b] taller below the table); "
    "[b]space[/b] marks rows, then [b]c[/b] [b]p[/b] [b]t[/b] "
    "[b]ctrl+e[/b] act on all marked (one reason, one confirmation; [b]u[/b] undoes it all; escape "
    "unmarks); [b]s[/b] saves the search and filters, [b]o[/b] opens a saved one; [b]w[/b]/[b]j[/b] copy "
    "the web/join link, [b]ctrl+o[/b] opens it; [b]>[/b] [b]<[/b] sort, [b]C[/b] columns. The theme "
    "([b]ctrl+t[/b]) is kept for next time.",
    "Every action is also in the command palette ([b]ctrl+p[/b]). The screen follows changes made by the "
    "bot and other staff within a few seconds.",
))


class HelpScreen(ModalScreen[None]):
    """Keys and screens."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close")]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table("where", "key", "does", box=None, expand=True, header_style="bold")
        for where, key, what in self.rows:
            table.add_row(where, f"[b]{key}[/b]", what)
        with Vertical(id="help"):
            yield Static("[b]brs-coord — help[/b]  (escape closes)", id="help-title")
            with VerticalScroll():
                yield Static(ABOUT, id="help-about")
                yield Static(table, id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
