package io.tributary.admin.https;

import io.tributary.concurrent.Daemons;
import io.tributary.config.ConfigException;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.tls.CertificateReloader;
import io.tributary.tls.KeyFiles;
import io.tributary.tls.ServerKey;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.ScheduledExecutorService;

/**
 * HTTPS for the admin server: Jetty's {@link SslContextFactory.Server} fed from the same key
 * formats as the MQTT listeners (PEM certificate chain + PKCS#8 key, or PKCS#12), TLS 1.2 and 1.3
 * only, and the files reloaded when they change. When configured, it replaces plain HTTP on
 * {@code admin.port}: an admin reachable over HTTP next to HTTPS would still leak its password.
 */
public final class AdminHttps implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminHttps.class);
    /** The keys of the admin server's key material. */
    public static final KeyFiles.Keys KEYS = new KeyFiles.Keys(ConfigKey.ADMIN_TLS_CERT, ConfigKey.ADMIN_TLS_KEY,
            ConfigKey.ADMIN_TLS_KEY_PASSWORD, ConfigKey.ADMIN_TLS_KEYSTORE, ConfigKey.ADMIN_TLS_KEYSTORE_PASSWORD);

    private final KeyFiles files;
    private final int reloadSeconds;
    /** Protects only the in-memory keystore handed to Jetty; never leaves this object. */
    private final String storePassword = randomPassword();
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private final CertificateReloader reloader;
    private ScheduledExecutorService scheduler;

    private AdminHttps(KeyFiles files, int reloadSeconds) {
        this.files = files;
        this.reloadSeconds = reloadSeconds;
        this.reloader = new CertificateReloader("Admin HTTPS", files.files(), this::reload);
        ServerKey key = files.load();
        factory.setKeyStore(keyStore(key));
        factory.setKeyStorePassword(storePassword);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        log.info("Admin HTTPS: {} ({})", files.describe(), key.describe());
    }

    /**
     * The admin's HTTPS settings from {@code admin.tls.*}, or {@code null} when no key material is
     * configured (plain HTTP).
     *
     * @throws ConfigException naming the key of a missing, unreadable or unusable file
     */
    public static AdminHttps from(TributaryConfig config) {
        KeyFiles files = KeyFiles.from(config, KEYS);
        return files == null ? null : new AdminHttps(files, config.getInt(ConfigKey.ADMIN_TLS_RELOAD_INTERVAL));
    }

    /** HTTPS with the given key material, checked for changes every {@code reloadSeconds} (0: never). */
    public static AdminHttps of(KeyFiles files, int reloadSeconds) {
        return new AdminHttps(files, reloadSeconds);
    }

    /** The HTTPS connector on {@code host:port} (0: a free port), for Javalin's {@code addConnector}. */
    public Connector connector(Server server, HttpConfiguration http, String host, int port) {
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // the client checks the host name against the certificate; Jetty need not refuse IP-address requests
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(factory, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** Starts checking the files for changes (once the server runs). */
    public synchronized void watch() {
        if (reloadSeconds > 0 && scheduler == null) {
            scheduler = Daemons.timer("admin-tls-reload");
            reloader.schedule(scheduler, reloadSeconds);
        }
    }

    /** Checks the files for changes now (what the periodic check does). */
    public boolean checkForChanges() {
        return reloader.check();
    }

    private String reload() {
        ServerKey key = files.load();
        KeyStore ks = keyStore(key);
        try {
            factory.reload(f -> f.setKeyStore(ks));
        } catch (Exception e) {
            throw new ConfigException("admin.tls: the new key material cannot be used: " + e.getMessage());
        }
        return key.describe();
    }

    private KeyStore keyStore(ServerKey key) {
        if (key.outsideValidity(new Date())) {
            log.warn("Admin HTTPS: the server certificate is not valid now ({}): browsers will refuse it",
                    key.describe());
        }
        return key.toKeyStore(storePassword.toCharArray());
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
