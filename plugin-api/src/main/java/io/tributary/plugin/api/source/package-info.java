/**
 * The source side of the plugin API: an integration publishes messages into the broker through
 * its context's {@link io.tributary.plugin.api.source.MessagePublisher}, and waits on each
 * publish's completion (backpressure) before it acknowledges the message to the system it came
 * from.
 *
 * @since 0.2
 */
package io.tributary.plugin.api.source;
