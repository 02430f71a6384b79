package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.tributary.broker.auth.MqttUsers;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * MQTT users managed at run time (as the admin does): passwords, disabled users, client id
 * patterns, takeover between users, revocation of live connections; with Paho and HiveMQ clients.
 */
class MqttUsersTest {
    private TestBroker broker;
    private MqttUsers users;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(Map.of("auth.anonymous", "false"));
        users = broker.broker().users();
        users.create("alice", "alice-password", null, null);
        users.create("bob", "bob-password", null, null);
    }

    @AfterEach
    void stop() {
        clients.forEach(LifecycleClients::closeQuietly);
        broker.close();
    }

    @Test
    void theRightPasswordConnectsAndAWrongOneIsRefused() throws Exception {
        assertThat(connectV3("alice", "alice-password", "a1")).isZero();
        assertThat(connectV3("alice", "bob-password", "a2")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(connectV3("nobody", "alice-password", "a3")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(connectV5("alice", "wrong-password", "a4")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connectV5("alice", "alice-password", "a5")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(users.view("alice").lastConnectTime()).as("last connect recorded").isPositive();
        assertThat(users.view("bob").lastConnectTime()).isZero();
    }

    @Test
    void withoutAnonymousAccessAClientWithoutCredentialsIsRefused() throws Exception {
        assertThat(connectV3(null, null, "anon")).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(connectV5(null, null, "anon5")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void aDisabledUserIsRefusedUntilEnabledAgain() throws Exception {
        users.update("alice", null, false, null);
        assertThat(connectV3("alice", "alice-password", "a1")).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(connectV5("alice", "alice-password", "a2")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(connectV3("alice", "wrong-password", "a3"))
                .as("a wrong password does not learn that the user is disabled")
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        users.update("alice", null, true, null);
        assertThat(connectV3("alice", "alice-password", "a4")).isZero();
    }

    @Test
    void aUserConnectsOnlyWithClientIdsMatchingItsPattern() throws Exception {
        users.update("alice", null, null, "%u-*");
        assertThat(connectV3("alice", "alice-password", "alice-sensor")).isZero();
        assertThat(connectV3("alice", "alice-password", "bob-sensor")).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(connectV5("alice", "alice-password", "alice")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void anotherUserCannotTakeOverAClientIdLiveOrStored() throws Exception {
        MqttClient alice = pahoV3(broker, "shared-id");
        clients.add(alice);
        MqttConnectOptions o = credentials(v3Options(false), "alice", "alice-password");
        alice.connect(o);
        assertThat(connectV3("bob", "bob-password", "shared-id")).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(connectV5("bob", "bob-password", "shared-id")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(alice.isConnected()).as("alice keeps her connection").isTrue();
        alice.publish("still/there", utf8("x"), 1, false);

        alice.disconnect();
        assertThat(broker.core().sessions().get("shared-id")).as("persistent session stored").isNotNull();
        assertThat(connectV3("bob", "bob-password", "shared-id")).as("nor her stored session")
                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        alice.connect(o);
        assertThat(alice.isConnected()).as("alice herself resumes it").isTrue();
    }

    @Test
    void disablingAUserClosesItsConnectionsWithNotAuthorized() throws Exception {
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        org.eclipse.paho.mqttv5.client.MqttClient c = new org.eclipse.paho.mqttv5.client.MqttClient(broker.tcpUri(),
                "alice-5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        c.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
                reason.complete(r.getReturnCode());
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setUserName("alice");
        o.setPassword(utf8("alice-password"));
        c.connect(o);
        try {
            users.update("alice", null, false, null);
            assertThat(reason.get(5, TimeUnit.SECONDS)).as("DISCONNECT reason: not authorized").isEqualTo(0x87);
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("alice-5") == null);
        } finally {
            c.close(true);
        }
    }

    @Test
    void deletingAUserClosesItsConnectionsAndEndsItsSessions() throws Exception {
        MqttClient live = pahoV3(broker, "alice-live");
        clients.add(live);
        LifecycleClients.Inbox inbox = new LifecycleClients.Inbox();
        live.setCallback(inbox);
        live.connect(credentials(v3Options(false), "alice", "alice-password"));
        MqttClient stored = pahoV3(broker, "alice-stored");
        clients.add(stored);
        stored.connect(credentials(v3Options(false), "alice", "alice-password"));
        stored.disconnect();
        assertThat(broker.core().sessions().get("alice-stored")).isNotNull();

        users.delete("alice");
        assertThat(inbox.lostWithin(5000)).as("live connection closed").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().sessions().get("alice-live") == null);
        assertThat(broker.core().sessions().get("alice-stored")).as("stored session ended").isNull();
        assertThat(connectV3("alice", "alice-password", "alice-again"))
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    @Test
    void aNewPasswordClosesConnectionsAndOnlyItWorksAfterwards() throws Exception {
        MqttClient live = pahoV3(broker, "alice-1");
        clients.add(live);
        LifecycleClients.Inbox inbox = new LifecycleClients.Inbox();
        live.setCallback(inbox);
        live.connect(credentials(v3Options(true), "alice", "alice-password"));
        users.update("alice", "another-password", null, null);
        assertThat(inbox.lostWithin(5000)).isTrue();
        assertThat(connectV3("alice", "alice-password", "alice-2")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(connectV3("alice", "another-password", "alice-3")).isZero();
    }

    @Test
    void passwordChecksDoNotStallOtherClients() throws Exception {
        MqttClient bystander = pahoV3(broker, "bystander");
        clients.add(bystander);
        LifecycleClients.Inbox inbox = new LifecycleClients.Inbox();
        bystander.setCallback(inbox);
        bystander.connect(credentials(v3Options(true), "bob", "bob-password"));
        bystander.subscribe("echo", 1);

        // a burst of CONNECTs with wrong passwords: each costs a slow hash, on the hashing pool
        List<MqttAsyncClient> flood = new ArrayList<>();
        List<CompletableFuture<Void>> refused = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            MqttAsyncClient c = new MqttAsyncClient(broker.tcpUri(), "flood-" + i, new MemoryPersistence());
            flood.add(c);
            CompletableFuture<Void> done = new CompletableFuture<>();
            refused.add(done);
            c.connect(credentials(v3Options(true), "alice", "guess-" + i), null,
                    new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                        @Override
                        public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken t) {
                            done.completeExceptionally(new AssertionError("a wrong password connected"));
                        }

                        @Override
                        public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken t, Throwable e) {
                            done.complete(null);
                        }
                    });
        }
        try {
            // meanwhile the connected client's round trips stay quick
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                bystander.publish("echo", utf8("n" + i), 1, false);
                assertThat(inbox.next(2000)).isEqualTo("echo=n" + i);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
            }
            CompletableFuture.allOf(refused.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            for (MqttAsyncClient c : flood) {
                try {
                    c.close(true);
                } catch (MqttException ignored) {
                    // refused clients are closed already
                }
            }
        }
    }

    @Test
    void aLegacySha256PasswordIsReplacedByPbkdf2AtFirstLogin() throws Exception {
        try (TestBroker legacy = TestBroker.start(Map.of("auth.anonymous", "false",
                "auth.users", "old:sha256:" + AuthTest.sha256Hex("old-password")))) {
            MqttUsers u = legacy.broker().users();
            assertThat(u.get("old").passwordHash()).startsWith("sha256:");
            MqttClient c = pahoV3(legacy, "old-1");
            c.connect(credentials(v3Options(true), "old", "old-password"));
            closeQuietly(c);
            await().atMost(Duration.ofSeconds(10)).until(() -> u.get("old").passwordHash().startsWith("pbkdf2-sha256$"));
            MqttClient again = pahoV3(legacy, "old-2");
            again.connect(credentials(v3Options(true), "old", "old-password"));
            assertThat(again.isConnected()).isTrue();
            closeQuietly(again);
        }
    }

    private static MqttConnectOptions credentials(MqttConnectOptions o, String user, String password) {
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        return o;
    }

    private int connectV3(String user, String password, String clientId) throws Exception {
        MqttClient c = pahoV3(broker, clientId);
        try {
            MqttConnectOptions o = v3Options(true);
            if (user != null) {
                credentials(o, user, password);
            }
            c.connect(o);
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            closeQuietly(c);
        }
    }

    private Mqtt5ConnAckReasonCode connectV5(String user, String password, String clientId) {
        var b = hive(broker, clientId);
        Mqtt5BlockingClient c = user == null ? b.buildBlocking()
                : b.simpleAuth().username(user).password(utf8(password)).applySimpleAuth().buildBlocking();
        try {
            return c.connect().getReasonCode();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        } finally {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        }
    }
}
