"""Numbered schema migrations; each is applied once, in a transaction, and never edited after release.

sqlite-utils applies them (``Migrations``, recorded in its ``_sqlite_migrations`` table), but it is
imported only when a migration is pending: opening a database that is up to date reads the record
with one SELECT (``applied_names``), so a cold process answering a question never loads it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from .connection import Connection

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "brs-coord"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of applied migrations
Migration = Callable[["Database"], None]


class MigrationSet:
    """The migrations in order, registered with ``@migrations()`` as with sqlite-utils' ``Migrations``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.functions: list[Migration] = []

    def __call__(self) -> Callable[[Migration], Migration]:
        def register(function: Migration) -> Migration:
            if function.__name__ in self.names:
                raise ValueError(f"Migration {function.__name__!r} is registered twice")
            self.functions.append(function)
            return function

        return register

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(function.__name__ for function in self.functions)

    def applied_names(self, conn: sqlite3.Connection) -> list[str]:
        """Names of the migrations recorded in this database, in the order they were applied."""
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
        ).fetchone()
        if exists is None:
            return []
        rows = conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [self.name]
        )
        return [name for (name,) in rows]

    def pending_names(self, conn: sqlite3.Connection) -> list[str]:
        applied = set(self.applied_names(conn))
        return [name for name in self.names if name not in applied]

    def apply(self, db: Connection, *, stop_before: str | None = None) -> None:
        """Apply the pending migrations (those before ``stop_before`` only) with sqlite-utils."""
        from sqlite_utils import Database, Migrations

        runner = Migrations(self.name)
        for function in self.functions:
            runner()(function)
        runner.apply(Database(db.conn), stop_before=stop_before)


migrations = MigrationSet(MIGRATION_SET)


def _statements(script: str) -> list[str]:
    """Split a schema script into complete statements (trigger bodies kept whole)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements


@migrations()
def m001_initial(db: Database) -> None:
    """The whole data model of DESIGN.md, with FTS5 and the change counter."""
    from importlib import resources

    script = resources.files("brs_coord.store").joinpath("schema.sql").read_text("utf-8")
    for statement in _statements(script):
        db.execute(statement)


@migrations()
def m002_event_feed_cache(db: Database) -> None:
    """Cache each event's serialised VEVENT so feeds are rebuilt from bytes, not objects."""
    db.execute(
        "CREATE TABLE event_ics_cache ("
        " event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
        " variant TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,"
        " vevent TEXT NOT NULL, PRIMARY KEY (event_id, variant)) WITHOUT ROWID"
    )



@migrations()
def m003_notices(db: Database) -> None:
    """Notices: muted events ("stop these"), and indexes for batching, reminders and delivery."""
    db.execute(
        "CREATE TABLE muted_events ("
        " participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,"
        " event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
        " created_at TEXT NOT NULL, PRIMARY KEY (participant_id, event_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE INDEX outbox_pending_by_event ON outbox(event_id, kind)"
        " WHERE sent_at IS NULL AND failed_at IS NULL"
    )
    db.execute(
        "CREATE INDEX outbox_pending_due ON outbox(due_at) WHERE sent_at IS NULL AND failed_at IS NULL"
    )
    db.execute("CREATE INDEX reminders_by_event ON reminders(event_id, participant_id)")

@migrations()
def m004_query_indexes(db: Database) -> None:
    """Indexes for questions: long events by end (see event_sql.split_where), covering start scans."""
    db.execute(
        "CREATE INDEX events_long_by_end ON events(ends_at, starts_at)"
        " WHERE ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', starts_at, '+7 days')"
    )
    db.execute("CREATE INDEX events_kind_span ON events(kind, starts_at, ends_at, status)")
    db.execute("CREATE INDEX events_span ON events(starts_at, ends_at, status)")


@migrations()
def m005_programme_span_index(db: Database) -> None:
    """Covering index for questions naming a programme: capped counts read the index only."""
    db.execute("CREATE INDEX events_programme_span ON events(programme_id, starts_at, ends_at, status)")


