-- Integrations can also receive client lifecycle events (CONNECTED, DISCONNECTED, SUBSCRIBED,
-- UNSUBSCRIBED, SESSION_EXPIRED): a platform setting of the integration, beside its topic filters,
-- not a plugin field. Off for every integration that existed before.
ALTER TABLE integrations ADD COLUMN send_client_events INTEGER NOT NULL DEFAULT 0;
