package io.tributary.admin.dashboard;

/**
 * The broker's totals and gauges at one moment; {@code null} where the meter is not registered.
 *
 * @param messagesReceived PUBLISH packets received since start (all QoS)
 * @param messagesSent     PUBLISH packets sent to subscribers since start
 * @param dropped          messages dropped since start (any reason)
 */
public record BrokerTotals(Long messagesReceived, Long messagesSent, Long bytesReceived, Long bytesSent,
                           Long dropped, Long connections, Long sessionsOnline, Long sessionsOffline,
                           Long subscriptions, Long retainedMessages) {
}
