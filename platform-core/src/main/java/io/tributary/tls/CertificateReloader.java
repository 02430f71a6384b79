package io.tributary.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches key and certificate files by content and applies them again when they change, so that a
 * renewed certificate is used without a restart. A change that cannot be used (a broken file, a key
 * that does not match its certificate, half of a pair replaced) keeps the previous certificate and
 * logs one error per distinct content.
 */
public final class CertificateReloader {
    private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

    private final String what;
    private final List<Path> files;
    private final Supplier<String> reload;
    private byte[] seen;

    /**
     * @param what   the server, for logs ("MQTT TLS", "Admin HTTPS")
     * @param files  the files to watch
     * @param reload reads the files and puts them in use; returns a description for the log, throws when
     *               they cannot be used
     */
    public CertificateReloader(String what, List<Path> files, Supplier<String> reload) {
        this.what = what;
        this.files = List.copyOf(files);
        this.reload = reload;
        // taken before the first load by the caller's reload, so a change in between is caught later
        this.seen = fingerprint();
    }

    /** Checks every {@code seconds} on {@code scheduler}; 0 turns checking off. */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, long seconds) {
        if (seconds <= 0) {
            return null;
        }
        return scheduler.scheduleWithFixedDelay(this::checkQuietly, seconds, seconds, TimeUnit.SECONDS);
    }

    /**
     * Reloads when the files changed since the last check.
     *
     * @return whether they changed
     */
    public synchronized boolean check() {
        byte[] now = fingerprint();
        if (Arrays.equals(now, seen)) {
            return false;
        }
        seen = now;
        try {
            String description = reload.get();
            log.info("{}: certificate files changed, reloaded for new connections ({})", what, description);
        } catch (RuntimeException e) {
            log.error("{}: certificate files changed but cannot be used, keeping the previous certificate: {}",
                    what, e.getMessage());
        }
        return true;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // never let an exception end the periodic check
            log.error("{}: checking the certificate files failed: {}", what, e.toString());
        }
    }

    /** SHA-256 over the files' contents; an unreadable file contributes its error, so it counts as a change. */
    private byte[] fingerprint() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path file : files) {
            digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
            try {
                digest.update(Files.readAllBytes(file));
            } catch (IOException e) {
                digest.update(("unreadable: " + e).getBytes(StandardCharsets.UTF_8));
            }
        }
        return digest.digest();
    }
}
