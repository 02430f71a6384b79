package io.tributary.platform;

/**
 * A part of the platform that lives in another module (the web admin) and starts with it.
 * Found with {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/io.tributary.platform.PlatformModule}.
 */
public interface PlatformModule extends AutoCloseable {
    /** Starts the module; {@code platform} is fully started (broker, storage, plugins, runtime). */
    void start(Platform platform) throws Exception;

    /** Stops the module; called before the platform stops. */
    @Override
    void close();
}
