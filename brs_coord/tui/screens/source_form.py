"""The form that adds a partner source: kind, URL or file, owner centre, what its events get (kind,
audiences, convention, language), the zone of its floating times, a filter (words, categories),
its schedule (minutes between syncs, hours of grace before an absent event counts as gone), a
workplan's column mapping, and whether it is trusted (applied without review) or local (plain
http allowed). The sync service checks everything when the source is added; each refusal is told
under the field it names and the form stays open with what was typed."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList

from ...domain import EventKind
from ...errors import InvalidInput
from ...languages import EVENT_LANGUAGES
from ...partner_records import PartnerSourceData, SourceKind
from ...services.partner_sync import WORKPLAN_KINDS
from ..formatting import plain_options
from .catalogue_forms import field
from .record_form import RecordForm

KIND_LABELS = {SourceKind.ICS: "iCalendar feed (.ics)", SourceKind.INDICO: "Indico category (JSON)",
               SourceKind.CSV: "Workplan (CSV)", SourceKind.XLSX: "Workplan (XLSX)"}
MAPPING_HINT = 'CSV/XLSX only · empty: guessed · {"title": "Activity", "start": "Date"}'


def words(text: str) -> tuple[str, ...]:
    """'e-waste, mercury' -> ('e-waste', 'mercury')."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


class SourceForm(RecordForm):
    """Ask for a new source and add it; dismissed with the words telling what was added, or None.
    ``given`` fills the form (a workplan just previewed: its kind, file and mapping)."""

    DEFAULT_CSS = """
    SourceForm Checkbox { border: none; height: 1; padding: 0 1; background: $surface; }
    SourceForm Checkbox:focus { background: $boost; }
    """
    hint = "An .ics feed, an Indico category or a workplan; checked when added"

    def __init__(self, zone: str, given: PartnerSourceData | None = None) -> None:
        super().__init__()
        self.title = "Add a partner source"
        self.given = given or PartnerSourceData(kind=SourceKind.ICS, centre="", timezone=zone)

    def fields(self) -> Iterable[Widget]:
        given, reference = self.given, self.brs.reference
        yield field("Kind", "source-kind", Select(
            [(label, kind.value) for kind, label in KIND_LABELS.items()], value=given.kind.value,
            allow_blank=False, id="c-source-kind"))
        yield field("Where", "url", Input(given.location, id="c-url",
                                          placeholder="https://… address, or a file path"))
        yield field("Centre", "organiser", Select(
            plain_options(reference.options("centres")), prompt="the centre that owns it", id="c-organiser",
            value=given.centre or Select.NULL))
        yield field("Events are", "kind", Select(
            [(kind.value, kind.value) for kind in EventKind], value=given.default_kind, allow_blank=False,
            id="c-kind"))
        yield field("Audiences", "audiences", SelectionList[str](
            *((label, slug, slug in given.audiences) for label, slug in reference.options("audiences")),
            id="c-audiences"))
        yield field("Convention", "convention", Select(
            plain_options(reference.options("conventions")), prompt="none", id="c-convention",
            value=given.convention or Select.NULL))
        yield field("Language", "language", Select(
            [(f"{name} ({code})", code) for code, name in EVENT_LANGUAGES.items()], value=given.language,
            allow_blank=False, id="c-language"))
        yield field("Time zone", "timezone", Input(given.timezone, id="c-timezone",
                                                   placeholder="zone of its floating times"))
        yield field("Words", "words", Input(
            ", ".join(given.filter_words), id="c-words",
            placeholder="only events with these, comma-separated · empty: all"))
        yield field("Categories", "categories", Input(
            ", ".join(given.filter_categories), id="c-categories",
            placeholder="only these categories, comma-separated · empty: all"))
        yield field("Every (min)", "every", Input(str(given.interval_minutes), id="c-every",
                                                       type="integer"))
        yield field("Grace (h)", "grace", Input(str(given.grace_hours), id="c-grace", type="integer"))
        yield field("Mapping", "mapping", Input(given.mapping or "", id="c-mapping",
                                                       placeholder=MAPPING_HINT))
        yield Checkbox("Trusted: its changes are applied without review", given.trusted, id="c-trusted")
        yield Checkbox("Local: plain http and local addresses allowed", given.local, id="c-local")

    def on_mount(self) -> None:
        self.query_one("#c-url", Input).focus()

    def _number(self, key: str, label: str) -> int:
        text = self.text(key)
        if not text.isdigit():
            raise InvalidInput(f"{label}: a whole number", key)
        return int(text)

    def data(self) -> PartnerSourceData:
        """What the form says (InvalidInput naming the field when a number or the centre is missing)."""
        where = self.text("url")
        if not where:
            raise InvalidInput("Give the source's address or file", "url")
        centre = self.query_one("#c-organiser", Select).value
        if not isinstance(centre, str):
            raise InvalidInput("Choose the centre that owns the source", "organiser")
        kind = SourceKind(str(self.query_one("#c-source-kind", Select).value))
        convention = self.query_one("#c-convention", Select).value
        is_url = where.startswith(("https://", "http://"))
        mapping = self.text("mapping")
        if mapping and kind not in WORKPLAN_KINDS:
            raise InvalidInput("A column mapping is for CSV/XLSX workplans only", "mapping")
        return PartnerSourceData(
            kind=kind, centre=centre, url=where if is_url else None, file=None if is_url else where,
            default_kind=str(self.query_one("#c-kind", Select).value),
            audiences=tuple(self.query_one("#c-audiences", SelectionList).selected),
            convention=convention if isinstance(convention, str) else None,
            language=str(self.query_one("#c-language", Select).value),
            timezone=self.text("timezone") or "UTC",
            filter_words=words(self.text("words")), filter_categories=words(self.text("categories")),
            interval_minutes=self._number("every", "Minutes between syncs"),
            grace_hours=self._number("grace", "Hours of grace"),
            mapping=mapping or None,
            trusted=self.query_one("#c-trusted", Checkbox).value,
            local=self.query_one("#c-local", Checkbox).value,
        )

    def action_save(self) -> None:
        """Read the form here (on the UI thread), then add the source in the form's worker."""
        try:
            data = self.data()
        except InvalidInput as exc:
            self.post_message(self.Failed(exc))
            return
        sync = self.services.partner_sync

        def add() -> str:
            added = sync.add_source(data)
            return f"Added source {added.id}: {added.location}" + (" (trusted)" if added.trusted else "")

        self.run(add)
