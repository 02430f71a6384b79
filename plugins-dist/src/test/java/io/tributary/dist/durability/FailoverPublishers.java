package io.tributary.dist.durability;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * QoS 1 publishers (Paho MQTT 3.1.1), each on its own thread and connection, that fail over as a
 * device does: when the connection to one node is lost, the publisher connects to the next port
 * of its list and sends again every payload that got no PUBACK, then goes on. Publisher {@code i}
 * sends {@code p<i>-0}, {@code p<i>-1}, ... padded after a space to a fixed size, to
 * {@code <topicPrefix>/<i>}. Which node acknowledged each payload is remembered.
 */
final class FailoverPublishers implements AutoCloseable {
    private final List<Worker> workers = new ArrayList<>();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    /** Payload id to the port of the node whose PUBACK came first. */
    private final Map<String, Integer> ackedBy = new ConcurrentHashMap<>();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong failovers = new AtomicLong();
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Connects {@code count} publishers to {@code ports[0]} and starts them.
     *
     * @param window    publishes each may have unacknowledged
     * @param perSecond publishes per second of each
     */
    static FailoverPublishers start(String name, int count, int[] ports, String topicPrefix, int window,
                                    int perSecond, int payloadBytes) throws MqttException {
        FailoverPublishers p = new FailoverPublishers();
        for (int i = 0; i < count; i++) {
            Worker w = p.new Worker(i, name + "-" + i, ports, topicPrefix + "/" + i, window, perSecond, payloadBytes);
            w.connect();
            p.workers.add(w);
        }
        p.workers.forEach(w -> w.thread.start());
        return p;
    }

    Set<String> sent() {
        return Set.copyOf(sent);
    }

    Set<String> acked() {
        return Set.copyOf(ackedBy.keySet());
    }

    /** Payloads acknowledged by the node listening on {@code port}. */
    long ackedBy(int port) {
        return ackedBy.values().stream().filter(p -> p == port).count();
    }

    /** Payloads sent again after a failover. */
    long resent() {
        return resent.get();
    }

    /** Publishers that connected to a next node. */
    long failovers() {
        return failovers.get();
    }

    int outstanding() {
        return workers.stream().mapToInt(w -> w.pending.size()).sum();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Stops publishing new payloads; unacknowledged ones are still sent again after a failover. */
    void stopSending() {
        workers.forEach(w -> w.sending = false);
    }

    /** Waits until every payload sent is acknowledged, up to {@code timeoutMillis}. */
    boolean awaitAcknowledged(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return outstanding() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        for (Worker w : workers) {
            w.running = false;
            w.thread.join(10_000);
            try {
                w.client.disconnectForcibly(1000, 1000);
                w.client.close();
            } catch (MqttException e) {
                // the node is gone: nothing to disconnect from
            }
        }
    }

    private final class Worker implements Runnable, MqttCallback {
        final int index;
        final String clientId;
        final int[] ports;
        final String topic;
        final int window;
        final int perSecond;
        final int payloadBytes;
        final Thread thread;
        /** Sequence numbers sent to the current or an earlier node and not acknowledged yet. */
        final ConcurrentSkipListMap<Long, String> pending = new ConcurrentSkipListMap<>();
        volatile boolean running = true;
        volatile boolean sending = true;
        volatile boolean lost;
        int node;
        MqttAsyncClient client;

        Worker(int index, String clientId, int[] ports, String topic, int window, int perSecond, int payloadBytes) {
            this.index = index;
            this.clientId = clientId;
            this.ports = ports;
            this.topic = topic;
            this.window = window;
            this.perSecond = perSecond;
            this.payloadBytes = payloadBytes;
            this.thread = new Thread(this, "failover-publisher-" + index);
            this.thread.setDaemon(true);
        }

        void connect() throws MqttException {
            client = new MqttAsyncClient("tcp://127.0.0.1:" + ports[node], clientId, new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(10);
            o.setConnectionTimeout(5);
            o.setMaxInflight(window + 10);
            client.connect(o).waitForCompletion(10_000);
            lost = false;
        }

        @Override
        public void run() {
            long started = System.nanoTime();
            long seq = 0;
            while (running) {
                if (lost && !failOver()) {
                    return;
                }
                if (!sending || pending.size() >= window) {
                    sleepMillis(5);
                    continue;
                }
                long due = started + seq * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                String id = "p" + index + "-" + seq;
                pending.put(seq, id);
                sent.add(id);
                send(seq, id);
                seq++;
            }
        }

        /** Connects to the next node and sends again what has no PUBACK; false when there is none left. */
        private boolean failOver() {
            try {
                client.disconnectForcibly(0, 500);
            } catch (MqttException e) {
                // already closed
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // already closed
            }
            if (node + 1 >= ports.length) {
                errors.add(clientId + ": no node left to fail over to");
                return false;
            }
            node++;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (running) {
                try {
                    connect();
                    break;
                } catch (MqttException e) {
                    if (System.nanoTime() > deadline) {
                        errors.add(clientId + ": cannot connect to port " + ports[node] + ": " + e);
                        return false;
                    }
                    sleepMillis(200);
                }
            }
            failovers.incrementAndGet();
            for (Map.Entry<Long, String> e : pending.entrySet()) {
                resent.incrementAndGet();
                send(e.getKey(), e.getValue());
            }
            return true;
        }

        private void send(long seq, String id) {
            int port = ports[node];
            MqttMessage m = new MqttMessage(payload(id));
            m.setQos(1);
            try {
                client.publish(topic, m, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        ackedBy.putIfAbsent(id, port);
                        pending.remove(seq);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable error) {
                        // the connection is lost: the payload stays pending and is sent again after the failover
                    }
                });
            } catch (MqttException e) {
                // not connected (any more): it stays pending, connectionLost starts the failover
                if (client.isConnected() && errors.size() < 20) {
                    errors.add(clientId + " " + id + ": " + e); // stays pending: shows as not acknowledged
                }
                lost = lost || !client.isConnected();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost = true;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
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

    private static void sleepMillis(long millis) {
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
