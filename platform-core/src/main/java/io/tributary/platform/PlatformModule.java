package io.tributary.platform;

import io.tributary.config.TributaryConfig;

/**
 * A part of the platform that lives in another module (the web admin) and starts with it.
 * Found with {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/io.tributary.platform.PlatformModule}.
 */
public interface PlatformModule extends AutoCloseable {
    /**
     * Warms up what does not need the platform (class loading, template engines, JSON mappers),
     * on a thread of its own while the platform starts; {@link #start} runs after it returns.
     * Failures are logged and ignored: whatever was not warmed up is loaded by {@code start}.
     */
    default void prepare(TributaryConfig config) {
    }

    /** Starts the module; {@code platform} is fully started (broker, storage, plugins, runtime). */
    void start(Platform platform) throws Exception;

    /** Stops the module; called before the platform stops. */
    @Override
    void close();
}
