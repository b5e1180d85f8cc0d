"""The calendar screen (issue 23): month grid, week view and agenda, moved through by keyboard; the
events screen's actions (open, reschedule, cancel, undo) on the selected event; multi-day events as
spans, not repeated with their start time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from brs_coord.domain import DatePrecision, EventKind, Status
from brs_coord.services import Services
from brs_coord.tui.app import make_app
from brs_coord.tui.calendar_days import by_day, cell_label, event_days, span_time
from brs_coord.tui.screens.calendar import CalendarScreen
from brs_coord.tui.screens.editor import EventEditor
from brs_coord.tui.screens.help import HelpScreen
from brs_coord.tui.screens.prompts import DatePrompt, TextPrompt
from brs_coord.tui.screens.registrations import RegistrationsScreen
from tests.conftest import make_event
from tests.test_tui_screens import rendered
from tests.tui_helpers import settle

ZURICH = ZoneInfo("Europe/Zurich")  # the staff zone of the tests' settings
TODAY = date(2026, 11, 21)  # NOW (Saturday) in Zurich


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ZURICH)


def add_week(services: Services) -> dict[str, int]:
    """A three-day workshop (Tue 24 to Thu 26 Nov), two webinars on Wed 25 Nov, one on Fri 27 Nov."""
    create = services.scheduling.create
    ids = {
        "workshop": create(make_event(title="Regional workshop on PIC", kind=EventKind.WORKSHOP,
                                      starts_at=at(24, 9), ends_at=at(26, 17))).event.id,
        "morning": create(make_event(title="Morning webinar", starts_at=at(25, 10),
                                     ends_at=at(25, 11, 30))).event.id,
        "afternoon": create(make_event(title="Afternoon webinar", starts_at=at(25, 15),
                                       ends_at=at(25, 16))).event.id,
        "friday": create(make_event(title="Friday webinar", starts_at=at(27, 14),
                                    ends_at=at(27, 15))).event.id,
    }
    return ids


def text_of(screen: CalendarScreen, widget: str = "#month") -> str:
    return rendered(screen.query_one(widget, Static))


async def open_calendar(pilot: object) -> CalendarScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("f3")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CalendarScreen)
    return screen


def test_a_multi_day_event_is_a_span_with_its_time_on_the_first_day(services: Services) -> None:
    ids = add_week(services)
    workshop = services.scheduling.get(ids["workshop"])
    assert event_days(workshop, ZURICH) == (date(2026, 11, 24), date(2026, 11, 26))
    days = by_day([workshop], ZURICH, date(2026, 11, 23), date(2026, 11, 29))
    assert sorted(days) == [date(2026, 11, d) for d in (24, 25, 26)]
    labels = [(cell_label(days[d][0], ZURICH), span_time(days[d][0], ZURICH)) for d in sorted(days)]
    assert labels == [("09:00 Regional workshop on PIC", "09:00 →"),
                      ("… Regional workshop on PIC", "… →"),
                      ("… Regional workshop on PIC", "… –17:00")]
    # An all-day event covers the days of its own zone; a year-precision line only its first day.
    tokyo = ZoneInfo("Asia/Tokyo")
    all_day = services.scheduling.create(make_event(
        title="Tokyo expo", timezone="Asia/Tokyo", all_day=True,
        starts_at=datetime(2026, 12, 1, tzinfo=tokyo), ends_at=datetime(2026, 12, 3, tzinfo=tokyo))).event
    assert event_days(all_day, ZURICH) == (date(2026, 12, 1), date(2026, 12, 2))
    old = services.scheduling.create(make_event(
        title="COP 2014", status=Status.HELD, date_precision=DatePrecision.YEAR,
        starts_at=datetime(2014, 1, 1, tzinfo=ZURICH), ends_at=datetime(2015, 1, 1, tzinfo=ZURICH))).event
    assert event_days(old, ZURICH) == (date(2014, 1, 1), date(2014, 1, 1))


async def test_month_grid_draws_spans_and_the_keys_move_the_day(services: Services) -> None:
    add_week(services)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_calendar(pilot)
        assert screen.day == TODAY and screen.view == "month"
        grid = text_of(screen)
        assert grid.count("09:00 Regional") == 1  # its start time once, on its first day
        assert grid.count("… Regional") == 2  # continued on the 25th and 26th
        assert "Europe/Zurich" in text_of(screen, "#calendar-title")
        await pilot.press("right", "right", "right")  # Tue 24
        assert screen.day == date(2026, 11, 24)
        assert "09:00 → Regional workshop on PIC" in text_of(screen, "#calendar-day")
        await pilot.press("down")  # a week on
        assert screen.day == date(2026, 12, 1)
        await settle(pilot)
        assert screen.month == date(2026, 12, 1)
        assert "December 2026" in text_of(screen, "#calendar-title")
        await pilot.press("up", "left")
        assert screen.day == date(2026, 11, 23)
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.day == date(2026, 12, 23)
        await pilot.press("pageup", "pageup")
        await settle(pilot)
        assert screen.day == date(2026, 10, 23)
        await pilot.press("t")
        await settle(pilot)
        assert screen.day == TODAY
        await pilot.press("right", "right", "right", "right")  # Wed 25: the workshop continues, two start
        assert screen.selected() is not None and screen.selected().title == "Morning webinar"  # type: ignore[union-attr]
        await pilot.press("space")
        assert screen.selected().title == "Afternoon webinar"  # type: ignore[union-attr]
        await pilot.press("space")
        assert screen.selected().title == "Regional workshop on PIC"  # type: ignore[union-attr]
        assert "1/3 ▸ … →" in text_of(screen, "#calendar-day")  # the workshop, continuing that day


async def test_week_view_has_days_as_columns_and_up_down_choose_the_event(services: Services) -> None:
    add_week(services)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_calendar(pilot)
        await pilot.press("w")
        assert screen.view == "week"
        week = text_of(screen)
        assert "Week of 16 Nov 2026" in text_of(screen, "#calendar-title")
        for header in ("Mon 16", "Sat 21 today", "Sun 22"):
            assert header in week
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.day == date(2026, 11, 28)
        week = text_of(screen)
        assert "Week of 23 Nov 2026" in text_of(screen, "#calendar-title")
        assert "4 events" in text_of(screen, "#calendar-title")
        assert week.count("09:00 →") == 1 and week.count("… →") == 1 and week.count("… –17:00") == 1
        assert "10:00–11:30" in week and "15:00–16:00" in week and "14:00–15:00" in week
        await pilot.press("left", "left", "left")  # Wed 25
        assert screen.selected().title == "Morning webinar"  # type: ignore[union-attr]
        await pilot.press("down")
        assert screen.selected().title == "Afternoon webinar"  # type: ignore[union-attr]
        await pilot.press("down")  # stays on the last one
        assert screen.selected().title == "Afternoon webinar"  # type: ignore[union-attr]
        await pilot.press("up", "up")
        assert screen.selected().title == "Regional workshop on PIC"  # type: ignore[union-attr]
        await pilot.press("w")  # w again: back to the month
        assert screen.view == "month" and screen.day == date(2026, 11, 25)


async def test_open_reschedule_cancel_and_undo_from_the_grid(services: Services) -> None:
    ids = add_week(services)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot)
        await pilot.press("right", "right", "right", "right", "right", "right")  # Fri 27
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventEditor) and app.screen.event is not None
        assert app.screen.event.id == ids["friday"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("r")
        assert isinstance(app.screen, DatePrompt)
        await pilot.press(*"2026-12-09 14:00")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        moved = services.scheduling.get(ids["friday"])
        assert moved.starts_at == at(9, 14, month=12)
        # The calendar follows the event to its new day and keeps it selected.
        assert screen.day == date(2026, 12, 9) and screen.selected().id == ids["friday"]  # type: ignore[union-attr]
        assert "14:00 Friday" in text_of(screen)
        await pilot.press("c")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"speaker ill", "enter")
        await settle(pilot)
        assert services.scheduling.get(ids["friday"]).status is Status.CANCELLED
        await pilot.press("u")
        await settle(pilot)
        back = services.scheduling.get(ids["friday"])
        assert back.status is Status.CONFIRMED and back.starts_at == moved.starts_at
        assert [h.action for h in services.scheduling.history(ids["friday"])][-1] == "undone"


async def test_agenda_lists_a_span_once_and_acts_on_its_row(services: Services) -> None:
    ids = add_week(services)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot)
        await pilot.press("v")
        agenda = screen.query_one("#agenda", DataTable)
        assert screen.view == "agenda" and agenda.row_count == 4  # the workshop once
        times = [str(agenda.get_row_at(i)[1]) for i in range(agenda.row_count)]
        assert times[0] == "09:00 → Thu 26 Nov 17:00"
        await pilot.press("down")
        assert screen.selected().id == ids["morning"]  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventEditor) and app.screen.event.id == ids["morning"]  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c", *"room closed", "enter")
        await settle(pilot)
        assert services.scheduling.get(ids["morning"]).status is Status.CANCELLED
        assert services.scheduling.get(ids["afternoon"]).status is Status.CONFIRMED
        await pilot.press("v")
        assert screen.view == "month" and screen.day == date(2026, 11, 25)


async def test_calendar_keys_are_in_the_help_and_the_palette(services: Services) -> None:
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(pilot)
        commands = {command.title for command in app.get_system_commands(screen)}
        for what in ("Week/month", "Agenda", "Today", "Open", "Reschedule", "Cancel event",
                     "Next event of the day", "Previous month/week", "Undo last change", "Go to date",
                     "Registrations", "Message registrants"):
            assert what in commands, what
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        keys = {(where, what) for where, _, what in app.screen.rows}
        assert ("calendar", "Week/month") in keys and ("calendar", "Reschedule") in keys
        assert ("calendar", "Registrations") in keys and ("calendar", "Message registrants") in keys
        help_keys = {(where, key) for where, key, _ in app.screen.rows}
        assert ("calendar", "g") in help_keys and ("calendar", "m") in help_keys


async def test_registrations_and_message_of_the_selected_event_from_each_view(services: Services) -> None:
    """g and m do on the calendar what they do on the events table, for the event selected in the
    grid, the week and the agenda; the footer lists g and ctrl+g (go to a date)."""
    from tests.test_tui_messaging import message_rows, people

    ids = add_week(services)
    first, second, _ = people(services, ids["afternoon"])
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(pilot)
        shown = {k.key for k in app.screen.query(FooterKey) if k.region.width and k.region.right <= 80}
        assert {"f1", "q", "w", "v", "ctrl+g"} <= shown
        listed = {k.key for k in app.screen.query(FooterKey)}  # in the footer, seen from 160 columns
        assert {"g", "m"} <= listed
        await pilot.press("right", "right", "right", "right", "space")  # Wed 25: the afternoon webinar
        assert screen.selected().id == ids["afternoon"]  # type: ignore[union-attr]
        for view_keys in ((), ("w",), ("v",)):
            await pilot.press(*view_keys)
            await settle(pilot)
            if view_keys == ("v",):  # the agenda's row of the afternoon webinar
                rows = screen._agenda_rows()  # noqa: SLF001
                screen.query_one("#agenda", DataTable).move_cursor(
                    row=[e.id for e in rows].index(ids["afternoon"]), animate=False)
                await pilot.pause()
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(app.screen, RegistrationsScreen), view_keys
            assert app.screen.event.id == ids["afternoon"]
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
        await pilot.press("m")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt) and "Afternoon webinar" in prompt.title_text
        await pilot.press(*"Room 2 today", "enter")
        await settle(pilot)
        rows = message_rows(services, ids["afternoon"])
        assert sorted(r["participant_id"] for r in rows) == sorted([first, second])


async def test_the_day_line_stays_one_line_at_80_columns(services: Services) -> None:
    """The selected event's line under the grid: at 80 columns its title is cut and the key hint
    left out (it wrapped onto three lines and took the grid's rows); at 160 the hint is there."""
    services.scheduling.create(make_event(
        title="Online meeting of regional centres: Training for Customs Officers on illegal traffic",
        starts_at=at(23, 10), ends_at=at(23, 12)))
    for size, hinted in (((80, 24), False), ((160, 48), True)):
        app = make_app(services, poll_seconds=0)
        async with app.run_test(size=size) as pilot:
            screen = await open_calendar(pilot)
            await pilot.press("right", "right")  # Mon 23 Nov
            day = screen.query_one("#calendar-day", Static)
            said = rendered(day)
            assert day.region.height == 1, said
            assert "Online meeting of regional cent" in said and "confirmed" in said
            assert ("g registrations" in said) is hinted


async def test_prompt_labels_wrap_instead_of_being_cut(services: Services) -> None:
    """The message prompt's and the go-to-date prompt's labels are longer than the dialog: they wrap
    onto a second line (they were cut at the dialog's edge, at 160 columns too)."""
    ids = add_week(services)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(pilot)
        await pilot.press("ctrl+g")
        label = app.screen.query_one(".prompt-label", Static)
        assert "'March 2027'" in rendered(label) and label.region.height >= 2
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("right", "right", "right", "right", "space")
        assert screen.selected().id == ids["afternoon"]  # type: ignore[union-attr]
        await pilot.press("m")
        label = app.screen.query_one(".prompt-label", Static)
        assert "in the participants' chats" in " ".join(rendered(label).split()) and label.region.height >= 2
        await pilot.press("escape")
        await pilot.press("r")
        label = app.screen.query_one(".prompt-label", Static)
        assert "'3 March 10:00')" in rendered(label) and label.region.height >= 2
