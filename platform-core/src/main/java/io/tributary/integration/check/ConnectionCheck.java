package io.tributary.integration.check;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.PluginCallException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks an integration's configuration against its external system without saving it: the
 * same validation as a save (secrets of a stored integration resolved from the store), then the
 * plugin's {@code check} through its isolated handle (a thread of its own, the plugin's class
 * loader) within {@link #BUDGET}. A plugin that throws or does not answer in time is one failed
 * step naming the plugin, never an error of the request. The web admin's
 * {@code POST /api/integrations/check} and "Check connection" button only adapt HTTP to this.
 */
public final class ConnectionCheck {
    /** Time the plugin has to answer. */
    public static final Duration BUDGET = Duration.ofSeconds(15);

    /** One step the plugin reported, in order. */
    public record Step(String name, boolean ok, String detail) {
    }

    /**
     * The answer: steps in order, and the record the sample message would become ({@code null}
     * when the plugin did not say).
     */
    public record Result(List<Step> steps, Map<String, Object> sampleRecord) {
        public boolean ok() {
            return !steps.isEmpty() && steps.stream().allMatch(Step::ok);
        }
    }

    /** The sample MQTT message to show the record of. */
    public record Sample(String topic, String payload) {
        public static final Sample DEFAULT = new Sample("tbmq/check", "{\"temperature\":25}");
    }

    private final IntegrationService service;
    private final String nodeId;
    private final Duration budget;

    public ConnectionCheck(IntegrationService service, String nodeId) {
        this(service, nodeId, BUDGET);
    }

    /** @param budget time the plugin has to answer (also told to it as {@link CheckInput#timeout()}) */
    public ConnectionCheck(IntegrationService service, String nodeId, Duration budget) {
        this.service = service;
        this.nodeId = nodeId == null ? "tributary" : nodeId;
        this.budget = budget;
    }

    /**
     * Validates {@code in} and runs the plugin's check.
     *
     * @throws io.tributary.integration.ValidationException with every problem, as a save would
     */
    public Result run(IntegrationDefinition in, Sample sample) {
        IntegrationService.Validated valid = service.validate(in);
        List<Step> steps = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Map<String, Object>> record = new AtomicReference<>();
        CheckInput input = input(valid, sample == null ? Sample.DEFAULT : sample);
        CheckOutput output = new CheckOutput() {
            @Override
            public void step(String name, boolean ok, String detail) {
                steps.add(new Step(name, ok, detail));
            }

            @Override
            public void sampleRecord(Map<String, Object> r) {
                record.set(r == null ? null : new LinkedHashMap<>(r));
            }
        };
        try {
            valid.type().check(input, output, budget);
        } catch (PluginCallException e) {
            steps.add(new Step("check", false, e.getMessage()));
        }
        synchronized (steps) {
            return new Result(List.copyOf(steps), record.get());
        }
    }

    private CheckInput input(IntegrationService.Validated valid, Sample sample) {
        IntegrationDefinition d = valid.definition();
        Config config = valid.config();
        Map<String, String> metadata = d.configuration().metadata() == null ? Map.of()
                : Map.copyOf(d.configuration().metadata());
        IntegrationMessage message = IntegrationMessage.builder()
                .topic(sample.topic() == null || sample.topic().isBlank() ? Sample.DEFAULT.topic() : sample.topic())
                .payload((sample.payload() == null ? "" : sample.payload()).getBytes(StandardCharsets.UTF_8))
                .qos(1).retain(false).clientId("tributary-check").receivedAt(System.currentTimeMillis())
                .brokerNodeId(nodeId).build();
        String name = d.name();
        return new CheckInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public String integrationName() {
                return name;
            }

            @Override
            public Map<String, String> metadata() {
                return metadata;
            }

            @Override
            public IntegrationMessage sampleMessage() {
                return message;
            }

            @Override
            public Duration timeout() {
                return budget;
            }
        };
    }
}
