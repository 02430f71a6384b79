-- One set of migrations for SQLite and PostgreSQL, in SQL both accept: times are epoch
-- milliseconds in BIGINT columns (INTEGER affinity in SQLite), flags INTEGER 0/1. On PostgreSQL
-- the two SQLite spellings it lacks are rewritten (io.tributary.storage.Dialect): an
-- AUTOINCREMENT key becomes an identity column, the binary type becomes BYTEA.
-- Integrations as defined by operators. JSON columns hold the TBMQ-compatible shapes.
-- Note: secret plugin fields are stored in clear text inside configuration (the file must be protected).
CREATE TABLE integrations (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    type            TEXT    NOT NULL,
    enabled         INTEGER NOT NULL,
    configuration   TEXT    NOT NULL,
    additional_info TEXT,
    created_time    BIGINT  NOT NULL
);

-- Lifecycle, statistics and error events. No foreign key: events outlive a deleted integration
-- until they are pruned, so the DELETED event stays visible.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    event          TEXT    NOT NULL,
    time           BIGINT  NOT NULL,
    body           TEXT
);
CREATE INDEX events_integration_type_time ON events (integration_id, type, time);
CREATE INDEX events_integration_time ON events (integration_id, time);
CREATE INDEX events_time ON events (time);

-- Platform settings, e.g. the hashed admin password.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
