package io.tributary.kafka.source;

import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.kafka.Origins;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.source.PublishException;
import io.tributary.plugin.api.source.SourceMessage;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The poll thread of a Kafka to MQTT integration; the consumer is used on this thread only.
 *
 * <p>No loss: each record is published through the platform's publisher, and its offset is
 * committed only once the broker accepted it and every record before it in its partition
 * (manual commits, {@link OffsetTracker}). After a restart, a crash or a rebalance consumption
 * resumes from the committed offset, so a record is published at least once; the ones published
 * but not yet committed are published again. Backpressure: at most {@code maxInFlight} records are
 * published and not yet accepted; beyond, the assigned partitions are paused (the consumer keeps
 * polling to stay in its group) until the broker catches up. A record the broker could not store is
 * published again after a pause; a record that can never become an MQTT message (a template needs
 * a header the record lacks, the topic is not a valid MQTT topic) is reported and skipped.
 */
final class SourceLoop {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long COMMIT_INTERVAL_MS = 200;
    private static final Duration REVOKE_WAIT = Duration.ofSeconds(10);

    /** A publish that finished, handed from a platform thread to the poll thread. */
    private record Done(ConsumerRecord<byte[], byte[]> record, Throwable error, int attempt) {
    }

    /** A record waiting to be published again. */
    private record Retry(ConsumerRecord<byte[], byte[]> record, int attempt, long dueAt) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final SourceSettings settings;
    private final MqttMessageFactory messages;
    private final IntegrationContext ctx;
    private final Redactor redactor;
    private final Supplier<String> clusterId;
    private final LinkedBlockingQueue<Done> finished = new LinkedBlockingQueue<>();
    private final ArrayDeque<Retry> retries = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private volatile boolean running = true;
    private volatile long stopDeadline;
    private Thread thread;
    private int inFlight;
    private long lastCommit;

    SourceLoop(Consumer<byte[], byte[]> consumer, SourceSettings settings, MqttMessageFactory messages,
               IntegrationContext ctx, Redactor redactor, Supplier<String> clusterId) {
        this.consumer = consumer;
        this.settings = settings;
        this.messages = messages;
        this.ctx = ctx;
        this.redactor = redactor;
        this.clusterId = clusterId;
    }

    void start(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops polling, waits for the publishes in flight (within {@code timeout}), commits and closes. */
    void stop(Duration timeout) {
        stopDeadline = System.nanoTime() + timeout.toNanos();
        running = false;
        consumer.wakeup();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            ctx.logger().warn("Kafka to MQTT poll thread did not stop within {} ms", timeout.toMillis());
            thread.interrupt();
        }
    }

