package io.tributary.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;

/** Client-id takeover and zero-length client ids. */
class TakeoverTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void secondConnectionWithTheSameIdClosesTheFirstV311() throws Exception {
        MqttClient first = pahoV3(broker, "same");
        MqttClient second = pahoV3(broker, "same");
        try {
            Inbox firstInbox = new Inbox();
            first.setCallback(firstInbox);
            first.connect(v3Options(true));
            Inbox secondInbox = new Inbox();
            second.setCallback(secondInbox);
            second.connect(v3Options(true));

            assertThat(firstInbox.lostWithin(5000)).as("older connection closed").isTrue();
            assertThat(second.isConnected()).isTrue();
            second.subscribe("take/#", 1);
            second.publish("take/x", utf8("still here"), 1, false);
            assertThat(secondInbox.next(5000)).isEqualTo("take/x=still here");
            assertThat(broker.core().connections()).hasSize(1);
        } finally {
            closeQuietly(first);
            closeQuietly(second);
        }
    }

    @Test
    void olderV5ConnectionIsToldSessionTakenOver() throws Exception {
        CompletableFuture<Throwable> firstCause = new CompletableFuture<>();
        Mqtt5BlockingClient first = hive(broker, "same5")
                .addDisconnectedListener(ctx -> firstCause.complete(ctx.getCause()))
                .buildBlocking();
        Mqtt5BlockingClient second = hive(broker, "same5").buildBlocking();
        first.connect();
        second.connect();
        try {
            Throwable cause = firstCause.get(5, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
            assertThat(second.getState().isConnected()).isTrue();
        } finally {
            second.disconnect();
        }
    }

    @Test
    void takeoverOfAPersistentSessionKeepsItsSubscriptions() throws Exception {
        Mqtt5BlockingClient first = hive(broker, "keeper").buildBlocking();
        first.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        first.subscribeWith().topicFilter("keep/#").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient second = hive(broker, "keeper").buildBlocking();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = second.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck ack = second.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
            assertThat(ack.isSessionPresent()).isTrue();
            second.publishWith().topic("keep/a").payload(utf8("mine")).qos(MqttQos.AT_LEAST_ONCE).send();
            Optional<Mqtt5Publish> got = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("mine");
        } finally {
            second.disconnect();
        }
    }

    @Test
    void takeoverOfACleanSessionDoesNotHandItsStateToAPersistentOne() throws Exception {
        // a clean session lives only as long as its connection: taking the id over ends it
        MqttClient first = pahoV3(broker, "cleanfirst");
        MqttClient second = pahoV3(broker, "cleanfirst");
        try {
            first.connect(v3Options(true));
            first.subscribe("clean/#", 1);
            assertThat(second.connectWithResult(v3Options(false)).getSessionPresent()).isFalse();
            assertThat(broker.core().sessions().get("cleanfirst").subscriptions()).isEmpty();
        } finally {
            closeQuietly(first);
            closeQuietly(second);
        }
    }

    @Test
    void zeroLengthClientIdGetsAnAssignedIdInV5() throws Exception {
        Mqtt5BlockingClient c = hive(broker, null).buildBlocking();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
            // a persistent session request with no id is fine in 5.0: the server assigns one
            Mqtt5ConnAck ack = c.connectWith().cleanStart(false).sessionExpiryInterval(30).send();
            assertThat(ack.getAssignedClientIdentifier()).isPresent();
            String assigned = ack.getAssignedClientIdentifier().get().toString();
            assertThat(assigned).isNotEmpty();
            assertThat(broker.core().connection(assigned)).isNotNull();

            c.subscribeWith().topicFilter("assigned/#").qos(MqttQos.AT_LEAST_ONCE).send();
            c.publishWith().topic("assigned/x").payload(utf8("ok")).qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(publishes.receive(5, TimeUnit.SECONDS)).isPresent();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void twoZeroLengthIdV5ClientsGetDistinctIdsAndDoNotTakeEachOtherOver() throws Exception {
        Mqtt5BlockingClient a = hive(broker, null).buildBlocking();
        Mqtt5BlockingClient b = hive(broker, null).buildBlocking();
        String idA = a.connect().getAssignedClientIdentifier().orElseThrow().toString();
        String idB = b.connect().getAssignedClientIdentifier().orElseThrow().toString();
        try {
            assertThat(idA).isNotEqualTo(idB);
            assertThat(a.getState().isConnected()).isTrue();
            assertThat(b.getState().isConnected()).isTrue();
            assertThat(broker.core().connections()).hasSize(2);
        } finally {
            a.disconnect();
            b.disconnect();
        }
    }
}
