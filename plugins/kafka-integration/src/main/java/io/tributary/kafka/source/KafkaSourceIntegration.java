package io.tributary.kafka.source;

import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.kafka.config.KafkaSecrets;
import io.tributary.kafka.connectivity.ConnectivityWatcher;
import io.tributary.kafka.connectivity.WatchTiming;
import io.tributary.kafka.producer.ClientProperties;
import io.tributary.kafka.producer.PluginClassLoader;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A running Kafka to MQTT integration: one consumer on its own poll thread ({@link SourceLoop}) and
 * a connectivity watcher, created on start and closed on stop. The platform never calls
 * {@link #process}: the type is a source.
 */
public final class KafkaSourceIntegration implements Integration {
    private static final Duration WATCHER_CLOSE = Duration.ofSeconds(2);

    private final SourceSettings settings;
    private final WatchTiming timing;
    private final Redactor redactor;
    private volatile SourceLoop loop;
    private volatile ConnectivityWatcher watcher;

    public KafkaSourceIntegration(SourceSettings settings, WatchTiming timing) {
        this.settings = settings;
        this.timing = timing;
        this.redactor = KafkaSecrets.redactor(settings.otherProperties());
    }

    @Override
    public void start(StartInput input, StartOutput output) {
        IntegrationContext ctx = input.context();
        MqttMessageFactory messages;
        try {
            messages = MqttMessageFactory.create(settings, ctx.integrationName(), ctx.metadata());
        } catch (IllegalArgumentException e) {
            output.preventStart(e.getMessage());
            return;
        }
        String clientId = settings.clientIdPrefix() + "-" + ctx.integrationId() + "-" + ctx.executorNodeId();
        String group = settings.group(ctx.integrationId());
        ClusterIdListener values = new ClusterIdListener();
        Consumer<byte[], byte[]> consumer;
        Admin admin;
        try {
            consumer = PluginClassLoader.call(() -> new KafkaConsumer<>(ClientProperties.consumer(
                    settings.bootstrapServers(), settings.otherProperties(), clientId, group,
                    settings.autoOffsetReset(), Math.min(500, settings.maxInFlight())),
                    new ByteArrayDeserializer(), values));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot create the Kafka consumer: " + redactor.describe(e));
        }
        try {
            admin = PluginClassLoader.call(() -> Admin.create(ClientProperties.admin(settings.bootstrapServers(),
                    settings.otherProperties(), clientId + "-admin", timing.probeTimeout())));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw new IllegalStateException("Cannot create the Kafka admin client: " + redactor.describe(e));
        }
        ConnectivityWatcher w = new ConnectivityWatcher(admin, ctx.events(), redactor, timing,
                settings.bootstrapServers(),
                "kafka-to-mqtt-watch-" + ctx.integrationId());
        watcher = w;
        PluginClassLoader.run(w::start);
        SourceLoop l = new SourceLoop(consumer, settings, messages, ctx, redactor,
                () -> values.clusterId() != null ? values.clusterId() : w.clusterId());
        loop = l;
        PluginClassLoader.run(() -> l.start("kafka-to-mqtt-" + ctx.integrationId()));
        ctx.logger().info("Kafka to MQTT consumer {} started: bootstrap {}, {}, group {}, MQTT topic {}", clientId,
                settings.bootstrapServers(), settings.topicPattern().isEmpty() ? "topics " + settings.topics()
                        : "topic pattern " + settings.topicPattern(), group, settings.mqttTopic());
    }

    /** Never called for a source; fails if it is. */
    @Override
    public CompletionStage<Void> process(IntegrationMessage message) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "a Kafka to MQTT integration publishes into the broker and receives no messages"));
    }

    @Override
    public void stop(StopInput input) {
        Duration timeout = input.timeout();
        SourceLoop l = loop;
        loop = null;
        if (l != null) {
            // finishes the publishes in flight and commits their offsets before closing the consumer
            l.stop(timeout.minus(WATCHER_CLOSE).isNegative() ? timeout.dividedBy(2) : timeout.minus(WATCHER_CLOSE));
        }
        ConnectivityWatcher w = watcher;
        watcher = null;
        if (w != null) {
            w.close(WATCHER_CLOSE.compareTo(timeout) < 0 ? WATCHER_CLOSE : timeout.dividedBy(4));
        }
    }
}
