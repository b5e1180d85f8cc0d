-- Schema version 1 of brs-coord. Applied once by migration m001_initial; never edited after release.
CREATE TABLE conventions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    names TEXT NOT NULL DEFAULT '{}',
    aliases TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE countries (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    region_id INTEGER REFERENCES regions(id),
    aliases TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE audiences (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    names TEXT NOT NULL DEFAULT '{}',
    aliases TEXT NOT NULL DEFAULT '{}',
    conventions TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT,
    updated_by TEXT
);
CREATE TABLE centres (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    region_id INTEGER REFERENCES regions(id),
    timezone TEXT NOT NULL DEFAULT 'UTC',
    conventions TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT,
    updated_by TEXT
);
CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    cluster TEXT NOT NULL DEFAULT '',
    background TEXT NOT NULL DEFAULT '',
    objectives TEXT NOT NULL DEFAULT '',
    conventions TEXT NOT NULL DEFAULT '[]',
    audiences TEXT NOT NULL DEFAULT '[]',
    aliases TEXT NOT NULL DEFAULT '{}',
    planned_activities TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT,
    updated_by TEXT
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    programme_id INTEGER REFERENCES programmes(id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    timezone TEXT NOT NULL,
    all_day INTEGER NOT NULL DEFAULT 0,
    date_precision TEXT NOT NULL DEFAULT 'day',
    location TEXT,
    online_url TEXT,
    registration_url TEXT,
    languages TEXT NOT NULL DEFAULT '["en"]',
    status TEXT NOT NULL DEFAULT 'planned',
    status_reason TEXT,
    status_changed_at TEXT,
    funding_status TEXT,
    organiser_centre_id INTEGER REFERENCES centres(id),
    capacity INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    is_demo INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT 'staff',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    CHECK (status IN ('draft', 'planned', 'confirmed', 'postponed', 'cancelled', 'held')),
    CHECK (date_precision IN ('day', 'month', 'year')),
    CHECK (ends_at >= starts_at),
    CHECK (capacity IS NULL OR capacity >= 0)
);
CREATE INDEX events_starts_at ON events(starts_at);
CREATE INDEX events_ends_at ON events(ends_at);
CREATE INDEX events_kind_starts ON events(kind, starts_at);
CREATE INDEX events_status_starts ON events(status, starts_at);
CREATE INDEX events_programme_starts ON events(programme_id, starts_at);
CREATE TABLE event_audiences (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    audience_id INTEGER NOT NULL REFERENCES audiences(id),
    PRIMARY KEY (event_id, audience_id)
) WITHOUT ROWID;
CREATE INDEX event_audiences_by_audience ON event_audiences(audience_id, event_id);
CREATE TABLE event_regions (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    PRIMARY KEY (event_id, region_id)
) WITHOUT ROWID;
CREATE INDEX event_regions_by_region ON event_regions(region_id, event_id);
CREATE TABLE event_conventions (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    convention_id INTEGER NOT NULL REFERENCES conventions(id),
    PRIMARY KEY (event_id, convention_id)
) WITHOUT ROWID;
CREATE INDEX event_conventions_by_convention ON event_conventions(convention_id, event_id);
CREATE TABLE event_history (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL,
    event_uid TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    action TEXT NOT NULL,
    version INTEGER NOT NULL,
    changes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX event_history_by_event ON event_history(event_id, id);
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    telegram_id INTEGER NOT NULL UNIQUE,
    chat_id INTEGER,
    first_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'en',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    country TEXT,
    audience_id INTEGER REFERENCES audiences(id),
    reminder_leads TEXT NOT NULL DEFAULT '[1440, 60]',
    quiet_start TEXT,
    quiet_end TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    feed_token TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (participant_id, facet, value),
    CHECK (facet IN ('audience', 'programme', 'convention', 'region', 'kind'))
);
CREATE INDEX subscriptions_by_facet ON subscriptions(facet, value);
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'registered',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    offered_until TEXT,
    attended INTEGER,
    UNIQUE (event_id, participant_id),
    CHECK (status IN ('registered', 'waitlisted', 'offered', 'cancelled', 'attended', 'no-show'))
);
CREATE INDEX registrations_by_participant ON registrations(participant_id, status);
CREATE INDEX registrations_by_event ON registrations(event_id, status, created_at);
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    UNIQUE (participant_id, event_id)
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    dedupe_key TEXT UNIQUE,
    urgent INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    claimed_at TEXT,
    sent_at TEXT,
    failed_at TEXT,
    CHECK (kind IN ('new-event', 'changed', 'cancelled', 'reminder', 'message', 'offer'))
);
CREATE INDEX outbox_due ON outbox(sent_at, failed_at, due_at);
CREATE INDEX outbox_by_participant ON outbox(participant_id, id);
CREATE TABLE store_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    counter INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT
);
INSERT INTO store_changes (id, counter) VALUES (1, 0);
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description, content='events', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF title, description ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO events_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE VIRTUAL TABLE programmes_fts USING fts5(
    name, background, objectives, content='programmes', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER programmes_fts_ai AFTER INSERT ON programmes BEGIN
    INSERT INTO programmes_fts (rowid, name, background, objectives)
    VALUES (new.id, new.name, new.background, new.objectives);
END;
CREATE TRIGGER programmes_fts_ad AFTER DELETE ON programmes BEGIN
    INSERT INTO programmes_fts (programmes_fts, rowid, name, background, objectives)
    VALUES ('delete', old.id, old.name, old.background, old.objectives);
END;
CREATE TRIGGER programmes_fts_au AFTER UPDATE OF name, background, objectives ON programmes BEGIN
    INSERT INTO programmes_fts (programmes_fts, rowid, name, background, objectives)
    VALUES ('delete', old.id, old.name, old.background, old.objectives);
    INSERT INTO programmes_fts (rowid, name, background, objectives)
    VALUES (new.id, new.name, new.background, new.objectives);
END;
-- A change counter that caches (feeds, TUI) poll to know the calendar changed.
CREATE TRIGGER events_changed_i AFTER INSERT ON events BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER events_changed_u AFTER UPDATE ON events BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER events_changed_d AFTER DELETE ON events BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_audiences_changed_i AFTER INSERT ON event_audiences BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_audiences_changed_u AFTER UPDATE ON event_audiences BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_audiences_changed_d AFTER DELETE ON event_audiences BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_regions_changed_i AFTER INSERT ON event_regions BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_regions_changed_u AFTER UPDATE ON event_regions BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_regions_changed_d AFTER DELETE ON event_regions BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_conventions_changed_i AFTER INSERT ON event_conventions BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_conventions_changed_u AFTER UPDATE ON event_conventions BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER event_conventions_changed_d AFTER DELETE ON event_conventions BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER programmes_changed_i AFTER INSERT ON programmes BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER programmes_changed_u AFTER UPDATE ON programmes BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER programmes_changed_d AFTER DELETE ON programmes BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER audiences_changed_i AFTER INSERT ON audiences BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER audiences_changed_u AFTER UPDATE ON audiences BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER audiences_changed_d AFTER DELETE ON audiences BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER centres_changed_i AFTER INSERT ON centres BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER centres_changed_u AFTER UPDATE ON centres BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER centres_changed_d AFTER DELETE ON centres BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER registrations_changed_i AFTER INSERT ON registrations BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER registrations_changed_u AFTER UPDATE ON registrations BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
CREATE TRIGGER registrations_changed_d AFTER DELETE ON registrations BEGIN
    UPDATE store_changes SET counter = counter + 1 WHERE id = 1;
END;
