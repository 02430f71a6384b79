package io.tributary.admin;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import io.tributary.plugin.api.message.IntegrationMessage;

import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A plugin-api integration type written in the test: a schema with every kind of field that
 * matters to the API (required, default, secret, bounded integer, conditional, secret map keys)
 * and one cross-field rule in {@link #validate}.
 */
public final class TestPlugin implements IntegrationPlugin {
    public static final String TYPE = "TEST";

    private final String type;

    public TestPlugin() {
        this(TYPE);
    }

    /** A plugin of another type id, with the same schema. */
    public TestPlugin(String type) {
        this.type = type;
    }

    /** Thread context class loader seen by the last {@link #validate} call. */
    public volatile ClassLoader validateContextLoader;
    /** When set, {@link #validate} throws it (a broken plugin). */
    public volatile RuntimeException validateFailure;
    /** When true, {@link #validate} blocks until interrupted (a plugin that never answers). */
    public volatile boolean validateHangs;
    /** Thread context class loader seen by the last {@link #check} call. */
    public volatile ClassLoader checkContextLoader;
    /** Password the last {@link #check} received (secrets reach the plugin in clear). */
    public volatile String checkedPassword;
    /** When set, {@link #check} throws it (a broken plugin). */
    public volatile RuntimeException checkFailure;
    /** When true, {@link #check} blocks until interrupted (a plugin that never answers). */
    public volatile boolean checkHangs;

    @Override
    public String type() {
        return type;
    }

    @Override
    public String displayName() {
        return "Test";
    }

    @Override
    public String description() {
        return "Delivers nowhere; for tests.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder()
                .group("connection", "Connection")
                .string("bootstrapServers", f -> f.title("Bootstrap servers").required().placeholder("localhost:9092"))
                .string("topic", f -> f.title("Topic").defaultValue("tbmq.messages"))
                .secret("password", f -> f.title("Password"))
                .advancedGroup("advanced", "Advanced")
                .integer("batchSize", f -> f.title("Batch size").defaultValue(100L).min(1).max(1000))
                .bool("tls", f -> f.title("TLS").defaultValue(false))
                .string("truststore", f -> f.title("Trust store").visibleWhen("tls", true))
                .stringMap("properties", f -> f.title("Other properties").secretKeys("*password*"))
                .build();
    }

    @Override
    public void validate(ValidationInput input, ValidationOutput output) {
        validateContextLoader = Thread.currentThread().getContextClassLoader();
        if (validateFailure != null) {
            throw validateFailure;
        }
        if (validateHangs) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String servers = input.config().getString("bootstrapServers", null);
        if (servers != null && !servers.contains(":")) {
            output.error("bootstrapServers", "'" + servers + "' needs host:port");
        }
        if (input.config().getBoolean("tls", false) && !input.config().has("truststore")) {
            output.error("truststore", "a trust store is required when TLS is on");
        }
        if ("forbidden".equals(input.config().getString("topic"))) {
            output.error("topic", "topic 'forbidden' is reserved");
        }
    }

    /** Reports two steps and a sample record that echoes the sample message. */
    @Override
    public void check(CheckInput input, CheckOutput output) {
        checkContextLoader = Thread.currentThread().getContextClassLoader();
        checkedPassword = input.config().getString("password", null);
        if (checkFailure != null) {
            throw checkFailure;
        }
        if (checkHangs) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        output.step("bootstrap reachable", true, input.config().getString("bootstrapServers"));
        output.step("topic exists", !"missing".equals(input.config().getString("topic")),
                "topic " + input.config().getString("topic"));
        IntegrationMessage m = input.sampleMessage();
        output.sampleRecord(Map.of("topicName", m.topic(), "payload",
                Base64.getEncoder().encodeToString(m.payload()), "qos", m.qos(),
                "metadata", Map.of("integrationName", input.integrationName())));
    }

    @Override
    public Integration create(CreateInput input) {
        return new Integration() {
            @Override
            public void start(StartInput in, StartOutput out) {
            }

            @Override
            public CompletionStage<Void> process(IntegrationMessage message) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void stop(StopInput in) {
            }
        };
    }
}
