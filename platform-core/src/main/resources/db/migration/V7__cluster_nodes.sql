-- The nodes sharing this store (io.tributary.cluster.NodeRegistry): each writes its row every
-- cluster.heartbeat-interval-ms. A row not refreshed for cluster.node-down-after-heartbeats
-- intervals is a node that is down; it is kept (stopped_at set on a clean stop) until
-- cluster.node-remove-after-hours or an admin DELETE. instance is random per process: a second
-- process with the same node.id is told apart from a restart of the first.
-- Booleans are INTEGER 0/1 and times epoch millis, as in the other tables, for both engines.
CREATE TABLE cluster_nodes (
    node_id             TEXT    PRIMARY KEY,
    instance            TEXT    NOT NULL,
    roles               TEXT    NOT NULL,
    version             TEXT    NOT NULL,
    admin_url           TEXT,
    mqtt_listeners      TEXT,
    started_at          BIGINT  NOT NULL,
    last_seen           BIGINT  NOT NULL,
    stopped_at          BIGINT  NOT NULL DEFAULT 0,
    ready               INTEGER NOT NULL DEFAULT 0,
    failed_integrations INTEGER NOT NULL DEFAULT 0,
    connections         BIGINT  NOT NULL DEFAULT 0,
    integrations        TEXT
);

-- Client ids as they connect, for the other nodes (io.tributary.broker.takeover): a node that holds
-- an older connection with the same client id closes it (session taken over). Only written on a
-- shared store (PostgreSQL); rows live about a minute. The id orders the connections: the one with
-- the highest claim wins.
CREATE TABLE client_claims (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT   NOT NULL,
    node_id   TEXT   NOT NULL,
    time      BIGINT NOT NULL
);
CREATE INDEX client_claims_time ON client_claims (time);

-- Retained messages shared by the nodes (io.tributary.broker.retain.SharedRetained), PostgreSQL
-- only: one row per topic, message NULL once cleared (kept a day, so lagging nodes see the clear).
-- version orders the changes of all nodes, taken from retained_clock like config_clock: a reader
-- that saw version n has seen every smaller one still stored.
CREATE TABLE retained_clock (
    id      INTEGER PRIMARY KEY,
    version BIGINT  NOT NULL
);
INSERT INTO retained_clock (id, version) VALUES (1, 0);

CREATE TABLE retained_messages (
    topic   TEXT   PRIMARY KEY,
    message BLOB,
    version BIGINT NOT NULL,
    node_id TEXT   NOT NULL,
    time    BIGINT NOT NULL
);
CREATE INDEX retained_messages_version ON retained_messages (version);
