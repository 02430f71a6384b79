package io.tributary.kafka.producer;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.kafka.Origins;
import io.tributary.kafka.config.KafkaSettings;
import io.tributary.kafka.config.KafkaSecrets;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.kafka.connectivity.ConnectivityWatcher;
import io.tributary.kafka.connectivity.WatchTiming;
import io.tributary.kafka.record.RecordFactory;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A running Kafka integration: one producer and one connectivity watcher, created on start
 * and closed on stop. {@link #process} turns a message into a record, hands it to the producer
 * and completes when Kafka acknowledged it (as {@code acks} asks).
 */
public final class KafkaIntegration implements Integration {
    private static final Duration WATCHER_CLOSE = Duration.ofSeconds(2);
    /**
     * Records this integration keeps in flight. The producer batches only what is waiting, so a
     * small window means one record per request at any load (measured: 100 in flight held a
     * local broker to about half the records per second of 2000); memory stays bounded by the
     * platform's queue and the producer's buffer.memory.
     */
    static final int MAX_IN_FLIGHT = 2000;

    private final KafkaSettings settings;
    private final Redactor redactor;
    private final WatchTiming timing;
    /** Loop protection off: messages that came from the target topic are sent too. */
    private final boolean allowFromSameTopic;
    private final java.util.concurrent.atomic.LongAdder loopsSkipped = new java.util.concurrent.atomic.LongAdder();
    private volatile IntegrationContext context;

    private volatile Producer<byte[], byte[]> producer;
    private volatile RecordFactory records;
    private volatile ConnectivityWatcher watcher;

    public KafkaIntegration(KafkaSettings settings, WatchTiming timing) {
        this(settings, timing, false);
    }

    /** @param allowFromSameTopic send messages a Kafka to MQTT integration took from the topic this one writes to */
    public KafkaIntegration(KafkaSettings settings, WatchTiming timing, boolean allowFromSameTopic) {
        this.allowFromSameTopic = allowFromSameTopic;
        this.settings = settings;
        this.redactor = KafkaSecrets.redactor(settings.otherProperties());
        this.timing = timing;
    }

    @Override
    public void start(StartInput input, StartOutput output) {
        IntegrationContext ctx = input.context();
        context = ctx;
        RecordFactory factory;
        try {
            factory = RecordFactory.create(settings,
                    new RecordContext(ctx.integrationName(), ctx.metadata(), ctx.executorNodeId()));
        } catch (IllegalArgumentException e) {
            output.preventStart(e.getMessage());
            return;
        }
        String clientId = ClientProperties.clientId(settings, ctx.integrationId(), ctx.executorNodeId());
        Admin admin;
        try {
            // serializer instances: class names would be resolved by Kafka outside the plugin's loader
            producer = PluginClassLoader.call(() -> new KafkaProducer<>(ClientProperties.producer(settings, clientId),
                    new ByteArraySerializer(), new ByteArraySerializer()));
            admin = PluginClassLoader.call(() -> Admin.create(
                    ClientProperties.admin(settings, clientId + "-admin", timing.probeTimeout())));
        } catch (RuntimeException e) {
            closeQuietly(Duration.ofSeconds(2));
            // the platform shows this text: never Kafka's configuration values
            throw new IllegalStateException("Cannot create the Kafka producer: " + redactor.describe(e));
        }
        records = factory;
        ProducerMeters.register(ctx.metrics(), producer);
        output.maxInFlight(MAX_IN_FLIGHT);
        ConnectivityWatcher w = new ConnectivityWatcher(admin, ctx.events(), redactor, timing,
                settings.bootstrapServers(),
                "kafka-integration-watch-" + ctx.integrationId());
        watcher = w;
        // the watcher's thread inherits the context loader of the thread that starts it
        PluginClassLoader.run(w::start);
        // whether Kafka drops the duplicates of a retried send; when off, the settings that rule it out
        ctx.logger().info("Kafka producer {} started: bootstrap {}, topic {}, {}", clientId,
                settings.bootstrapServers(), settings.topic(), ClientProperties.idempotence(settings).describe());
    }

    @Override
    public CompletionStage<Void> process(IntegrationMessage message) {
        Producer<byte[], byte[]> p = producer;
        RecordFactory factory = records;
        ConnectivityWatcher w = watcher;
        if (p == null || factory == null || w == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka integration is not started"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            ProducerRecord<byte[], byte[]> record = factory.build(message);
            if (!allowFromSameTopic && Origins.cameFrom(message.origin(), w.clusterId(), record.topic())) {
                loopSkipped(message, record.topic());
                return CompletableFuture.completedFuture(null);
            }
            p.send(record, (metadata, error) -> {
                if (error == null) {
                    result.complete(null);
                    w.delivered();
                } else {
                    result.completeExceptionally(SendFailures.forPlatform(error, redactor));
                }
            });
        } catch (RuntimeException e) {
            // thrown before Kafka took the record: e.g. max.block.ms elapsed, producer closed
            result.completeExceptionally(SendFailures.forPlatform(e, redactor));
        }
        return result;
    }

    /** A message that came from the target topic: not sent back (it would loop), counted and reported. */
    private void loopSkipped(IntegrationMessage message, String topic) {
        loopsSkipped.increment();
        IntegrationContext ctx = context;
        if (ctx != null) {
            ctx.events().error(message, "Not sent to Kafka topic " + topic + ": it came from that topic through a "
                    + "Kafka to MQTT integration (loop protection; " + loopsSkipped.sum() + " skipped so far). Turn on "
                    + "'Allow messages that came from this Kafka topic' to send such messages.", null);
        }
    }

    /** Messages not sent back to the topic they came from, since start. */
    public long loopsSkipped() {
        return loopsSkipped.sum();
    }

    @Override
    public void stop(StopInput input) {
        closeQuietly(input.timeout());
    }

    private void closeQuietly(Duration timeout) {
        Duration forWatcher = timeout.compareTo(WATCHER_CLOSE.multipliedBy(2)) > 0 ? WATCHER_CLOSE : timeout.dividedBy(4);
        ConnectivityWatcher current = watcher;
        watcher = null;
        if (current != null) {
            current.close(forWatcher);
        }
        Producer<byte[], byte[]> p = producer;
        producer = null;
        records = null;
        if (p != null) {
            // waits for records in flight up to the timeout, then fails the rest (their futures complete)
            p.close(timeout.minus(forWatcher));
        }
    }
}