@migrations()
def m006_feed_window_index(db: Database) -> None:
    """Covering index for feed membership: the export reads the window from the index, not the wide rows."""
    db.execute(
        "CREATE INDEX events_feed_window ON events(starts_at, id, ends_at, status, kind, programme_id,"
        " timezone, status_changed_at, version, updated_at, uid)"
    )


@migrations()
def m007_places(db: Database) -> None:
    """Place as a facet: country names (en/fr/es), the cities, and each event's country and city,
    filled for existing rows from their location ("Nairobi, Kenya"); online events have none."""
    from .places import Gazetteer
    from .reference_data import catalogue_data, city_row, merged_aliases
    from .rows import dump, json_dict

    db.execute("ALTER TABLE countries ADD COLUMN names TEXT NOT NULL DEFAULT '{}'")
    db.execute(
        "CREATE TABLE cities (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
        " country TEXT NOT NULL, names TEXT NOT NULL DEFAULT '{}', aliases TEXT NOT NULL DEFAULT '{}')"
    )
    db.execute("ALTER TABLE events ADD COLUMN country TEXT")
    db.execute("ALTER TABLE events ADD COLUMN city TEXT")
    db.execute("CREATE INDEX events_country_span ON events(country, starts_at, ends_at, status)")
    db.execute("CREATE INDEX events_city_span ON events(city, starts_at, ends_at, status)")
    data = catalogue_data()
    for country in data["countries"]:
        rows = list(db.query("SELECT aliases FROM countries WHERE code = ?", [country["code"]]))
        if rows:
            aliases = merged_aliases(json_dict(rows[0]["aliases"]), country["aliases"])
            db.execute(
                "UPDATE countries SET names = ?, aliases = ? WHERE code = ?",
                [dump(country["names"]), dump(aliases), country["code"]],
            )
    for city in data["cities"]:
        row = city_row(city)
        db.execute(
            f"INSERT INTO cities ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})"
            " ON CONFLICT(slug) DO NOTHING", list(row.values()),
        )
    gazetteer = Gazetteer.of(data["cities"], data["countries"])
    located = list(db.query("SELECT id, location FROM events WHERE location IS NOT NULL"))
    for row in located:
        country_code, city = gazetteer.place_of(row["location"])
        if country_code is not None:
            db.execute(
                "UPDATE events SET country = ?, city = ? WHERE id = ?", [country_code, city, row["id"]]
            )


@migrations()
def m008_question_page_indexes(db: Database) -> None:
    """Question plans at 100k events: pages in start order read from covering indexes, and long
    running events found in two small partial indexes instead of every future end (event_sql)."""
    long_event = "ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', starts_at, '+7 days')"
    within_medium = "ends_at <= strftime('%Y-%m-%dT%H:%M:%SZ', starts_at, '+62 days')"
    very_long = "ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', starts_at, '+62 days')"
    # Covering for the columns a question filters on (kind, status, programme): no row is read.
    db.execute(
        "CREATE INDEX events_medium_by_start ON events(starts_at, ends_at, kind, status, programme_id)"
        f" WHERE {long_event} AND {within_medium}"
    )
    db.execute(
        "CREATE INDEX events_very_long_by_end ON events(ends_at, starts_at, kind, status, programme_id)"
        f" WHERE {very_long}"
    )
    # (facet, start, id) gives the page order itself; ends_at and status answer the rest unread.
    db.execute("CREATE INDEX events_kind_page ON events(kind, starts_at, id, ends_at, status)")
    db.execute("CREATE INDEX events_programme_page ON events(programme_id, starts_at, id, ends_at, status)")
    for superseded in ("events_long_by_end", "events_kind_starts", "events_kind_span",
                       "events_programme_starts", "events_programme_span"):
        db.execute(f"DROP INDEX {superseded}")
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        db.execute("ANALYZE events")  # statistics for the new indexes, as the others have them


@migrations()
def m009_leases(db: Database) -> None:
    """Named jobs held by one process at a time (the notice sender of ``brs-coord bot``)."""
    db.execute(
        "CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, since TEXT NOT NULL,"
        " expires_at TEXT NOT NULL)"
    )


