package io.tributary.mqtt.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import io.reactivex.schedulers.Schedulers;
import io.tributary.mqtt.config.MqttSettings;
import io.tributary.mqtt.config.MqttVersion;
import io.tributary.mqtt.publish.OutgoingPublish;
import io.tributary.plugin.api.message.UserProperty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection to the remote broker with the HiveMQ MQTT client: MQTT 5 or 3.1.1, TCP or TLS,
 * reconnecting with exponential backoff (bounded, with jitter) until {@link #close}. The client's
 * Netty event loop and its callbacks run on two executors of this object, so that closing it ends
 * every thread it started.
 */
public final class RemoteBroker implements AutoCloseable {
    private final MqttSettings settings;
    private final ExecutorService io;
    private final ExecutorService callbacks;
    private final Mqtt5AsyncClient v5;
    private final Mqtt3AsyncClient v3;
    private volatile boolean closed;

    /** What the connection reports: connected, or disconnected with the cause. */
    public interface Listener {
        void connected();

        void disconnected(Throwable cause);
    }

    private RemoteBroker(MqttSettings settings, String clientId, String threadPrefix, Listener listener)
            throws GeneralSecurityException {
        this.settings = settings;
        this.io = Executors.newCachedThreadPool(threads(threadPrefix + "-io"));
        this.callbacks = Executors.newSingleThreadExecutor(threads(threadPrefix + "-callbacks"));
        MqttClientSslConfig tls = settings.tls() ? TlsConfigs.of(settings) : null;
        RxSchedulers.acquire();
        MqttClientBuilder b = MqttClient.builder()
                .identifier(clientId)
                // TLS inside the one transport config: the client builder's own sslConfig(...) is ignored
                // once a transport config was applied (HiveMQ client 1.4.2), and the bridge spoke plain MQTT
                .transportConfig()
                .serverHost(settings.host()).serverPort(settings.port())
                .sslConfig(tls)
                .socketConnectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .executorConfig().nettyExecutor(io).nettyThreads(1)
                .applicationScheduler(Schedulers.from(callbacks)).applyExecutorConfig()
                .automaticReconnect()
                .initialDelay(settings.reconnectInitialDelay().toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(settings.reconnectMaxDelay().toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(c -> {
                    if (closed) {
                        disconnectQuietly();
                    } else {
                        listener.connected();
                    }
                })
                .addDisconnectedListener(c -> {
                    if (closed) {
                        c.getReconnector().reconnect(false);
                    } else {
                        listener.disconnected(c.getCause());
                    }
                });
        if (settings.version() == MqttVersion.V5) {
            var v5b = b.useMqttVersion5();
            byte[] password = settings.password().getBytes(StandardCharsets.UTF_8);
            if (!settings.username().isEmpty()) {
                var auth = Mqtt5SimpleAuth.builder().username(settings.username());
                v5b = v5b.simpleAuth((password.length > 0 ? auth.password(password) : auth).build());
            } else if (password.length > 0) {
                v5b = v5b.simpleAuth(Mqtt5SimpleAuth.builder().password(password).build());
            }
            this.v5 = v5b.buildAsync();
            this.v3 = null;
        } else {
            var v3b = b.useMqttVersion3();
            if (!settings.username().isEmpty()) {
                var auth = com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth.builder().username(settings.username());
                if (!settings.password().isEmpty()) {
                    auth = auth.password(settings.password().getBytes(StandardCharsets.UTF_8));
                }
                v3b = v3b.simpleAuth(auth.build());
            }
            this.v3 = v3b.buildAsync();
            this.v5 = null;
        }
    }

    /**
     * Builds the client and starts connecting; returns at once. The listener hears of the first
     * connection and of every loss and failed attempt after it.
     *
     * @throws GeneralSecurityException when the TLS material cannot be used
     */
    public static RemoteBroker connect(MqttSettings settings, String clientId, String threadPrefix, Listener listener)
            throws GeneralSecurityException {
        RemoteBroker broker = new RemoteBroker(settings, clientId, threadPrefix, listener);
        broker.startConnecting();
        return broker;
    }

    /** Sends the first CONNECT; its outcome, and every later one, reaches the listener. */
    private void startConnecting() {
        int keepAlive = settings.keepAliveSec();
        if (v5 != null) {
            var c = v5.connectWith().keepAlive(keepAlive).cleanStart(settings.cleanSession());
            if (!settings.cleanSession()) {
                c = c.sessionExpiryInterval(settings.sessionExpirySec());
            }
            c.send();
        } else {
            v3.connectWith().keepAlive(keepAlive).cleanSession(settings.cleanSession()).send();
        }
    }

    public boolean isConnected() {
        return state() == MqttClientState.CONNECTED;
    }

    private MqttClientState state() {
        return v5 != null ? v5.getState() : v3.getState();
    }

    /**
     * Publishes and completes when the remote broker acknowledged (QoS 1: PUBACK, QoS 2: PUBCOMP) or,
     * for QoS 0, when written; fails at once when not connected.
     */
    public CompletableFuture<Void> publish(OutgoingPublish p) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(new NotConnectedException(
                    "not connected to the remote broker " + settings.address()));
        }
        MqttQos qos = MqttQos.fromCode(p.qos());
        if (v5 != null) {
            Mqtt5PublishBuilder.Send.Complete<CompletableFuture<com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult>> b =
                    v5.publishWith().topic(p.topic()).qos(qos).retain(p.retain()).payload(p.payload());
            if (!p.userProperties().isEmpty()) {
                Mqtt5UserPropertiesBuilder.Nested<?> props = b.userProperties();
                for (UserProperty u : p.userProperties()) {
                    props = props.add(u.key(), u.value());
                }
                props.applyUserProperties();
            }
            if (!p.contentType().isEmpty()) {
                b.contentType(p.contentType());
            }
            if (!p.responseTopic().isEmpty()) {
                b.responseTopic(p.responseTopic());
            }
            if (p.correlationData().length > 0) {
                b.correlationData(p.correlationData());
            }
            return b.send().thenApply(r -> null);
        }
        return v3.publishWith().topic(p.topic()).qos(qos).retain(p.retain()).payload(p.payload()).send()
                .thenApply(r -> null);
    }

    /** Disconnects, stops reconnecting and ends the client's threads, waiting at most {@code timeout}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        disconnectQuietly();
        // reconnecting: the next attempt ends in the listeners above, which stop it
        while (state() != MqttClientState.DISCONNECTED && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        io.shutdown();
        callbacks.shutdown();
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            io.awaitTermination(left, TimeUnit.NANOSECONDS);
            callbacks.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
        callbacks.shutdownNow();
        RxSchedulers.release();
    }

    private void disconnectQuietly() {
        try {
            CompletableFuture<Void> f = v5 != null ? v5.disconnect() : v3.disconnect();
            f.exceptionally(e -> null);
        } catch (RuntimeException e) {
            // not connected
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Publishing was not attempted: the connection is down. Retried by the platform. */
    public static final class NotConnectedException extends RuntimeException {
        public NotConnectedException(String message) {
            super(message);
        }
    }
}
