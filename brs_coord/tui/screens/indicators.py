"""Indicators: the technical assistance plan's indicators for a biennium, values against targets,
and the events and Parties behind the highlighted figure."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Static

from ...results import IndicatorValue, Period, Rule, Target, shown
from ...services.results import ResultsReport
from .base import DataScreen
from .evidence import EvidenceScreen
from .parties import PartiesScreen
from .prompts import TextPrompt

BAR_WIDTH = 10
RULE_WORDS = {
    Rule.ATTENDANCE: "counted from attendance (a Party once, at {share:.0%} of a tagged event or more)",
    Rule.TAGGED_EVENTS: "counted from tagged events held",
    Rule.EVIDENCE: "counted from evidence staff record (attendance never sets it)",
}


class IndicatorsLoaded(Message):
    def __init__(self, report: ResultsReport) -> None:
        super().__init__()
        self.report = report


def progress_bar(value: IndicatorValue, width: int = BAR_WIDTH) -> Text:
    """The value against its target as a bar ("no target" when the plan sets none)."""
    target = value.target.target
    if not target:
        return Text("no target", style="dim")
    filled = min(width, round(value.value / target * width))
    style = "green" if value.value >= target else "dodger_blue1"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="grey35")


def value_cell(value: IndicatorValue) -> Text:
    text = shown(value.value, people=value.counts_people)
    return Text(text, style="bold" if value.value else "dim", justify="right")


def details(value: IndicatorValue) -> Text:
    """What is behind one figure: the rule, the Parties counted and set apart, the events."""
    indicator = value.indicator
    out = Text()
    out.append(f"{indicator.code} ", style="bold").append(indicator.text + "\n")
    out.append(RULE_WORDS[indicator.rule].format(share=indicator.threshold) + "\n", style="dim")
    if value.parties:
        out.append("Parties counted: ", style="bold").append(" ".join(value.parties) + "\n")
    if value.non_parties:
        out.append("Non-Party States (not counted): ", style="yellow").append(
            " ".join(value.non_parties) + "\n")
    if value.unrecorded:
        out.append("Status not recorded (not counted): ", style="yellow").append(
            " ".join(value.unrecorded) + "\n")
    if value.unknown_country:
        out.append(f"Attendees with no country in their profile: "
                   f"{shown(value.unknown_country, people=True)}\n", style="yellow")
    for event in value.events:
        out.append(f"  {event.starts_on:%d %b %Y}  ", style="cyan").append(event.title)
        out.append(f"  · {event.organiser}\n" if event.organiser else "\n", style="dim")
    if not (value.events or value.parties):
        out.append("Nothing counted yet in this biennium.", style="dim italic")
    return out


class IndicatorsScreen(DataScreen):
    """Each indicator's value in a biennium against its target; the highlighted one explained."""

    BINDINGS = [
        Binding("left_square_bracket", "biennium(-1)", "Earlier"),
        Binding("right_square_bracket", "biennium(1)", "Later"),
        Binding("t", "target", "Target"),
        Binding("v", "evidence", "Evidence"),
        Binding("p", "parties", "Parties"),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period: Period | None = None
        self.values: tuple[IndicatorValue, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="indicators-title")
        table: DataTable[str | Text] = DataTable(id="indicators", cursor_type="row", zebra_stripes=True)
        table.add_column("Code", key="code", width=9)
        table.add_column("Unit", key="unit", width=13)
        table.add_column(Text("Value", justify="right"), key="value", width=5)
        table.add_column("Target", key="target", width=6)
        table.add_column("Progress", key="bar", width=BAR_WIDTH)
        table.add_column("Indicator", key="text")
        yield table
        yield Static("", id="indicator-details")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#indicators", DataTable).focus()

    def _current(self) -> Period:
        if self.period is None:
            self.period = Period.biennium_of(self.services.clock.now().astimezone(self.brs.staff_zone).date())
        return self.period

    def action_biennium(self, step: int) -> None:
        self.period = self._current().shifted(step)
        self.reload()

    def action_target(self) -> None:
        """Set the highlighted indicator's baseline and target for the biennium shown."""
        row = self.query_one("#indicators", DataTable).cursor_row
        if not 0 <= row < len(self.values):
            self.notify("No indicator selected", severity="warning")
            return
        value, biennium = self.values[row], str(self._current())
        code, results = value.indicator.code, self.services.results
        current = ", ".join("" if n is None else str(n) for n in (value.target.baseline, value.target.target))

        def told(target: Target) -> str:
            figures = ["–" if n is None else str(n) for n in (target.baseline, target.target)]
            return f"{code} {biennium}: baseline {figures[0]}, target {figures[1]}"

        def answered(text: str | None) -> None:
            if text is not None:
                self.run_write(lambda: results.set_target_typed(code, biennium, text), told)

        self.app.push_screen(TextPrompt(
            f"{code} in {biennium}", "Baseline, target (such as 0, 40; empty for none)",
            value="" if current == ", " else current, required=False, max_length=30, ok="Set"), answered)

    def action_evidence(self) -> None:
        """The highlighted outcome indicator's evidence rows (only those are counted from evidence)."""
        row = self.query_one("#indicators", DataTable).cursor_row
        if not 0 <= row < len(self.values):
            self.notify("No indicator selected", severity="warning")
            return
        indicator = self.values[row].indicator
        if indicator.rule is not Rule.EVIDENCE:
            self.notify(f"{indicator.code} is {RULE_WORDS[indicator.rule].format(share=indicator.threshold)};"
                        " evidence rows are for the outcome indicators", severity="warning", markup=False)
            return
        self.app.push_screen(EvidenceScreen(indicator))

    def action_parties(self) -> None:
        self.app.push_screen(PartiesScreen())

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        results, period = self.services.results, self._current()
        self.run_read("indicators", lambda: IndicatorsLoaded(results.report(period)))

    @on(IndicatorsLoaded)
    def _show(self, message: IndicatorsLoaded) -> None:
        report = message.report
        self.values = report.values
        counted = sum(1 for v in report.values if v.value)
        self.query_one("#indicators-title", Label).update(
            f"[b]Indicators[/b] · biennium {report.period} · {counted} of {len(report.values)}"
            " with a value · \\[ ] other bienniums")
        table = self.query_one("#indicators", DataTable)
        row = table.cursor_row
        table.clear()
        text_width = max(12, self.size.width - 9 - 13 - 5 - 6 - BAR_WIDTH - 14)
        for value in report.values:
            text = value.indicator.text
            if len(text) > text_width:
                text = text[: text_width - 1] + "…"
            target = value.target.target
            table.add_row(
                value.indicator.code, value.indicator.unit.value, value_cell(value),
                "" if target is None else str(target), progress_bar(value), text, key=value.indicator.code,
            )
        if report.values:
            table.move_cursor(row=min(row, len(report.values) - 1))
            self._explain(table.cursor_row)

    @on(DataTable.RowHighlighted, "#indicators")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain(event.cursor_row)

    def _explain(self, row: int) -> None:
        if 0 <= row < len(self.values):
            self.query_one("#indicator-details", Static).update(details(self.values[row]))
