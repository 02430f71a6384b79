package io.tributary.mqtt.bridge;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.mqtt.client.CallerThread;
import io.tributary.mqtt.client.RemoteBroker;
import io.tributary.mqtt.config.MqttSecrets;
import io.tributary.mqtt.config.MqttSettings;
import io.tributary.mqtt.publish.OutgoingPublish;
import io.tributary.mqtt.publish.PublishFactory;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;

import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A running MQTT bridge: one {@link RemoteBroker} connection, opened on start (connecting in the
 * background) and closed on stop. {@link #process} completes when the remote broker acknowledged
 * the message; while the connection is down it fails at once, and the platform retries with backoff
 * from its durable log, so nothing is lost. A message whose topic cannot be built is a
 * {@link PermanentFailure} (dead letter).
 */
public final class MqttBridgeIntegration implements Integration {
    private final MqttSettings settings;
    private final Redactor redactor;

    private volatile Running running;

    private record Running(RemoteBroker broker, PublishFactory publishes) {
    }

    public MqttBridgeIntegration(MqttSettings settings) {
        this.settings = settings;
        this.redactor = MqttSecrets.redactor(settings);
    }

    @Override
    public void start(StartInput input, StartOutput output) {
        try {
            startOnCallerThread(input, output);
        } finally {
            CallerThread.release();
        }
    }

    private void startOnCallerThread(StartInput input, StartOutput output) {
        IntegrationContext ctx = input.context();
        PublishFactory publishes;
        try {
            publishes = PublishFactory.create(settings,
                    new RecordContext(ctx.integrationName(), ctx.metadata(), ctx.executorNodeId()));
        } catch (IllegalArgumentException e) {
            output.preventStart(e.getMessage());
            return;
        }
        String clientId = settings.clientIdFor(ctx.integrationId());
        Connectivity connectivity = new Connectivity(ctx.events());
        String target = (settings.tls() ? "tls://" : "tcp://") + settings.address();
        // completes with the first attempt's outcome, connected or not
        CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
        RemoteBroker broker;
        try {
            broker = RemoteBroker.connect(settings, clientId, "mqtt-bridge-" + shortId(ctx.integrationId()),
                    new RemoteBroker.Listener() {
                        @Override
                        public void connected() {
                            // the platform logs the change of connectivity
                            connectivity.connected("connected to " + target + " as " + clientId);
                            firstAttempt.complete(null);
                        }

                        @Override
                        public void disconnected(Throwable cause) {
                            String why = "remote broker " + target + ": " + redactor.describe(cause);
                            if (connectivity.disconnected(why)) {
                                ctx.events().error(why, null);
                            }
                            firstAttempt.complete(null);
                        }
                    });
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            output.preventStart("Cannot set up TLS: " + redactor.describe(e));
            return;
        }
        running = new Running(broker, publishes);
        awaitFirstAttempt(firstAttempt, ctx);
        // the client queues QoS 1/2 publishes beyond the broker's receive maximum: a wide window is cheap
        output.maxInFlight(1000);
        ctx.logger().info("MQTT bridge started: {}", settings);
    }

    /**
     * Gives the first connection attempt up to the connect timeout (at most 5 s) so the first messages
     * do not fail needlessly; a broker that is down or refuses does not prevent the start (the client
     * keeps reconnecting), nor delays it beyond its first answer.
     */
    private void awaitFirstAttempt(CompletableFuture<Void> firstAttempt, IntegrationContext ctx) {
        long wait = Math.min(5000, settings.connectTimeout().toMillis());
        try {
            firstAttempt.get(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            ctx.logger().debug("MQTT bridge not connected yet: {}", redactor.describe(e));
        }
    }

    private static String shortId(String id) {
        return id == null ? "" : id.length() > 8 ? id.substring(0, 8) : id;
    }

    @Override
    public CompletionStage<Void> process(IntegrationMessage message) {
        try {
            return publish(message);
        } finally {
            CallerThread.release();
        }
    }

    private CompletionStage<Void> publish(IntegrationMessage message) {
        Running r = running;
        if (r == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("MQTT bridge is not started"));
        }
        OutgoingPublish publish;
        try {
            publish = r.publishes().build(message);
        } catch (UnsendableMessageException e) {
            return CompletableFuture.failedFuture(new PermanentFailure(redactor.redact(e.getMessage()), e));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        r.broker().publish(publish).whenComplete((ok, error) -> {
            if (error == null) {
                result.complete(null);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                result.completeExceptionally(new DeliveryException("publish to '" + publish.topic() + "' failed: "
                        + redactor.describe(cause)));
            }
        });
        return result;
    }

    @Override
    public void stop(StopInput input) {
        Running r = running;
        running = null;
        if (r != null) {
            try {
                r.broker().close(input.timeout());
            } finally {
                CallerThread.release();
            }
        }
    }

    /** The remote broker did not take the message; retried by the platform. */
    static final class DeliveryException extends RuntimeException {
        DeliveryException(String message) {
            super(message);
        }
    }
}
