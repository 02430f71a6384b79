package io.tributary.plugin.host;

import io.tributary.integration.schema.ConfigSchemas;
import io.tributary.integration.schema.SchemaValidation;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.PermanentFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The standard test plugin behaves as its modes promise, so runtime tests can rely on it. */
class TestPluginModesTest {
    @TempDir
    static Path pluginsDir;
    private static PluginHost host;
    private static InstalledType type;

    @BeforeAll
    static void load() {
        TestPlugins.build(pluginsDir);
        host = new PluginHost(pluginsDir, "0.1.0");
        host.start();
        type = host.type(TestPlugins.TYPE).orElseThrow();
    }

    @AfterAll
    static void close() {
        host.close();
    }

    @AfterEach
    void reset() {
        TestPluginProbe.reset();
    }

    private final String id = UUID.randomUUID().toString();

    private IsolatedIntegration create(String mode) {
        SchemaValidation valid = ConfigSchemas.validate(type.schema(), TestPlugins.config(mode));
        assertThat(valid.errors()).isEmpty();
        return type.create(PluginHostTest.createInput(id, valid.config().asMap()));
    }

    private CompletableFuture<Void> process(IsolatedIntegration integration, String topic) {
        IntegrationMessage message = IntegrationMessage.builder().topic(topic).build();
        return integration.process(message).toCompletableFuture();
    }

    private List<String> start(IsolatedIntegration integration) {
        List<String> prevented = new ArrayList<>();
        integration.start(PluginHostTest.startInput(id), prevented::add);
        return prevented;
    }

    @Test
    void everyModeIsAnOptionAndTheDefaultsValidate() {
        assertThat(type.schema().field("mode").orElseThrow().options()).extracting(o -> o.value())
                .containsExactlyElementsOf(TestPlugins.MODES);
        assertThat(ConfigSchemas.validate(type.schema(), Map.of()).config().asMap())
                .containsEntry("mode", "ok").containsEntry("port", 1883L);
    }

    @Test
    void pluginValidateReportsItsCrossFieldRule() {
        var config = ConfigSchemas.validate(type.schema(), Map.of("mode", "slow", "delayMs", 0)).config();
        List<FieldError> errors = type.validate(config, Map.of(), Duration.ofSeconds(5));
        assertThat(errors).containsExactly(new FieldError("delayMs", "must be greater than 0 when mode is slow"));
    }

    @Test
    void okDeliversAndRecords() throws Exception {
        IsolatedIntegration integration = create("ok");
        assertThat(start(integration)).isEmpty();
        process(integration, "a").get(1, TimeUnit.SECONDS);
        assertThat(TestPluginProbe.messages(id)).extracting(IntegrationMessage::topic).containsExactly("a");
        assertThat(TestPluginProbe.lifecycle(id)).containsExactly("create", "start");
    }

    @Test
    void startFailuresAsRequested() throws Exception {
        assertThatThrownBy(() -> start(create("failStart"))).isInstanceOf(PluginCallException.class)
                .hasMessage("Plugin 'test-plugin' (type TEST): start() failed: IllegalStateException: requested by test")
                .hasRootCauseMessage("requested by test");
        assertThat(start(create("preventStart"))).containsExactly("requested by test");
    }

    @Test
    void processFailuresAsRequested() throws Exception {
        assertThatThrownBy(() -> process(create("failProcess"), "t").get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> process(create("throwProcess"), "t").get())
                .as("a throw is a failed stage with the plugin's exception").hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> process(create("permanentFailure"), "t").get())
                .hasCauseInstanceOf(PermanentFailure.class);
        CompletableFuture<Void> never = process(create("neverComplete"), "t");
        Thread.sleep(50);
        assertThat(never).isNotDone();
        assertThat(TestPluginProbe.messages(id)).isEmpty();
    }

    @Test
    void stallHoldsMessagesUntilRecovered() throws Exception {
        IsolatedIntegration integration = create("stall");
        CompletableFuture<Void> first = process(integration, "1");
        CompletableFuture<Void> second = process(integration, "2");
        assertThat(TestPluginProbe.stalled(id)).isEqualTo(2);
        assertThat(first).isNotDone();

        TestPluginProbe.setMode(id, "ok");

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        process(integration, "3").get(1, TimeUnit.SECONDS);
        assertThat(TestPluginProbe.messages(id)).extracting(IntegrationMessage::topic).containsExactly("1", "2", "3");
    }

    @Test
    void blockHoldsTheCallingThreadUntilTheModeChanges() throws Exception {
        IsolatedIntegration integration = create("block");
        CompletableFuture<CompletableFuture<Void>> call = CompletableFuture.supplyAsync(() -> {
            try {
                return process(integration, "b");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(call).isNotDone();

        TestPluginProbe.setMode(id, "ok");

        call.get(2, TimeUnit.SECONDS).get(1, TimeUnit.SECONDS);
        assertThat(TestPluginProbe.messages(id)).hasSize(1);
    }

    @Test
    void slowDeliversAfterTheDelay() throws Exception {
        SchemaValidation valid = ConfigSchemas.validate(type.schema(), Map.of("mode", "slow", "delayMs", "200"));
        IsolatedIntegration integration = type.create(PluginHostTest.createInput(id, valid.config().asMap()));
        CompletableFuture<Void> delivery = process(integration, "s");
        assertThat(delivery).isNotDone();
        await().atMost(Duration.ofSeconds(2)).until(delivery::isDone);
        assertThat(TestPluginProbe.messages(id)).hasSize(1);
    }

    @Test
    void callsWithoutThePluginContextLoaderAreNoted() {
        // the raw plugin, without the handle: what the handle exists to prevent
        Integration integration = type.plugin().create(PluginHostTest.createInput(id, Map.of("mode", "ok")));
        integration.process(IntegrationMessage.builder().topic("t").build());
        assertThat(TestPluginProbe.lifecycle(id))
                .contains("wrong-context-loader:create", "wrong-context-loader:process");
    }
}
