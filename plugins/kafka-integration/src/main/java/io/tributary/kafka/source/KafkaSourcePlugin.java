package io.tributary.kafka.source;

import io.tributary.kafka.connectivity.WatchTiming;
import io.tributary.plugin.api.Direction;
import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import org.pf4j.Extension;

/**
 * The {@code KAFKA_TO_MQTT} integration type: consumes Kafka topics and publishes every record into
 * the broker as an MQTT message, committing each offset only after the broker accepted the message.
 */
@Extension
public final class KafkaSourcePlugin implements IntegrationPlugin {
    public static final String TYPE = "KAFKA_TO_MQTT";

    private final WatchTiming watchTiming;

    public KafkaSourcePlugin() {
        this(WatchTiming.DEFAULT);
    }

    /** For tests: probe connectivity more often. */
    public KafkaSourcePlugin(WatchTiming watchTiming) {
        this.watchTiming = watchTiming;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "Kafka to MQTT";
    }

    @Override
    public String description() {
        return "Consumes Apache Kafka topics and publishes each record as an MQTT message; offsets are committed "
                + "only once the broker accepted the message, so nothing is lost across restarts.";
    }

    @Override
    public Direction direction() {
        return Direction.SOURCE;
    }

    @Override
    public ConfigSchema configSchema() {
        return SourceConfigSchema.schema();
    }

    @Override
    public void validate(ValidationInput input, ValidationOutput output) {
        SourceConfigValidator.validate(input.config(), "integration", input.metadata(), output);
    }

    @Override
    public void check(CheckInput input, CheckOutput output) {
        SourceCheck.run(input, output);
    }

    @Override
    public Integration create(CreateInput input) {
        return new KafkaSourceIntegration(SourceSettings.from(input.config()), watchTiming);
    }
}
