-- The persistent sessions of a cluster and their home nodes (io.tributary.broker.handover),
-- PostgreSQL only: one row per client id, written by its home node (where the session was last
-- opened or moved to) and deleted when the session ends. A node the client connects to next finds
-- the home here, and resumes the session from subscriptions when that home is down.
-- disconnected_at is 0 while connected; it and updated_at are epoch millis. subscriptions is the
-- session image without messages (SessionImageCodec), base64, so the column is TEXT on both engines.
CREATE TABLE cluster_sessions (
    client_id       TEXT   PRIMARY KEY,
    node_id         TEXT   NOT NULL,
    expiry_seconds  BIGINT NOT NULL,
    disconnected_at BIGINT NOT NULL,
    subscriptions   TEXT   NOT NULL,
    updated_at      BIGINT NOT NULL
);
-- a node's rows: what it resumes at restart, what the others take over when it is gone
CREATE INDEX cluster_sessions_node ON cluster_sessions (node_id);
