package com.example.tributary.log;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import org.pf4j.Extension;

import java.util.List;
import java.util.TreeSet;

/**
 * The integration type {@value #TYPE}: logs every message it receives and counts them. The
 * starting point for a plugin of your own — rename it, keep the shape.
 *
 * <p>{@code @Extension} makes PF4J's annotation processor list this class in
 * {@code META-INF/extensions.idx}; that is how the platform finds it in the zip.
 */
@Extension
public class LogIntegrationPlugin implements IntegrationPlugin {
    /** The type id: stored with every integration of this type, so never change it once released. */
    static final String TYPE = "LOG";
    static final String FORMAT = "format";
    static final String PAYLOAD_LIMIT = "payloadLimit";
    static final String SUMMARY_SECONDS = "summarySeconds";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "Log";
    }

    @Override
    public String description() {
        return "Logs every message on the platform's log and counts them. A template for new plugins.";
    }

    /** The form the admin shows; the platform validates every save against it before {@link #validate}. */
    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder()
                .group("output", "Output")
                .string(FORMAT, f -> f.title("Line format").required()
                        .defaultValue("{clientId} -> {topic}: {payload}")
                        .description("Placeholders: {topic}, {payload}, {clientId}, {qos}, {retain}, {bytes}"))
                .integer(PAYLOAD_LIMIT, f -> f.title("Payload characters").defaultValue(256).min(0).max(65536)
                        .description("Characters of the payload shown; longer payloads are cut"))
                .advancedGroup("advanced", "Advanced")
                .integer(SUMMARY_SECONDS, f -> f.title("Summary every (s)").defaultValue(60).min(0).max(3600)
                        .description("Log the message count this often; 0 turns it off"))
                .build();
    }

    /** Rules the schema cannot express: here, that the format uses only known placeholders. */
    @Override
    public void validate(ValidationInput input, ValidationOutput output) {
        List<String> unknown = LineFormat.unknownPlaceholders(input.config().getString(FORMAT, ""));
        if (!unknown.isEmpty()) {
            output.error(FORMAT, "unknown placeholder " + String.join(", ", unknown) + "; use one of "
                    + new TreeSet<>(LineFormat.PLACEHOLDERS).stream().map(p -> "{" + p + "}").toList());
        }
    }

    /** Only builds the object; connecting (here: starting the summary timer) belongs in start. */
    @Override
    public Integration create(CreateInput input) {
        return new LogIntegration(input.config(), input.context());
    }
}
