package io.tributary.http.config;

import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.Field;

import java.util.List;
import java.util.Map;

/** The configuration form of the HTTP integration. */
public final class HttpConfigSchema {
    public static final String URL = "restEndpointUrl";
    public static final String METHOD = "requestMethod";
    public static final String SEND_ONLY_MSG_PAYLOAD = "sendOnlyMsgPayload";
    public static final String CONTENT_TYPE = "contentType";
    public static final String HEADERS = "headers";
    public static final String QUERY_PARAMETERS = "queryParameters";
    public static final String AUTH_TYPE = "authType";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String TOKEN = "token";
    public static final String TIMEOUT_MS = "requestTimeoutMs";
    public static final String TLS_TRUST = "tlsTrust";
    public static final String CA_CERTIFICATE = "caCertificate";

    public static final List<String> METHODS = List.of("POST", "PUT");
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    public static final long MAX_TIMEOUT_MS = 300_000;

    private static final String PLACEHOLDERS = " Placeholders: ${topic}, ${clientId}, ${qos}, ${retain}, "
            + "${integrationName}, ${topicLevel[N]}, ${metadata.NAME}, ${payload.FIELD} (JSON payload: "
            + "${payload.sensor.id}, ${payload.list[0]}; with a default: ${payload.site:unknown}), ${props.NAME} "
            + "(MQTT 5 user property), ${contentType}, ${responseTopic}.";

    private static final ConfigSchema SCHEMA = build();

    private HttpConfigSchema() {
    }

    /** The schema; immutable, built once. */
    public static ConfigSchema schema() {
        return SCHEMA;
    }

    /** The {@code headers} field, which knows which of its keys hold secrets. */
    public static Field headersField() {
        return SCHEMA.field(HEADERS).orElseThrow();
    }

    private static ConfigSchema build() {
        return ConfigSchema.builder()
                .group("request", "Request")
                .string(URL, f -> f.title("Endpoint URL").required().placeholder("https://example.com/ingest/${topic}")
                        .description("http:// or https:// URL each message is sent to. Values from the message are "
                                + "percent-encoded (\"/\" kept)." + PLACEHOLDERS))
                .enumeration(METHOD, f -> {
                    f.title("Request method").defaultValue("POST").description("HTTP method of each request.");
                    METHODS.forEach(m -> f.option(m, m));
                })
                .bool(SEND_ONLY_MSG_PAYLOAD, f -> f.title("Send only message payload").defaultValue(false)
                        .description("If enabled, the body is the raw message payload. If disabled, the payload is "
                                + "wrapped in a JSON object with additional metadata."))
                .string(CONTENT_TYPE, f -> f.title("Content type").defaultValue("")
                        .placeholder("application/json")
                        .description("Content-Type of the body. Empty: application/json for the JSON object, "
                                + "application/octet-stream for the raw payload."))
                .stringMap(HEADERS, f -> f.title("Headers").defaultValue(Map.of())
                        .description("Headers added to each request; values may use the URL's placeholders. Values of "
                                + "Authorization, *token*, *secret*, *password* and *api-key* headers are secrets.")
                        .secretKeys(HttpSecrets.HEADERS.toArray()))
                .stringMap(QUERY_PARAMETERS, f -> f.title("Query parameters").defaultValue(Map.of())
                        .description("Parameters appended to the endpoint URL's query, percent-encoded. Put API keys "
                                + "and tokens the endpoint expects in the URL here: values of *key*, *token*, "
                                + "*secret*, *password*, *auth*, sig, signature, code and *credential* "
                                + "parameters are secrets (stored encrypted, masked).")
                        .secretKeys(HttpSecrets.QUERY_PARAMETERS.toArray()))

                .group("authentication", "Authentication")
                .enumeration(AUTH_TYPE, f -> {
                    f.title("Authentication").defaultValue(AuthType.NONE.value())
                            .description("Credentials sent with every request in the Authorization header.");
                    for (AuthType t : AuthType.values()) {
                        f.option(t.value(), t.label());
                    }
                })
                .string(USERNAME, f -> f.title("Username").defaultValue("")
                        .visibleWhen(AUTH_TYPE, AuthType.BASIC.value())
                        .description("User for basic authentication; must not contain ':'."))
                .secret(PASSWORD, f -> f.title("Password").visibleWhen(AUTH_TYPE, AuthType.BASIC.value())
                        .description("Password for basic authentication."))
                .secret(TOKEN, f -> f.title("Bearer token").visibleWhen(AUTH_TYPE, AuthType.BEARER.value())
                        .description("Token sent as \"Authorization: Bearer <token>\"."))

                .advancedGroup("connection", "Connection & TLS")
                .integer(TIMEOUT_MS, f -> f.title("Request timeout (ms)").defaultValue(DEFAULT_TIMEOUT_MS)
                        .min(1).max(MAX_TIMEOUT_MS)
                        .description("Longest wait for connecting and for the response; a timeout is retried."))
                .enumeration(TLS_TRUST, f -> {
                    f.title("TLS trust").defaultValue(TlsTrust.SYSTEM.value())
                            .description("Which server certificates https:// requests accept. \"Trust all\" "
                                    + "disables certificate and host name checks: never use it in production.");
                    for (TlsTrust t : TlsTrust.values()) {
                        f.option(t.value(), t.label());
                    }
                })
                .string(CA_CERTIFICATE, f -> f.title("CA certificate (PEM)").defaultValue("")
                        .visibleWhen(TLS_TRUST, TlsTrust.PEM.value())
                        .placeholder("-----BEGIN CERTIFICATE-----\\n...\\n-----END CERTIFICATE-----")
                        .description("Certificate(s) of the CA that signed the server's certificate; only these are "
                                + "trusted. A literal \\n counts as a line break."))
                .build();
    }
}
