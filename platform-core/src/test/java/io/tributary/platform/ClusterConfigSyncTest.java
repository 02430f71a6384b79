package io.tributary.platform;

import io.tributary.config.TributaryConfig;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.integration.IntegrationStatus;
import io.tributary.broker.acl.AclRule;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import io.tributary.storage.TestPostgres;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two platforms sharing one PostgreSQL database (own data dirs and ports, the same secret key), as
 * two nodes of a cluster: what an operator changes on node A (integrations, MQTT users, ACL rules)
 * is what node B runs and enforces a few seconds later, with the default sync interval.
 */
class ClusterConfigSyncTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    /** Given as storage.password (the test server trusts local connections, so it is not checked). */
    private static final String STORAGE_PASSWORD = "pg-password-never-logged";

    @TempDir
    Path dir;
    String url;
    String secretKey;
    final List<AutoCloseable> open = new ArrayList<>();
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Platform a;
    Platform b;

    @BeforeEach
    void twoNodes() throws Exception {
        logged.start();
        root().addAppender(logged);
        url = TestPostgres.get().newDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secretKey = Base64.getEncoder().encodeToString(key);
        a = node("a");
        b = node("b");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        root().detachAppender(logged);
        assertThat(logged.list).as("log lines").isNotEmpty()
                .noneMatch(e -> e.getFormattedMessage().contains(STORAGE_PASSWORD));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private Platform node(String name) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve(name + "/plugins"));
        TestPlugins.build(plugins);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("node.id", "node-" + name);
        c.put("data.dir", dir.resolve(name + "/data").toString());
        c.put("plugins.dir", plugins.toString());
        c.put("mqtt.bind", "127.0.0.1");
        c.put("mqtt.port", "0");
        c.put("mqtt.ws.port", "-1");
        c.put("admin.port", "-1");
        c.put("storage.url", url);
        c.put("storage.user", "postgres");
        c.put("storage.password", STORAGE_PASSWORD);
        c.put("secret.key", secretKey);
        c.put("auth.anonymous", "false");
        c.put("integration.durability", "os");
        Platform p = new Platform(TributaryConfig.of(c)).start();
        open.add(p);
        return p;
    }

    private static IntegrationDefinition definition(String name, boolean enabled, String filter) {
        Map<String, Object> client = new LinkedHashMap<>(TestPlugins.config("ok"));
        client.put("password", "cluster-s3cret-value");
        return new IntegrationDefinition(null, name, TestPlugins.TYPE, enabled,
                new Configuration(List.of(filter), client, Map.of()), new AdditionalInfo("made on node A"), 0);
    }

    @Test
    void anIntegrationCreatedChangedAndDeletedOnOneNodeFollowsOnTheOther() throws Exception {
        a.broker().users().create("device", "device-password-1", true, null);
        IntegrationDefinition created = a.integrations().create(definition("to-sink", true, "sensors/#"));
        String id = created.id();

        await().atMost(WITHIN).untilAsserted(() ->
                assertThat(b.runtime().status(id).status()).isEqualTo(IntegrationStatus.ACTIVE));
        MqttClient device = connect(b, "device", "device-password-1");
        device.publish("sensors/1", "from-b".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(TestPluginProbe.messages(id))
                .anySatisfy(m -> assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("from-b")));

        // the stored secret is encrypted in PostgreSQL too, and node B (same key) could open it to start
        String stored = a.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT configuration FROM integrations WHERE id = :id").bind("id", id).mapTo(String.class).one());
        assertThat(stored).doesNotContain("cluster-s3cret-value").contains("enc:v1:");

        a.integrations().disable(id);
        await().atMost(WITHIN).untilAsserted(() ->
                assertThat(b.runtime().status(id).status()).isEqualTo(IntegrationStatus.DISABLED));
        a.integrations().enable(id);
        await().atMost(WITHIN).untilAsserted(() ->
                assertThat(b.runtime().status(id).status()).isEqualTo(IntegrationStatus.ACTIVE));

        IntegrationDefinition moved = definition("to-sink", true, "moved/#");
        a.integrations().update(id, new IntegrationDefinition(id, moved.name(), moved.type(), true,
                moved.configuration(), moved.additionalInfo(), 0));
        await().atMost(WITHIN).untilAsserted(() -> {
            device.publish("moved/1", "after-update".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(TestPluginProbe.messages(id)).anySatisfy(m ->
                    assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("after-update"));
        });

        a.integrations().delete(id, true);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(b.runtime().ids()).doesNotContain(id));
        assertThat(b.integrations().list()).isEmpty();
        device.disconnect();
        device.close();
    }

    @Test
    void aPasswordChangedAndAnAclRuleAddedOnOneNodeAreEnforcedByTheOther() throws Exception {
        a.broker().users().create("alice", "alice-password-1", true, null);
        MqttClient first = await().atMost(WITHIN).ignoreExceptions()
                .until(() -> connect(b, "alice", "alice-password-1"), c -> c.isConnected());

        a.broker().users().update("alice", "alice-password-2", null, null);
        await().atMost(WITHIN).untilAsserted(() ->
                assertThat(first.isConnected()).as("node B closed the connection made with the old password").isFalse());
        MqttException refused = catchThrowableOfType(MqttException.class, () -> connect(b, "alice", "alice-password-1"));
        assertThat(refused.getReasonCode()).isIn((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                (int) MqttException.REASON_CODE_NOT_AUTHORIZED);
        MqttClient alice = connect(b, "alice", "alice-password-2");

        IMqttToken before = alice.subscribeWithResponse(new String[]{"vault/#"}, new int[]{1});
        assertThat(before.getGrantedQos()).containsExactly(1);
        a.broker().acl().create(AclRule.parse("deny", "subscribe", "alice", null, "vault/#"), 0);
        await().atMost(WITHIN).untilAsserted(() -> {
            IMqttToken after = alice.subscribeWithResponse(new String[]{"vault/#"}, new int[]{1});
            assertThat(after.getGrantedQos()).as("node B refuses the filter the new rule denies")
                    .containsExactly(0x80);
        });
        alice.disconnect();
        alice.close();
        first.close();
    }

    private MqttClient connect(Platform node, String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + node.broker().tcpPort(), user + "-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        open.add(() -> {
            if (c.isConnected()) {
                c.disconnectForcibly(100);
            }
        });
        return c;
    }
}
