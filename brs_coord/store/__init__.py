"""The only package that speaks SQL: one SQLite file shared by the TUI, the bot and the server."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import Clock
from ..errors import StoreError
from .catalogue_repository import CatalogueRepository
from .connection import Connection
from .db import ConnectionPool, check_file, describe_sqlite_error, migrate, schema_version
from .events import EventRepository
from .guard import translated
from .session import Session
from .vocabulary_cache import VocabularyCacheRepository

if TYPE_CHECKING:  # the other repositories are imported on first use: a question needs none of them
    from .certificates import CertificateRepository
    from .chat_facts import BotIdentityRepository, ChatLanguageRepository
    from .evaluations import EvaluationRepository
    from .feed_cache import FeedReads, events_of
    from .leases import LeaseRepository
    from .maintenance import CheckReport
    from .outbox import OutboxRepository
    from .participants import ParticipantRepository
    from .partner_sources import PartnerSourceRepository
    from .proposals import ProposalRepository
    from .registrations import RegistrationRepository
    from .reports import ReportsRepository
    from .results import ResultsRepository
    from .seed import SeedReport
    from .series import SeriesRepository
    from .staff import StaffRepository
    from .staff_preferences import StaffPreferencesRepository
    from .subscriptions import SubscriptionRepository
    from .waitlist import WaitlistRepository

__all__ = ["Store", "open_store", "SeedReport", "CheckReport", "FeedReads", "events_of"]

# Every repository the services reach turns sqlite3 errors into StoreError (see guard.py).
for _repository in (EventRepository, CatalogueRepository, VocabularyCacheRepository):
    translated(_repository)


_LAZY_EXPORTS = {
    "SeedReport": "seed", "CheckReport": "maintenance", "FeedReads": "feed_cache",
    "events_of": "feed_cache",  # events of rows read by FeedReads.event_rows (VEVENT workers: no session)
}


def __getattr__(name: str) -> object:
    """The report and feed types (and ``events_of``) named in ``__all__``, imported when first asked for."""
    module = _LAZY_EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


class Store:
    """The database and its repositories; one per process, connections per thread.

    The events, the catalogue and the stored vocabulary are built with the store; the other
    repositories on first use (their modules too), so a process that only answers questions does
    not import them."""

    def __init__(self, path: Path, clock: Clock, *, page_cache_mib: int = 0) -> None:
        self.path = path
        self.clock = clock
        self._pool = ConnectionPool(path, page_cache_mib)
        self.session = Session(self._pool, self.clock)
        self.events = EventRepository(self.session)
        self.catalogue = CatalogueRepository(self.session)
        self.vocabulary_cache = VocabularyCacheRepository(self.session)

    @cached_property
    def participants(self) -> ParticipantRepository:
        from .participants import ParticipantRepository

        return ParticipantRepository(self.session)

    @cached_property
    def registrations(self) -> RegistrationRepository:
        from .registrations import RegistrationRepository

        return RegistrationRepository(self.session)

    @cached_property
    def waitlist(self) -> WaitlistRepository:
        from .waitlist import WaitlistRepository

        return WaitlistRepository(self.session)

    @cached_property
    def outbox(self) -> OutboxRepository:
        from .outbox import OutboxRepository

        return OutboxRepository(self.session)

    @cached_property
    def subscriptions(self) -> SubscriptionRepository:
        from .subscriptions import SubscriptionRepository

        return SubscriptionRepository(self.session)

    @cached_property
    def reports(self) -> ReportsRepository:
        from .reports import ReportsRepository

        return ReportsRepository(self.session)

    @cached_property
    def results(self) -> ResultsRepository:
        from .results import ResultsRepository

        return ResultsRepository(self.session)

    @cached_property
    def certificates(self) -> CertificateRepository:
        from .certificates import CertificateRepository

        return CertificateRepository(self.session)

    @cached_property
    def series(self) -> SeriesRepository:
        from .series import SeriesRepository

        return SeriesRepository(self.session)

    @cached_property
    def partner_sources(self) -> PartnerSourceRepository:
        from .partner_sources import PartnerSourceRepository

        return PartnerSourceRepository(self.session)

    @cached_property
    def evaluations(self) -> EvaluationRepository:
        from .evaluations import EvaluationRepository

        return EvaluationRepository(self.session)

    @cached_property
    def leases(self) -> LeaseRepository:
        from .leases import LeaseRepository

        return LeaseRepository(self.session)

    @cached_property
    def chat_languages(self) -> ChatLanguageRepository:
        from .chat_facts import ChatLanguageRepository

        return ChatLanguageRepository(self.session)

    @cached_property
    def bot_identity(self) -> BotIdentityRepository:
        from .chat_facts import BotIdentityRepository

        return BotIdentityRepository(self.session)

    @cached_property
    def staff_preferences(self) -> StaffPreferencesRepository:
        from .staff_preferences import StaffPreferencesRepository

        return StaffPreferencesRepository(self.session)

    @cached_property
    def staff(self) -> StaffRepository:
        from .staff import StaffRepository

        return StaffRepository(self.session)

    @cached_property
    def proposals(self) -> ProposalRepository:
        from .proposals import ProposalRepository

        return ProposalRepository(self.session)

    @cached_property
    def feed_cache(self) -> FeedReads:
        from .feed_cache import FeedReads

        return FeedReads(self.session)

    def transaction(self) -> AbstractContextManager[Connection]:
        """A unit of work: every repository call inside it commits or rolls back together."""
        return self.session.transaction()

    def snapshot(self) -> AbstractContextManager[Connection]:
        """Reads that must agree with each other (a list and its counts): one committed state."""
        return self.session.snapshot()

    def add_demo_events(self, today: date) -> int:
        """Insert the demo calendar dated from ``today``; returns how many events were added."""
        from .demo import add_demo_events
        from .demo_evaluations import add_demo_evaluations
        from .demo_results import add_demo_results
        from .demo_series import add_demo_series

        try:
            added = add_demo_events(self.session, today)
            add_demo_results(self.session, today)
            add_demo_series(self.session)

            add_demo_evaluations(self.session)
            return added
        except sqlite3.Error as exc:
            raise StoreError(describe_sqlite_error(exc, self.path)) from exc

    def migrate(self) -> list[str]:
        return migrate(self.session.db, self.path)

    def seed_reference(self) -> SeedReport:
        from .seed import seed_reference

        return seed_reference(self.session)

    @property
    def schema_version(self) -> int:
        return schema_version(self.session.db)

    def check(self) -> CheckReport:
        from .maintenance import COUNTED_TABLES, CheckReport, expected_tables, integrity

        verdict = integrity(self.path)
        present = set(self.session.db.table_names())
        missing = tuple(sorted(expected_tables() - present))
        counts = {
            table: int(next(self.session.db.query(f"SELECT count(*) AS n FROM {table}"))["n"])
            for table in COUNTED_TABLES if table in present
        }
        return CheckReport(self.path, verdict, self.schema_version, counts, missing)

    def backup(self, target: Path) -> None:
        from .maintenance import backup

        backup(self.session.db.conn, target)

    def restore(self, backup_file: Path) -> None:
        """Replace this database with a sound backup, then bring its schema up to date."""
        from .maintenance import restore

        restore(backup_file, self.session.db.conn)
        self.migrate()

    def verify_file(self) -> None:
        """Raise DatabaseReplaced when the file at ``path`` is no longer the one this store opened
        (deleted, or another file moved over it); see ``file_identity``."""
        self._pool.identity.verify()

    def close(self) -> None:
        self._pool.close_all()


def open_store(path: Path, clock: Clock, *, create: bool = False, page_cache_mib: int = 0) -> Store:
    """Open (and upgrade) the database at ``path``; ``create`` allows a new file; every connection
    with a page cache of ``page_cache_mib`` (0: SQLite's own)."""
    path = Path(path)
    check_file(path, must_exist=not create)
    if create and not path.exists():
        try:
            sqlite3.connect(str(path)).close()
        except sqlite3.Error as exc:
            raise StoreError(describe_sqlite_error(exc, path)) from exc
    store = Store(path, clock, page_cache_mib=page_cache_mib)
    try:
        store.migrate()
    except sqlite3.Error as exc:
        store.close()
        raise StoreError(describe_sqlite_error(exc, path)) from exc
    except BaseException:
        store.close()
        raise
    return store
