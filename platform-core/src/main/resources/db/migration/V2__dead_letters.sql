-- Messages an integration gave up on (permanent failure or too many attempts), with the last
-- error; replayed into the integration's log or purged by an operator. The message column holds
-- the whole MQTT message in Tributary's binary message format; topic, client id and qos are
-- copies for listing.
CREATE TABLE dead_letters (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id TEXT    NOT NULL,
    time           BIGINT  NOT NULL,
    topic          TEXT    NOT NULL,
    client_id      TEXT,
    qos            INTEGER NOT NULL,
    attempts       INTEGER NOT NULL,
    error          TEXT    NOT NULL,
    message        BLOB    NOT NULL
);
CREATE INDEX dead_letters_integration ON dead_letters (integration_id, id);
