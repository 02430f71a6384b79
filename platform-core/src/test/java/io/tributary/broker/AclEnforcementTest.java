package io.tributary.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.acl.AclRule;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.MqttUsers;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ACL rules enforced on real clients: PUBLISH (MQTT 5 PUBACK 0x87; 3.1.1 acknowledged and
 * dropped), SUBSCRIBE per filter (0x87 / 0x80, the packet's other filters granted), wills,
 * retained messages, substitutions, and rule changes applied to existing subscriptions.
 * {@code admin} may do anything and watches what gets through.
 */
class AclEnforcementTest {
    private TestBroker broker;
    private MqttAcl acl;
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestClient watcher;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(Map.of("auth.anonymous", "false", "auth.acl.default", "deny"));
        MqttUsers users = broker.broker().users();
        users.create("admin", "admin-password", null, null);
        users.create("alice", "alice-password", null, null);
        acl = broker.broker().acl();
        rule("allow", "all", "admin", null, "#");
        rule("allow", "all", null, null, "open/#");
        watcher = hiveV5("admin", "watcher");
        watcher.subscribe("#", 1);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        broker.close();
    }

    @Test
    void mqtt5PublishToAForbiddenTopicGetsPubAck0x87AndGoesNowhere() throws Exception {
        Clients.HiveV5 alice = hiveV5("alice", "alice-5");
        assertThat(pubAck(alice, "closed/x")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(pubAck(alice, "open/x")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(nextTopicAtWatcher()).as("only the allowed message arrives").isEqualTo("open/x=x");
        assertThat(alice.client.getState().isConnected()).isTrue();
    }

    @Test
    void mqtt311PublishToAForbiddenTopicIsAcknowledgedAndDropped() throws Exception {
        // 3.1.1 has no negative PUBACK: the spec lets the server acknowledge and discard [MQTT-3.3.5-2]
        MqttClient alice = pahoV3("alice", "alice-3");
        alice.publish("closed/x", utf8("no"), 1, false);
        alice.publish("open/x", utf8("yes"), 1, false);
        assertThat(nextTopicAtWatcher()).isEqualTo("open/x=yes");
        assertThat(alice.isConnected()).isTrue();
    }

    @Test
    void mqtt5SubscribeRefusesOnlyTheForbiddenFilterOfAPacket() throws Exception {
        Clients.HiveV5 alice = hiveV5("alice", "alice-5");
        Mqtt5SubAck ack = subAck(alice, Mqtt5Subscribe.builder()
                .addSubscription().topicFilter("open/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("closed/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .build());
        assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        watcher.publish("closed/x", "secret", 1, false);
        watcher.publish("open/x", "hello", 1, false);
        assertThat(alice.take(1).get(0).topic()).isEqualTo("open/x");
        assertThat(alice.next(300)).isNull();
    }

    @Test
    void mqtt311SubscribeRefusesOnlyTheForbiddenFilterOfAPacket() throws Exception {
        MqttClient alice = pahoV3("alice", "alice-3");
        LifecycleClients.Inbox inbox = new LifecycleClients.Inbox();
        alice.setCallback(inbox);
        IMqttToken token = alice.subscribeWithResponse(new String[]{"open/#", "closed/#"}, new int[]{1, 1});
        assertThat(token.getGrantedQos()).containsExactly(1, 0x80);
        watcher.publish("closed/x", "secret", 1, false);
        watcher.publish("open/x", "hello", 1, false);
        assertThat(inbox.next(5000)).isEqualTo("open/x=hello");
        assertThat(inbox.next(300)).isNull();
    }

    @Test
    void aWillToAForbiddenTopicIsRefusedAtConnect() throws Exception {
        MqttClient c = LifecycleClients.pahoV3(broker, "alice-will");
        MqttConnectOptions o = credentials(v3Options(true), "alice", "alice-password");
        o.setWill("closed/will", utf8("gone"), 1, false);
        MqttException e = catchThrowableOfType(MqttException.class, () -> c.connect(o));
        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        closeQuietly(c);

        Mqtt5BlockingClient v5 = hive(broker, "alice-will-5").simpleAuth().username("alice")
                .password(utf8("alice-password")).applySimpleAuth().buildBlocking();
        Mqtt5ConnAckException refused = catchThrowableOfType(Mqtt5ConnAckException.class, () -> v5.connectWith()
                .willPublish().topic("closed/will").payload(utf8("gone")).applyWillPublish().send());
        assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(refused.getMqttMessage().getReasonString().map(Object::toString)).hasValueSatisfying(
                r -> assertThat(r).contains("will"));
    }

    @Test
    void aWillNoLongerAllowedWhenDueIsNotPublished() throws Exception {
        AclRule wills = rule("allow", "publish", "alice", null, "wills/%c");
        MqttClient control = connectWithWill("alice-control");
        control.disconnectForcibly(0, 100, false);
        assertThat(nextTopicAtWatcher()).as("allowed will published").isEqualTo("wills/alice-control=gone");
        control.close(true);

        MqttClient c = connectWithWill("alice-later");
        acl.delete(wills.id());
        c.disconnectForcibly(0, 100, false);
        watcher.publish("open/marker", "after", 1, false);
        assertThat(nextTopicAtWatcher()).as("the will was dropped").isEqualTo("open/marker=after");
        c.close(true);
    }

    @Test
    void aWildcardSubscriberGetsOnlyTheRetainedMessagesItMayRead() throws Exception {
        // first, so that it wins over "allow all open/#"
        acl.create(AclRule.parse("deny", "subscribe", "alice", null, "open/secret/#"), 0);
        watcher.publish("open/secret/key", "s3cr3t", 1, true);
        watcher.publish("open/status", "ok", 1, true);
        assertThat(watcher.take(2)).hasSize(2);

        Clients.HiveV5 alice = hiveV5("alice", "alice-5");
        Mqtt5SubAck ack = alice.client.subscribeWith().topicFilter("open/#").qos(MqttQos.AT_LEAST_ONCE).send();
        assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        Received retained = alice.take(1).get(0);
        assertThat(retained.topic()).isEqualTo("open/status");
        assertThat(retained.retain()).isTrue();
        // and live messages follow the same rule
        watcher.publish("open/secret/other", "no", 1, false);
        watcher.publish("open/news", "yes", 1, false);
        assertThat(alice.take(1).get(0).topic()).isEqualTo("open/news");
        assertThat(alice.next(300)).isNull();
    }

    @Test
    void userNameAndClientIdAreSubstitutedIntoRules() throws Exception {
        rule("allow", "all", null, null, "users/%u/#");
        rule("allow", "publish", null, null, "clients/%c/up");
        Clients.HiveV5 alice = hiveV5("alice", "alice-dev");
        Mqtt5SubAck ack = subAck(alice, Mqtt5Subscribe.builder()
                .addSubscription().topicFilter("users/alice/#").applySubscription()
                .addSubscription().topicFilter("users/admin/#").applySubscription()
                .addSubscription().topicFilter("users/+/inbox").applySubscription()
                .build());
        assertThat(ack.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(pubAck(alice, "clients/alice-dev/up")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(pubAck(alice, "clients/other/up")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(pubAck(alice, "users/alice/x")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(pubAck(alice, "users/admin/x")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void revokingASubscribePermissionStopsDeliveriesToExistingSubscriptions() throws Exception {
        AclRule news = rule("allow", "subscribe", "alice", null, "news/#");
        Clients.HiveV5 alice = hiveV5("alice", "alice-5");
        alice.subscribe("news/#", 1);
        watcher.publish("news/a", "1", 1, false);
        assertThat(alice.take(1).get(0).topic()).isEqualTo("news/a");

        acl.delete(news.id());
        assertThat(broker.core().sessions().get("alice-5").subscriptions()).isEmpty();
        watcher.publish("news/b", "2", 1, false);
        assertThat(alice.next(500)).as("no delivery after the rule is gone").isNull();
    }

    /** The PUBACK's reason code (the blocking HiveMQ client throws on error codes). */
    private static Mqtt5PubAckReasonCode pubAck(Clients.HiveV5 c, String topic) {
        try {
            Mqtt5PublishResult r = c.client.publishWith().topic(topic).payload(utf8("x"))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    /** The SUBACK, also when it holds error codes (the blocking HiveMQ client throws then). */
    private static Mqtt5SubAck subAck(Clients.HiveV5 c, Mqtt5Subscribe subscribe) {
        try {
            return c.client.subscribe(subscribe);
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage();
        }
    }

    private MqttClient connectWithWill(String clientId) throws MqttException {
        MqttClient c = LifecycleClients.pahoV3(broker, clientId);
        MqttConnectOptions o = credentials(v3Options(true), "alice", "alice-password");
        o.setWill("wills/" + clientId, utf8("gone"), 1, false);
        c.connect(o);
        return c;
    }

    private String nextTopicAtWatcher() throws InterruptedException {
        Received r = watcher.next(5000);
        return r == null ? null : r.topic() + "=" + r.text();
    }

    private AclRule rule(String effect, String action, String user, String clientId, String topic) {
        return acl.create(AclRule.parse(effect, action, user, clientId, topic), null);
    }

    private Clients.HiveV5 hiveV5(String user, String clientId) {
        Clients.HiveV5 c = new Clients.HiveV5(hive(broker, clientId).simpleAuth().username(user)
                .password(utf8(user + "-password")).applySimpleAuth().buildBlocking(), true);
        open.add(c);
        return c;
    }

    private MqttClient pahoV3(String user, String clientId) throws MqttException {
        MqttClient c = LifecycleClients.pahoV3(broker, clientId);
        c.connect(credentials(v3Options(true), user, user + "-password"));
        open.add(() -> closeQuietly(c));
        return c;
    }

    private static MqttConnectOptions credentials(MqttConnectOptions o, String user, String password) {
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        return o;
    }
}
