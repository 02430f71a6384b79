package io.tributary.plugin.host;

import io.tributary.plugin.api.Direction;
import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The isolated handle: the plugin's loader around every call, time limits, errors that name the plugin. */
class InstalledTypeTest {
    private final ClassLoader pluginLoader = new URLClassLoader("plugin", new URL[0], getClass().getClassLoader());
    private final Scripted plugin = new Scripted();
    private final InstalledType type = InstalledType.of(plugin, "scripted-plugin", "1.2.3", pluginLoader);

    @Test
    void readsTheTypeOnce() {
        assertThat(type.type()).isEqualTo("SCRIPTED");
        assertThat(type.displayName()).isEqualTo("SCRIPTED");
        assertThat(type.version()).as("the plugin's version when the type gives none").isEqualTo("1.2.3");
        assertThat(type.pluginId()).isEqualTo("scripted-plugin");
        assertThat(type.direction()).as("the interface's default").isEqualTo(Direction.SINK);
        assertThat(type.isSource()).isFalse();
    }

    @Test
    void aSourceTypeSaysSoAtLoad() {
        Scripted source = new Scripted() {
            @Override
            public Direction direction() {
                return Direction.SOURCE;
            }
        };
        InstalledType sourceType = InstalledType.of(source, "source-plugin", "1.0.0", pluginLoader);
        assertThat(sourceType.direction()).isEqualTo(Direction.SOURCE);
        assertThat(sourceType.isSource()).isTrue();
    }

    @Test
    void everyCallRunsWithThePluginsLoaderAndRestoresTheCallersOwn() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        type.validate(new Config(Map.of()), Map.of());
        type.validate(new Config(Map.of()), Map.of(), Duration.ofSeconds(5));
        type.check(checkInput(), checkOutput());
        type.check(checkInput(), checkOutput(), Duration.ofSeconds(5));
        IsolatedIntegration integration = type.create(createInput());
        integration.start(startInput(), startOutput(), Duration.ofSeconds(5));
        integration.process(IntegrationMessage.builder().topic("t").build()).toCompletableFuture().get();
        integration.stop(stopInput(), Duration.ofSeconds(5));

        assertThat(plugin.seen).hasSize(8).allSatisfy(l -> assertThat(l).isSameAs(pluginLoader));
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void whatThePluginThrowsBecomesAnErrorNamingThePluginWithItsCause() {
        plugin.failure = new IllegalStateException("boom");
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        assertThatThrownBy(() -> type.validate(new Config(Map.of()), Map.of(), Duration.ofSeconds(5)))
                .isInstanceOf(PluginCallException.class)
                .hasMessage("Plugin 'scripted-plugin' (type SCRIPTED): validate() failed: IllegalStateException: boom")
                .hasCause(plugin.failure);
        assertThatThrownBy(() -> type.check(checkInput(), checkOutput(), Duration.ofSeconds(5)))
                .hasMessage("Plugin 'scripted-plugin' (type SCRIPTED): check() failed: IllegalStateException: boom");
        assertThatThrownBy(() -> type.create(createInput()))
                .isInstanceOf(PluginCallException.class)
                .hasMessage("Plugin 'scripted-plugin' (type SCRIPTED): create() failed: IllegalStateException: boom")
                .satisfies(e -> assertThat(((PluginCallException) e).problem())
                        .isEqualTo("create() failed: IllegalStateException: boom"));
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void createReturningNothingIsAnError() {
        plugin.createNothing = true;
        assertThatThrownBy(() -> type.create(createInput()))
                .hasMessage("Plugin 'scripted-plugin' (type SCRIPTED): create() returned no integration");
    }

    @Test
    void aHangingValidateIsCutOffAndOtherCallsStillAnswer() throws Exception {
        plugin.hang = new CountDownLatch(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> type.validate(new Config(Map.of()), Map.of(), Duration.ofMillis(300)))
                .isInstanceOf(PluginCallException.class)
                .hasMessage("Plugin 'scripted-plugin' (type SCRIPTED): validate() did not return within 300 ms")
                .satisfies(e -> assertThat(((PluginCallException) e).timedOut()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

        plugin.hang = null; // the first call is still stuck on its thread; a new one gets a fresh thread
        assertThat(type.validate(new Config(Map.of("ok", true)), Map.of(), Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void processNeverThrowsAFailureIsAFailedStageWithThePluginsOwnException() {
        IsolatedIntegration integration = type.create(createInput());
        plugin.failure = new IllegalStateException("down");
        CompletableFuture<Void> failed = integration.process(IntegrationMessage.builder().topic("t").build())
                .toCompletableFuture();
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCause(plugin.failure);

        plugin.failure = null;
        plugin.nullStage = true;
        assertThatThrownBy(() -> integration.process(IntegrationMessage.builder().topic("t").build())
                .toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PluginCallException.class).hasMessageContaining("process() returned null");
    }

    private static CreateInput createInput() {
        return new CreateInput() {
            @Override
            public Config config() {
                return new Config(Map.of());
            }

            @Override
            public io.tributary.plugin.api.runtime.IntegrationContext context() {
                return null;
            }
        };
    }

    private static StartInput startInput() {
        return () -> null;
    }

    private static StartOutput startOutput() {
        return reason -> { };
    }

    private static StopInput stopInput() {
        return () -> Duration.ofSeconds(1);
    }

    private static CheckInput checkInput() {
        return new CheckInput() {
            @Override
            public Config config() {
                return new Config(Map.of());
            }

            @Override
            public String integrationName() {
                return "n";
            }

            @Override
            public Map<String, String> metadata() {
                return Map.of();
            }

            @Override
            public IntegrationMessage sampleMessage() {
                return IntegrationMessage.builder().topic("t").build();
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }
        };
    }

    private static CheckOutput checkOutput() {
        return new CheckOutput() {
            @Override
            public void step(String name, boolean ok, String detail) {
            }

            @Override
            public void sampleRecord(Map<String, Object> record) {
            }
        };
    }

    /** A plugin written in the test whose every call records the context loader it ran with. */
    static class Scripted implements IntegrationPlugin {
        final List<ClassLoader> seen = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;
        volatile CountDownLatch hang;
        volatile boolean createNothing;
        volatile boolean nullStage;

        private void call() {
            seen.add(Thread.currentThread().getContextClassLoader());
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public String type() {
            return "SCRIPTED";
        }

        @Override
        public String displayName() {
            return null;
        }

        @Override
        public String description() {
            return null;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().build();
        }

        @Override
        public void validate(ValidationInput input, ValidationOutput output) {
            call();
            CountDownLatch latch = hang;
            if (latch != null) {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void check(CheckInput input, CheckOutput output) {
            call();
        }

        @Override
        public Integration create(CreateInput input) {
            call();
            if (createNothing) {
                return null;
            }
            return new Integration() {
                @Override
                public void start(StartInput in, StartOutput out) {
                    call();
                }

                @Override
                public CompletionStage<Void> process(IntegrationMessage message) {
                    call();
                    return nullStage ? null : CompletableFuture.completedFuture(null);
                }

                @Override
                public void stop(StopInput in) {
                    call();
                }
            };
        }
    }
}
