package io.tributary.admin.check;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks an integration's configuration against its external system without saving it: the
 * same validation as a save (secrets of a stored integration resolved from the store), then the
 * plugin's {@code check} on a thread of its own, with the plugin's class loader as context loader,
 * within {@link #BUDGET}. Used by {@code POST /api/integrations/check} and the UI's "Check
 * connection" button.
 */
public final class ConnectionCheck implements AutoCloseable {
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
    private final ExecutorService threads;

    public ConnectionCheck(IntegrationService service, String nodeId) {
        this(service, nodeId, BUDGET);
    }

    ConnectionCheck(IntegrationService service, String nodeId, Duration budget) {
        this.service = service;
        this.nodeId = nodeId == null ? "tributary" : nodeId;
        this.budget = budget;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "connection-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        ClassLoader loader = valid.type().classLoader();
        Future<?> call = threads.submit(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                valid.type().plugin().check(input, output);
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
        try {
            call.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            steps.add(new Step("check", false, "No answer within " + budget.toSeconds() + " s"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            steps.add(new Step("check", false, "The plugin failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            steps.add(new Step("check", false, "Interrupted"));
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

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