@migrations()
def m010_vocabulary_cache(db: Database) -> None:
    """A catalogue change counter (store_changes.catalogue: only the catalogue's tables raise it,
    not events) and one row holding the question vocabulary built for it, so a cold process reads
    the vocabulary instead of building it (services/vocabulary_cache.py)."""
    db.execute("ALTER TABLE store_changes ADD COLUMN catalogue INTEGER NOT NULL DEFAULT 0")
    # the tables the vocabulary is built from, and centres beside them
    for table in ("conventions", "regions", "countries", "audiences", "programmes", "cities", "centres"):
        for suffix, event in (("i", "INSERT"), ("u", "UPDATE"), ("d", "DELETE")):
            db.execute(
                f"CREATE TRIGGER {table}_catalogue_{suffix} AFTER {event} ON {table} BEGIN"
                " UPDATE store_changes SET catalogue = catalogue + 1 WHERE id = 1; END"
            )
    db.execute(
        "CREATE TABLE vocabulary_cache (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " fingerprint TEXT NOT NULL, catalogue INTEGER NOT NULL, written_at TEXT NOT NULL,"
        " body TEXT NOT NULL)"
    )


# The full-text index of events (m011): title, description and the words' search forms.
_EVENTS_FTS = """
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description, search_forms, content='events', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, description, search_forms)
    VALUES (new.id, new.title, new.description, new.search_forms);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, search_forms)
    VALUES ('delete', old.id, old.title, old.description, old.search_forms);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF title, description, search_forms ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, search_forms)
    VALUES ('delete', old.id, old.title, old.description, old.search_forms);
    INSERT INTO events_fts (rowid, title, description, search_forms)
    VALUES (new.id, new.title, new.description, new.search_forms);
END;
"""


@migrations()
def m011_search_forms(db: Database) -> None:
    """Full-text search in Chinese, Arabic and Russian: each event keeps the search forms of its
    words (word_forms.search_forms: Han characters one by one, Arabic without articles, Russian
    stems; empty for Latin-only text), written by the store with the event and indexed beside
    its title and description, so "海关" finds "海关官员" and "отходы" finds "отходов"."""
    from ..word_forms import search_forms

    db.execute("ALTER TABLE events ADD COLUMN search_forms TEXT NOT NULL DEFAULT ''")
    rows = db.execute("SELECT id, title, description FROM events").fetchall()
    forms = [(text, event_id) for event_id, title, description in rows
             if (text := search_forms(title, description))]  # fmt: skip
    db.conn.executemany("UPDATE events SET search_forms = ? WHERE id = ?", forms)
    for trigger in ("events_fts_ai", "events_fts_ad", "events_fts_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE events_fts")
    for statement in _statements(_EVENTS_FTS):
        db.execute(statement)
    db.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")


@migrations()
def m012_programme_names(db: Database) -> None:
    """Programmes named in every catalogue language, as audiences and regions are: the column, and
    the names of the reference catalogue's programmes (an edited name is kept: only empty ones)."""
    import json

    from .reference_data import catalogue_data

    db.execute("ALTER TABLE programmes ADD COLUMN names TEXT NOT NULL DEFAULT '{}'")
    for programme in catalogue_data()["programmes"]:
        db.execute(
            "UPDATE programmes SET names = ? WHERE slug = ? AND names = '{}'",
            [json.dumps(programme.get("names", {}), ensure_ascii=False), programme["slug"]],
        )


@migrations()
def m014_chat_languages(db: Database) -> None:
    """A group's own language, set by one of its admins (who is not recorded: /forget has
    nothing to find there); the bot answers in it there, else in the sender's. And the bot's public
    username as the bot learnt it from Telegram, for the faces that show t.me links (the TUI, the
    feeds) when BRS_BOT_USERNAME is not set; learning it raises the change counter, as the feeds'
    event descriptions carry the link."""
    db.execute(
        "CREATE TABLE chat_languages (chat_id INTEGER PRIMARY KEY, language TEXT NOT NULL,"
        " set_at TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE bot_identity (id INTEGER PRIMARY KEY CHECK (id = 1), username TEXT NOT NULL,"
        " seen_at TEXT NOT NULL)"
    )
    for suffix, event in (("i", "INSERT"), ("u", "UPDATE OF username")):
        db.execute(
            f"CREATE TRIGGER bot_identity_changes_{suffix} AFTER {event} ON bot_identity BEGIN"
            " UPDATE store_changes SET counter = counter + 1 WHERE id = 1; END"
        )


