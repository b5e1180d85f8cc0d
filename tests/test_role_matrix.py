"""The role matrix (issue 21): every mutating service call under every role.

``MATRIX`` is the one list of the staff's mutating calls, each with the action it is checked for and
a call that succeeds for a role that may do it; ``NOT_STAFF_WRITES`` names every other public method
the faces reach (reads, participants' own bot actions, background jobs, personal preferences). A test
walks the services and fails when a public method is in neither, so a new mutating call without a
check cannot slip in unclassified."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.domain import Event, EventChange, Programme, Status
from brs_coord.errors import PermissionDenied
from brs_coord.identity import os_login
from brs_coord.partner_records import PartnerSourceData, SourceKind
from brs_coord.permissions import ALLOWED, CENTRE_LIMITED, SCHEDULED_SYNC, Action, Role
from brs_coord.results import PartyRecord, Period
from brs_coord.series_domain import EditScope, SeriesData, SeriesKind
from brs_coord.services import Services
from brs_coord.services.bulk import BulkOutcome
from brs_coord.services.series import SeriesPreview
from tests.conftest import make_event
from tests.results_helpers import zoom_meeting

OTHER_CENTRE = "bcrc-china"  # organises the events the calls change
OWN_CENTRE = "bcrc-senegal"  # the centre editor's
LOGINS = {Role.ADMIN: os_login(), Role.EDITOR: "eve", Role.CENTRE_EDITOR: "cecile",
          Role.ME_OFFICER: "omar", Role.VIEWER: "vic"}


@dataclass
class World:
    """One database with something for every call to act on, made by the admin."""

    services: Services
    past: Event  # held two hours ago (Secretariat), three registrants
    export: Path  # its Zoom attendance export
    event: Event  # confirmed, in three days, organised by OTHER_CENTRE, one registrant
    draft: Event
    change: EventChange  # the admin's last edit of ``event`` (undo)
    series_uid: str
    proposal: Event  # the centre editor's proposal, waiting
    evidence: int
    failed_notice: int
    ics: Path  # a partner's calendar file
    source_id: int  # a source of it, synced once: its event waits for review
    review_id: int

    def series_preview(self) -> SeriesPreview:
        return self.services.series.preview(SeriesData(
            title="Customs webinars", kind=SeriesKind.WEBINAR_SERIES, timezone="UTC",
            rule="every Tuesday 14:00 Geneva for 3 weeks", programme="customs-training"))


def _world(services: Services, clock: FixedClock, folder: Path) -> World:
    for role, login in LOGINS.items():
        if role is not Role.ADMIN:
            services.staff.add(login, role, centres=(OWN_CENTRE,) if role is Role.CENTRE_EDITOR else ())
    services.staff.add("zed", Role.VIEWER)
    past, export = zoom_meeting(services, clock, folder)
    event = services.scheduling.create(
        make_event(organiser=OTHER_CENTRE, starts_at=clock.now() + timedelta(days=3))).event
    person = services.participants.get_or_create(500, chat_id=500)
    services.registrations.register(person.id, event.id)
    services.notices.message_registrants(event.id, "Bring your laptop")
    [notice] = [n for n in services.notices.claim_due(50) if n.participant_id == person.id]
    services.notices.fail(notice.id, "Forbidden: bot was blocked")
    draft = services.scheduling.create(make_event(organiser=OTHER_CENTRE, status=Status.DRAFT)).event
    change = services.scheduling.update(event.id, replace(event.data(), title="Webinar on e-waste, part 1"),
                                        expected_version=event.version)
    series, _ = services.series.create(services.series.preview(SeriesData(
        title="E-waste webinars", kind=SeriesKind.WEBINAR_SERIES, timezone="UTC",
        rule="every Tuesday 14:00 Geneva for 4 weeks", programme="e-waste")))
    with services.acting.as_login(LOGINS[Role.CENTRE_EDITOR]):
        proposal = services.scheduling.create(make_event(
            title="Senegal e-waste clinic", organiser=OWN_CENTRE, programme="e-waste")).event
    evidence = services.results.add_evidence("SC-1-i", date(2026, 5, 14), "KE", "UNEP/POPS/NIP/KE")
    services.results.set_party_status([PartyRecord("SN", "stockholm", date(2003, 1, 1))])
    ics = folder / "partner.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//EN\r\nBEGIN:VEVENT\r\n"
                   "UID:partner-1@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
                   "DTSTART:20261210T090000Z\r\nDTEND:20261210T100000Z\r\n"
                   "SUMMARY:Partner webinar on mercury\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    source = services.partner_sync.add_source(PartnerSourceData(SourceKind.ICS, OTHER_CENTRE, file=str(ics)))
    services.partner_sync.sync(source.id)
    [review] = services.partner_sync.pending(source.id)
    return World(services, past, export, change.event, draft, change,
                 services.series.sessions(series)[0].uid, proposal, evidence, notice.id, ics, source.id,
                 review.id)


Call = Callable[[World], object]


def _programme(w: World) -> Programme:
    return next(p for p in w.services.catalogue.programmes() if p.slug == "e-waste")


def _current(w: World) -> Event:
    return w.services.scheduling.get(w.event.id)


def _registrant(w: World) -> int:
    return w.services.reports.registrations(w.past.id)[0].participant_id


def _restore(w: World) -> None:
    backup = w.ics.parent / "backup.db"
    w.services.store.backup(backup)
    w.services.restore(backup)


PARTY_CSV = b"country,convention,party_since\nKE,rotterdam,2005-02-24\n"

# Every mutating call of the staff: the action it is checked for, and a call that works when allowed.
MATRIX: dict[str, tuple[Action, Call]] = {
    "Services.add_demo": (Action.ADD_DEMO, lambda w: w.services.add_demo()),  # a list with people: admins
    "Services.restore": (Action.RESTORE_BACKUP, lambda w: _restore(w)),
    "SchedulingService.create": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.create(make_event())),
    "SchedulingService.duplicate": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.duplicate(
        w.event.id)),
    "SchedulingService.update": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.update(
        w.event.id, replace(_current(w).data(), capacity=5), expected_version=_current(w).version)),
    "SchedulingService.reschedule": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.reschedule(
        w.event.id, w.event.starts_at + timedelta(days=1), expected_version=_current(w).version)),
    "SchedulingService.set_status": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.set_status(
        w.event.id, Status.PLANNED, expected_version=_current(w).version)),
    "SchedulingService.postpone": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.postpone(
        w.event.id, "venue", expected_version=_current(w).version)),
    "SchedulingService.cancel": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.cancel(
        w.event.id, "venue", expected_version=_current(w).version)),
    "SchedulingService.cancel_by_uid": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.cancel_by_uid(
        w.event.uid, "venue")),
    "SchedulingService.mark_held": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.mark_held(
        w.past.id, expected_version=w.services.scheduling.get(w.past.id).version)),
    "SchedulingService.delete": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.delete(
        w.draft.id, expected_version=w.draft.version)),
    "SchedulingService.undo": (Action.EDIT_EVENTS, lambda w: w.services.scheduling.undo(w.change)),
    "BulkService.cancel": (Action.EDIT_EVENTS, lambda w: w.services.bulk.cancel([_current(w)], "venue")),
    "BulkService.postpone": (Action.EDIT_EVENTS, lambda w: w.services.bulk.postpone([_current(w)], "venue")),
    "BulkService.tag": (Action.EDIT_EVENTS, lambda w: w.services.bulk.tag([_current(w)], "customs-officers")),
    "BulkService.undo": (Action.EDIT_EVENTS, lambda w: w.services.bulk.undo(_admin_bulk(w))),
    "SeriesService.create": (Action.EDIT_EVENTS, lambda w: w.services.series.create(w.series_preview())),
    "SeriesService.reschedule": (Action.EDIT_EVENTS, lambda w: w.services.series.reschedule(
        w.series_uid, w.services.scheduling.get_by_uid(w.series_uid).starts_at + timedelta(hours=1),
        EditScope.SERIES)),
    "SeriesService.cancel": (Action.EDIT_EVENTS, lambda w: w.services.series.cancel(
        w.series_uid, "speaker ill", EditScope.SERIES)),
    "SeriesService.edit_details": (Action.EDIT_EVENTS, lambda w: w.services.series.edit_details(
        w.series_uid, EditScope.SERIES, description="Bring your inventory")),
    "CatalogueService.save_programme": (Action.EDIT_CATALOGUE, lambda w: w.services.catalogue.save_programme(
        replace(_programme(w), background="Renamed background"))),
    "CatalogueService.save_audience": (Action.EDIT_CATALOGUE, lambda w: w.services.catalogue.save_audience(
        replace(w.services.catalogue.audiences()[0], name="Customs officers and agents"))),
    "CatalogueService.save_centre": (Action.EDIT_CATALOGUE, lambda w: w.services.catalogue.save_centre(
        replace(w.services.catalogue.centres()[0], name="A renamed centre"))),
    "ProposalService.approve": (Action.APPROVE_PROPOSALS, lambda w: w.services.proposals.approve(
        w.proposal.id)),
    "ProposalService.return_": (Action.APPROVE_PROPOSALS, lambda w: w.services.proposals.return_(
        w.proposal.id, "Please name the trainers")),
    "RegistrationService.mark_attendance": (Action.RECORD_ATTENDANCE, lambda w: w.services.registrations
                                            .mark_attendance(w.past.id, _registrant(w), False)),
    "RegistrationService.mark_all_attended": (Action.RECORD_ATTENDANCE, lambda w: w.services.registrations
                                              .mark_all_attended(w.past.id)),
    "ResultsService.record_attendance": (Action.RECORD_ATTENDANCE, lambda w: w.services.results
                                         .record_attendance(
        w.services.results.preview_attendance(w.past.uid, w.export.read_bytes()))),
    "ResultsService.tag_event": (Action.EDIT_RESULTS, lambda w: w.services.results.tag_event(
        w.event.uid, ["BC-2-v"])),
    "ResultsService.save_tags": (Action.EDIT_RESULTS, lambda w: w.services.results.save_tags(
        w.event.id, ["BC-2-v"], expected_version=_current(w).version)),
    "ResultsService.tag_change": (Action.EDIT_RESULTS, lambda w: w.services.results.tag_change(
        replace(w.change, after=_current(w)), ["BC-2-v"])),
    "ResultsService.set_target": (Action.EDIT_RESULTS, lambda w: w.services.results.set_target(
        "BC-2-v", "2026-2027", 0, 40)),
    "ResultsService.set_target_typed": (Action.EDIT_RESULTS, lambda w: w.services.results.set_target_typed(
        "BC-2-v", "2026-2027", "0, 40")),
    "ResultsService.add_evidence": (Action.EDIT_RESULTS, lambda w: w.services.results.add_evidence(
        "SC-1-i", date(2026, 6, 1), "SN", "UNEP/POPS/NIP/SN")),
    "ResultsService.add_evidence_texts": (Action.EDIT_RESULTS, lambda w: w.services.results
                                          .add_evidence_texts(
        "SC-1-i", "2026-06-01", "SN", "UNEP/POPS/NIP/SN", "")),
    "ResultsService.remove_evidence": (Action.EDIT_RESULTS, lambda w: w.services.results.remove_evidence(
        w.evidence)),
    "ResultsService.set_party_status": (Action.EDIT_RESULTS, lambda w: w.services.results.set_party_status(
        [PartyRecord("KE", "stockholm", date(2004, 9, 24))])),
    "ResultsService.record_party_status": (Action.EDIT_RESULTS, lambda w: w.services.results
                                           .record_party_status("KE", "stockholm", "2004-09-24")),
    "ResultsService.import_party_status": (Action.EDIT_RESULTS, lambda w: w.services.results
                                           .import_party_status(PARTY_CSV, "parties.csv")),
    "ResultsService.remove_party_status": (Action.EDIT_RESULTS, lambda w: w.services.results
                                           .remove_party_status("SN", "stockholm")),
    "ResultsService.lock": (Action.LOCK_PERIODS, lambda w: w.services.results.lock(
        Period.biennium("2024-2025"))),
    "CertificateService.revoke": (Action.MANAGE_CERTIFICATES, lambda w: w.services.certificates.revoke(
        "ABCDEFGHJK", "attendance corrected")),
    "NoticeService.message_registrants": (Action.MESSAGE_REGISTRANTS, lambda w: w.services.notices
                                          .message_registrants(w.event.id, "The room changed")),
    "NoticeService.retry_failed": (Action.MANAGE_OUTBOX, lambda w: w.services.notices.retry_failed(
        w.failed_notice)),
    "StaffService.add": (Action.MANAGE_STAFF, lambda w: w.services.staff.add("newcomer", Role.VIEWER)),
    "StaffService.set_role": (Action.MANAGE_STAFF, lambda w: w.services.staff.set_role("zed", Role.EDITOR)),
    "StaffService.remove": (Action.MANAGE_STAFF, lambda w: w.services.staff.remove("zed")),
    "PartnerSyncService.add_source": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.add_source(
        PartnerSourceData(SourceKind.ICS, OTHER_CENTRE, file=str(w.ics)))),
    "PartnerSyncService.sync": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.sync(w.source_id)),
    "PartnerSyncService.sync_due": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.sync_due()),
    "PartnerSyncService.save_mapping": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.save_mapping(
        w.source_id, None)),
    "PartnerSyncService.remove": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.remove(
        w.source_id)),
    "PartnerSyncService.apply": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.apply(w.review_id)),
    "PartnerSyncService.apply_all": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.apply_all()),
    "PartnerSyncService.reject": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.reject(
        w.review_id)),
    "PartnerSyncService.reject_all": (Action.MANAGE_SOURCES, lambda w: w.services.partner_sync.reject_all()),
}


def _admin_bulk(w: World) -> BulkOutcome:
    """The admin's bulk postponement of the event (for the role's undo of it)."""
    with w.services.acting.as_login(LOGINS[Role.ADMIN]):
        return w.services.bulk.postpone([_current(w)], "venue")


READ, PARTICIPANT, SYSTEM, PERSONAL = "read", "a participant's own (bot)", "background job", "own preference"
NOT_STAFF_WRITES: dict[str, str] = {
    **{f"SchedulingService.{n}": READ for n in ("get", "get_by_uid", "history", "check_place")},
    "SchedulingService.add_listener": SYSTEM,
    **{f"CatalogueService.{n}": READ for n in (
        "programmes", "audiences", "centres", "regions", "conventions", "countries", "cities", "results",
        "check", "change_counter")},
    **{f"SeriesService.{n}": READ for n in (
        "all", "get", "sessions", "of_event", "places", "preview", "scoped")},
    **{f"ProposalService.{n}": READ for n in ("waiting", "returned", "queue", "waiting_count", "of_event")},
    **{f"StaffService.{n}": READ for n in ("all", "get", "by_telegram_id")},
    **{f"PartnerSyncService.{n}": READ for n in (
        "sources", "source", "runs", "latest_run", "pending", "review", "provenance")},
    "StaffService.make_first_admin": SYSTEM,  # init and demo: only when the staff list is empty
    **{f"RegistrationService.{n}": READ for n in (
        "status", "statuses", "reminders", "can_see_join_link", "my_events", "waitlist_position")},
    **{f"RegistrationService.{n}": SYSTEM for n in ("add_seat_freed_listener", "add_attendance_listener")},
    **{f"RegistrationService.{n}": PARTICIPANT for n in ("register", "unregister", "remind")},
    **{f"ResultsService.{n}": READ for n in (
        "indicators", "plan", "tags", "evidence_of", "party_statuses", "party_table", "preview_party_import",
        "preview_attendance", "report")},
    **{f"CertificateService.{n}": READ for n in (
        "refusal", "attended", "eligible_events", "printed_name", "filename", "verify_url", "pdf", "verify")},
    **{f"CertificateService.{n}": PARTICIPANT for n in ("set_printed_name", "issue")},
    **{f"NoticeService.{n}": SYSTEM for n in (
        "batched", "on_change", "add", "claim_due", "mark_sent", "retry", "fail", "blocked")},
    **{f"NoticeService.{n}": READ for n in ("counts", "entry")},
    **{f"ProposalNotices.{n}": SYSTEM for n in ("on_change", "tell_approvers")},  # a scheduling listener
    **{f"NoticeService.{n}": PARTICIPANT for n in ("set_quiet_hours", "mute_event")},
    **{f"ParticipantService.{n}": READ for n in (
        "get", "feed_token", "by_feed_token", "serves_personal_feed", "choices", "find_countries")},
    **{f"ParticipantService.{n}": PARTICIPANT for n in (
        "get_or_create", "set_language", "set_timezone", "set_country", "set_audience", "reset_feed_token",
        "forget")},
    **{f"SubscriptionService.{n}": READ for n in ("list", "matching", "choices")},
    **{f"SubscriptionService.{n}": PARTICIPANT for n in (
        "subscribe", "unsubscribe", "toggle", "stop_matching")},
    **{f"SeriesRegistrationService.{n}": PARTICIPANT for n in ("register", "unregister")},
    "SeriesRegistrationService.open_sessions": READ,
    **{f"SeriesRegistrationService.{n}": SYSTEM for n in ("on_seat_freed", "record_completions")},
    **{f"WaitlistService.{n}": SYSTEM for n in (
        "on_seat_freed", "on_change", "offer_free_seats", "expire_offers")},
    **{f"WaitlistService.{n}": PARTICIPANT for n in ("confirm", "decline")},
    "EvaluationService.plan": SYSTEM,
    "EvaluationService.waiting_for_comment": READ,
    **{f"EvaluationService.{n}": PARTICIPANT for n in ("rate", "will_apply", "skip_comment", "comment")},
    **{f"ChatLanguageService.{n}": READ for n in ("language", "for_reply")},
    "ChatLanguageService.set": PARTICIPANT,  # a group's admins choose its language, in the chat
    **{f"BotLinks.{n}": READ for n in ("username", "event")},
    "BotLinks.remember": SYSTEM,
    **{f"FeedService.{n}": READ for n in (
        "now", "change_counter", "names", "specs", "spec", "series_feeds", "feed_titles", "series_feed",
        "feed",
        "parse_filters", "filtered", "personal", "event", "single", "links", "feeds_json", "index_html")},
    **{f"FeedService.{n}": SYSTEM for n in ("build_all", "export", "prune_cache")},
    **{f"QueryService.{n}": READ for n in ("ask", "parse", "describe", "vocabulary")},
    **{f"ReminderService.{n}": SYSTEM for n in ("plan",)},
    "ReminderService.set_leads": PARTICIPANT,
    **{f"ReportsService.{n}": READ for n in (
        "registrations", "registration_counts", "outbox", "outbox_counts", "events_per_month",
        "events_by_region",
        "registrations_csv", "export_registrations")},
    **{f"SeriesViews.{n}": READ for n in ("upcoming", "card", "next_asked")},
    **{f"StaffPreferencesService.{n}": READ for n in ("theme", "saved_filters")},
    **{f"StaffPreferencesService.{n}": PERSONAL for n in ("set_theme", "save_filter", "delete_filter")},
    **{f"Services.{n}": READ for n in ("upcoming", "find", "count")},
    **{f"Services.{n}": SYSTEM for n in (
        "initialise", "sender_lease", "scheduled_sync", "close")},
}


def _public_methods(cls: type) -> set[str]:
    names = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("brs_coord."):
            continue
        for name, member in vars(klass).items():
            if not name.startswith("_") and inspect.isfunction(member):
                names.add(name)
    return names


def _service_classes(services: Services) -> set[type]:
    classes: set[type] = {type(services), type(services.scheduling)}
    for name, member in vars(type(services)).items():
        if isinstance(member, cached_property):
            classes.add(type(getattr(services, name)))
    return classes


def test_every_public_service_method_is_in_the_matrix_or_named_not_a_staff_write(services: Services) -> None:
    found = {f"{cls.__name__}.{name}" for cls in _service_classes(services) for name in _public_methods(cls)}
    unclassified = sorted(found - MATRIX.keys() - NOT_STAFF_WRITES.keys())
    assert not unclassified, f"add these to MATRIX (with their check) or NOT_STAFF_WRITES: {unclassified}"
    assert not MATRIX.keys() & NOT_STAFF_WRITES.keys()
    assert sorted((MATRIX.keys() | NOT_STAFF_WRITES.keys()) - found) == []  # nothing stale


def _expected(role: Role, action: Action) -> bool:
    """The calls change events organised by another centre than the centre editor's."""
    return role in ALLOWED[action] and not (role is Role.CENTRE_EDITOR and action in CENTRE_LIMITED)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("call", sorted(MATRIX))
