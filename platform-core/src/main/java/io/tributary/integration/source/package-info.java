/**
 * Source integrations: messages an integration publishes into the broker (the plugin API's
 * {@code MessagePublisher}), through the same publish path as an MQTT client's PUBLISH, and
 * which integration types are sources.
 */
package io.tributary.integration.source;
