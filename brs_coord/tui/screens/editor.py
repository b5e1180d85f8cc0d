"""The event editor: a modal form with live date previews, per-field validation and safe saving."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from ...domain import DatePrecision, Event, EventChange, EventData, EventKind, Status
from ...errors import BrsCoordError, Conflict, ValidationFailed
from ...results import PlanItem, untagged_warning
from ...rules import place_problems, status_choices, status_reason_problem, validation_problems
from ...services.reports import overlapping_events
from ...wall_times import elapsed
from ...zones import is_valid_timezone
from ..formatting import bold_line, event_when_of, in_two_zones, when
from .base import ServiceMixin, as_error
from .conflict import ConflictScreen
from .editor_form import (
    FIELD_ORDER,
    duration_text,
    funding,
    parse_times,
)
from .editor_guard import discard_prompt, form_values
from .editor_layout import editor_layout
from .editor_translations import fill_translations, read_translations, show_rtl, translation_language
from .results_picker import (
    PICK_KEY,
    PickResults,
    ResultsPicker,
    codes_text,
    read_codes,
    unknown_codes_problem,
)


class TimesParsed(Message):
    def __init__(self, start: datetime | None, end: datetime | None, problems: dict[str, str]) -> None:
        super().__init__()
        self.start, self.end, self.problems = start, end, problems


class SaveFinished(Message):
    def __init__(self, change: EventChange) -> None:
        super().__init__()
        self.change = change


class OverlapFound(Message):
    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class ConflictFound(Message):
    def __init__(self, error: Conflict, current: Event) -> None:
        super().__init__()
        self.error, self.current = error, current


class SaveFailed(Message):
    def __init__(self, error: BrsCoordError) -> None:
        super().__init__()
        self.error = error


class EventEditor(ServiceMixin, ModalScreen[EventChange | None]):
    """Create or edit one event; dismisses with the saved change, or None when abandoned."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding(PICK_KEY, "pick_results", "Results", show=False),
    ]

    def __init__(self, event: Event | None = None, *, template: EventData | None = None) -> None:
        super().__init__()
        self.event = event
        self.version = event.version if event else 0
        self.template = template
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.time_problems: dict[str, str] = {}
        self.problems: dict[str, str] = {}
        self.overlap_confirmed = False
        self._filling = False
        self.filled: tuple[object, ...] = ()
        self.filled_data: EventData | None = None
        self.filled_times: tuple[str, str, str] = ("", "", "")
        self.plan: list[PlanItem] = []

    # ---- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        title = f"Edit “{self.event.title}”" if self.event else "New event"
        reference = self.brs.reference
        bot_link = reference.bot_link(self.event.id) if self.event else None
        yield from editor_layout(title, reference, self._status_options(), bot_link=bot_link)

    def _status_options(self) -> list[tuple[str, str]]:
        allowed = status_choices(self.event.status if self.event else None)
        return [(status.value, status.value) for status in allowed]

    def on_mount(self) -> None:
        self.plan = self.services.results.plan()
        self.fill(self.event.data() if self.event else self.template or self._blank())
        title = self.query_one("#title", Input)
        title.cursor_position = len(title.value)  # nothing selected: a key typed at once adds to it
        title.focus()

    def _blank(self) -> EventData:
        now = self.services.clock.now()
        zone = self.services.settings.staff_tz
        return EventData(title="", kind=EventKind.WEBINAR, starts_at=now, ends_at=now, timezone=zone,
                         status=Status.DRAFT)

    # ---- filling and reading -------------------------------------------------------------

    def fill(self, data: EventData) -> None:
        """Put an event's data into the widgets."""
        self._filling = True
        zone = ZoneInfo(data.timezone) if is_valid_timezone(data.timezone) else ZoneInfo("UTC")
        blank = not data.title
        self.query_one("#title", Input).value = data.title
        self.query_one("#kind", Select).value = data.kind.value
        self.query_one("#status", Select).value = data.status.value
        self.query_one("#status_reason", Input).value = data.status_reason or ""
        start, end = data.starts_at.astimezone(zone), data.ends_at.astimezone(zone)
        self.query_one("#start", Input).value = "" if blank else f"{start:%Y-%m-%d %H:%M}"
        self.query_one("#end", Input).value = "2h" if blank else f"{end:%Y-%m-%d %H:%M}"
        self.query_one("#timezone", Input).value = data.timezone
        self.query_one("#all_day", Checkbox).value = data.all_day
        self._set_select("#programme", data.programme)
        self._set_select("#organiser", data.organiser)
        self._set_select("#country", data.country)
        self._set_select("#city", data.city)
        self._set_select("#funding_status", data.funding_status.value if data.funding_status else None)
        for name in ("audiences", "regions", "conventions", "languages"):
            selection = self.query_one(f"#{name}", SelectionList)
            selection.deselect_all()
            for value in getattr(data, name):
                selection.select(value)
        for name in ("location", "online_url", "registration_url"):
            self.query_one(f"#{name}", Input).value = getattr(data, name) or ""
        self.query_one("#capacity", Input).value = "" if data.capacity is None else str(data.capacity)
        self.query_one("#description", TextArea).text = data.description
        fill_translations(self, data.translations)
        stored_tags = self.services.results.tags(self.event.uid) if self.event else ()
        self.query_one("#results", Input).value = codes_text(stored_tags)
        self._filling = False
        self.filled = form_values(self)
        self.filled_data = data
        self.filled_times = self._typed_times()
        self.parse_times_now()

    def _typed_times(self) -> tuple[str, str, str]:
        return self._text("#start"), self._text("#end"), self._text("#timezone")

    def _kept_times(self) -> EventData | None:
        """The data filled in when its start, end and zone are as filled (their exact instants and
        date precision are kept: a month- or year-precision line stays one); None once retyped."""
        filled = self.filled_data
        if filled is None or not filled.title or self._typed_times() != self.filled_times:
            return None
        return filled

    def _set_select(self, selector: str, value: str | None) -> None:
        select = self.query_one(selector, Select)
        try:
            select.value = Select.NULL if value is None else value
        except InvalidSelectValueError:
            select.value = Select.NULL

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _select(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def read_form(self) -> tuple[EventData | None, dict[str, str]]:
        """The form as EventData, with every problem by field name."""
        problems = dict(self.time_problems)
        capacity_text = self._text("#capacity")
        capacity = int(capacity_text) if capacity_text.lstrip("-").isdigit() else None
        if capacity_text and capacity is None:
            problems["capacity"] = "a whole number"
        if unknown := unknown_codes_problem(self.codes(), self.plan):
            problems["results"] = unknown
        if self.start is None or self.end is None:
            return None, problems
        data = EventData(
            title=self.query_one("#title", Input).value,
            kind=EventKind(self._select("#kind") or EventKind.WEBINAR),
            status=Status(self._select("#status") or Status.DRAFT),
            status_reason=self._text("#status_reason") or None,
            starts_at=self.start, ends_at=self.end, timezone=self._text("#timezone"),
            all_day=self.query_one("#all_day", Checkbox).value,
            programme=self._select("#programme"), organiser=self._select("#organiser"),
            funding_status=funding(self._select("#funding_status")),
            audiences=tuple(self.query_one("#audiences", SelectionList).selected),
            regions=tuple(self.query_one("#regions", SelectionList).selected),
            conventions=tuple(self.query_one("#conventions", SelectionList).selected),
            languages=tuple(self.query_one("#languages", SelectionList).selected),
            location=self._text("#location") or None,
            country=self._select("#country"), city=self._select("#city"),
            online_url=self._text("#online_url") or None,
            registration_url=self._text("#registration_url") or None,
            capacity=capacity, description=self.query_one("#description", TextArea).text,
            is_demo=self.event.is_demo if self.event else False, translations=read_translations(self),
        )
        if (kept := self._kept_times()) is not None:
            data = replace(data, starts_at=kept.starts_at, ends_at=kept.ends_at,
                           date_precision=kept.date_precision)
        problems.update(validation_problems(data))
        reference = self.brs.reference
        cities = {city.slug: city.country for city in reference.cities}
        problems.update(place_problems(data, {country.code for country in reference.countries}, cities))
        if reason := status_reason_problem(self.event.status if self.event else None, data):
            problems["status_reason"] = reason
        return data, problems

    def codes(self) -> tuple[str, ...]:
        """The results codes typed or picked."""
        return read_codes(self.query_one("#results", Input).value)

    def validate_form(self) -> None:
        """Show each problem beside its field; Save is enabled only for a valid form."""
        if self._filling:
            return
        _, self.problems = self.read_form()
        kind = self._select("#kind") or ""
        self.query_one("#results-warning", Static).update(untagged_warning(kind, self.codes()) or "")
        for name in FIELD_ORDER:
            label = self.query_one(f"#err-{name}", Label)
            label.update(self.problems.get(name, ""))
            label.set_class(name in self.problems, "-shown")
        self.query_one("#save", Button).disabled = bool(self.problems) or self.start is None

    # ---- live parsing of the times -------------------------------------------------------

    @on(Input.Changed, "#start, #end, #timezone")
    def _times_changed(self) -> None:
        if not self._filling:
            self.parse_times_now()

    def parse_times_now(self) -> None:
        self.query_one("#save", Button).disabled = True
        self.parse_times_worker(self._text("#start"), self._text("#end"), self._text("#timezone"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="parse")
    def parse_times_worker(self, start_text: str, end_text: str, zone: str) -> None:
        try:
            start, end, problems = parse_times(start_text, end_text, zone, self.services.clock.now())
        except Exception as exc:  # noqa: BLE001 - an odd phrase must not break the form
            start, end, problems = None, None, {"starts_at": as_error(exc).message}
        self.post_message(TimesParsed(start, end, problems))

    @on(TimesParsed)
    def _times_parsed(self, message: TimesParsed) -> None:
        self.start, self.end, self.time_problems = message.start, message.end, message.problems
        zone = self._text("#timezone")
        staff = self.brs.staff_zone
        start_preview = in_two_zones(message.start, zone, staff) if message.start else "—"
        end_preview = in_two_zones(message.end, zone, staff) if message.end else "—"
        if message.start and message.end and elapsed(message.start, message.end) >= timedelta(0):
            end_preview += f"  ({duration_text(elapsed(message.start, message.end))})"
        kept = self._kept_times()
        if kept is not None and kept.date_precision is not DatePrecision.DAY:
            known = event_when_of(kept)
            precision = kept.date_precision.value
            start_preview = f"{known} (known to the {precision}; kept unless you retype the dates)"
        self.query_one("#start-preview", Static).update(f"→ {start_preview}")
        self.query_one("#end-preview", Static).update(f"→ {end_preview}")
        self.validate_form()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _anything_changed(self, message: Message) -> None:
        if isinstance(message, Input.Changed) and message.input.id in {"start", "end", "timezone"}:
            return
        if isinstance(message, Input.Changed | TextArea.Changed):
            widget = message.input if isinstance(message, Input.Changed) else message.text_area
            if (code := translation_language(widget.id)) is not None:
                show_rtl(self, code)
        self.overlap_confirmed = False
        self.query_one("#save", Button).label = "Save"
        self.validate_form()

    # ---- saving --------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        data, problems = self.read_form()
        if data is None or problems:
            self.validate_form()
            self.notify("Fix the fields marked in red first", severity="warning")
            return
        self.save_worker(data, self.codes(), self.overlap_confirmed)

    @on(PickResults)
    def action_pick_results(self) -> None:
        """The quick picker of the plan's outputs and indicators, the event's conventions first."""
        conventions = tuple(self.query_one("#conventions", SelectionList).selected)

        def picked(codes: tuple[str, ...] | None) -> None:
            if codes is not None:
                self.query_one("#results", Input).value = codes_text(codes)

        self.app.push_screen(ResultsPicker(self.plan, self.codes(), conventions), picked)

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        """Escape: close at once when nothing was changed, else ask before discarding."""
        if form_values(self) == self.filled:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(discard_prompt(), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def save_worker(self, data: EventData, codes: tuple[str, ...], overlap_confirmed: bool) -> None:
        services = self.services
        event_id = self.event.id if self.event else None
        try:
            if not overlap_confirmed and self._may_overlap(data):
                overlaps = overlapping_events(services.find, data, event_id)
                if overlaps:
                    self.post_message(OverlapFound(overlaps))
                    return
            with services.store.transaction():  # the event and its results tags, or neither
                if event_id is None:
                    change = services.scheduling.create(data)
                else:
                    change = services.scheduling.update(event_id, data, expected_version=self.version)
                change = services.results.tag_change(change, codes)
        except Conflict as exc:
            assert event_id is not None
            self.post_message(ConflictFound(exc, services.scheduling.get(event_id)))
        except Exception as exc:  # noqa: BLE001 - shown in the form, never a crash
            self.post_message(SaveFailed(as_error(exc)))
        else:
            self.post_message(SaveFinished(change))

    def _may_overlap(self, data: EventData) -> bool:
        """A new event, or one whose time, audiences or regions changed (a title-only edit cannot
        make a new overlap)."""
        if self.event is None:
            return True
        before = self.event.data()
        return any(getattr(before, name) != getattr(data, name)
                   for name in ("starts_at", "ends_at", "audiences", "regions", "status"))

    @on(SaveFinished)
    def _saved(self, message: SaveFinished) -> None:
        self.dismiss(message.change)

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        error = message.error
        if isinstance(error, ValidationFailed):
            for name, text in error.problems.items():
                if name in FIELD_ORDER:
                    self.query_one(f"#err-{name}", Label).update(text)
                    self.query_one(f"#err-{name}", Label).add_class("-shown")
        self.query_one("#editor-warning", Static).update(bold_line(f"{error.title}: ", error.message))
        self.notify(error.message, title=error.title, severity="error", markup=False)

    @on(OverlapFound)
    def _overlap(self, message: OverlapFound) -> None:
        zone = self.brs.staff_zone
        lines = [f"[b]Overlaps with {len(message.events)} event(s) for the same audience or region:[/b]"]
        lines += [f"  • {when(e.starts_at, zone)}  {e.title}" for e in message.events[:5]]
        if len(message.events) > 5:
            lines.append(f"  … and {len(message.events) - 5} more")
        lines.append("Press [b]Save anyway[/b] to keep this time.")
        warning = self.query_one("#editor-warning", Static)
        warning.update("\n".join(lines))
        warning.add_class("-warning")
        self.overlap_confirmed = True
        self.query_one("#save", Button).label = "Save anyway"

    @on(ConflictFound)
    def _conflict(self, message: ConflictFound) -> None:
        assert self.event is not None
        mine, _ = self.read_form()

        def decided(choice: str | EventData | None) -> None:
            if choice == "reload":
                self.event, self.version = message.current, message.current.version
                self.fill(message.current.data())
                self.notify("The form now shows the current version")
            elif isinstance(choice, EventData):  # the two edits merged field by field
                self.version = message.current.version
                self.save_worker(choice, self.codes(), True)

        self.app.push_screen(ConflictScreen(
            self.event.data(), message.current, mine, message.error, self.brs.staff_zone), decided)
