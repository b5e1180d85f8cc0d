"""Pilot tests of the catalogue forms: add and edit a programme, an audience and a centre."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select, SelectionList, TextArea

from brs_coord.domain import Centre, Programme
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.catalogue import CatalogueScreen
from brs_coord.tui.screens.catalogue_forms import AudienceForm, CentreForm, ProgrammeForm
from tests.tui_helpers import settle


async def open_tab(pilot: Pilot[Any], tab: str) -> CatalogueScreen:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CatalogueScreen)
    screen.query_one("#catalogue-tabs").active = f"tab-{tab}"
    await pilot.pause()
    return screen


async def pick_row(pilot: Pilot[Any], screen: CatalogueScreen, tab: str, slug: str) -> None:
    table = screen.query_one(f"#cat-{tab}", DataTable)
    table.move_cursor(row=table.get_row_index(slug), animate=False)
    await pilot.pause()


def shown_error(form: Any, key: str) -> str:
    label = form.query_one(f"#c-{key}-error", Label)
    return str(label.render()) if label.has_class("-shown") else ""


def programme(services: Services, slug: str) -> Programme:
    return next(p for p in services.catalogue.programmes() if p.slug == slug)


def centre(services: Services, slug: str) -> Centre:
    return next(c for c in services.catalogue.centres() if c.slug == slug)


async def save(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_add_and_edit_a_programme_with_every_field(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tab(pilot, "programmes")
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ProgrammeForm)
        await save(pilot)
        assert shown_error(form, "name") == "a name is required"
        assert shown_error(form, "conventions") == "choose at least one convention"
        form.query_one("#c-name", Input).value = "Marine litter partnership"
        form.query_one("#c-cluster", Input).value = "Cross-cutting"
        form.query_one("#c-background", TextArea).text = "Plastic waste reaches the sea."
        form.query_one("#c-objectives", TextArea).text = "Fewer plastics in the oceans."
        form.query_one("#c-conventions", SelectionList).select("basel")
        form.query_one("#c-audiences", SelectionList).select("customs-officers")
        form.query_one("#c-aliases_en", Input).value = "marine litter, ocean plastics"
        form.query_one("#c-aliases_fr", Input).value = "déchets marins"
        form.query_one("#c-aliases_es", Input).value = "basura marina"
        form.query_one("#c-name_ar", Input).value = "شراكة النفايات البحرية"
        form.query_one("#c-name_zh", Input).value = "海洋垃圾伙伴关系"
        await save(pilot)
        assert app.screen is screen
        added = programme(services, "marine-litter-partnership")
        assert (added.cluster, added.background, added.objectives) == (
            "Cross-cutting", "Plastic waste reaches the sea.", "Fewer plastics in the oceans.")
        assert added.conventions == ("basel",) and added.audiences == ("customs-officers",)
        assert added.aliases == {"en": ["marine litter", "ocean plastics"], "fr": ["déchets marins"],
                                 "es": ["basura marina"], "ar": [], "zh": [], "ru": []}
        assert added.names == {"ar": "شراكة النفايات البحرية", "zh": "海洋垃圾伙伴关系"}

        await settle(pilot)
        await pick_row(pilot, screen, "programmes", "marine-litter-partnership")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ProgrammeForm) and form.query_one("#c-slug", Input).disabled
        assert form.query_one("#c-objectives", TextArea).text == "Fewer plastics in the oceans."
        form.query_one("#c-objectives", TextArea).text = "No plastics in the oceans."
        form.query_one("#c-conventions", SelectionList).select("stockholm")
        form.query_one("#c-aliases_es", Input).value = "basura marina, plásticos"
        await save(pilot)
        edited = programme(services, "marine-litter-partnership")
        assert edited.objectives == "No plastics in the oceans."
        assert set(edited.conventions) == {"basel", "stockholm"}
        assert edited.aliases["es"] == ["basura marina", "plásticos"]


async def test_add_a_duplicate_slug_is_refused_and_edit_an_audience(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    existing = services.catalogue.audiences()[0]
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_tab(pilot, "audiences")
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AudienceForm)
        form.query_one("#c-name", Input).value = "Basel authorities"
        form.query_one("#c-slug", Input).value = existing.slug
        await save(pilot)
        assert "already used" in shown_error(form, "slug")
        form.query_one("#c-slug", Input).value = "Not A Slug"
        await save(pilot)
        assert "lowercase" in shown_error(form, "slug")
        await pilot.press("escape")

        await pick_row(pilot, screen, "audiences", existing.slug)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, AudienceForm)
        form.query_one("#c-name_es", Input).value = "Autoridades nacionales"
        form.query_one("#c-aliases_en", Input).value = "national authorities, NAs"
        await save(pilot)
        edited = next(a for a in services.catalogue.audiences() if a.slug == existing.slug)
        assert edited.names["es"] == "Autoridades nacionales"
        assert edited.names["fr"] == existing.names["fr"]
        assert edited.aliases["en"] == ["national authorities", "NAs"]
        assert edited.aliases["fr"] == existing.aliases["fr"]


async def test_add_and_edit_a_centre_with_region_list_and_checked_zone(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_tab(pilot, "centres")
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CentreForm)
        form.query_one("#c-name", Input).value = "Pacific waste centre"
        form.query_one("#c-country", Input).value = "fj"
        form.query_one("#c-city", Input).value = "Suva"
        form.query_one("#c-timezone", Input).value = "Pacific/Atlantis"
        await pilot.pause()
        assert shown_error(form, "timezone") == "unknown time zone 'Pacific/Atlantis'"
        await save(pilot)
        assert shown_error(form, "region") == "choose a region"
        assert isinstance(app.screen, CentreForm)
        form.query_one("#c-region", Select).value = "asia-pacific"
        form.query_one("#c-timezone", Input).value = "Pacific/Fiji"
        await pilot.pause()
        assert shown_error(form, "timezone") == ""
        await save(pilot)
        assert app.screen is screen
        added = centre(services, "pacific-waste-centre")
        assert (added.country, added.city, added.region, added.timezone) == (
            "FJ", "Suva", "asia-pacific", "Pacific/Fiji")

        await settle(pilot)
        await pick_row(pilot, screen, "centres", "pacific-waste-centre")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, CentreForm)
        assert form.query_one("#c-region", Select).value == "asia-pacific"
        form.query_one("#c-timezone", Input).value = "Australia/Sydney"
        await save(pilot)
        assert centre(services, "pacific-waste-centre").timezone == (
            "Australia/Sydney")