_RESULTS_SCHEMA = """
CREATE TABLE results_outcomes (
    code TEXT PRIMARY KEY, convention TEXT, text TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE TABLE results_outputs (
    code TEXT PRIMARY KEY, outcome TEXT NOT NULL REFERENCES results_outcomes(code),
    text TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE TABLE results_indicators (
    code TEXT PRIMARY KEY, outcome TEXT NOT NULL REFERENCES results_outcomes(code),
    text TEXT NOT NULL, unit TEXT NOT NULL, rule TEXT NOT NULL,
    threshold REAL NOT NULL DEFAULT 0.75, audiences TEXT NOT NULL DEFAULT '[]',
    disaggregations TEXT NOT NULL DEFAULT '[]', position INTEGER NOT NULL,
    updated_at TEXT, updated_by TEXT,
    CHECK (unit IN ('party', 'person', 'pilot-project', 'intervention', 'document', 'other')),
    CHECK (rule IN ('attendance', 'tagged-events', 'evidence')),
    CHECK (threshold > 0 AND threshold <= 1)
);
CREATE TABLE results_targets (
    indicator TEXT NOT NULL REFERENCES results_indicators(code), biennium TEXT NOT NULL,
    baseline INTEGER, target INTEGER, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    PRIMARY KEY (indicator, biennium),
    CHECK (baseline IS NULL OR baseline >= 0), CHECK (target IS NULL OR target >= 0)
);
CREATE TABLE event_results (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    code TEXT NOT NULL, PRIMARY KEY (event_id, code)
) WITHOUT ROWID;
CREATE INDEX event_results_by_code ON event_results(code, event_id);
CREATE TABLE results_evidence (
    id INTEGER PRIMARY KEY, indicator TEXT NOT NULL REFERENCES results_indicators(code),
    country TEXT, on_date TEXT NOT NULL, reference TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, created_by TEXT NOT NULL
);
CREATE INDEX results_evidence_by_indicator ON results_evidence(indicator, on_date);
CREATE TABLE party_status (
    country TEXT NOT NULL, convention TEXT NOT NULL, party_since TEXT,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (country, convention),
    CHECK (convention IN ('basel', 'rotterdam', 'stockholm'))
);
CREATE TABLE results_locks (
    id INTEGER PRIMARY KEY, first_day TEXT NOT NULL, last_day TEXT NOT NULL,
    locked_at TEXT NOT NULL, locked_by TEXT NOT NULL, CHECK (last_day >= first_day)
);
CREATE TABLE attendance_overrides (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,
    reason TEXT NOT NULL, changed_at TEXT NOT NULL, changed_by TEXT NOT NULL
);
ALTER TABLE registrations ADD COLUMN attended_share REAL
    CHECK (attended_share IS NULL OR (attended_share >= 0 AND attended_share <= 1));
"""


@migrations()
def m019_results_framework(db: Database) -> None:
    """The technical-assistance plan's outcomes, outputs and indicators (with the shipped plan),
    targets per biennium, events' results tags, evidence rows, Party status per convention, reported
    periods locked (with the audited overrides of their attendance) and the share of an event each
    attendee attended."""
    from .results_plan import add_missing_plan

    for statement in _statements(_RESULTS_SCHEMA):
        db.execute(statement)
    add_missing_plan(Connection(db.conn))


