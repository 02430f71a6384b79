package io.tributary.http.config;

import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.integration.commons.redaction.SecretKeyPatterns;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Which parts of the HTTP integration's settings are secret, and the {@link Redactor} that keeps
 * them out of events, check answers and logs: the password, the token, the encoded basic
 * credentials, the values of secret headers, URL user information and secret query parameters
 * (e.g. {@code ?token=}, {@code ?api_key=}, {@code ?sig=}) of any URL in a text.
 */
public final class HttpSecrets {
    /** What a secret is shown as. */
    public static final String MASK = Redactor.MASK;
    /** Header names whose values are secrets. */
    public static final SecretKeyPatterns HEADERS = SecretKeyPatterns.of("authorization", "proxy-authorization",
            "*token*", "*secret*", "*password*", "*api-key*", "*apikey*");
    /** Query parameter names whose values are masked in URLs shown or logged. */
    public static final SecretKeyPatterns QUERY_PARAMETERS = SecretKeyPatterns.of(List.of("*key*", "*token*",
            "*secret*", "*password*", "*passwd*", "*auth*", "sig", "signature", "code", "*credential*"));

    private HttpSecrets() {
    }

    /** The redactor for one integration's settings. */
    public static Redactor redactor(HttpSettings settings) {
        Redactor.Builder b = Redactor.builder(HEADERS.and(SecretKeyPatterns.COMMON))
                .secretQueryParameters(QUERY_PARAMETERS);
        if (settings.authType() == AuthType.BASIC) {
            b.secret(settings.password());
            b.secret(Base64.getEncoder().encodeToString(
                    (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8)));
        } else if (settings.authType() == AuthType.BEARER) {
            b.secret(settings.token());
        }
        Map<String, String> headers = settings.headers();
        b.secretEntries(headers);
        b.secretEntries(settings.queryParameters());
        return b.build();
    }

    /** True when the configured header {@code name} holds a secret (Authorization, *token*...). */
    public static boolean isSecretHeader(String name) {
        return HEADERS.matches(name);
    }
}
