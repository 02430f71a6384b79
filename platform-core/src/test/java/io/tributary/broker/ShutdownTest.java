package io.tributary.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Graceful shutdown: wills published, MQTT 5 clients told 0x8B, listener closed. */
class ShutdownTest {

    @Test
    void closePublishesWillsAndTellsV5ClientsTheServerIsShuttingDown() throws Exception {
        TestBroker broker = TestBroker.start();
        int port = broker.tcpPort();
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient watcher = hive(broker, "watcher")
                .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
                .buildBlocking();
        List<MqttClient> owners = new ArrayList<>();
        Set<String> wills = ConcurrentHashMap.newKeySet();
        watcher.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> wills.add(
                p.getTopic() + "=" + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        try {
            watcher.connect();
            watcher.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();

            // several will owners, so that some come before and some after the watcher in any order
            for (int i = 0; i < 5; i++) {
                MqttClient c = pahoV3(broker, "owner-" + i);
                MqttConnectOptions o = v3Options(true);
                o.setWill("will/owner-" + i, utf8("down"), 1, false);
                c.connect(o);
                owners.add(c);
            }
            // and one whose delayed will is pending when the broker stops
            org.eclipse.paho.mqttv5.client.MqttClient delayed = new org.eclipse.paho.mqttv5.client.MqttClient(
                    broker.tcpUri(), "delayed", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            org.eclipse.paho.mqttv5.client.MqttConnectionOptions o5 =
                    new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
            o5.setSessionExpiryInterval(600L);
            org.eclipse.paho.mqttv5.common.packet.MqttProperties wp =
                    new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
            wp.setWillDelayInterval(600L);
            o5.setWillMessageProperties(wp);
            o5.setWill("will/delayed", new org.eclipse.paho.mqttv5.common.MqttMessage(utf8("down"), 1, false, null));
            delayed.connect(o5);
            delayed.disconnectForcibly(0, 100, false);
            delayed.close(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().wills().pendingCount() == 1);

            broker.close();

            // every will arrives before the watcher's own DISCONNECT
            Throwable cause = disconnected.get(5, TimeUnit.SECONDS);
            // the client runs publish callbacks on another thread than its disconnect listener, so
            // the last ones may still be on their way; a will not sent before the DISCONNECT never comes
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(wills).containsExactlyInAnyOrder(
                    "will/owner-0=down", "will/owner-1=down", "will/owner-2=down", "will/owner-3=down",
                    "will/owner-4=down", "will/delayed=down"));

            assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
        } finally {
            owners.forEach(LifecycleClients::closeQuietly);
        }
        // no longer accepting connections
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void v3ClientsAreDisconnectedOnClose() throws Exception {
        TestBroker broker = TestBroker.start();
        MqttClient c = pahoV3(broker, "v3");
        Inbox inbox = new Inbox();
        c.setCallback(inbox);
        c.connect(v3Options(true));
        broker.close();
        assertThat(inbox.lostWithin(5000)).isTrue();
        closeQuietly(c);
    }
}
