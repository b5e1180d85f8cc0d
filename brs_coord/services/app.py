"""The composition of the services over one store: built once per process by the CLI or tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import Clock
from ..config import Settings, page_cache_for
from ..domain import Event, EventQuery
from ..identity import acting_login
from ..permissions import Action
from ..store import Store, open_store
from .acting import Acting
from .scheduling import SchedulingService

if TYPE_CHECKING:  # each service is imported when first used, to keep start-up short
    from ..store import SeedReport
    from .bot_links import BotLinks
    from .bulk import BulkService
    from .catalogue import CatalogueService
    from .certificates import CertificateService
    from .chat_languages import ChatLanguageService
    from .evaluations import EvaluationService
    from .feeds import FeedService
    from .notices import NoticeService
    from .participants import ParticipantService
    from .partner_sync import PartnerSyncService
    from .proposal_notices import ProposalNotices
    from .proposals import ProposalService
    from .query import QueryService
    from .registrations import RegistrationService
    from .reminders import ReminderService
    from .reports import ReportsService
    from .results import ResultsService
    from .scheduled_sync import ScheduledSync
    from .sender_lease import SenderLease
    from .series import SeriesService
    from .series_registrations import SeriesRegistrationService
    from .series_views import SeriesViews
    from .staff import StaffService
    from .staff_preferences import StaffPreferencesService
    from .subscriptions import SubscriptionService
    from .waitlist import WaitlistService


@dataclass
class Services:
    """Everything a face needs, wired over one store."""

    settings: Settings
    store: Store
    clock: Clock
    acting: Acting
    scheduling: SchedulingService

    @cached_property
    def staff(self) -> StaffService:
        from .staff import StaffService

        return StaffService(self.store, self.acting)

    @cached_property
    def proposals(self) -> ProposalService:
        from .proposals import ProposalService

        return ProposalService(self.store, self.acting, self.scheduling)

    @cached_property
    def proposal_notices(self) -> ProposalNotices:
        from .proposal_notices import ProposalNotices

        return ProposalNotices(self.store, self.notices)

    @cached_property
    def bulk(self) -> BulkService:
        from .bulk import BulkService

        return BulkService(self.scheduling)

    @cached_property
    def catalogue(self) -> CatalogueService:
        from .catalogue import CatalogueService

        return CatalogueService(self.store, self.acting)

    @cached_property
    def certificates(self) -> CertificateService:
        from .certificates import CertificateService

        return CertificateService(self.store, self.clock, self.settings.feed_base_url, acting=self.acting)

    @cached_property
    def evaluations(self) -> EvaluationService:
        from datetime import timedelta

        from .evaluations import EvaluationService

        return EvaluationService(
            self.store, delay=timedelta(minutes=self.settings.evaluation_delay_minutes),
            threshold=self.certificates.threshold,
        )

    @cached_property
    def chat_languages(self) -> ChatLanguageService:
        from .chat_languages import ChatLanguageService

        return ChatLanguageService(self.store)

    @cached_property
    def bot_links(self) -> BotLinks:
        from .bot_links import BotLinks

        return BotLinks(self.store, self.settings)

    @cached_property
    def feeds(self) -> FeedService:
        from .feeds import FeedService

        service = FeedService(self.store, self.clock, self.settings)
        service.question_parser = lambda question, lang: self.query.parse(question, lang=lang)
        return service

    @cached_property
    def participants(self) -> ParticipantService:
        from .participants import ParticipantService

        return ParticipantService(self.store)

    @cached_property
    def partner_sync(self) -> PartnerSyncService:
        from .partner_sync import PartnerSyncService

        return PartnerSyncService(self.store, self.scheduling, self.notices)

    @cached_property
    def query(self) -> QueryService:
        from .query import QueryService

        return QueryService(self.store)

    @cached_property
    def registrations(self) -> RegistrationService:
        from .registrations import RegistrationService

        service = RegistrationService(self.store, acting=self.acting)
        service.add_seat_freed_listener(lambda store, event_id: self.waitlist.on_seat_freed(store, event_id))
        service.add_seat_freed_listener(
            lambda store, event_id: self.series_registrations.on_seat_freed(store, event_id))
        service.add_attendance_listener(lambda store, event_id: self._completions(store, event_id))
        return service

    def _completions(self, store: Store, event_id: int) -> None:
        series = store.series.of_event(event_id)
        if series is not None:
            self.series_registrations.record_completions(series)

    @cached_property
    def series(self) -> SeriesService:
        from .series import SeriesService

        return SeriesService(self.store, self.scheduling, self.notices)

    @cached_property
    def series_registrations(self) -> SeriesRegistrationService:
        from .series_registrations import SeriesRegistrationService

        return SeriesRegistrationService(self.store, self.series, self.registrations, self.notices)

    @cached_property
    def series_views(self) -> SeriesViews:
        from .series_views import SeriesViews

        return SeriesViews(self.store, self.series, self.query)

    @cached_property
    def notices(self) -> NoticeService:
        from .notices import NoticeService

        s = self.settings
        return NoticeService(
            self.store, batch_seconds=s.notice_batch_seconds, lease_seconds=s.notice_lease_seconds,
            max_attempts=s.notice_max_attempts, acting=self.acting,
        )

    @cached_property
    def reminders(self) -> ReminderService:
        from .reminders import ReminderService

        return ReminderService(self.store)

    @cached_property
    def subscriptions(self) -> SubscriptionService:
        from .subscriptions import SubscriptionService

        return SubscriptionService(self.store)

    @cached_property
    def waitlist(self) -> WaitlistService:
        from .waitlist import WaitlistService

        return WaitlistService(self.store, self.notices, offer_hours=self.settings.offer_hours)

    @cached_property
    def preferences(self) -> StaffPreferencesService:
        from .staff_preferences import StaffPreferencesService

        return StaffPreferencesService(self.store, self.acting)

    @cached_property
    def reports(self) -> ReportsService:
        from .reports import ReportsService

        return ReportsService(self.store, self.clock, self.settings.staff_tz)

    @cached_property
    def results(self) -> ResultsService:
        from .results import ResultsService

        return ResultsService(self.store, self.acting, self.registrations)

    def sender_lease(self) -> SenderLease:
        """This process's claim to be the database's one notice sender (not yet taken)."""
        from .sender_lease import SenderLease

        return SenderLease(self.store, seconds=self.settings.notice_lease_seconds)

    def scheduled_sync(self, seconds: float) -> ScheduledSync | None:
        """The sync of the due partner sources every ``seconds`` (not yet started); None for 0
        (BRS_SOURCE_SYNC_SECONDS=0: no scheduled sync)."""
        from .scheduled_sync import ScheduledSync

        return ScheduledSync(self.partner_sync, self.acting, interval=seconds) if seconds > 0 else None

    def initialise(self) -> SeedReport:
        """Add the reference catalogue entries that are missing (never overwrites); the login that
        runs the first ``init`` becomes the staff list's admin."""
        report = self.store.seed_reference()
        self.staff.make_first_admin()
        return report

    def add_demo(self, today: date | None = None) -> int:
        """Add the demo calendar, dated from today; idempotent (the login building it is made the
        admin when the staff list is empty; on a list with people, only an admin adds it)."""
        if self.staff.make_first_admin() is None:
            self.acting.require(Action.ADD_DEMO)
        return self.store.add_demo_events(today or self.clock.now().date())

    def restore(self, backup_file: Path) -> None:
        """Replace the database with a sound backup: an admin's decision when the staff list has people
        (on a new, empty database, as after losing the machine, whoever restores it)."""
        if self.store.staff.count():
            self.acting.require(Action.RESTORE_BACKUP)
        self.store.restore(backup_file)

    def upcoming(self, limit: int = 50, offset: int = 0) -> list[Event]:
        return self.store.events.upcoming(self.clock.now(), limit, offset)

    def find(self, query: EventQuery) -> list[Event]:
        return self.store.events.find(query, self.clock.now())

    def count(self, query: EventQuery) -> int:
        return self.store.events.count(query, self.clock.now())

    def close(self) -> None:
        self.store.close()


def build_services(
    settings: Settings, clock: Clock, *, create: bool = False,
    db_path: Path | None = None, reads_all: bool = False, login: str | None = None,
) -> Services:
    """Open the store named by the settings and wire every service over it (``reads_all``: for a
    command that reads every event once, the feed server or export; see config.page_cache_for).
    The acting person is ``login`` when a caller authenticated one (tests), else the channel's
    (identity.acting_login: the OS login)."""
    store = open_store(db_path or settings.db_path, clock, create=create,
                       page_cache_mib=page_cache_for(settings, reads_all=reads_all))
    acting = Acting(store, login or acting_login(), display_name=settings.staff_name)
    services = Services(
        settings=settings,
        store=store,
        clock=clock,
        acting=acting,
        scheduling=SchedulingService(store, acting),
    )
    # Every event change writes its notices (and offers raised capacity) in its own transaction.
    services.scheduling.add_listener(lambda st, change: services.notices.on_change(st, change))
    services.scheduling.add_listener(lambda st, change: services.proposal_notices.on_change(st, change))
    services.scheduling.add_listener(lambda st, change: services.waitlist.on_change(st, change))
    return services