@migrations()
def m015_staff_preferences(db: Database) -> None:
    """What each staff login keeps between sessions of the TUI: preferences (the theme) and saved
    filters (a search, facet filters, time scope and sort under a name)."""
    db.execute(
        "CREATE TABLE staff_preferences (staff TEXT NOT NULL, name TEXT NOT NULL,"
        " value TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (staff, name))"
    )
    db.execute(
        "CREATE TABLE saved_filters (staff TEXT NOT NULL, name TEXT NOT NULL, search TEXT NOT NULL,"
        " facets TEXT NOT NULL, scope TEXT NOT NULL, sort TEXT NOT NULL, descending INTEGER NOT NULL,"
        " saved_at TEXT NOT NULL, PRIMARY KEY (staff, name))"
    )



@migrations()
def m013_event_translations(db: Database) -> None:
    """Events' titles and descriptions in more than one language: [[code, title, description], ...]
    (none yet; the store writes their words into ``search_forms`` so full-text search finds an
    event by any of its titles)."""
    db.execute("ALTER TABLE events ADD COLUMN translations TEXT NOT NULL DEFAULT '[]'")


@migrations()
def m017_certificates(db: Database) -> None:
    """Certificates of attendance: one per participant and event, under a random verification code,
    with the figures printed on it (so that asking again gives the same certificate) and its
    revocation; the name a participant asked to have printed on their certificates."""
    db.execute(
        "CREATE TABLE certificates (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
        " event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
        " participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,"
        " language TEXT NOT NULL, holder TEXT NOT NULL, event_title TEXT NOT NULL,"
        " starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, minutes INTEGER,"
        " share REAL NOT NULL CHECK (share >= 0 AND share <= 1), organiser TEXT NOT NULL,"
        " timezone TEXT NOT NULL, issued_at TEXT NOT NULL, revoked_at TEXT, revoked_reason TEXT,"
        " UNIQUE (event_id, participant_id))"
    )
    db.execute("ALTER TABLE participants ADD COLUMN certificate_name TEXT")


# what a personal feed holds besides events and registrations (which raised the counter already)
_PERSONAL_FEED_TRIGGERS = (
    ("subscriptions", "i", "INSERT"), ("subscriptions", "u", "UPDATE"), ("subscriptions", "d", "DELETE"),
    ("reminders", "i", "INSERT"), ("reminders", "d", "DELETE"),
    ("muted_events", "i", "INSERT"), ("muted_events", "d", "DELETE"),
    ("participants", "u", "UPDATE OF language, reminder_leads"),
)


@migrations()
def m022_personal_feed_changes(db: Database) -> None:
    """The change counter also rises with what a personal feed holds: subscriptions, reminders,
    muted events and the participant's language and reminder times (the feed server answers a
    stale personal feed at once and rebuilds it behind: it must know it is stale)."""
    for table, suffix, event in _PERSONAL_FEED_TRIGGERS:
        db.execute(
            f"CREATE TRIGGER {table}_feed_changes_{suffix} AFTER {event} ON {table} BEGIN"
            " UPDATE store_changes SET counter = counter + 1 WHERE id = 1; END"
        )


_SERIES_SCHEMA = """
CREATE TABLE series (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, translations TEXT NOT NULL DEFAULT '[]', kind TEXT NOT NULL,
    programme_id INTEGER REFERENCES programmes(id), audiences TEXT NOT NULL DEFAULT '[]',
    organiser_centre_id INTEGER REFERENCES centres(id), timezone TEXT NOT NULL,
    registration_mode TEXT NOT NULL DEFAULT 'both', completion_share REAL NOT NULL DEFAULT 0.75,
    capacity INTEGER, rule TEXT NOT NULL DEFAULT '', is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    CHECK (kind IN ('webinar-series', 'course', 'recurring-meeting')),
    CHECK (registration_mode IN ('per-session', 'whole-series', 'both')),
    CHECK (completion_share > 0 AND completion_share <= 1),
    CHECK (capacity IS NULL OR capacity > 0)
);
ALTER TABLE events ADD COLUMN series_id INTEGER REFERENCES series(id);
ALTER TABLE events ADD COLUMN session_number INTEGER;
CREATE INDEX events_by_series ON events(series_id, session_number) WHERE series_id IS NOT NULL;
CREATE TABLE series_registrations (
    series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (series_id, participant_id),
    CHECK (status IN ('registered', 'waitlisted', 'cancelled'))
);
CREATE TABLE series_completions (
    series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    attended INTEGER NOT NULL, sessions INTEGER NOT NULL, completed_at TEXT NOT NULL,
    PRIMARY KEY (series_id, participant_id)
);
CREATE TRIGGER series_feed_changes_u AFTER UPDATE ON series BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1; END;
"""


