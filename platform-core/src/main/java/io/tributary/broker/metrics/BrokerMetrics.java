package io.tributary.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.metrics.LatencyBuckets;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The broker's meters, all created here once: the publish path only increments counters held in
 * arrays indexed by QoS (no tag lookup, no allocation per message). Gauges read state the broker
 * keeps anyway (sessions, subscriptions, retained messages), except connections per listener and
 * protocol version, which nothing else counts. Names are Micrometer's (dots); Prometheus shows
 * them with underscores and counters with {@code _total} (see the README's metrics table).
 */
public final class BrokerMetrics {
    /** Listener labels, in {@link Listener} order. */
    public enum Listener {
        TCP, TLS, WS, WSS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why a message was not delivered, the {@code reason} label of {@code tributary_mqtt_messages_dropped_total}. */
    public enum Drop {
        /** A subscriber's session queue was full. */
        QUEUE_FULL,
        /** The message expired (MQTT 5 message expiry) before it could be sent. */
        EXPIRED,
        /** Larger than the maximum packet size: a client's (outbound) or the broker's (inbound). */
        TOO_LARGE,
        /** The ACL does not allow the publisher to publish to the topic. */
        NOT_AUTHORIZED,
        /** A QoS 0 message for a client that does not read what it is sent (mqtt.outbound.slow-consumer=drop). */
        SLOW_SUBSCRIBER,
        /** Another node chose this one to serve a share group that has no member here any more. */
        NO_SHARE_MEMBER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String[] PROTOCOLS = {"3.1", "3.1.1", "5.0"};
    private static final String[] QOS = {"0", "1", "2"};

    /** Counts nothing anyone reads: for sessions and cores made outside a broker (tests). */
    public static final BrokerMetrics NONE = new BrokerMetrics(new CompositeMeterRegistry());

    private final MeterRegistry registry;
    private final Counter[] received = new Counter[3];
    private final Counter[] receivedBytes = new Counter[3];
    private final Counter[] sent = new Counter[3];
    private final Counter[] sentBytes = new Counter[3];
    private final Counter[] dropped = new Counter[Drop.values().length];
    private final AtomicInteger[][] connections = new AtomicInteger[Listener.values().length][PROTOCOLS.length];
    private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();
    private final Map<String, Counter> connects = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Timer pubackLatency;

    /** Meters kept in a registry of their own (tests and embedding without a platform). */
    public BrokerMetrics() {
        this(new SimpleMeterRegistry());
    }

    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (int q = 0; q < 3; q++) {
            received[q] = Counter.builder("tributary.mqtt.messages.received").tag("qos", QOS[q])
                    .description("PUBLISH packets received from clients").register(registry);
            receivedBytes[q] = Counter.builder("tributary.mqtt.bytes.received").tag("qos", QOS[q])
                    .description("Payload bytes of PUBLISH packets received from clients").register(registry);
            sent[q] = Counter.builder("tributary.mqtt.messages.sent").tag("qos", QOS[q])
                    .description("PUBLISH packets sent to clients (re-sends included)").register(registry);
            sentBytes[q] = Counter.builder("tributary.mqtt.bytes.sent").tag("qos", QOS[q])
                    .description("Payload bytes of PUBLISH packets sent to clients").register(registry);
        }
        for (Drop d : Drop.values()) {
            dropped[d.ordinal()] = Counter.builder("tributary.mqtt.messages.dropped").tag("reason", d.label())
                    .description("Messages not delivered, by reason").register(registry);
        }
        for (Listener l : Listener.values()) {
            for (int p = 0; p < PROTOCOLS.length; p++) {
                AtomicInteger n = new AtomicInteger();
                connections[l.ordinal()][p] = n;
                Gauge.builder("tributary.mqtt.connections", n, AtomicInteger::get)
                        .tags("listener", l.label(), "protocol", PROTOCOLS[p])
                        .description("Open MQTT connections (CONNECT accepted) by listener and protocol version")
                        .register(registry);
            }
        }
        accepted = connectCounter("accepted");
        pubackLatency = Timer.builder("tributary.mqtt.puback.latency")
                .description("QoS 1/2 PUBLISH read to PUBACK/PUBREC written (includes waiting for storage "
                        + "and integration backpressure)")
                .serviceLevelObjectives(LatencyBuckets.bounds())
                .register(registry);
        ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
    }

    /** Where the meters are registered. */
    public MeterRegistry registry() {
        return registry;
    }

    /** A gauge over state kept elsewhere (sessions, subscriptions, retained messages). */
    public <T> void gauge(String name, String description, T state, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, state, value).tags(tags).description(description).strongReference(true)
                .register(registry);
    }

    /** A PUBLISH with {@code payloadBytes} of payload arrived from a client. */
    public void received(int qos, int payloadBytes) {
        received[qos].increment();
        receivedBytes[qos].increment(payloadBytes);
    }

    /** A PUBLISH with {@code payloadBytes} of payload was handed to a client's connection. */
    public void sent(int qos, int payloadBytes) {
        sent[qos].increment();
        sentBytes[qos].increment(payloadBytes);
    }

    public void dropped(Drop reason) {
        dropped[reason.ordinal()].increment();
    }

    /** How many messages were dropped for {@code reason} (tests, diagnostics). */
    public double droppedCount(Drop reason) {
        return dropped[reason.ordinal()].count();
    }

    /** A QoS 1/2 PUBLISH read at {@code startNanos} ({@link System#nanoTime}) is acknowledged now. */
    public void acknowledged(long startNanos) {
        pubackLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** A CONNECT was accepted (CONNACK 0 written). */
    public void accepted() {
        accepted.increment();
    }

    /** A connection on {@code listener} is open with its CONNECT accepted; returns the gauge to decrement at its close. */
    public AtomicInteger connected(Listener listener, MqttVersion version) {
        AtomicInteger n = connections[listener.ordinal()][protocolIndex(version)];
        n.incrementAndGet();
        return n;
    }

    /** A CONNECT was refused with {@code code} (CONNACK sent, or, for 3.1.x, closed without one). */
    public void refused(MqttConnectReturnCode code) {
        connects.computeIfAbsent(refusalLabel(code), this::connectCounter).increment();
    }

    /** Registers the disconnect counters at 0, so that a rate exists before the first disconnect. */
    public void disconnectReasons(String... labels) {
        for (String label : labels) {
            disconnects.computeIfAbsent(label, this::disconnectCounter);
        }
    }

    /** A connection whose CONNECT was accepted ended, for the reason labelled {@code label}. */
    public void disconnected(String label) {
        disconnects.computeIfAbsent(label, this::disconnectCounter).increment();
    }

    private Counter disconnectCounter(String reason) {
        return Counter.builder("tributary.mqtt.disconnects").tag("reason", reason)
                .description("Connections that ended after their CONNECT was accepted, by reason")
                .register(registry);
    }

    private Counter connectCounter(String result) {
        return Counter.builder("tributary.mqtt.connects").tag("result", result)
                .description("CONNECT packets answered, by result: accepted or the refusal's reason code")
                .register(registry);
    }

    private static int protocolIndex(MqttVersion version) {
        return switch (version) {
            case MQTT_3_1 -> 0;
            case MQTT_3_1_1 -> 1;
            case MQTT_5 -> 2;
        };
    }

    /**
     * MQTT 5 reason code names in lower snake case; MQTT 3.1.1 return codes get the name of the
     * MQTT 5 code that means the same (so one label value per cause, whatever the version).
     */
    static String refusalLabel(MqttConnectReturnCode code) {
        String name = switch (code) {
            case CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION -> "UNSUPPORTED_PROTOCOL_VERSION";
            case CONNECTION_REFUSED_IDENTIFIER_REJECTED -> "CLIENT_IDENTIFIER_NOT_VALID";
            case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD -> "BAD_USERNAME_OR_PASSWORD";
            case CONNECTION_REFUSED_NOT_AUTHORIZED, CONNECTION_REFUSED_NOT_AUTHORIZED_5 -> "NOT_AUTHORIZED";
            case CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_SERVER_UNAVAILABLE_5 ->
                    "SERVER_UNAVAILABLE";
            default -> code.name().replaceFirst("^CONNECTION_REFUSED_", "").replaceFirst("_5$", "");
        };
        return name.toLowerCase(Locale.ROOT);
    }
}
