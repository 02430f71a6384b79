package io.tributary.http.config;

import io.tributary.plugin.api.config.Config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.tributary.http.config.HttpConfigSchema.*;

/**
 * The HTTP integration's configuration as typed values, read once from a validated
 * {@link Config} (missing values fall back to the schema defaults).
 *
 * @param url           endpoint URL template
 * @param headers       header name → value template, in order; may hold secrets
 * @param queryParameters name → value appended to the URL's query, in order; may hold secrets
 * @param contentType   configured Content-Type, empty for automatic
 * @param password      secret, basic authentication only
 * @param token         secret, bearer authentication only
 * @param caCertificate PEM text, {@link TlsTrust#PEM} only
 */
public record HttpSettings(String url, String method, boolean sendOnlyMsgPayload, String contentType,
                           Map<String, String> headers, AuthType authType, String username, String password,
                           String token, Duration timeout, TlsTrust tlsTrust, String caCertificate,
                           Map<String, String> queryParameters) {

    public HttpSettings {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        queryParameters = Collections.unmodifiableMap(new LinkedHashMap<>(queryParameters));
    }

    /**
     * Reads a configuration that passed the schema.
     *
     * @throws IllegalArgumentException for an unknown authentication type or TLS trust option
     */
    public static HttpSettings from(Config config) {
        return new HttpSettings(
                config.getString(URL, "").trim(),
                config.getString(METHOD, "POST"),
                config.getBoolean(SEND_ONLY_MSG_PAYLOAD, false),
                config.getString(CONTENT_TYPE, "").trim(),
                config.getStringMap(HEADERS),
                AuthType.from(config.getString(AUTH_TYPE)),
                config.getString(USERNAME, ""),
                config.getString(PASSWORD, ""),
                config.getString(TOKEN, "").trim(),
                Duration.ofMillis(Math.max(1, config.getLong(TIMEOUT_MS, DEFAULT_TIMEOUT_MS))),
                TlsTrust.from(config.getString(TLS_TRUST)),
                config.getString(CA_CERTIFICATE, ""),
                config.getStringMap(QUERY_PARAMETERS));
    }

    @Override
    public String toString() {
        // credentials and header values may be secrets: names only
        return "HttpSettings[" + method + " " + url + ", headers=" + headers.keySet()
                + ", query=" + queryParameters.keySet() + ", auth=" + authType.value()
                + ", tls=" + tlsTrust.value() + "]";
    }
}
