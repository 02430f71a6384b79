package io.tributary.dist.durability;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * QoS 1 publishers over MQTT 5 (HiveMQ client), each on its own thread and connection, each
 * with a window of unacknowledged publishes. Publisher {@code i} sends the payloads
 * {@code p<i>-0}, {@code p<i>-1}, ... (optionally padded after a space to a fixed size) to
 * {@code <topicPrefix>/<i>}. A payload counts as acknowledged only when its PUBACK arrived with a
 * success reason code; a failed publish or a lost connection stops that publisher.
 */
final class Publishers implements AutoCloseable {
    /** The HiveMQ client's default keep-alive, seconds. */
    static final int DEFAULT_KEEP_ALIVE = 60;
    private final List<Worker> workers = new ArrayList<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong(System.nanoTime());
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Connects {@code count} publishers and starts them.
     *
     * @param name         client ids are {@code <name>-<i>}
     * @param window       publishes each may have unacknowledged
     * @param perSecond    publishes per second of each, 0 for as fast as the window allows
     * @param payloadBytes payload size (at least the id), padded with {@code x}
     */
    static Publishers start(String name, int count, int port, String topicPrefix, int window, int perSecond,
                            int payloadBytes) {
        return start(name, count, port, topicPrefix, window, perSecond, payloadBytes, DEFAULT_KEEP_ALIVE);
    }

    /** As {@link #start(String, int, int, String, int, int, int)}, with the clients' keep-alive in seconds. */
    static Publishers start(String name, int count, int port, String topicPrefix, int window, int perSecond,
                            int payloadBytes, int keepAliveSeconds) {
        Publishers p = new Publishers();
        for (int i = 0; i < count; i++) {
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(name + "-" + i)
                    .serverHost("127.0.0.1").serverPort(port).buildAsync();
            client.connectWith().cleanStart(true).keepAlive(keepAliveSeconds).send().join();
            p.workers.add(p.new Worker(i, client, topicPrefix + "/" + i, window, perSecond, payloadBytes));
        }
        p.workers.forEach(w -> w.thread.start());
        return p;
    }

    /** Payloads acknowledged with PUBACK success so far. */
    Set<String> acked() {
        return Set.copyOf(acked);
    }

    int ackedCount() {
        return acked.size();
    }

    /** Payloads handed to the client so far (acknowledged or not). */
    Set<String> sent() {
        return Set.copyOf(sent);
    }

    long failed() {
        return failed.get();
    }

    /** Publishes sent and not yet acknowledged or failed. */
    int outstanding() {
        return workers.stream().mapToInt(Worker::outstanding).sum();
    }

    /** Time since the last PUBACK. */
    Duration sinceLastAck() {
        return Duration.ofNanos(System.nanoTime() - lastAckNanos.get());
    }

    /** First errors seen by the publishers (failed publishes, lost connections). */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Stops publishing; publishes in flight keep their chance to be acknowledged. */
    void stopSending() throws InterruptedException {
        workers.forEach(w -> w.running = false);
        for (Worker w : workers) {
            w.thread.join(10_000);
        }
    }

    /** Waits until nothing is outstanding, up to {@code timeout}; returns whether that happened. */
    boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return outstanding() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        stopSending();
        for (Worker w : workers) {
            try {
                w.client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the broker is gone: nothing to disconnect from
            }
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Mqtt5AsyncClient client;
        final String topic;
        final Semaphore window;
        final int windowSize;
        final int perSecond;
        final int payloadBytes;
        final Thread thread;
        volatile boolean running = true;

        Worker(int index, Mqtt5AsyncClient client, String topic, int window, int perSecond, int payloadBytes) {
            this.index = index;
            this.client = client;
            this.topic = topic;
            this.window = new Semaphore(window);
            this.windowSize = window;
            this.perSecond = perSecond;
            this.payloadBytes = payloadBytes;
            this.thread = new Thread(this, "publisher-" + index);
            this.thread.setDaemon(true);
        }

        int outstanding() {
            return windowSize - window.availablePermits();
        }

        @Override
        public void run() {
            long started = System.nanoTime();
            for (long seq = 0; running; seq++) {
                if (perSecond > 0) {
                    long due = started + seq * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                }
                try {
                    if (!acquire()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                String id = "p" + index + "-" + seq;
                sent.add(id);
                client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload(id)).send()
                        .whenComplete((result, error) -> completed(id, result, error));
            }
        }

        /** A window slot, waiting while the broker has not acknowledged earlier publishes; false when stopped. */
        private boolean acquire() throws InterruptedException {
            while (running) {
                if (window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    if (running) {
                        return true;
                    }
                    window.release();
                }
            }
            return false;
        }

        private void completed(String id, Mqtt5PublishResult result, Throwable error) {
            window.release();
            Throwable problem = error != null ? error : result.getError().orElse(null);
            if (problem == null && result instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                    && q1.getPubAck().getReasonCode().isError()) {
                problem = new IllegalStateException("PUBACK " + q1.getPubAck().getReasonCode());
            }
            if (problem == null) {
                acked.add(id);
                lastAckNanos.set(System.nanoTime());
            } else {
                failed.incrementAndGet();
                running = false;
                if (errors.size() < 20) {
                    errors.add(id + ": " + problem);
                }
            }
        }

        private byte[] payload(String id) {
            StringBuilder b = new StringBuilder(Math.max(payloadBytes, id.length())).append(id);
            if (payloadBytes > id.length()) {
                b.append(' ');
                while (b.length() < payloadBytes) {
                    b.append('x');
                }
            }
            return b.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The publisher's id of a payload: everything before the padding. */
    static String id(String payload) {
        int space = payload.indexOf(' ');
        return space < 0 ? payload : payload.substring(0, space);
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
