package io.tributary.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration: defaults < properties file < environment < flags; unknown keys and bad values refused. */
class ConfigTest {
    @TempDir
    Path dir;

    private String[] withFile(String content, String... flags) throws Exception {
        Path file = dir.resolve("tributary.properties");
        Files.writeString(file, content);
        String[] args = new String[flags.length + 1];
        args[0] = "--config=" + file;
        System.arraycopy(flags, 0, args, 1, flags.length);
        return args;
    }

    @Test
    void defaultsApplyWhenNothingIsConfigured() throws Exception {
        TributaryConfig c = TributaryConfig.load(withFile(""), Map.of());
        assertThat(c.getInt(ConfigKey.MQTT_PORT)).isEqualTo(1883);
        assertThat(c.getInt(ConfigKey.MQTT_WS_PORT)).isEqualTo(8084);
        assertThat(c.getInt(ConfigKey.MQTT_MAX_PACKET_SIZE)).isEqualTo(256 * 1024);
        assertThat(c.getBoolean(ConfigKey.AUTH_ANONYMOUS)).isTrue();
        assertThat(c.nodeId()).as("node id defaults to the host name").isNotBlank();
    }

    @Test
    void fileOverridesDefaultsEnvironmentOverridesFileFlagsOverrideEnvironment() throws Exception {
        String file = "mqtt.port=1001\nmqtt.ws.port=2001\nmqtt.bind=10.0.0.1\nnode.id=from-file\n";
        Map<String, String> env = Map.of("TRIBUTARY_MQTT_WS_PORT", "2002", "TRIBUTARY_MQTT_BIND", "10.0.0.2",
                "TRIBUTARY_NODE_ID", "from-env", "PATH", "/usr/bin");
        TributaryConfig c = TributaryConfig.load(withFile(file, "--node.id=from-flag", "--mqtt.bind", "10.0.0.3"), env);
        assertThat(c.getInt(ConfigKey.MQTT_PORT)).as("file over default").isEqualTo(1001);
        assertThat(c.getInt(ConfigKey.MQTT_WS_PORT)).as("environment over file").isEqualTo(2002);
        assertThat(c.get(ConfigKey.MQTT_BIND)).as("flag (two-word form) over environment").isEqualTo("10.0.0.3");
        assertThat(c.nodeId()).as("flag over environment").isEqualTo("from-flag");
        assertThat(c.getInt(ConfigKey.SESSION_MAX_QUEUED)).as("untouched default").isEqualTo(1000);
    }

    @Test
    void environmentNamesFollowTheKeys() throws Exception {
        TributaryConfig c = TributaryConfig.load(withFile(""),
                Map.of("TRIBUTARY_MQTT_MAX_PACKET_SIZE", "1024", "TRIBUTARY_SESSION_MAX_QUEUED_MESSAGES", "7",
                        "TRIBUTARY_AUTH_ANONYMOUS", "false", "TRIBUTARY_AUTH_USERS", "a:b"));
        assertThat(c.getInt(ConfigKey.MQTT_MAX_PACKET_SIZE)).isEqualTo(1024);
        assertThat(c.getInt(ConfigKey.SESSION_MAX_QUEUED)).isEqualTo(7);
        assertThat(c.getBoolean(ConfigKey.AUTH_ANONYMOUS)).isFalse();
        assertThat(c.get(ConfigKey.AUTH_USERS)).isEqualTo("a:b");
    }

    @Test
    void nodeRolesDefaultToBothAndRefuseUnknownOrRepeatedRoles() throws Exception {
        assertThat(TributaryConfig.load(withFile(""), Map.of()).nodeRoles())
                .containsExactly(io.tributary.cluster.NodeRole.BROKER, io.tributary.cluster.NodeRole.EXECUTOR);
        assertThat(TributaryConfig.load(withFile("node.roles= Executor \n"), Map.of()).nodeRoles())
                .containsExactly(io.tributary.cluster.NodeRole.EXECUTOR);
        for (String bad : new String[] {"broker,router", "broker,broker", "", "broker,"}) {
            assertThatThrownBy(() -> TributaryConfig.load(withFile("node.roles=" + bad + "\n"), Map.of()))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("node.roles")
                    .hasMessageContaining("one or more of broker, executor");
        }
    }

    @Test
    void clusterKeysAreKeptApartForTheSharedLogProviderFromFileAndFlags() throws Exception {
        TributaryConfig c = TributaryConfig.load(withFile("cluster.log.servers = h:1\n", "--cluster.log.parts=4"),
                Map.of());
        assertThat(c.clusterSettings()).containsExactlyInAnyOrderEntriesOf(
                Map.of("cluster.log.servers", "h:1", "cluster.log.parts", "4"));
        assertThat(TributaryConfig.load(withFile(""), Map.of()).clusterSettings()).isEmpty();
        assertThatThrownBy(() -> TributaryConfig.load(withFile("clusters.log=1\n"), Map.of()))
                .hasMessageContaining("clusters.log");
    }

    @Test
    void unknownKeyInTheFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> TributaryConfig.load(withFile("mqtt.prot=1884\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown configuration key 'mqtt.prot'")
                .hasMessageContaining("mqtt.port"); // the known keys are listed
    }

