package io.tributary.mqtt.check;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.mqtt.client.CallerThread;
import io.tributary.mqtt.client.RemoteBroker;
import io.tributary.mqtt.config.MqttSecrets;
import io.tributary.mqtt.config.MqttSettings;
import io.tributary.mqtt.publish.OutgoingPublish;
import io.tributary.mqtt.publish.PublishFactory;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Check connection: shows what the sample message would be published as (remote topic, QoS, retain,
 * properties), then connects to the remote broker with the configuration (its own client ID, so a
 * running bridge is not disconnected) and disconnects; nothing is published. The CONNACK tells
 * whether the broker is reachable and accepts the credentials.
 */
public final class BrokerCheck {
    public static final String STEP_CONFIGURATION = "configuration";
    public static final String STEP_SAMPLE = "sample message";
    public static final String STEP_CONNECT = "broker reachable and credentials accepted";

    private static final long MARGIN_MS = 1000;

    private BrokerCheck() {
    }

    public static void run(CheckInput input, CheckOutput output) {
        try {
            check(input, output);
        } finally {
            CallerThread.release();
        }
    }

    private static void check(CheckInput input, CheckOutput output) {
        IntegrationMessage sample = input.sampleMessage();
        MqttSettings settings;
        PublishFactory publishes;
        try {
            settings = MqttSettings.from(input.config());
            publishes = PublishFactory.create(settings,
                    new RecordContext(input.integrationName(), input.metadata(), sample.brokerNodeId()));
        } catch (IllegalArgumentException e) {
            output.step(STEP_CONFIGURATION, false, e.getMessage());
            return;
        }
        Redactor redactor = MqttSecrets.redactor(settings);
        try {
            OutgoingPublish p = publishes.build(sample);
            output.sampleRecord(describe(p, publishes.jsonPayload()));
            output.step(STEP_SAMPLE, true, "'" + sample.topic() + "' is forwarded to '" + p.topic() + "' (QoS "
                    + p.qos() + (p.retain() ? ", retained" : "") + ")");
        } catch (UnsendableMessageException e) {
            output.step(STEP_SAMPLE, false, redactor.redact(e.getMessage()));
        }
        connect(settings, input.timeout(), redactor, output);
    }

    private static void connect(MqttSettings settings, Duration budget, Redactor redactor, CheckOutput output) {
        String target = (settings.tls() ? "tls://" : "tcp://") + settings.address();
        long wait = Math.max(500, Math.min(budget.toMillis() - MARGIN_MS, settings.connectTimeout().toMillis() + 500));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        RemoteBroker broker;
        try {
            broker = RemoteBroker.connect(settings, "tributary-check-" + UUID.randomUUID().toString().substring(0, 8),
                    "mqtt-bridge-check", new RemoteBroker.Listener() {
                        @Override
                        public void connected() {
                            outcome.complete(true);
                        }

                        @Override
                        public void disconnected(Throwable cause) {
                            failure.compareAndSet(null, cause);
                            outcome.complete(false);
                        }
                    });
        } catch (Exception e) {
            output.step(STEP_CONFIGURATION, false, "Cannot set up TLS: " + redactor.describe(e));
            return;
        }
        long started = System.nanoTime();
        try {
            boolean ok = outcome.get(wait, TimeUnit.MILLISECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (ok) {
                output.step(STEP_CONNECT, true, target + " accepted the connection"
                        + (settings.username().isEmpty() ? "" : " as user '" + settings.username() + "'")
                        + " in " + ms + " ms (MQTT " + settings.version().value() + ")");
            } else {
                output.step(STEP_CONNECT, false, target + ": " + redactor.describe(failure.get()));
            }
        } catch (TimeoutException e) {
            output.step(STEP_CONNECT, false, target + ": no CONNACK within " + wait + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.step(STEP_CONNECT, false, "interrupted");
        } catch (ExecutionException e) {
            output.step(STEP_CONNECT, false, target + ": " + redactor.describe(e.getCause()));
        } finally {
            broker.close(Duration.ofMillis(MARGIN_MS / 2));
        }
    }

    private static Map<String, Object> describe(OutgoingPublish p, boolean json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", p.topic());
        out.put("qos", p.qos());
        out.put("retain", p.retain());
        List<Object> props = new ArrayList<>();
        for (UserProperty u : p.userProperties()) {
            props.add(Map.of("key", u.key(), "value", u.value()));
        }
        out.put("userProperties", props);
        if (!p.contentType().isEmpty()) {
            out.put("contentType", p.contentType());
        }
        out.put("payloadFormat", json ? "json" : "base64");
        out.put("payload", json ? io.tributary.integration.commons.record.JsonValues.parse(p.payload())
                : java.util.Base64.getEncoder().encodeToString(p.payload()));
        return out;
    }
}