    private void run() {
        try {
            subscribe();
            while (running) {
                handleFinished(0);
                publishDueRetries();
                commitIfDue(false);
                pauseOrResume();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    continue; // stop() asks the loop to look at running
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    tracker(new TopicPartition(r.topic(), r.partition())).started(r.offset());
                    publish(r, 1);
                }
            }
            drain();
        } catch (RuntimeException e) {
            if (running) {
                ctx.logger().error("Kafka to MQTT consumer failed: {}", redactor.describe(e));
                ctx.events().error("Kafka consumer failed: " + redactor.describe(e)
                        + "; records from the last committed offset are consumed again after a restart", null);
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                ctx.logger().debug("Closing the consumer: {}", e.toString());
            }
        }
    }

    private void subscribe() {
        Listener listener = new Listener();
        if (!settings.topicPattern().isEmpty()) {
            consumer.subscribe(Pattern.compile(settings.topicPattern()), listener);
        } else {
            consumer.subscribe(settings.topics(), listener);
        }
    }

    private OffsetTracker tracker(TopicPartition tp) {
        return trackers.computeIfAbsent(tp, k -> new OffsetTracker());
    }

    private void publish(ConsumerRecord<byte[], byte[]> record, int attempt) {
        SourceMessage message;
        try {
            String cluster = clusterId.get();
            message = messages.build(new RecordView(record, settings.headersCharset()),
                    Origins.of(cluster == null ? settings.bootstrapServers() : cluster, record.topic()));
        } catch (SourceTemplate.RenderException | IllegalArgumentException e) {
            skipped(record, e.getMessage());
            tracker(new TopicPartition(record.topic(), record.partition())).finished(record.offset());
            return;
        }
        inFlight++;
        try {
            ctx.publisher().publish(message).whenComplete((ok, error) -> finished.add(new Done(record, error, attempt)));
        } catch (RuntimeException e) {
            finished.add(new Done(record, e, attempt));
        }
    }

    private void skipped(ConsumerRecord<byte[], byte[]> record, String why) {
        ctx.events().error("Record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " not published (skipped): " + why, null);
    }

    /** Takes finished publishes off the queue, waiting up to {@code waitMs} for the first. */
    private void handleFinished(long waitMs) {
        Done d;
        try {
            d = waitMs > 0 ? finished.poll(waitMs, TimeUnit.MILLISECONDS) : finished.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        while (d != null) {
            inFlight--;
            handle(d);
            d = finished.poll();
        }
    }

    private void handle(Done d) {
        ConsumerRecord<byte[], byte[]> r = d.record();
        OffsetTracker t = trackers.get(new TopicPartition(r.topic(), r.partition()));
        if (t == null) {
            return; // the partition was revoked meanwhile: its new owner reads it from the committed offset
        }
        Throwable error = d.error() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : d.error();
        if (error == null) {
            t.finished(r.offset());
            return;
        }
        PublishException.Reason reason = error instanceof PublishException p ? p.reason()
                : PublishException.Reason.NOT_STORED;
        switch (reason) {
            case INVALID_MESSAGE -> {
                skipped(r, error.getMessage());
                t.finished(r.offset());
            }
            case NOT_RUNNING -> running = false; // stopping: not committed, read again after the next start
            default -> {
                long delay = Math.min(30_000, 500L << Math.min(6, d.attempt()));
                if (d.attempt() == 1) {
                    ctx.events().error("The broker did not store a message from " + r.topic() + "-" + r.partition()
                            + "@" + r.offset() + " (retrying): " + error.getMessage(), null);
                }
                retries.add(new Retry(r, d.attempt() + 1, System.currentTimeMillis() + delay));
            }
        }
    }

    private void publishDueRetries() {
        long now = System.currentTimeMillis();
        int n = retries.size();
        for (int i = 0; i < n; i++) {
            Retry r = retries.pollFirst();
            if (r.dueAt() <= now && trackers.containsKey(new TopicPartition(r.record().topic(), r.record().partition()))) {
                publish(r.record(), r.attempt());
            } else if (r.dueAt() > now) {
                retries.addLast(r);
            }
        }
    }

    /** Pauses every assigned partition while the window is full, resumes when there is room again. */
    private void pauseOrResume() {
        boolean full = inFlight + retries.size() >= settings.maxInFlight();
        if (full && paused.isEmpty()) {
            Set<TopicPartition> assigned = consumer.assignment();
            consumer.pause(assigned);
            paused.addAll(assigned);
        } else if (!full && !paused.isEmpty()) {
            paused.retainAll(consumer.assignment());
            consumer.resume(paused);
            paused.clear();
        }
    }

    private void commitIfDue(boolean sync) {
        long now = System.currentTimeMillis();
        if (!sync && now - lastCommit < COMMIT_INTERVAL_MS) {
            return;
        }
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        trackers.forEach((tp, t) -> {
            long o = t.toCommit();
            if (o >= 0) {
                offsets.put(tp, new OffsetAndMetadata(o));
            }
        });
        commit(offsets, sync);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, boolean sync) {
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                try {
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                } catch (WakeupException e) {
                    // the wake-up of stop() hit this call instead of poll: commit again
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                }
                offsets.forEach((tp, o) -> committed(tp, o.offset()));
            } catch (RuntimeException e) {
                ctx.logger().warn("Committing offsets failed (records after the last committed offset are "
                        + "published again after a restart): {}", redactor.describe(e));
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error == null) {
                    done.forEach((tp, o) -> committed(tp, o.offset()));
                } else {
                    ctx.logger().debug("Committing offsets failed, retried with the next commit: {}",
                            redactor.describe(error));
                }
            });
        }
    }

    private void committed(TopicPartition tp, long offset) {
        OffsetTracker t = trackers.get(tp);
        if (t != null) {
            t.committed(offset);
        }
    }

    /** Stopping: the publishes in flight finish (until the deadline), then what they completed is committed. */
    private void drain() {
        while (inFlight > 0 && System.nanoTime() < stopDeadline - TimeUnit.MILLISECONDS.toNanos(500)) {
            handleFinished(50);
        }
        handleFinished(0);
        if (inFlight > 0) {
            ctx.logger().info("{} record(s) still being published at stop: they are consumed again after the next "
                    + "start", inFlight);
        }
        commitIfDue(true);
    }

    /** Commits what a revoked partition completed before another consumer of the group takes it over. */
    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            long deadline = System.nanoTime() + REVOKE_WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> trackers.containsKey(tp) && trackers.get(tp).inFlight() > 0)
                    && System.nanoTime() < deadline && running) {
                handleFinished(50);
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetTracker t = trackers.get(tp);
                if (t != null && t.toCommit() >= 0) {
                    offsets.put(tp, new OffsetAndMetadata(t.toCommit()));
                }
            }
            commit(offsets, true);
            partitions.forEach(trackers::remove);
            paused.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!paused.isEmpty()) {
                // still full: newly assigned partitions wait too
                consumer.pause(partitions);
                paused.addAll(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(trackers::remove);
            paused.removeAll(partitions);
        }
    }
}
