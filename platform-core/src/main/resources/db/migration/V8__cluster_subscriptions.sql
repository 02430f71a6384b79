-- The topic filters the clients of each broker node subscribe to (io.tributary.broker.forward),
-- PostgreSQL with a shared log only: a node that receives a publish forwards it to the log of
-- every other node with a matching filter. One row per node and filter as subscribed
-- ($share/... included), written by that node as its subscriptions come and go.
CREATE TABLE cluster_subscriptions (
    node_id TEXT NOT NULL,
    filter  TEXT NOT NULL,
    PRIMARY KEY (node_id, filter)
);
