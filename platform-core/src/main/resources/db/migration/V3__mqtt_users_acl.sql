-- MQTT users: only password hashes (pbkdf2-sha256$iterations$salt$hash, or a legacy sha256:<hex>
-- imported from auth.users and replaced at the user's first login); NULL for a user that only
-- connects with a client certificate. last_connect_time is 0 until the first accepted CONNECT.
CREATE TABLE mqtt_users (
    username          TEXT    PRIMARY KEY,
    password_hash     TEXT,
    enabled           INTEGER NOT NULL,
    client_id_pattern TEXT    NOT NULL,
    created_time      BIGINT  NOT NULL,
    last_connect_time BIGINT  NOT NULL DEFAULT 0
);

-- ACL rules in evaluation order (position 0 first). username and client_id NULL: any client.
CREATE TABLE mqtt_acl_rules (
    id        INTEGER PRIMARY KEY,
    position  INTEGER NOT NULL,
    effect    TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    username  TEXT,
    client_id TEXT,
    topic     TEXT    NOT NULL
);