def test_role_matrix(call: str, role: Role, services: Services, clock: FixedClock, tmp_path: Path) -> None:
    world = _world(services, clock, tmp_path)
    action, run = MATRIX[call]
    with services.acting.as_login(LOGINS[role]):
        if _expected(role, action):
            run(world)
        else:
            refusal = r"^Not allowed: only .+ may " + action.value
            with pytest.raises(PermissionDenied, match=refusal) as refused:
                run(world)
            assert refused.value.action == action.value


def test_the_table_says_what_the_issue_says() -> None:
    """Written out by hand from issue 21, so a change of the table is a decision, not an accident."""
    every = set(Action)
    by_role = {role: {a for a in Action if role in ALLOWED[a]} for role in Role}
    assert by_role[Role.ADMIN] == every
    assert by_role[Role.EDITOR] == {Action.EDIT_EVENTS, Action.APPROVE_PROPOSALS, Action.MOVE_TO_PROGRAMME,
                                    Action.EDIT_CATALOGUE, Action.MESSAGE_REGISTRANTS, Action.MANAGE_OUTBOX,
                                    Action.MANAGE_SOURCES}
    assert by_role[Role.CENTRE_EDITOR] == {Action.EDIT_EVENTS, Action.MESSAGE_REGISTRANTS}
    assert by_role[Role.ME_OFFICER] == {Action.RECORD_ATTENDANCE, Action.EDIT_RESULTS, Action.LOCK_PERIODS,
                                        Action.MANAGE_CERTIFICATES}
    assert by_role[Role.VIEWER] == set()


@pytest.mark.parametrize("call", sorted(MATRIX))
def test_the_scheduled_sync_actor_may_sync_and_nothing_else(
    call: str, services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    """The bot's scheduled sync acts as a system actor: it manages the sources and writes the events a
    sync brings; every other mutating call is refused to it, whatever its role says."""
    world = _world(services, clock, tmp_path)
    action, run = MATRIX[call]
    with services.acting.as_member(SCHEDULED_SYNC):
        if action in (Action.MANAGE_SOURCES, Action.EDIT_EVENTS):
            run(world)
        else:
            with pytest.raises(PermissionDenied, match=r"^Not allowed: only .+ may " + action.value):
                run(world)
