package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.tributary.config.ConfigException;
import io.tributary.config.TributaryConfig;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Authentication from configuration: anonymous on/off, plain and sha256 passwords, refusal codes. */
class AuthTest {

    static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(s)));
    }

    @Nested
    class WithCredentialsRequired {
        private TestBroker broker;

        @BeforeEach
        void start() throws Exception {
            broker = TestBroker.start(Map.of(
                    "auth.anonymous", "false",
                    "auth.users", "alice:secret, bob:sha256:" + sha256Hex("hunter2")));
        }

        @AfterEach
        void stop() {
            broker.close();
        }

        @Test
        void plainPasswordFromConfigurationIsAccepted() throws Exception {
            assertThat(connectV3("alice", "secret")).isZero();
        }

        @Test
        void sha256PasswordFromConfigurationIsAccepted() throws Exception {
            assertThat(connectV3("bob", "hunter2")).isZero();
        }

        @Test
        void theHashItselfIsNotAPassword() throws Exception {
            assertThat(connectV3("bob", "sha256:" + sha256Hex("hunter2")))
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        }

        @Test
        void wrongPasswordIsRefusedWithBadUserNameOrPasswordV311() throws Exception {
            assertThat(connectV3("alice", "wrong")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION); // 0x04
        }

        @Test
        void unknownUserIsRefusedWithBadUserNameOrPasswordV311() throws Exception {
            assertThat(connectV3("mallory", "secret")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        }

        @Test
        void noCredentialsIsRefusedWithNotAuthorizedV311() throws Exception {
            assertThat(connectV3(null, null)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED); // 0x05
        }

        @Test
        void wrongPasswordIsRefusedWith0x86V5() {
            Mqtt5BlockingClient c = hive(broker, "v5-bad").buildBlocking();
            Mqtt5ConnAckException e = catchThrowableOfType(Mqtt5ConnAckException.class, () -> c.connectWith()
                    .simpleAuth().username("alice").password(utf8("wrong")).applySimpleAuth().send());
            assertThat(e).isNotNull();
            assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(e.getMqttMessage().getReasonCode().getCode()).isEqualTo(0x86);
        }

        @Test
        void noCredentialsIsRefusedWith0x87V5() {
            Mqtt5BlockingClient c = hive(broker, "v5-anon").buildBlocking();
            Mqtt5ConnAckException e = catchThrowableOfType(Mqtt5ConnAckException.class, c::connect);
            assertThat(e).isNotNull();
            assertThat(e.getMqttMessage().getReasonCode().getCode()).isEqualTo(0x87);
        }

        @Test
        void rightCredentialsConnectV5() {
            Mqtt5BlockingClient c = hive(broker, "v5-good").buildBlocking();
            assertThat(c.connectWith().simpleAuth().username("bob").password(utf8("hunter2")).applySimpleAuth()
                    .send().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            c.disconnect();
        }

        private int connectV3(String user, String password) throws Exception {
            MqttClient c = pahoV3(broker, "v3-" + user);
            try {
                MqttConnectOptions o = v3Options(true);
                if (user != null) {
                    o.setUserName(user);
                }
                if (password != null) {
                    o.setPassword(password.toCharArray());
                }
                c.connect(o);
                return 0;
            } catch (MqttException e) {
                return e.getReasonCode();
            } finally {
                closeQuietly(c);
            }
        }
    }

    @Nested
    class Anonymous {
        @Test
        void anonymousClientsConnectByDefault() throws Exception {
            try (TestBroker broker = TestBroker.start()) {
                MqttClient c = pahoV3(broker, "anon");
                c.connect(v3Options(true));
                assertThat(c.isConnected()).isTrue();
                closeQuietly(c);
            }
        }

        @Test
        void withAnonymousOnAndNoUsersAnyUserNameIsAccepted() throws Exception {
            // devices often send a user name out of habit; with no users configured there is nothing to check
            try (TestBroker broker = TestBroker.start()) {
                MqttClient c = pahoV3(broker, "habit");
                MqttConnectOptions o = v3Options(true);
                o.setUserName("device-17");
                o.setPassword("whatever".toCharArray());
                c.connect(o);
                assertThat(c.isConnected()).isTrue();
                closeQuietly(c);
            }
        }

        @Test
        void withAnonymousOnAKnownUserWithTheWrongPasswordIsStillRefused() throws Exception {
            try (TestBroker broker = TestBroker.start(Map.of("auth.users", "alice:secret"))) {
                MqttClient c = pahoV3(broker, "liar");
                MqttConnectOptions o = v3Options(true);
                o.setUserName("alice");
                o.setPassword("wrong".toCharArray());
                MqttException e = catchThrowableOfType(MqttException.class, () -> c.connect(o));
                assertThat(e).isNotNull();
                assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
                closeQuietly(c);
            }
        }
    }

    @Test
    void malformedUsersEntryIsRefusedAtStart() {
        assertThatThrownBy(() -> new MqttBroker(TributaryConfig.of(Map.of("auth.users", "alice"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.users");
        assertThatThrownBy(() -> new MqttBroker(TributaryConfig.of(Map.of("auth.users", "bob:sha256:abc"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("64 hex digits");
    }
}
