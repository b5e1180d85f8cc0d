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
    legend = Text()
    for name in sorted(counts.series):
        legend.append("■ ", style=colours.get(name, "white")).append(f"{name}  ")
    table.add_row("", legend)
    return table


def ranking(rows: list[tuple[str, int]], width: int, colour: str, limit: int = 8) -> Table:
    biggest = max((n for _, n in rows), default=0)
    table = Table.grid(padding=(0, 1))
    for name, count in rows[:limit]:
        table.add_row(Text(name[:22], overflow="ellipsis", no_wrap=True), bar(count, biggest, width, colour))
    if not rows:
        table.add_row(Text("nothing yet", style="dim italic"))
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
        width = max(6, self.size.width // 2 - 36)
        months = data.by_kind.months
        totals = [sum(s[i] for s in data.by_kind.series.values()) for i in range(len(months))]
        self.query_one("#spark", Sparkline).data = totals
        self.query_one("#by-convention", Static).update(
            stacked_months(data.by_convention, CONVENTION_BAR_COLOURS, bars))
        self.query_one("#by-kind", Static).update(stacked_months(data.by_kind, KIND_COLOURS, bars))
        self.query_one("#by-region", Static).update(ranking(data.by_region, width, "cyan"))
        self.query_one("#registrations-by-region", Static).update(
            ranking([(name, n) for name, n, _ in data.registrations_by_region], width, "magenta", 6))
        self.query_one("#registrations-by-country", Static).update(
            ranking([(name, n) for name, n, _ in data.registrations_by_country], width, "green", 6))
