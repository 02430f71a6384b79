package io.tributary.mqtt.bridge;

import io.tributary.broker.TestBroker;
import io.tributary.mqtt.TestConfigs;
import io.tributary.mqtt.config.MqttSettings;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.testkit.KitContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.tributary.mqtt.config.MqttConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a running bridge answers the platform for each message, against a real Tributary broker:
 * acknowledged, permanently failed (dead letter) or failed to be retried.
 */
class MqttBridgeIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestBroker remote;
    private MqttBridgeIntegration bridge;
    private final KitContext context = new KitContext("MQTT", Map.of());

    @BeforeEach
    void start() throws Exception {
        remote = TestBroker.start();
        MqttSettings settings = MqttSettings.from(TestConfigs.config(HOST, "127.0.0.1", PORT, remote.tcpPort(),
                TOPIC_NAME, "devices/${payload.deviceId}", RECONNECT_INITIAL_MS, 50));
        bridge = new MqttBridgeIntegration(settings);
        String[] prevented = new String[1];
        StartOutput out = reason -> prevented[0] = reason;
        bridge.start(() -> context, out);
        assertThat(prevented[0]).isNull();
    }

    @AfterEach
    void stop() {
        bridge.stop(() -> Duration.ofSeconds(5));
        if (remote != null) {
            remote.close();
        }
    }

    private static IntegrationMessage message(String payload) {
        return IntegrationMessage.builder().topic("in/x").payload(payload.getBytes(StandardCharsets.UTF_8)).qos(1)
                .clientId("device-7").build();
    }

    private Throwable failureOf(IntegrationMessage m) throws Exception {
        CompletableFuture<Void> f = bridge.process(m).toCompletableFuture();
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aMessageTheRemoteBrokerAcknowledgedCompletes() throws Exception {
        assertThat(failureOf(message("{\"deviceId\":\"d-1\"}"))).isNull();
        assertThat(context.recorded().connectivity()).extracting(c -> c.connected()).containsExactly(true);
    }

    @Test
    void aMessageWhoseTopicCannotBeRenderedIsAPermanentFailure() throws Exception {
        assertThat(failureOf(message("not json"))).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("topic template 'devices/${payload.deviceId}'");
        assertThat(failureOf(message("{\"deviceId\":\"a/#\"}"))).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("wildcard");
    }

    @Test
    void whileTheRemoteBrokerIsDownMessagesFailToBeRetriedAndTheOutageIsReported() throws Exception {
        int port = remote.tcpPort();
        remote.close();
        remote = null;
        await().atMost(WAIT).until(() -> context.recorded().connectivity().size() == 2);
        assertThat(failureOf(message("{\"deviceId\":\"d-1\"}"))).isNotNull().isNotInstanceOf(PermanentFailure.class)
                .hasMessageContaining("not connected to the remote broker 127.0.0.1:" + port);
        assertThat(failureOf(message("{\"deviceId\":\"d-2\"}"))).isNotInstanceOf(PermanentFailure.class);
        assertThat(context.recorded().connectivity()).extracting(c -> c.connected()).containsExactly(true, false);
        assertThat(context.recorded().errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("remote broker tcp://127.0.0.1:" + port));
    }
}