@migrations()
def m020_series(db: Database) -> None:
    """Series and courses (issue 19): a series (title and its translations, kind, programme,
    audiences, organiser, zone, registration mode, completion share, capacity, the rule it was
    planned from) whose sessions are ordinary events (``events.series_id``, ``session_number``);
    whole-series registrations and the series' waiting list; a participant's completion of a series."""
    for statement in _statements(_SERIES_SCHEMA):
        db.execute(statement)

_EVALUATIONS_SCHEMA = """
CREATE TABLE evaluation_requests (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    asked_at TEXT NOT NULL, answered_at TEXT,
    state TEXT NOT NULL DEFAULT 'asked', response TEXT, message_id INTEGER,
    PRIMARY KEY (event_id, participant_id),
    CHECK (state IN ('asked', 'apply', 'comment', 'answered'))
) WITHOUT ROWID;
CREATE INDEX evaluation_requests_waiting ON evaluation_requests(participant_id) WHERE state = 'comment';
CREATE TABLE evaluation_answers (
    response TEXT PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    usefulness INTEGER CHECK (usefulness BETWEEN 1 AND 5),
    will_apply TEXT CHECK (will_apply IN ('yes', 'partly', 'no')),
    comment TEXT, is_demo INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX evaluation_answers_by_event ON evaluation_answers(event_id);
"""


def _rebuild_table(db: Database, table: str, new_sql: str) -> None:
    """Replace ``table``'s definition with ``new_sql`` (a CREATE TABLE of the same name and columns)
    keeping its rows, indexes and triggers: SQLite's twelve-step ALTER (sqlite.org/lang_altertable):
    create the new table under another name, copy, drop the old one, rename, re-create the indexes
    and triggers, check the foreign keys (the migration's transaction makes it all or nothing)."""
    kept = [row[0] for row in db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger')"
        " AND sql IS NOT NULL ORDER BY type, name", [table],
    ).fetchall()]
    columns = ", ".join(row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall())
    temporary = f"{table}_rebuilt"
    renamed, found = re.subn(rf'^CREATE TABLE ("?){table}\1\s*\(', f"CREATE TABLE {temporary} (", new_sql)
    if found != 1:  # a table renamed by an earlier rebuild is stored as CREATE TABLE "name"
        raise ValueError(f"not a CREATE TABLE {table}: {new_sql[:60]!r}")
    db.execute(renamed)
    db.execute(f"INSERT INTO {temporary} ({columns}) SELECT {columns} FROM {table}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {temporary} RENAME TO {table}")
    for statement in kept:
        db.execute(statement)
    problems = db.execute(f"PRAGMA foreign_key_check({table})").fetchall()
    if problems:
        raise sqlite3.IntegrityError(f"{table}: {len(problems)} rows break a foreign key after the rebuild")


def _with_kind(create_sql: str, kind: str) -> str:
    """The outbox's CREATE TABLE with ``kind`` added to its ``CHECK (kind IN (...))``."""
    match = re.search(r"CHECK \(kind IN \(([^)]*)\)\)", create_sql)
    if match is None:
        raise ValueError("the outbox table has no CHECK on its kinds")
    if f"'{kind}'" in match[1]:
        return create_sql
    return create_sql[: match.end(1)] + f", '{kind}'" + create_sql[match.end(1):]


