package io.tributary;

import io.tributary.config.ConfigException;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.logging.LogFormat;
import io.tributary.platform.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Entry point: loads configuration, starts the {@link Platform}, stops it gracefully on SIGTERM/Ctrl-C. */
public final class Tributary {
    private static final Logger log = LoggerFactory.getLogger(Tributary.class);

    private Tributary() {
    }

    public static void main(String[] args) throws Exception {
        TributaryConfig config;
        try {
            config = TributaryConfig.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        String noFormat = LogFormat.apply(config.get(ConfigKey.LOG_FORMAT));
        if (noFormat != null) {
            log.warn(noFormat);
        }
        long started = System.nanoTime();
        Platform platform = new Platform(config);
        try {
            platform.start();
        } catch (Exception e) {
            log.error("Tributary could not start: {}", e.toString());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down");
            platform.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("Tributary node '{}' ready in {} ms", config.nodeId(), (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }
}