    @Test
    void unknownFlagIsRefusedNamingIt() {
        assertThatThrownBy(() -> TributaryConfig.load(withFile("", "--mqtt.prot=1884"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'mqtt.prot'")
                .hasMessageContaining("command line");
    }

    @Test
    void unknownTributaryEnvironmentVariableIsRefusedNamingIt() {
        // a typo in a variable must not silently fall back to the default
        assertThatThrownBy(() -> TributaryConfig.load(withFile(""), Map.of("TRIBUTARY_MQTT_PROT", "1884")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TRIBUTARY_MQTT_PROT");
    }

    @Test
    void variablesOfTheLauncherAndTheLogConfigurationAreNotConfigurationKeys() throws Exception {
        TributaryConfig c = TributaryConfig.load(withFile(""),
                Map.of("TRIBUTARY_CDS", "off", "TRIBUTARY_LOG_LEVEL", "DEBUG", "TRIBUTARY_MQTT_PORT", "1884"));
        assertThat(c.getInt(ConfigKey.MQTT_PORT)).isEqualTo(1884);
    }

    @Test
    void unknownKeyGivenProgrammaticallyIsRefused() {
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("mqtt.prot", "1884")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'mqtt.prot'");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertBad("mqtt.port=70000", "mqtt.port");
        assertBad("mqtt.port=abc", "mqtt.port");
        assertBad("mqtt.ws.port=-2", "mqtt.ws.port");
        assertBad("mqtt.max-packet-size=0", "mqtt.max-packet-size");
        assertBad("mqtt.max-packet-size=300000000", "mqtt.max-packet-size"); // MQTT's limit is 268435455
        assertBad("mqtt.connect-timeout-seconds=-1", "mqtt.connect-timeout-seconds");
        assertBad("session.max-queued-messages=0", "session.max-queued-messages");
        assertBad("session.max-expiry-seconds=-5", "session.max-expiry-seconds");
        assertBad("session.max-expiry-seconds=4294967296", "session.max-expiry-seconds");
        assertBad("auth.anonymous=maybe", "auth.anonymous");
        assertBad("mqtt.ws.path=mqtt", "mqtt.ws.path");
        assertBad("mqtt.server-keep-alive=70000", "mqtt.server-keep-alive");
        assertBad("integration.max-inflight=0", "integration.max-inflight");
        assertBad("integration.stats-interval-seconds=0", "integration.stats-interval-seconds");
        assertBad("integration.max-messages=0", "integration.max-messages");
        assertBad("integration.retry-initial-ms=0", "integration.retry-initial-ms");
        assertBad("integration.durability=sometimes", "integration.durability");
        assertBad("mqtt.persistence=yes", "mqtt.persistence");
        assertBad("data.dir=", "data.dir");
    }

    @Test
    void theMessageNamesTheKeyAndWhatItAccepts() {
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("integration.max-inflight", "0")))
                .hasMessage("integration.max-inflight must be 1..100000, got 0");
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("integration.durability", "disk")))
                .hasMessage("integration.durability must be one of fsync, os, memory, got 'disk'");
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("mqtt.port", "x")))
                .hasMessage("mqtt.port must be a whole number (-1 (off), 0 (any free port), 1..65535), got 'x'");
    }

    @Test
    void keysThatBoundEachOtherAreCheckedTogether() {
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("integration.retry-initial-ms", "5000",
                "integration.retry-max-ms", "1000")))
                .hasMessageContaining("integration.retry-max-ms must be at least integration.retry-initial-ms");
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("integration.max-bytes", "1000")))
                .hasMessageContaining("integration.max-bytes must be at least 4 x mqtt.max-packet-size");
    }

    @Test
    void badValuesAreRefusedFromEveryOrigin() {
        assertThatThrownBy(() -> TributaryConfig.load(withFile("", "--mqtt.port=x"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.port");
        assertThatThrownBy(() -> TributaryConfig.load(withFile(""), Map.of("TRIBUTARY_MQTT_PORT", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.port");
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("mqtt.port", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.port");
    }

    @Test
    void aLaterOriginCanRepairABadEarlierValue() throws Exception {
        // validation is of the effective value: a bad file value overridden by a good flag is fine
        TributaryConfig c = TributaryConfig.load(withFile("mqtt.port=abc\n", "--mqtt.port=1999"), Map.of());
        assertThat(c.getInt(ConfigKey.MQTT_PORT)).isEqualTo(1999);
    }

    @Test
    void missingConfigFileNamedOnTheCommandLineIsRefused() {
        assertThatThrownBy(() -> TributaryConfig.load(new String[]{"--config=" + dir.resolve("nope.properties")},
                Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
    }

    @Test
    void malformedFlagsAreRefused() {
        assertThatThrownBy(() -> TributaryConfig.load(withFile("", "mqtt.port=1"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.port=1");
        assertThatThrownBy(() -> TributaryConfig.load(withFile("", "--mqtt.port"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a value");
    }

    private void assertBad(String line, String key) {
        assertThatThrownBy(() -> TributaryConfig.load(withFile(line + "\n"), Map.of()))
                .as(line).isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
