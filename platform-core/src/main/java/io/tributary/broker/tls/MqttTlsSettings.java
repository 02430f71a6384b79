package io.tributary.broker.tls;

import io.netty.handler.ssl.ClientAuth;
import io.tributary.config.ConfigException;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.tls.KeyFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The MQTT listeners' TLS settings, read once from configuration ({@code mqtt.tls.*}).
 *
 * @param keyFiles       the server's key and certificate chain
 * @param clientAuth     whether client certificates are asked for
 * @param clientCa       CA bundle client certificates must chain to, or {@code null}
 * @param certUsername   which certificate name becomes the MQTT user name
 * @param protocols      TLS versions offered (1.2 and 1.3 only)
 * @param ciphers        cipher suites, empty for the provider's defaults
 * @param provider       {@code auto}, {@code openssl} or {@code jdk}
 * @param reloadSeconds  how often the files are checked for changes, 0 for never
 */
public record MqttTlsSettings(KeyFiles keyFiles, ClientAuth clientAuth, Path clientCa,
                              CertificateUsername certUsername, List<String> protocols, List<String> ciphers,
                              String provider, int reloadSeconds) {
    /** The keys of the MQTT listeners' key material. */
    public static final KeyFiles.Keys KEYS = new KeyFiles.Keys(ConfigKey.MQTT_TLS_CERT, ConfigKey.MQTT_TLS_KEY,
            ConfigKey.MQTT_TLS_KEY_PASSWORD, ConfigKey.MQTT_TLS_KEYSTORE, ConfigKey.MQTT_TLS_KEYSTORE_PASSWORD);
    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /** The settings, or {@code null} when no key material is configured (the TLS listeners stay off). */
    public static MqttTlsSettings from(TributaryConfig config) {
        KeyFiles keyFiles = KeyFiles.from(config, KEYS);
        if (keyFiles == null) {
            return null;
        }
        ClientAuth clientAuth = switch (config.get(ConfigKey.MQTT_TLS_CLIENT_AUTH).trim().toLowerCase(Locale.ROOT)) {
            case "optional" -> ClientAuth.OPTIONAL;
            case "required" -> ClientAuth.REQUIRE;
            default -> ClientAuth.NONE;
        };
        String ca = config.get(ConfigKey.MQTT_TLS_CLIENT_CA).trim();
        if (clientAuth != ClientAuth.NONE && ca.isEmpty()) {
            throw new ConfigException(ConfigKey.MQTT_TLS_CLIENT_CA.key() + " must be set when "
                    + ConfigKey.MQTT_TLS_CLIENT_AUTH.key() + " is " + config.get(ConfigKey.MQTT_TLS_CLIENT_AUTH).trim()
                    + ": client certificates are verified against it");
        }
        CertificateUsername certUsername = CertificateUsername.parse(config.get(ConfigKey.MQTT_TLS_CERT_USERNAME));
        if (certUsername != CertificateUsername.NONE && clientAuth == ClientAuth.NONE) {
            throw new ConfigException(ConfigKey.MQTT_TLS_CERT_USERNAME.key() + "=" + certUsername.word()
                    + " needs client certificates: set " + ConfigKey.MQTT_TLS_CLIENT_AUTH.key()
                    + " to optional or required");
        }
        return new MqttTlsSettings(keyFiles, clientAuth, ca.isEmpty() ? null : Path.of(ca), certUsername,
                protocols(config.get(ConfigKey.MQTT_TLS_PROTOCOLS)), list(config.get(ConfigKey.MQTT_TLS_CIPHERS)),
                config.get(ConfigKey.MQTT_TLS_PROVIDER).trim().toLowerCase(Locale.ROOT),
                config.getInt(ConfigKey.MQTT_TLS_RELOAD_INTERVAL));
    }

    private static List<String> protocols(String value) {
        List<String> protocols = list(value);
        if (protocols.isEmpty()) {
            throw new ConfigException(ConfigKey.MQTT_TLS_PROTOCOLS.key() + " must name TLSv1.3, TLSv1.2 or both");
        }
        List<String> out = new ArrayList<>();
        for (String p : protocols) {
            String known = ALLOWED_PROTOCOLS.stream().filter(a -> a.equalsIgnoreCase(p)).findFirst().orElse(null);
            if (known == null) {
                throw new ConfigException(ConfigKey.MQTT_TLS_PROTOCOLS.key() + " accepts TLSv1.3 and TLSv1.2 only"
                        + " (older versions are insecure), got '" + p + "'");
            }
            out.add(known);
        }
        return List.copyOf(out);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
