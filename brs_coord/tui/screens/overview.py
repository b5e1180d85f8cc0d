"""Overview: pictures of the next 12 months — per month by convention and kind, regions, registrations."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Label, Sparkline, Static

from ...services.reports import JOINT, NO_CONVENTION, MonthlyCounts
from ..formatting import KIND_COLOURS
from .base import DataScreen

CONVENTION_BAR_COLOURS = {
    "BC": "dodger_blue1", "RC": "green3", "SC": "dark_orange", JOINT: "orchid", NO_CONVENTION: "grey50",
}


@dataclass(frozen=True)
class OverviewData:
    by_convention: MonthlyCounts
    by_kind: MonthlyCounts
    by_region: list[tuple[str, int]]
    registrations_by_region: list[tuple[str, int, int]]
    registrations_by_country: list[tuple[str, int, int]]


class OverviewLoaded(Message):
    def __init__(self, data: OverviewData) -> None:
        super().__init__()
        self.data = data


def bar(value: int, biggest: int, width: int, colour: str) -> Text:
    cells = 0 if biggest == 0 else max(1 if value else 0, round(value / biggest * width))
    return Text("█" * cells, style=colour) + Text(f" {value}", style="bold")


def stacked_months(counts: MonthlyCounts, colours: dict[str, str], width: int) -> Table:
    """One line per month: a bar made of one colour per series, then the total."""
    totals = [sum(series[i] for series in counts.series.values()) for i in range(len(counts.months))]
    biggest = max(totals, default=0) or 1
    table = Table.grid(padding=(0, 1))
    for index, month in enumerate(counts.months):
        line = Text()
        for name, series in sorted(counts.series.items()):
            cells = round(series[index] / biggest * width)
            line.append("█" * cells, style=colours.get(name, "white"))
        line.append(f" {totals[index]}", style="bold")
        table.add_row(Text(month, style="dim"), line)
    legend, used = Text(), 0
    for name in sorted(counts.series):  # wrapped by item: a colour never parted from its name
        item = len(name) + 4
        if used and used + item > width + 4:
            legend.append("\n")
            used = 0
        legend.append("■ ", style=colours.get(name, "white")).append(f"{name}  ")
        used += item
    table.add_row("", legend)
    return table


MIN_BAR = 8


def ranking(
    rows: list[tuple[str, int]], text_width: int, colour: str, limit: int = 8, *, names: int = 0
) -> Table:
    """One line per name, biggest first: the name, a bar, the count, in ``text_width`` columns.
    The names' column is as wide as the longest (or ``names``, to line up with another ranking)
    while the bars keep MIN_BAR columns; a longer name wraps onto a second line, never cut."""
    shown = rows[:limit]
    if not shown:
        table = Table.grid()
        table.add_row(Text("nothing yet", style="dim italic"))
        return table
    biggest = max(n for _, n in shown)
    digits = len(str(biggest))
    longest = max(names, *(len(name) for name, _ in shown))
    label = max(8, min(longest, text_width - 2 - digits - MIN_BAR))
    table = Table.grid(padding=(0, 1))
    table.add_column(width=label)
    table.add_column()
    for name, count in shown:
        table.add_row(Text(name), bar(count, biggest, text_width - label - 2 - digits, colour))
    return table


class OverviewScreen(DataScreen):
    """The next twelve months at a glance."""

    BINDINGS = [Binding("ctrl+r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="overview"):
            with Vertical(classes="panel"):
                yield Label(f"[b]Events per month[/b] · next 12 months in {self.brs.staff_zone.key}"
                            " · by convention", id="months-title")
                yield Sparkline([], id="spark")
                yield Static("", id="by-convention")
            with Vertical(classes="panel"):
                yield Label("[b]Events per month[/b] · by kind")
                yield Static("", id="by-kind")
            with Vertical(classes="panel"):
                yield Label("[b]Events by region[/b] · next 12 months ")
                yield Static("", id="by-region")
            with Vertical(classes="panel"):
                yield Label("[b]Registrations[/b] by region · country")
                yield Static("", id="registrations-by-region")
                yield Static("", id="registrations-by-country")
        yield Footer()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        reports = self.services.reports
        self.run_read("overview", lambda: OverviewLoaded(OverviewData(
            reports.events_per_month("convention"), reports.events_per_month("kind"),
            reports.events_by_region(), reports.registration_counts("region"),
            reports.registration_counts("country"),
        )))

    @on(OverviewLoaded)
    def _show(self, message: OverviewLoaded) -> None:
        data = message.data
        bars = max(6, self.size.width // 2 - 19)
        text_width = max(24, (self.size.width - 1) // 2 - 6)  # a panel's border, padding, scroll bar
        months = data.by_kind.months
        totals = [sum(s[i] for s in data.by_kind.series.values()) for i in range(len(months))]
        self.query_one("#spark", Sparkline).data = totals
        self.query_one("#by-convention", Static).update(
            stacked_months(data.by_convention, CONVENTION_BAR_COLOURS, bars))
        self.query_one("#by-kind", Static).update(stacked_months(data.by_kind, KIND_COLOURS, bars))
        self.query_one("#by-region", Static).update(ranking(data.by_region, text_width, "cyan"))
        by_region = [(name, n) for name, n, _ in data.registrations_by_region]
        by_country = [(name, n) for name, n, _ in data.registrations_by_country]
        names = max((len(name) for name, _ in by_region[:6] + by_country[:6]), default=0)
        self.query_one("#registrations-by-region", Static).update(
            ranking(by_region, text_width, "magenta", 6, names=names))
        self.query_one("#registrations-by-country", Static).update(
            ranking(by_country, text_width, "green", 6, names=names))
