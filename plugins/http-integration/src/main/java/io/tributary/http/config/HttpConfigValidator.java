package io.tributary.http.config;

import io.tributary.http.request.EndpointUrls;
import io.tributary.http.request.HeaderNames;
import io.tributary.integration.commons.template.Template;
import io.tributary.integration.commons.template.TemplateFields;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ValidationOutput;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static io.tributary.http.config.HttpConfigSchema.*;

/**
 * The rules the schema cannot express. Reports every problem, each on the field to fix; never
 * contacts the endpoint. Enum and range rules the platform already checked from the schema are
 * checked again so the plugin is safe when called directly.
 */
public final class HttpConfigValidator {
    /** type "/" subtype, then optional parameters, as in RFC 9110. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[\\w!#$&^.+-]+/[\\w!#$&^.+-]+(\\s*;.*)?");

    private HttpConfigValidator() {
    }

    public static void validate(Config config, Map<String, String> metadata, ValidationOutput out) {
        validateUrl(config.getString(URL), metadata, out);
        String method = config.getString(METHOD, "POST");
        if (!METHODS.contains(method)) {
            out.error(METHOD, "must be one of " + String.join(", ", METHODS));
        }
        String contentType = config.getString(CONTENT_TYPE, "").trim();
        if (!contentType.isEmpty() && !MEDIA_TYPE.matcher(contentType).matches()) {
            out.error(CONTENT_TYPE, "must be a media type such as application/json or text/plain; charset=utf-8");
        }
        AuthType auth = authType(config, out);
        validateHeaders(config.getStringMap(HEADERS), auth, metadata, out);
        validateQueryParameters(config.getStringMap(QUERY_PARAMETERS), out);
        if (auth == AuthType.BASIC) {
            String user = config.getString(USERNAME, "");
            if (user.isEmpty()) {
                out.error(USERNAME, "basic authentication needs a username");
            } else if (user.contains(":")) {
                out.error(USERNAME, "must not contain ':' (basic authentication separates user and password with it)");
            }
            if (config.getString(PASSWORD, "").isEmpty()) {
                out.error(PASSWORD, "basic authentication needs a password");
            }
        } else if (auth == AuthType.BEARER) {
            String token = config.getString(TOKEN, "").trim();
            if (token.isEmpty()) {
                out.error(TOKEN, "bearer authentication needs a token");
            } else if (!token.chars().allMatch(c -> c > 32 && c < 127)) {
                out.error(TOKEN, "must not contain spaces, line breaks or non-ASCII characters");
            }
        }
        if (config.getLong(TIMEOUT_MS, DEFAULT_TIMEOUT_MS) < 1) {
            out.error(TIMEOUT_MS, "must be 1 or more");
        }
        validateTls(config, out);
    }

    private static void validateUrl(String url, Map<String, String> metadata, ValidationOutput out) {
        if (url == null || url.isBlank()) {
            out.error(URL, "an endpoint URL is required");
            return;
        }
        Template template = TemplateFields.compile(URL, url.trim(), metadata, out);
        if (template == null) {
            return;
        }
        Map<String, String> escaped = new LinkedHashMap<>();
        metadata.forEach((k, v) -> escaped.put(k, EndpointUrls.escape(v)));
        String expanded = TemplateFields.sampleValues(template).render(
                template.bind(EndpointUrls.escape(TemplateFields.SAMPLE_INTEGRATION_NAME), escaped), EndpointUrls::escape);
        EndpointUrls.secretQueryParameter(url.trim()).ifPresent(name -> out.error(URL, "query parameter '"
                + name + "' looks like a credential, and the URL is stored and shown in clear: move it to "
                + QUERY_PARAMETERS + ", whose secret values are stored encrypted and masked"));
        EndpointUrls.problem(expanded).ifPresent(p -> out.error(URL,
                template.isConstant() || expanded.equals(url.trim()) ? p : "expands to '" + expanded
                        + "' for a sample message, which " + p));
    }

    private static AuthType authType(Config config, ValidationOutput out) {
        try {
            return AuthType.from(config.getString(AUTH_TYPE));
        } catch (IllegalArgumentException e) {
            out.error(AUTH_TYPE, "must be one of none, basic, bearer");
            return AuthType.NONE;
        }
    }

    private static void validateHeaders(Map<String, String> headers, AuthType auth, Map<String, String> metadata,
                                        ValidationOutput out) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            HeaderNames.problem(name).ifPresent(p -> out.error(HEADERS, p));
            if (auth != AuthType.NONE && name.trim().equalsIgnoreCase("Authorization")) {
                out.error(HEADERS, "the Authorization header comes from Authentication (" + auth.value()
                        + "): remove it here or set Authentication to none");
            }
            String value = h.getValue() == null ? "" : h.getValue();
            if (!HeaderNames.isValidValue(value)) {
                out.error(HEADERS, "header '" + name + "': values must not contain line breaks or control characters");
            }
            TemplateFields.compile(HEADERS, "header '" + name + "': ", value, metadata, out);
        }
    }

    private static void validateQueryParameters(Map<String, String> parameters, ValidationOutput out) {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (p.getKey().isBlank()) {
                out.error(QUERY_PARAMETERS, "parameter names must not be empty");
            }
            String value = p.getValue() == null ? "" : p.getValue();
            if (!HeaderNames.isValidValue(value) || !HeaderNames.isValidValue(p.getKey())) {
                out.error(QUERY_PARAMETERS, "parameter '" + p.getKey()
                        + "': names and values must not contain line breaks or control characters");
            }
        }
    }

    private static void validateTls(Config config, ValidationOutput out) {
        TlsTrust trust;
        try {
            trust = TlsTrust.from(config.getString(TLS_TRUST));
        } catch (IllegalArgumentException e) {
            out.error(TLS_TRUST, "must be one of system, pem, trustAll");
            return;
        }
        if (trust == TlsTrust.PEM) {
            String pem = config.getString(CA_CERTIFICATE, "");
            if (pem.isBlank()) {
                out.error(CA_CERTIFICATE, "paste the CA certificate (PEM) to trust, or choose another TLS trust option");
                return;
            }
            try {
                PemCertificates.parse(pem);
            } catch (IllegalArgumentException e) {
                out.error(CA_CERTIFICATE, e.getMessage());
            }
        }
    }
}
