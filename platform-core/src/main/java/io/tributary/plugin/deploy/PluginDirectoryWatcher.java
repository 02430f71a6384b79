package io.tributary.plugin.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches the plugins directory on its own daemon thread: a {@link WatchService} wakes it as
 * soon as something changes, and it rescans every poll interval anyway (file systems such as
 * NFS or some container mounts deliver no events). Each scan goes through {@link SettledFiles},
 * so a file is handed on only once it has stopped changing.
 */
final class PluginDirectoryWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginDirectoryWatcher.class);

    private final Path dir;
    private final long pollMillis;
    private final long settleMillis;
    private final SettledFiles files;
    private final Consumer<SettledFiles.View> onChange;
    private final Thread thread;
    private volatile boolean running = true;
    private WatchService watchService;

    /**
     * @param dir          the plugins directory
     * @param pollMillis   longest time between two scans
     * @param settleMillis how long a file must stay unchanged (or missing) before it counts
     * @param onChange     receives every settled view; runs on the watcher thread
     */
    PluginDirectoryWatcher(Path dir, long pollMillis, long settleMillis, Consumer<SettledFiles.View> onChange) {
        this.dir = dir.toAbsolutePath().normalize();
        this.pollMillis = pollMillis;
        this.settleMillis = settleMillis;
        this.files = new SettledFiles(settleMillis);
        this.onChange = onChange;
        this.thread = new Thread(this::loop, "plugin-watcher");
        this.thread.setDaemon(true);
    }

    /** The archives directly in {@code dir} (not hidden, {@code .zip} or {@code .jar}) with their stamps. */
    static Map<Path, FileStamp> scan(Path dir) {
        Map<Path, FileStamp> found = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(PluginManagerService::isArchiveName)
                    .forEach(p -> FileStamp.of(p).ifPresent(s -> found.put(p.toAbsolutePath().normalize(), s)));
        } catch (IOException e) {
            log.warn("Cannot list plugins directory {}: {}", dir, e.toString());
        }
        return found;
    }

    /**
     * Starts watching. {@code initial} is the scan the caller already applied: those files count
     * as settled, so they are not loaded twice.
     */
    void start(Map<Path, FileStamp> initial) {
        files.observe(initial, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(settleMillis));
        try {
            watchService = FileSystems.getDefault().newWatchService();
            dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("Cannot watch {} for changes ({}); rescanning every {} ms instead", dir, e, pollMillis);
            watchService = null;
        }
        thread.start();
        log.info("Watching {} for plugin archives (rescan every {} ms)", dir, pollMillis);
    }

    private void loop() {
        boolean changing = false;
        while (running) {
            try {
                waitForChange(changing ? settleMillis : pollMillis);
                if (!running) {
                    return;
                }
                SettledFiles.View view = files.observe(scan(dir), System.nanoTime());
                changing = view.changing();
                onChange.accept(view);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException | LinkageError e) {
                // a plugin that breaks while loading must not end the watching
                log.error("Applying changes of {} failed", dir, e);
            }
        }
    }

    /** Returns after a file event (plus a short pause to gather its siblings) or after {@code timeoutMillis}. */
    private void waitForChange(long timeoutMillis) throws InterruptedException {
        if (watchService == null) {
            pause(timeoutMillis);
            return;
        }
        WatchKey key = watchService.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (key != null) {
            Thread.sleep(Math.min(settleMillis, 100));
            key.pollEvents();
            key.reset();
            for (WatchKey more; (more = watchService.poll()) != null; ) {
                more.pollEvents();
                more.reset();
            }
        }
    }

    /** Sleeps in short slices so that {@link #close()} need not interrupt (which would break file I/O in a load). */
    private void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running && System.nanoTime() < end) {
            Thread.sleep(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    /** Stops the thread and waits for a change being applied to finish. */
    @Override
    public void close() {
        running = false;
        try {
            if (watchService != null) {
                watchService.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
