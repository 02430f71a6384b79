package io.tributary.broker.tls;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.tributary.config.ConfigException;
import io.tributary.config.ConfigKey;
import io.tributary.tls.CertificateReloader;
import io.tributary.tls.KeyFiles;
import io.tributary.tls.PemFiles;
import io.tributary.tls.ServerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;

/**
 * TLS for the MQTT listeners (TCP and WebSocket): the server's {@link SslContext}, built with
 * Netty's {@link SslContextBuilder} on OpenSSL (BoringSSL) when it loads and on the JDK otherwise,
 * and rebuilt when the key, certificate or client CA files change. A connection takes the context
 * current when it is accepted.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final MqttTlsSettings settings;
    private final SslProvider provider;
    private final long handshakeTimeoutMillis;
    private final CertificateReloader reloader;
    private volatile SslContext context;

    private ServerTls(MqttTlsSettings settings, SslProvider provider, long handshakeTimeoutMillis) {
        this.settings = settings;
        this.provider = provider;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        List<Path> files = new ArrayList<>(settings.keyFiles().files());
        if (settings.clientCa() != null) {
            files.add(settings.clientCa());
        }
        this.reloader = new CertificateReloader("MQTT TLS", files, this::reload);
    }

    /**
     * Reads the key material and builds the context now.
     *
     * @throws ConfigException naming the key of a missing, unreadable or unusable file or setting
     */
    public static ServerTls load(MqttTlsSettings settings, long handshakeTimeoutMillis) {
        SslProvider provider = provider(settings.provider());
        ServerTls tls = new ServerTls(settings, provider, handshakeTimeoutMillis);
        String loaded = tls.reload();
        log.info("MQTT TLS: {} provider, {}, {} ({}), client certificates: {}{}", providerName(provider),
                String.join("/", settings.protocols()), settings.keyFiles().describe(), loaded,
                settings.clientAuth() == ClientAuth.REQUIRE ? "required"
                        : settings.clientAuth().name().toLowerCase(Locale.ROOT),
                settings.certUsername() == CertificateUsername.NONE ? ""
                        : ", user name from the certificate's " + settings.certUsername().word());
        return tls;
    }

    /** Checks the files for changes every {@code mqtt.tls.reload-interval-seconds} on {@code scheduler}. */
    public void watch(ScheduledExecutorService scheduler) {
        reloader.schedule(scheduler, settings.reloadSeconds());
    }

    /** Checks the files for changes now (what the periodic check does). */
    public boolean checkForChanges() {
        return reloader.check();
    }

    /** Puts TLS in front of a new connection's pipeline: the handler, then the client's identity. */
    public void addTo(ChannelPipeline pipeline) {
        SslHandler ssl = context.newHandler(pipeline.channel().alloc());
        ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        pipeline.addLast("tls", ssl);
        pipeline.addLast("tlsPeer", new TlsPeerHandler(settings.certUsername()));
    }

    /** The TLS implementation in use: {@code OpenSSL} or {@code JDK}. */
    public String providerName() {
        return providerName(provider);
    }

    private static String providerName(SslProvider provider) {
        return provider == SslProvider.JDK ? "JDK" : "OpenSSL";
    }

    /** Builds a new context from the files and puts it in use; returns the certificate's description. */
    private String reload() {
        ServerKey key = settings.keyFiles().load();
        SslContextBuilder builder = SslContextBuilder.forServer(key.key(), key.chain())
                .sslProvider(provider)
                .protocols(settings.protocols())
                .clientAuth(settings.clientAuth());
        if (!settings.ciphers().isEmpty()) {
            builder.ciphers(settings.ciphers(), SupportedCipherSuiteFilter.INSTANCE);
        }
        if (settings.clientCa() != null) {
            Path ca = settings.clientCa();
            List<X509Certificate> cas = PemFiles.certificates(KeyFiles.read(ca, ConfigKey.MQTT_TLS_CLIENT_CA),
                    ConfigKey.MQTT_TLS_CLIENT_CA, ca.toString());
            builder.trustManager(cas);
        }
        SslContext built;
        try {
            built = builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new ConfigException("mqtt.tls: the key material cannot be used for TLS: " + e.getMessage());
        }
        List<String> unsupported = settings.ciphers().stream().filter(c -> !built.cipherSuites().contains(c)).toList();
        if (!unsupported.isEmpty()) {
            throw new ConfigException(ConfigKey.MQTT_TLS_CIPHERS.key() + ": not supported by the "
                    + providerName(provider) + " provider: " + String.join(", ", unsupported));
        }
        if (key.outsideValidity(new Date())) {
            log.warn("MQTT TLS: the server certificate is not valid now ({}): clients will refuse it",
                    key.describe());
        }
        context = built;
        return key.describe();
    }

    private static SslProvider provider(String configured) {
        return switch (configured) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new ConfigException(ConfigKey.MQTT_TLS_PROVIDER.key() + "=openssl but OpenSSL cannot be"
                            + " loaded: " + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            default -> {
                if (OpenSsl.isAvailable()) {
                    yield SslProvider.OPENSSL;
                }
                log.info("MQTT TLS: OpenSSL not available ({}), using the JDK provider",
                        String.valueOf(OpenSsl.unavailabilityCause()));
                yield SslProvider.JDK;
            }
        };
    }
}
