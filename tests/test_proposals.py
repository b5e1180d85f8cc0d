"""Proposals and the TUI as a centre editor (issue 21).

A centre editor's event for a Secretariat programme (one whose events are not all their centres':
in the demo every programme has Secretariat events) is saved as a draft in the proposals queue,
waits visibly, and is approved (it gets its status) or returned with a comment (an edit proposes
it again). The TUI greys what the role lacks and says who you are."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from brs_coord.clock import FixedClock
from brs_coord.domain import EventData, Status
from brs_coord.errors import InvalidInput, PermissionDenied
from brs_coord.permissions import Role
from brs_coord.proposals import ProposalState
from brs_coord.services import Services, build_services
from brs_coord.tui.app import make_app
from brs_coord.tui.screens.calendar import CalendarScreen
from brs_coord.tui.screens.catalogue import CatalogueScreen
from brs_coord.tui.screens.proposals import ProposalsScreen
from tests.conftest import make_event
from tests.fakebot import FakeBotAPI
from tests.notice_helpers import participant, sender, texts_to
from tests.tui_helpers import events_table, select_event, settle, wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def _as(services: Services, clock: FixedClock, login: str) -> Services:
    """Services over the same database acting as ``login`` (shown by their own name)."""
    return build_services(replace(services.settings, staff_name=""), clock, login=login)


@pytest.fixture
def people(demo_services: Services, clock: FixedClock) -> Iterator[dict[str, Services]]:
    demo_services.staff.add("cecile", Role.CENTRE_EDITOR, centres=("bcrc-senegal",))
    demo_services.staff.add("eve", Role.EDITOR)
    acting = {login: _as(demo_services, clock, login) for login in ("cecile", "eve")}
    yield acting
    for services in acting.values():
        services.close()


def _clinic(title: str = "Senegal e-waste clinic") -> EventData:
    return make_event(title=title, organiser="bcrc-senegal", programme="e-waste", status=Status.CONFIRMED)


def test_a_centre_editors_event_for_a_secretariat_programme_waits_then_is_approved(
    people: dict[str, Services], clock: FixedClock,
) -> None:
    cecile, eve = people["cecile"], people["eve"]
    proposed = cecile.scheduling.create(_clinic()).event
    assert proposed.status is Status.DRAFT and not proposed.is_public  # no feed, no bot until approved
    proposal = cecile.proposals.of_event(proposed.id)
    assert proposal is not None and (proposal.state, proposal.status, proposal.proposed_by) == (
        ProposalState.WAITING, Status.CONFIRMED, "cecile")
    refusal = "^Not allowed: only secretariat admins and secretariat editors may approve or return proposals$"
    with pytest.raises(PermissionDenied, match=refusal):
        cecile.proposals.approve(proposed.id)
    clock.advance(timedelta(days=3))
    [waiting] = eve.proposals.waiting()
    assert waiting.event.id == proposed.id and waiting.proposal.waiting_days(clock.now()) == 3
    assert eve.proposals.waiting_count() == 1
    approved = eve.proposals.approve(proposed.id)
    assert approved.status is Status.CONFIRMED and approved.updated_by == "eve"
    assert eve.proposals.waiting() == []
    assert eve.proposals.of_event(proposed.id) == replace(
        proposal, state=ProposalState.APPROVED, decided_by="eve", decided_at=clock.now())
    # approved, it is the centre's own event: its editor changes it directly
    moved = cecile.scheduling.reschedule(proposed.id, approved.starts_at + timedelta(days=1),
                                         expected_version=approved.version).event
    assert moved.status is Status.CONFIRMED and moved.updated_by == "cecile"


def test_returned_with_a_comment_then_edited_is_proposed_again(people: dict[str, Services]) -> None:
    """Returned, it waits for its proposer; her edit puts it back in the queue, still a draft."""
    cecile, eve = people["cecile"], people["eve"]
    proposed = cecile.scheduling.create(_clinic()).event
    eve.proposals.return_(proposed.id, "Please name the trainers")
    [returned] = cecile.proposals.returned()
    assert (returned.proposal.comment, returned.proposal.decided_by) == ("Please name the trainers", "eve")
    assert eve.proposals.waiting() == []
    # her edit (even one asking for 'confirmed') keeps it a draft and puts it in the queue again
    current = cecile.scheduling.get(proposed.id)
    edited = cecile.scheduling.update(proposed.id, replace(
        current.data(), description="Trainers: A. Diop, M. Sow", status=Status.CONFIRMED),
        expected_version=current.version).event
    assert edited.status is Status.DRAFT
    assert [p.event.id for p in eve.proposals.waiting()] == [proposed.id]
    assert cecile.proposals.returned() == []
    with pytest.raises(InvalidInput, match="the comment is empty"):
        eve.proposals.return_(proposed.id, " ")


def test_the_queue_is_read_from_one_state_while_a_decision_lands(
    people: dict[str, Services], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A proposal returned (by another connection) between reading the waiting and the returned
    ones is in the queue once: both reads see the store as it was when the queue was read."""
    cecile, eve = people["cecile"], people["eve"]
    proposed = cecile.scheduling.create(_clinic()).event
    reading = eve.proposals
    read_waiting = reading.waiting

    def waiting_then_a_decision() -> list[Any]:
        found = read_waiting()
        elsewhere = _as(eve, eve.clock, "eve")  # another connection, as from another process
        try:
            elsewhere.proposals.return_(proposed.id, "Please name the trainers")
        finally:
            elsewhere.close()
        return found

    monkeypatch.setattr(reading, "waiting", waiting_then_a_decision)
    queue = reading.queue()
    assert [(row.event.id, row.proposal.state) for row in queue] == [(proposed.id, ProposalState.WAITING)]
    monkeypatch.undo()
    assert [(row.event.id, row.proposal.state) for row in eve.proposals.queue()] == [
        (proposed.id, ProposalState.RETURNED)]


