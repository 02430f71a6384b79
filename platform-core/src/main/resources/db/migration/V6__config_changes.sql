-- Configuration changes for the other nodes of a cluster sharing this database (PostgreSQL): each
-- change to an integration, the MQTT users or the ACL rules adds a row in the same transaction, and
-- every node polls for rows newer than the last it saw (io.tributary.storage.ConfigSync).
-- config_clock holds the last version handed out; taking the next one updates its single row, which
-- also orders the writers: a version becomes visible only after every smaller one did.
CREATE TABLE config_clock (
    id      INTEGER PRIMARY KEY,
    version BIGINT  NOT NULL
);
INSERT INTO config_clock (id, version) VALUES (1, 0);

-- scope: integration (item = its id), mqtt_users or mqtt_acl (item NULL: reload them all).
-- node_id: the node that made the change (it has applied it already). Pruned after a while.
CREATE TABLE config_changes (
    version BIGINT PRIMARY KEY,
    scope   TEXT   NOT NULL,
    item    TEXT,
    node_id TEXT   NOT NULL,
    time    BIGINT NOT NULL
);
