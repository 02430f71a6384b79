package io.tributary.plugin.testkit;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A plugin object made by the test, run without a zip: what a plugin's unit tests get from
 * {@link RunningIntegration#start(IntegrationPlugin, Map, KitContext)}, {@link KitContext},
 * {@link RecordedEvents} and {@link SampleMessages}.
 */
class InProcessIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Writes "name|node|prefix|topic" per message; fails permanently on topic "bad"; reports what it does. */
    static final class LinePlugin implements IntegrationPlugin {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public String type() {
            return "LINE";
        }

        @Override
        public String displayName() {
            return "Line";
        }

        @Override
        public String description() {
            return "Lines for the kit's own tests.";
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder()
                    .string("prefix", f -> f.defaultValue(">"))
                    .integer("limit", f -> f.defaultValue(10L).min(1).max(100))
                    .build();
        }

        @Override
        public void validate(ValidationInput input, ValidationOutput output) {
            if (input.config().getString("prefix").contains("|")) {
                output.error("prefix", "must not contain |");
            }
        }

        @Override
        public Integration create(CreateInput input) {
            String prefix = input.config().getString("prefix");
            IntegrationContext ctx = input.context();
            return new Integration() {
                private volatile boolean running;

                @Override
                public void start(StartInput in, StartOutput out) {
                    calls.add("start with loader " + (Thread.currentThread().getContextClassLoader()
                            == LinePlugin.class.getClassLoader()));
                    running = true;
                    ctx.events().connectivity(true, "ready for " + ctx.metadata().get("site"));
                }

                @Override
                public CompletionStage<Void> process(IntegrationMessage m) {
                    if (!running) {
                        return CompletableFuture.failedFuture(new IllegalStateException("not running"));
                    }
                    if (m.topic().equals("slow")) {
                        try {
                            Thread.sleep(500); // a blocking client call, e.g. waiting for metadata
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (m.topic().equals("bad")) {
                        ctx.events().error(m, "cannot write", new IllegalArgumentException("secret-free"));
                        return CompletableFuture.failedFuture(new PermanentFailure("no line for bad"));
                    }
                    lines.add(ctx.integrationName() + "|" + ctx.executorNodeId() + "|" + m.brokerNodeId() + "|"
                            + prefix + "|" + m.topic() + "|" + new String(m.payload(), StandardCharsets.UTF_8));
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void stop(StopInput in) {
                    calls.add("stop");
                    running = false;
                    ctx.events().connectivity(false, "stopped");
                }
            };
        }
    }

    @Test
    void runsAPluginObjectWithSchemaDefaultsAndTheGivenContext() {
        LinePlugin plugin = new LinePlugin();
        KitContext ctx = new KitContext("LINE", Map.of("site", "plant 1")).named("Line integration")
                .nodeIds("broker-a", "executor-b");
        try (RunningIntegration it = RunningIntegration.start(plugin, Map.of(), ctx)) {
            assertThat(it.context()).isSameAs(ctx);
            assertThat(it.deliver(SampleMessages.temperature("tbmq/line"), WAIT).succeeded()).isTrue();
            assertThat(it.events().lastConnectivity()).hasValueSatisfying(c -> assertThat(c.connected()).isTrue());
            assertThat(it.classLoader()).isSameAs(LinePlugin.class.getClassLoader());
        }
        assertThat(plugin.lines).containsExactly(
                "Line integration|executor-b|tbmq_node|>|tbmq/line|{\"temperature\":25}");
        assertThat(plugin.calls).containsExactly("start with loader true", "stop");
        assertThat(ctx.brokerNodeId()).isEqualTo("broker-a");
        assertThat(ctx.logger().getName()).isEqualTo("integration.Line_integration");
    }

    @Test
    void anInvalidConfigurationFailsBeforeStartBySchemaOrByValidate() {
        LinePlugin plugin = new LinePlugin();
        assertThatThrownBy(() -> RunningIntegration.start(plugin, Map.of("limit", 0)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("LINE: the configuration [limit] is not valid")
                .hasMessageContaining("field=limit");
        assertThatThrownBy(() -> RunningIntegration.start(plugin, Map.of("prefix", "a|b")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("must not contain |");
        assertThat(plugin.calls).isEmpty();
    }

    @Test
    void deliverFailsWithThePluginsFailureAndEventsReadAsAnOperatorWould() {
        try (RunningIntegration it = RunningIntegration.start(new LinePlugin(), Map.of("prefix", "#"))) {
            ProcessResult bad = it.processAndWait(SampleMessages.text("bad", "x"), WAIT);
            assertThat(bad.permanent()).isTrue();
            assertThatThrownBy(() -> it.deliver(SampleMessages.text("bad", "x"), WAIT))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no line for bad")
                    .hasCauseInstanceOf(PermanentFailure.class);

            assertThat(it.events().errors()).first().hasToString("bad: cannot write | "
                    + "java.lang.IllegalArgumentException: secret-free");
            assertThat(it.events().connectivity()).first().hasToString("connected: ready for null");
            assertThat(it.events().texts()).containsExactly("connected: ready for null",
                    "bad: cannot write | java.lang.IllegalArgumentException: secret-free",
                    "bad: cannot write | java.lang.IllegalArgumentException: secret-free");
        }
    }

    @Test
    void stopMayBeCalledTwiceAndCloseDoesNotStopAgain() throws Exception {
        LinePlugin plugin = new LinePlugin();
        RunningIntegration it = RunningIntegration.start(plugin, Map.of());
        it.stop();
        it.stop();
        assertThatThrownBy(() -> it.process(SampleMessages.text("t", "late")).get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        it.close();
        assertThat(plugin.calls).containsExactly("start with loader true", "stop", "stop");
        assertThat(it.events().lastConnectivity()).hasValueSatisfying(c -> assertThat(c).hasToString("disconnected: stopped"));
    }

    @Test
    void processMustReturnWithinTheCallLimitWhichATestMayRaise() {
        try (RunningIntegration it = RunningIntegration.start(new LinePlugin(), Map.of(),
                new KitContext("LINE", Map.of()), Duration.ofMillis(200))) {
            assertThatThrownBy(() -> it.process(SampleMessages.text("slow", "x")))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("process() did not return within 200 ms")
                    .hasMessageContaining("process() must return at once");
        }
        try (RunningIntegration it = RunningIntegration.start(new LinePlugin(), Map.of(),
                new KitContext("LINE", Map.of()), Duration.ofSeconds(5))) {
            assertThat(it.deliver(SampleMessages.text("slow", "x"), WAIT).succeeded()).isTrue();
        }
    }

    @Test
    void walkthroughMessagesCarryTheSeedsDeviceNodeAndTime() {
        IntegrationMessage m = SampleMessages.builder("tbmq/bin", new byte[]{1, 2}).qos(2).build();
        assertThat(m.clientId()).isEqualTo("tbmq_df52bNUQ");
        assertThat(m.brokerNodeId()).isEqualTo("tbmq_node");
        assertThat(m.receivedAt()).isEqualTo(1742554969254L);
        assertThat(m.qos()).isEqualTo(2);
        assertThat(m.retain()).isFalse();
        assertThat(m.userProperties()).isEmpty();
        assertThat(new String(SampleMessages.temperature("t").payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"temperature\":25}");
    }
}
