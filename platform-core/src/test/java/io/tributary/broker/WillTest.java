package io.tributary.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Will messages: abnormal close, normal DISCONNECT, DISCONNECT 0x04, will delay interval. */
class WillTest {
    private TestBroker broker;
    private MqttClient watcher;
    private Inbox inbox;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
        watcher = pahoV3(broker, "watcher");
        inbox = new Inbox();
        watcher.setCallback(inbox);
        watcher.connect(v3Options(true));
        watcher.subscribe("will/#", 1);
    }

    @AfterEach
    void stop() {
        closeQuietly(watcher);
        broker.close();
    }

    @Test
    void willIsSentWhenTheConnectionDropsWithoutDisconnect() throws Exception {
        MqttClient c = pahoV3(broker, "dropper");
        MqttConnectOptions o = v3Options(true);
        o.setWill("will/dropper", utf8("offline"), 1, false);
        c.connect(o);
        c.disconnectForcibly(0, 100, false); // socket closed, no DISCONNECT packet
        assertThat(inbox.next(5000)).isEqualTo("will/dropper=offline");
        c.close(true);
    }

    @Test
    void willIsNotSentOnNormalDisconnect() throws Exception {
        MqttClient c = pahoV3(broker, "polite");
        MqttConnectOptions o = v3Options(true);
        o.setWill("will/polite", utf8("offline"), 1, false);
        c.connect(o);
        c.disconnect();
        c.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("polite") == null);
        // a marker published after the close is the first thing the watcher sees
        watcher.publish("will/marker", utf8("after"), 1, false);
        assertThat(inbox.next(5000)).isEqualTo("will/marker=after");
        assertThat(inbox.next(300)).isNull();
        assertThat(broker.core().wills().pendingCount()).isZero();
    }

    @Test
    void retainedWillReachesLaterSubscribers() throws Exception {
        MqttClient c = pahoV3(broker, "retainer");
        MqttConnectOptions o = v3Options(true);
        o.setWill("will/status/retainer", utf8("dead"), 1, true);
        c.connect(o);
        c.disconnectForcibly(0, 100, false);
        assertThat(inbox.next(5000)).isEqualTo("will/status/retainer=dead");
        c.close(true);

        MqttClient late = pahoV3(broker, "late");
        Inbox lateInbox = new Inbox();
        late.setCallback(lateInbox);
        late.connect(v3Options(true));
        late.subscribe("will/status/#", 1);
        assertThat(lateInbox.next(5000)).isEqualTo("will/status/retainer=dead");
        closeQuietly(late);
    }

    @Test
    void v5DisconnectWithWillMessageReasonSendsTheWill() throws Exception {
        Mqtt5BlockingClient c = hive(broker, "leaver").buildBlocking();
        c.connectWith().willPublish().topic("will/leaver").payload(utf8("bye")).qos(MqttQos.AT_LEAST_ONCE)
                .applyWillPublish().send();
        c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        assertThat(inbox.next(5000)).isEqualTo("will/leaver=bye");
    }

    @Test
    void v5NormalDisconnectDoesNotSendTheWill() throws Exception {
        Mqtt5BlockingClient c = hive(broker, "leaver5").buildBlocking();
        c.connectWith().willPublish().topic("will/leaver5").payload(utf8("bye")).qos(MqttQos.AT_LEAST_ONCE)
                .applyWillPublish().send();
        c.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("leaver5") == null);
        watcher.publish("will/marker", utf8("after"), 1, false);
        assertThat(inbox.next(5000)).isEqualTo("will/marker=after");
        assertThat(inbox.next(300)).isNull();
    }

    @Test
    void delayedWillIsPublishedAfterTheDelay() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient c = delayedWillClient("delayed", 2, 60);
        c.disconnectForcibly(0, 100, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().wills().pendingCount() == 1);
        assertThat(inbox.messages).as("not published before the delay").isEmpty();
        assertThat(inbox.next(5000)).isEqualTo("will/delayed=late");
        assertThat(broker.core().wills().pendingCount()).isZero();
        c.close(true);
    }

    @Test
    void delayedWillIsNotPublishedWhenTheClientReconnectsInTime() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient c = delayedWillClient("comeback", 3, 60);
        Mqtt5BlockingClient again = hive(broker, "comeback").buildBlocking(); // ready before the clock starts
        c.disconnectForcibly(0, 100, false);
        c.close(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().wills().pendingCount() == 1);

        again.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(broker.core().wills().pendingCount()).isZero();
        // more than the delay passes without the will
        assertThat(inbox.next(4000)).isNull();
        again.disconnect();
    }

    @Test
    void delayedWillIsPublishedWhenTheSessionExpiresFirst() throws Exception {
        // will delay 60 s, session expiry 1 s: the session ends first and takes the will with it
        org.eclipse.paho.mqttv5.client.MqttClient c = delayedWillClient("short-session", 60, 1);
        c.disconnectForcibly(0, 100, false);
        assertThat(inbox.next(5000)).isEqualTo("will/short-session=late");
        c.close(true);
    }

    @Test
    void delayedWillIsPublishedWhenACleanStartReconnectEndsTheSession() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient c = delayedWillClient("restarter", 60, 60);
        c.disconnectForcibly(0, 100, false);
        c.close(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().wills().pendingCount() == 1);

        Mqtt5BlockingClient again = hive(broker, "restarter").buildBlocking();
        again.connectWith().cleanStart(true).send();
        // the old session ended, so its will is due now rather than in 60 s
        assertThat(inbox.next(3000)).isEqualTo("will/restarter=late");
        again.disconnect();
    }

    @Test
    void takenOverConnectionsWillIsSent() throws Exception {
        MqttClient first = pahoV3(broker, "twin");
        MqttConnectOptions o = v3Options(true);
        o.setWill("will/twin", utf8("replaced"), 1, false);
        first.connect(o);
        MqttClient second = pahoV3(broker, "twin");
        second.connect(v3Options(true));
        assertThat(inbox.next(5000)).isEqualTo("will/twin=replaced");
        closeQuietly(first);
        closeQuietly(second);
    }

    private org.eclipse.paho.mqttv5.client.MqttClient delayedWillClient(String id, long willDelay, long expiry)
            throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient c = new org.eclipse.paho.mqttv5.client.MqttClient(
                broker.tcpUri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(expiry);
        MqttProperties willProps = new MqttProperties();
        willProps.setWillDelayInterval(willDelay);
        o.setWillMessageProperties(willProps);
        o.setWill("will/" + id, new org.eclipse.paho.mqttv5.common.MqttMessage(utf8("late"), 1, false, null));
        c.connect(o);
        return c;
    }
}