@migrations()
def m016_evaluations(db: Database) -> None:
    """Evaluations in chat after an event: who was asked and who answered (once per event and
    participant), the open answer's random id only while its questions are being answered; the
    answers keyed by event and that random id, with no participant and no time (a report reads them
    without anything that leads back to a person); and the outbox's new kind 'evaluation' (its
    CHECK rebuilt, rows, indexes and triggers kept)."""
    for statement in _statements(_EVALUATIONS_SCHEMA):
        db.execute(statement)
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").fetchone()
    new_sql = _with_kind(row[0], "evaluation")
    if new_sql != row[0]:
        _rebuild_table(db, "outbox", new_sql)

@migrations()
def m023_vevent_cache_rowid(db: Database) -> None:
    """The VEVENT cache as a rowid table (its key an index beside it): a WITHOUT ROWID table keeps
    each ~1.6 kB VEVENT in its key's B-tree, where writing the 54k VEVENTs of a cold export at 100k
    events spent ~4 s splitting pages (~1.3 s as a rowid table). The cached VEVENTs are kept."""
    db.execute(
        "CREATE TABLE event_ics_cache_rows ("
        " event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
        " variant TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,"
        " vevent TEXT NOT NULL, PRIMARY KEY (event_id, variant))"
    )
    db.execute(
        "INSERT INTO event_ics_cache_rows (event_id, variant, version, updated_at, vevent)"
        " SELECT event_id, variant, version, updated_at, vevent FROM event_ics_cache"
    )
    db.execute("DROP TABLE event_ics_cache")
    db.execute("ALTER TABLE event_ics_cache_rows RENAME TO event_ics_cache")


@migrations()
def m026_series_seats_notice(db: Database) -> None:
    """The outbox's new kind 'series-seats': a series' waiting list moved and the participant now
    holds a seat in every session (its CHECK rebuilt, rows, indexes and triggers kept)."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").fetchone()
    new_sql = _with_kind(row[0], "series-seats")
    if new_sql != row[0]:
        _rebuild_table(db, "outbox", new_sql)


@migrations()
def m018_staff_roles(db: Database) -> None:
    """Staff and their roles (issue 21): one row per OS login (a role, its centres' slugs for a
    centre editor, an optional Telegram id for the bot's staff commands, who added it when); and the
    proposals queue: a centre editor's event for a programme that is not their centres' waits as a
    draft until approved (the status it was proposed with) or returned with a comment."""
    db.execute(
        "CREATE TABLE staff (login TEXT PRIMARY KEY, display_name TEXT NOT NULL DEFAULT '',"
        " role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'centre-editor', 'me-officer', 'viewer')),"
        " centres TEXT NOT NULL DEFAULT '[]', telegram_id INTEGER UNIQUE,"
        " added_by TEXT NOT NULL, added_at TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE proposals (event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,"
        " proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('waiting', 'approved', 'returned')),"
        " status TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', decided_by TEXT NOT NULL DEFAULT '',"
        " decided_at TEXT)"
    )
    db.execute("CREATE INDEX proposals_by_state ON proposals(state, proposed_at)")


@migrations()
def m028_proposal_notice(db: Database) -> None:
    """The outbox's new kind 'proposal': a staff approver linked by Telegram id hears that a
    proposal waits (its CHECK rebuilt, rows, indexes and triggers kept)."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").fetchone()
    new_sql = _with_kind(row[0], "proposal")
    if new_sql != row[0]:
        _rebuild_table(db, "outbox", new_sql)


