package io.tributary.http;

import io.tributary.http.check.EndpointCheck;
import io.tributary.http.config.HttpConfigSchema;
import io.tributary.http.config.HttpConfigValidator;
import io.tributary.http.config.HttpSettings;
import io.tributary.http.delivery.HttpIntegration;
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
 * The {@code HTTP} integration type: sends each MQTT message to an HTTP endpoint (POST or PUT),
 * as the JSON record or as the raw payload, with the JDK's HTTP client.
 */
@Extension
public final class HttpIntegrationPlugin implements IntegrationPlugin {
    public static final String TYPE = "HTTP";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "HTTP";
    }

    @Override
    public String description() {
        return "Sends each MQTT message to an HTTP endpoint (POST or PUT), as a JSON document with the message's "
                + "metadata or as the raw payload.";
    }

    @Override
    public ConfigSchema configSchema() {
        return HttpConfigSchema.schema();
    }

    @Override
    public void validate(ValidationInput input, ValidationOutput output) {
        HttpConfigValidator.validate(input.config(), input.metadata(), output);
    }

    @Override
    public void check(CheckInput input, CheckOutput output) {
        EndpointCheck.run(input, output);
    }

    @Override
    public Integration create(CreateInput input) {
        return new HttpIntegration(HttpSettings.from(input.config()));
    }
}
