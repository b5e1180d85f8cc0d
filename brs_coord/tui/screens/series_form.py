"""Create a series (issue 19): title, kind, the rule as staff say it ("every Tuesday 14:00 Geneva for
6 weeks"), zone, programme, capacity, registration mode and completion share, with a live preview
of its sessions (in the staff zone and the series' own; closure days and clashes flagged; a rule
that is not understood has its message under the field) before anything is written. Preview and
creation are the series service's (services/series.py); the form only reads what is typed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...errors import BrsCoordError, InvalidInput
from ...series_domain import DEFAULT_COMPLETION_SHARE, RegistrationMode, SeriesData, SeriesKind
from ...services.series import SeriesPreview
from ..formatting import bold_line, plain_options
from .base import ServiceMixin

KINDS = [("Webinar series", SeriesKind.WEBINAR_SERIES.value), ("Course", SeriesKind.COURSE.value),
         ("Recurring meeting", SeriesKind.RECURRING_MEETING.value)]
MODES = [("Series or session", RegistrationMode.BOTH.value),
         ("Whole series only", RegistrationMode.WHOLE_SERIES.value),
         ("Per session only", RegistrationMode.PER_SESSION.value)]
FIELDS = ("series-title", "series-rule", "series-zone", "series-capacity", "series-share")


class _Previewed(Message):
    def __init__(self, typed: tuple[object, ...], preview: SeriesPreview | None, problem: str | None,
                 field: str | None) -> None:
        super().__init__()
        self.typed, self.preview, self.problem, self.field = typed, preview, problem, field


class SeriesForm(ServiceMixin, ModalScreen[tuple[str, str, int] | None]):
    """The form; dismissed with (slug, title, sessions) once created, None when closed."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("ctrl+s", "create", "Create series")]
    CSS = """
    SeriesForm { align: center middle; }
    SeriesForm #dialog.catalogue-form { width: 110; max-width: 100%; height: 100%; max-height: 100%; }
    SeriesForm .row { height: auto; }
    SeriesForm .row > .label { width: 13; color: $text-muted; }
    SeriesForm .row > Input, SeriesForm .row > Select { width: 1fr; }
    SeriesForm .field-error { padding-left: 13; }
    SeriesForm #series-preview-box { height: 1fr; min-height: 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.preview: SeriesPreview | None = None

    def compose(self) -> ComposeResult:
        zone = str(self.brs.staff_zone)
        programmes = plain_options(self.brs.reference.options("programmes"))
        with Vertical(id="dialog", classes="catalogue-form"):
            yield Static(bold_line("New series", " · each session an event · nothing written before Create"))
            with Horizontal(classes="row"):
                yield Label("Title", classes="label")
                yield Input(id="series-title", placeholder="E-waste webinars")
            with Horizontal(classes="row"):
                yield Label("Kind", classes="label")
                yield Select(plain_options(KINDS), value=SeriesKind.WEBINAR_SERIES.value, allow_blank=False,
                             id="series-kind")
                yield Label(" Programme ", classes="label")
                yield Select(programmes, prompt="none", id="series-programme")
            with Horizontal(classes="row"):
                yield Label("Rule", classes="label")
                yield Input(id="series-rule", placeholder="every Tuesday 14:00 Geneva for 6 weeks")
            yield Label("", id="series-rule-error", classes="field-error")
            with Horizontal(classes="row"):
                yield Label("Zone", classes="label")
                yield Input(zone, id="series-zone")
                yield Label(" Capacity ", classes="label")
                yield Input(id="series-capacity", type="integer", placeholder="no limit")
            with Horizontal(classes="row"):
                yield Label("Registration", classes="label")
                yield Select(plain_options(MODES), value=RegistrationMode.BOTH.value, allow_blank=False,
                             id="series-mode")
                yield Label(" Complete %", classes="label")
                yield Input(f"{round(DEFAULT_COMPLETION_SHARE * 100)}", id="series-share", type="integer")
            yield Label("", id="series-error", classes="field-error")
            yield Static("Preview: type a title and a rule", id="series-preview-head")
            with VerticalScroll(id="series-preview-box"):
                yield Static("", id="series-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create series", id="create", variant="primary", disabled=True)
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#series-title", Input).focus()

    # ---- reading what is typed -----------------------------------------------------------------

    def _typed(self) -> tuple[object, ...]:
        values = [self.query_one(f"#{name}", Input).value for name in FIELDS]
        selects = [self.query_one(f"#{name}", Select).value for name in
                   ("series-kind", "series-programme", "series-mode")]
        return (*values, *selects)

    def _data(self, typed: tuple[object, ...]) -> SeriesData:
        title, rule, zone, capacity, share, kind, programme, mode = typed
        if capacity and int(str(capacity)) <= 0:
            raise InvalidInput("The capacity is a number of seats above 0 (empty: no limit)", "capacity")
        return SeriesData(
            title=str(title).strip(), kind=SeriesKind(str(kind)), timezone=str(zone).strip() or "UTC",
            programme=str(programme) if isinstance(programme, str) else None,
            registration_mode=RegistrationMode(str(mode)), rule=str(rule),
            capacity=int(str(capacity)) if capacity else None,
            completion_share=int(str(share)) / 100 if share else DEFAULT_COMPLETION_SHARE,
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.query_one("#create", Button).disabled = True
        self.refresh_preview(self._typed())

    @work(thread=True, exclusive=True, exit_on_error=False, group="series-preview")
    def refresh_preview(self, typed: tuple[object, ...]) -> None:
        title, rule = typed[0], typed[1]
        if not str(title).strip() or not str(rule).strip():
            self.post_message(_Previewed(typed, None, None, None))
            return
        try:
            preview = self.services.series.preview(self._data(typed))
        except BrsCoordError as refused:
            field = refused.field if isinstance(refused, InvalidInput) else None
            self.post_message(_Previewed(typed, None, refused.message, field))
            return
        self.post_message(_Previewed(typed, preview, None, None))

    @on(_Previewed)
    def _previewed(self, message: _Previewed) -> None:
        if message.typed != self._typed():
            return  # typed on since: a newer preview comes
        self.preview = message.preview
        rule_error = self.query_one("#series-rule-error", Label)
        other_error = self.query_one("#series-error", Label)
        on_rule = message.problem is not None and message.field in (None, "rule")
        rule_error.update((message.problem or "") if on_rule else "")
        rule_error.set_class(on_rule, "-shown")
        other_error.update(message.problem if message.problem and not on_rule else "")
        other_error.set_class(bool(message.problem) and not on_rule, "-shown")
        self.query_one("#series-preview-head", Static).update(self._head(message.preview))
        self.query_one("#series-preview", Static).update(self._sessions(message.preview))
        self.query_one("#create", Button).disabled = message.preview is None or not message.preview.sessions

    def _head(self, preview: SeriesPreview | None) -> Text:
        if preview is None:
            return Text("Preview: type a title and a rule", style="dim")
        flagged = sum(1 for s in preview.sessions if s.holiday or s.conflicts)
        head = Text(f"Preview: {len(preview.sessions)} sessions · {preview.plan.zone}", style="bold")
        if str(self.brs.staff_zone) != preview.plan.zone:
            head.append(f" · times for you in {self.brs.staff_zone}")
        if not preview.plan.clock_given:
            head.append(f" · {preview.plan.clock:%H:%M} (no time in rule)", style="yellow")
        if flagged:
            head.append(f" · {flagged} to look at", style="bold yellow")
        return head

    def _sessions(self, preview: SeriesPreview | None) -> Text:
        text = Text()
        if preview is None:
            return text
        staff, own = self.brs.staff_zone, preview.plan.zone
        for session in preview.sessions:
            mine = session.starts_at.astimezone(staff)
            there = session.starts_at.astimezone(ZoneInfo(own))
            line = f"{session.number:>3}  {mine:%a %d %b %Y %H:%M}–{session.ends_at.astimezone(staff):%H:%M}"
            if str(staff) != own:
                line += f"  ({there:%H:%M} {own.rsplit('/', 1)[-1].replace('_', ' ')})"
            text.append(line)
            if session.holiday:
                text.append(f"  ⚠ {session.holiday}", style="bold yellow")
            for clash in session.conflicts[:2]:
                text.append(f"  ⚠ same time: “{clash.title}”", style="bold yellow")
            text.append("\n")
        text.rstrip()
        return text

    # ---- creating ------------------------------------------------------------------------------

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        if self.preview is None or self.query_one("#create", Button).disabled:
            return
        self.query_one("#create", Button).disabled = True
        self.create(self.preview)

    @work(thread=True, exclusive=True, exit_on_error=False, group="series-create")
    def create(self, preview: SeriesPreview) -> None:
        try:
            series, sessions = self.services.series.create(preview)
        except BrsCoordError as refused:
            self.app.call_from_thread(self._refused, refused.message)
            return
        self.app.call_from_thread(self.dismiss, (series.slug, series.title, len(sessions)))

    def _refused(self, message: str) -> None:
        error = self.query_one("#series-error", Label)
        error.update(message)
        error.add_class("-shown")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