def test_what_a_centre_editor_may_not_do(people: dict[str, Services]) -> None:
    cecile = people["cecile"]
    own = cecile.scheduling.create(make_event(title="Dakar workshop", organiser="bcrc-senegal")).event
    assert own.status is Status.CONFIRMED and cecile.proposals.of_event(own.id) is None  # no programme
    with pytest.raises(PermissionDenied, match="editors of the organising centre may create or change"):
        cecile.scheduling.create(make_event(organiser="bcrc-china"))
    with pytest.raises(PermissionDenied, match="may move events into another's programme$"):
        cecile.scheduling.update(own.id, replace(own.data(), programme="e-waste"),
                                 expected_version=own.version)
    with pytest.raises(PermissionDenied, match="may change the catalogue$"):
        cecile.catalogue.save_audience(replace(cecile.catalogue.audiences()[0], name="x"))


async def test_the_tui_as_a_centre_editor(people: dict[str, Services], demo_services: Services) -> None:
    cecile = people["cecile"]
    own = cecile.scheduling.create(make_event(title="Dakar workshop", organiser="bcrc-senegal")).event
    other = demo_services.scheduling.create(
        make_event(title="Beijing workshop", organiser="bcrc-china")).event
    app = make_app(cecile, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.sub_title.startswith("cecile · centre editor, bcrc-senegal · times in Europe/Zurich")
        screen = app.screen
        await wait_until(pilot, lambda: events_table(pilot).index_of(other.id) is not None)
        await select_event(pilot, other.id)
        assert screen.check_action("edit", ()) is None and screen.check_action("cancel_event", ()) is None
        assert screen.check_action("new", ()) is True  # she creates events (for her centres)
        await select_event(pilot, own.id)
        assert screen.check_action("edit", ()) is True
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        assert app.screen.check_action("add", ()) is None and app.screen.check_action("search", ()) is True


async def test_the_calendar_greys_the_picked_event_a_centre_editor_may_not_change(
    people: dict[str, Services], demo_services: Services,
) -> None:
    """In the calendar too, her own centre's event may be edited and cancelled, another's not."""
    cecile = people["cecile"]
    def today_at(hour: int) -> datetime:  # today of the tests' clock, in the staff zone
        return datetime(2026, 11, 21, hour, tzinfo=ZoneInfo("Europe/Zurich"))

    own = cecile.scheduling.create(make_event(
        title="Dakar workshop", organiser="bcrc-senegal", starts_at=today_at(14), ends_at=today_at(15))).event
    demo_services.scheduling.create(make_event(
        title="Beijing workshop", organiser="bcrc-china", starts_at=today_at(16), ends_at=today_at(17)))
    app = make_app(cecile, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, CalendarScreen)
        await wait_until(pilot, lambda: screen.highlighted_event() is not None)
        seen: dict[str, tuple[bool | None, bool | None]] = {}
        for _ in screen.entries():
            event = screen.highlighted_event()
            assert event is not None
            seen[event.title] = (screen.check_action("edit", ()), screen.check_action("cancel_event", ()))
            await pilot.press("space")
            await settle(pilot)
        assert seen["Dakar workshop"] == (True, True) and seen["Beijing workshop"] == (None, None)
        assert own.title in seen and screen.check_action("new", ()) is True


async def test_the_proposals_screen_approves_and_returns(
    people: dict[str, Services], clock: FixedClock,
) -> None:
    cecile, eve = people["cecile"], people["eve"]
    first = cecile.scheduling.create(_clinic()).event
    clock.advance(timedelta(days=1))
    second = cecile.scheduling.create(_clinic(title="Senegal POPs clinic")).event
    clock.advance(timedelta(days=2))
    app = make_app(eve, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.sub_title.endswith("· 2 proposals waiting (F10)")
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProposalsScreen)
        await wait_until(pilot, lambda: len(screen.rows) == 2)
        table = screen.query_one("#proposals")
        assert [str(table.get_cell_at((row, 1))) for row in range(2)] == [
            "[yellow]3 days waiting[/]", "[yellow]2 days waiting[/]"]
        await pilot.press("a")
        await wait_until(pilot, lambda: eve.scheduling.get(first.id).status is Status.CONFIRMED)
        await wait_until(pilot, lambda: len(screen.rows) == 1)
        await pilot.press("r", *"Which venue?", "enter")
        await wait_until(pilot, lambda: cecile.proposals.of_event(second.id).state  # type: ignore[union-attr]
                         is ProposalState.RETURNED)
        assert cecile.proposals.of_event(second.id).comment == "Which venue?"  # type: ignore[union-attr]


async def test_a_login_not_on_the_staff_list_is_a_viewer_and_told_so(
    demo_services: Services, clock: FixedClock,
) -> None:
    stranger = _as(demo_services, clock, "stranger")
    app = make_app(stranger, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.sub_title.startswith("stranger · viewer (not on the staff list)")
        assert any("not on the staff list: ask an admin to add you" in n.message for n in app._notifications)
        assert app.screen.check_action("new", ()) is None and app.screen.check_action("search", ()) is True
    stranger.close()


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_events_as_a_centre_editor(
    snap_compare: Any, people: dict[str, Services], demo_services: Services, size: tuple[int, int],
) -> None:
    """The events view as a centre editor, the cursor on a Secretariat event: its actions greyed."""
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.pause(0.1)

    assert snap_compare(make_app(people["cecile"], poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_proposals_as_a_centre_editor(
    snap_compare: Any, people: dict[str, Services], clock: FixedClock, size: tuple[int, int],
) -> None:
    """Her proposals: one waiting three days (approve/return greyed for her), one returned."""
    cecile, eve = people["cecile"], people["eve"]
    cecile.scheduling.create(_clinic())
    clock.advance(timedelta(days=1))
    returned = cecile.scheduling.create(_clinic(title="Senegal POPs clinic")).event
    eve.proposals.return_(returned.id, "Which venue? Dakar or Thiès")
    clock.advance(timedelta(days=2))

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.pause(0.1)

    assert snap_compare(make_app(cecile, poll_seconds=0), terminal_size=size, run_before=before)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Not allowed: only secretariat admins and secretariat editors may change the catalogue"),
    ("fr", "Non autorisé : seuls les administrateurs du Secrétariat et éditeurs du Secrétariat peuvent"
           " modifier le catalogue"),
    ("ru", "Нет доступа: только администраторы секретариата и редакторы секретариата могут изменять каталог"),
    ("zh", "不允许：只有秘书处管理员和秘书处编辑可以更改目录"),
])
def test_the_refusal_in_the_catalogues(people: dict[str, Services], lang: str, expected: str) -> None:
    from brs_coord.permissions import refusal_words
    from brs_coord.services.translation import catalogue

    with pytest.raises(PermissionDenied) as refused:
        people["cecile"].catalogue.save_audience(people["cecile"].catalogue.audiences()[0])
    assert refusal_words(refused.value.roles, refused.value.action, catalogue(lang).gettext) == expected


@pytest.mark.parametrize("login", ["eve", "cecile"])
async def test_an_editor_and_a_centre_editor_save_an_event_in_the_editor_form(
    people: dict[str, Services], demo_services: Services, login: str,
) -> None:
    """The form saves the event and its (unchanged, empty) results tags in one transaction: the
    tags ask nothing of a role that may not change them."""
    from textual.widgets import Button

    from tests.test_tui_editor import type_into

    services = people[login]
    event = demo_services.scheduling.create(
        make_event(title="Dakar workshop", organiser="bcrc-senegal")).event
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: events_table(pilot).index_of(event.id) is not None)
        await select_event(pilot, event.id)
        await pilot.press("e")
        await settle(pilot)
        await type_into(pilot, "#title", "Dakar workshop on e-waste")
        app.screen.query_one("#save", Button).press()
        renamed = "Dakar workshop on e-waste"
        await wait_until(pilot, lambda: services.scheduling.get(event.id).title == renamed)
    assert services.scheduling.get(event.id).updated_by == login


async def test_approvers_linked_by_telegram_hear_of_a_proposal_once(
    demo_services: Services, people: dict[str, Services], clock: FixedClock, fake: FakeBotAPI,
) -> None:
    """Eve (an editor, linked by her Telegram id and known to the bot) is told when Cécile proposes;
    Cécile is not told of her own proposal, nor is an approver the bot does not know; the notice is
    in Eve's language and has no card button (the event is a draft)."""
    eve_chat = 7701
    participant(demo_services, eve_chat, fake=fake, language="fr")
    demo_services.staff.add("eve", Role.EDITOR, telegram_id=eve_chat)
    demo_services.staff.add("ana", Role.ADMIN, telegram_id=7702)  # never talked to the bot
    proposed = people["cecile"].scheduling.create(_clinic()).event
    rows = [r for r in demo_services.notices.outbox.rows() if r["kind"] == "proposal"]
    assert [(r["participant_id"], r["event_id"]) for r in rows] == [
        (demo_services.participants.get(eve_chat).id, proposed.id)]
    run = await sender(demo_services, fake)
    assert await run.drain() == 1
    text = texts_to(fake, eve_chat)[-1]
    assert "cecile propose" in text and "Senegal e-waste clinic" in text
    assert "Détails" not in str(fake.last_message(eve_chat).button_texts)
    clock.advance(timedelta(minutes=5))  # an edit of the waiting proposal: not a new proposal
    cecile = people["cecile"]
    longer = replace(proposed.data(), title="Senegal e-waste clinic, 2 days")
    edited = cecile.scheduling.update(proposed.id, longer, expected_version=proposed.version).event
    told = [r["id"] for r in demo_services.notices.outbox.rows() if r["kind"] == "proposal"]
    assert told == [rows[0]["id"]]
    people["eve"].proposals.return_(proposed.id, "Add the budget line")
    clock.advance(timedelta(minutes=5))  # returned, then proposed again by her edit: Eve hears again
    cecile.scheduling.update(proposed.id, replace(edited.data(), description="Budget: UNEP GEF"),
                             expected_version=cecile.scheduling.get(proposed.id).version)
    assert len([r for r in demo_services.notices.outbox.rows() if r["kind"] == "proposal"]) == 2
