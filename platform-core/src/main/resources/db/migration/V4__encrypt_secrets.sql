-- Secret values in integration configurations are stored encrypted (AES-256-GCM, "enc:v1:...").
-- SQL cannot encrypt, and only the integration's plugin knows which fields are secret: rows written
-- before this version are marked here, and the platform encrypts their secrets at start as soon as
-- their plugin is installed (IntegrationService.protectStoredSecrets), then sets the mark.
ALTER TABLE integrations ADD COLUMN secrets_sealed INTEGER NOT NULL DEFAULT 0;
