package io.tributary.bench;

import io.tributary.bench.load.LoadResult;
import io.tributary.bench.report.Report;
import io.tributary.bench.scenario.Context;
import io.tributary.bench.scenario.MqttScenario;
import io.tributary.broker.MqttBroker;
import io.tributary.config.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness from rotting: a tiny fan-in (4 publishers, QoS 1, ~2 s) against an
 * in-process broker. Checks the output is sane, never how fast anything is.
 */
class HarnessSmokeTest {
    @TempDir
    Path out;

    @Test
    void tinyFanInProducesSaneResults() throws Exception {
        TributaryConfig config = TributaryConfig.of(Map.of("mqtt.port", "0", "mqtt.ws.port", "-1",
                "mqtt.bind", "127.0.0.1", "data.dir", out.resolve("data").toString()));
        try (MqttBroker broker = new MqttBroker(config).start()) {
            Context ctx = new Context(Path.of("..").toAbsolutePath().normalize(), out, null, System.out, "smoke");
            Options o = Options.parse(new String[]{"--broker", "127.0.0.1:" + broker.tcpPort(), "--publishers", "4",
                    "--qos", "1", "--payload", "64", "--rate", "400", "--warmup", "1", "--duration", "2",
                    "--name", "smoke"});

            Report report = MqttScenario.run(ctx, "fan-in", o);

            assertThat(report.results).hasSize(1);
            LoadResult r = report.results.get(0);
            assertThat(r.sent()).isGreaterThan(100);
            assertThat(r.receivedUnique()).isEqualTo(r.sent());
            assertThat(r.lost()).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.publishFailures()).isZero();
            assertThat(r.outPerSec()).isPositive();
            assertThat(r.p99Ms()).isPositive().isLessThanOrEqualTo(r.maxMs());
            // publish -> PUBACK at the publisher, for the messages of the measured window
            assertThat(r.ackCount()).isPositive().isLessThanOrEqualTo(r.sent());
            assertThat(r.ackP50Ms()).isPositive().isLessThanOrEqualTo(r.ackP99Ms());
            assertThat(r.ackP99Ms()).isLessThanOrEqualTo(r.ackMaxMs());
            assertThat(r.outSeries()).hasSizeGreaterThanOrEqualTo(3);
            Path json = out.resolve("smoke.json");
            assertThat(json).exists();
            var tree = tools.jackson.databind.json.JsonMapper.builder().build().readTree(Files.readString(json));
            assertThat(tree.path("scenario").asString()).isEqualTo("smoke");
            assertThat(tree.path("results").get(0).path("receivedUnique").asLong()).isEqualTo(r.sent());
            assertThat(out.resolve("smoke-latency.png")).exists();
            assertThat(out.resolve("smoke-throughput.png")).exists();
        }
    }

    @Test
    void durabilityModesParseAndBecomeTributaryFlags() {
        assertThat(Context.durabilityModes(Options.parse(new String[]{}))).isEmpty();
        assertThat(Context.durabilityModes(Options.parse(new String[]{"--durability", "all"})))
                .containsExactly("memory", "fsync", "os");
        assertThat(Context.durabilityModes(Options.parse(new String[]{"--durability", "os,fsync"})))
                .containsExactly("os", "fsync");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                Context.durabilityModes(Options.parse(new String[]{"--durability", "disk"})))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Context.durabilityModes(Options.parse(new String[]{
                "--durability", "fsync", "--tributary-args", "--integration.durability=os"})))
                .isInstanceOf(IllegalArgumentException.class);
        Context ctx = new Context(Path.of("..").toAbsolutePath().normalize(), out, null, System.out, "smoke");
        assertThat(ctx.tributaryArgs(Options.parse(new String[]{}), java.util.List.of("--a=1"), "os"))
                .containsExactly("--a=1", "--integration.durability=os");
        assertThat(ctx.tributaryArgs(Options.parse(new String[]{}), java.util.List.of(), "")).isEmpty();
        assertThat(Context.label("fsync")).isEqualTo("tributary-fsync");
        assertThat(Context.label("")).isEqualTo("tributary");
    }
}