_PARTNER_SOURCES_SCHEMA = """
CREATE TABLE partner_sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('ics', 'indico', 'csv', 'xlsx')),
    url TEXT, file TEXT,
    centre_id INTEGER NOT NULL REFERENCES centres(id),
    default_kind TEXT NOT NULL DEFAULT 'workshop',
    audiences TEXT NOT NULL DEFAULT '[]',
    convention TEXT, language TEXT NOT NULL DEFAULT 'en',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    filter_words TEXT NOT NULL DEFAULT '[]', filter_categories TEXT NOT NULL DEFAULT '[]',
    trusted INTEGER NOT NULL DEFAULT 0, local INTEGER NOT NULL DEFAULT 0,
    interval_minutes INTEGER NOT NULL DEFAULT 360 CHECK (interval_minutes > 0),
    grace_hours INTEGER NOT NULL DEFAULT 48 CHECK (grace_hours >= 0),
    unstable_uids INTEGER NOT NULL DEFAULT 0,
    etag TEXT, last_modified TEXT, last_sync_at TEXT,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    CHECK ((url IS NULL) != (file IS NULL))
);
CREATE TABLE partner_links (
    event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES partner_sources(id) ON DELETE CASCADE,
    external_uid TEXT NOT NULL,
    fallback_key TEXT NOT NULL,
    title_key TEXT NOT NULL,
    sequence INTEGER, upstream_modified TEXT,
    fetched_at TEXT NOT NULL, url TEXT NOT NULL DEFAULT '',
    applied TEXT NOT NULL DEFAULT '{}',
    last_seen_at TEXT NOT NULL,
    UNIQUE (source_id, external_uid)
);
CREATE INDEX partner_links_by_key ON partner_links(source_id, fallback_key);
CREATE TABLE partner_locks (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    locked_at TEXT NOT NULL,
    PRIMARY KEY (event_id, field)
) WITHOUT ROWID;
CREATE TABLE partner_same_as (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    other_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    flagged_at TEXT NOT NULL,
    PRIMARY KEY (event_id, other_id),
    CHECK (event_id < other_id)
) WITHOUT ROWID;
CREATE TABLE partner_runs (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES partner_sources(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('synced', 'not-modified', 'failed')),
    processed INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0,
    held INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,
    dropped INTEGER NOT NULL DEFAULT 0, vanished INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX partner_runs_by_source ON partner_runs(source_id, id);
CREATE TABLE partner_reviews (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES partner_sources(id) ON DELETE CASCADE,
    run_id INTEGER REFERENCES partner_runs(id) ON DELETE SET NULL,
    event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
    external_uid TEXT NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('new', 'changed', 'cancelled', 'vanished', 'match')),
    upstream TEXT NOT NULL DEFAULT '{}',
    local TEXT NOT NULL DEFAULT '{}',
    fields TEXT NOT NULL DEFAULT '[]',
    locked TEXT NOT NULL DEFAULT '[]',
    fingerprint TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    decision TEXT CHECK (decision IS NULL OR decision IN ('applied', 'rejected', 'superseded')),
    decided_by TEXT, decided_at TEXT
);
CREATE INDEX partner_reviews_pending ON partner_reviews(source_id, external_uid) WHERE decision IS NULL;
"""


@migrations()
def m021_partner_sources(db: Database) -> None:
    """Partner calendars (issue 20): the sources (an .ics or Indico URL or file, a workplan), the
    link of each imported event to its source and upstream UID (``external_uid``, the per-source
    fallback key, SEQUENCE, LAST-MODIFIED, when fetched, the URL, the values last applied), the
    fields staff edited after import (locks), "same as" flags between sources, a report per sync
    and the review queue (new / changed / cancelled upstream / vanished / a fallback match)."""
    for statement in _statements(_PARTNER_SOURCES_SCHEMA):
        db.execute(statement)



@migrations()
def m027_partner_provenance(db: Database) -> None:
    """Where each imported event's current version came from (issue 20: provenance in the feeds'
    DESCRIPTION): the owner centre's name, the upstream URL, when it was fetched, its SEQUENCE and
    LAST-MODIFIED. Written with the event by the importer; kept when its source is removed."""
    db.execute(
        "CREATE TABLE partner_provenance ("
        " event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE, centre TEXT NOT NULL,"
        " url TEXT NOT NULL, fetched_at TEXT NOT NULL, sequence INTEGER, upstream_modified TEXT)"
    )


@migrations()
def m024_partner_source_mapping(db: Database) -> None:
    """A workplan source's saved column mapping (issue 20): the JSON of which header is which field,
    its date order and zone, as previewed; NULL: guessed from the header row at every sync."""
    db.execute("ALTER TABLE partner_sources ADD COLUMN mapping TEXT")


MIGRATION_NAMES = migrations.names

