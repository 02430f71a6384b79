package io.tributary.mqtt.platform;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * What a reader on the remote broker received: every message in arrival order, and every payload
 * counted, so a test can tell lost messages from duplicates. A client-level callback, so it keeps
 * receiving across the reconnects of a persistent session.
 */
final class Inbox implements MqttCallback {
    /** One received message. */
    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /** The next message not yet taken, or {@code null} after {@code within}. */
    Received poll(Duration within) throws InterruptedException {
        return queue.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until every one of {@code payloads} arrived at least once (or {@code within} passed). */
    void awaitAll(Collection<String> payloads, Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> missing(payloads).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the caller asserts on missing(), which names what did not arrive
        }
    }

    /** The payloads of {@code expected} that never arrived, in order. */
    List<String> missing(Collection<String> expected) {
        return expected.stream().filter(p -> !counts.containsKey(p)).toList();
    }

    /** Arrivals beyond the first of each payload: at-least-once delivery may resend. */
    int duplicates() {
        return total.get() - counts.size();
    }

    /** How often {@code payload} arrived. */
    int count(String payload) {
        AtomicInteger n = counts.get(payload);
        return n == null ? 0 : n.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        Received r = new Received(topic, message);
        counts.computeIfAbsent(r.text(), k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        queue.add(r);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
