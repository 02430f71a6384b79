package io.tributary.http.config;

import io.tributary.http.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.http.TestConfigs.config;
import static io.tributary.http.config.HttpConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

class HttpConfigValidatorTest {
    private static final String OK_URL = "https://example.com/ingest";

    /** "field: message" for every error. */
    private static List<String> errors(Map<String, String> metadata, Object... keyValues) {
        List<String> out = new ArrayList<>();
        HttpConfigValidator.validate(config(keyValues), metadata, (field, message) -> out.add(field + ": " + message));
        return out;
    }

    private static List<String> errors(Object... keyValues) {
        return errors(Map.of(), keyValues);
    }

    private static List<String> fields(Object... keyValues) {
        return errors(keyValues).stream().map(e -> e.substring(0, e.indexOf(':'))).toList();
    }

    @Test
    void aPlainUrlAndTheDefaultsAreValid() {
        assertThat(errors(URL, OK_URL)).isEmpty();
        assertThat(errors(URL, "http://localhost:8080/a/${topic}?c=${clientId}&q=${qos}&r=${retain}"
                + "&l=${topicLevel[9]}&n=${integrationName}")).isEmpty();
    }

    @Test
    void theUrlMustBeHttpAfterExpansion() {
        assertThat(errors(URL, "")).containsExactly(URL + ": an endpoint URL is required");
        assertThat(errors(URL, "ftp://example.com/x")).containsExactly(URL + ": must start with http:// or https://");
        assertThat(errors(URL, "example.com/x")).containsExactly(URL + ": must start with http:// or https://");
        assertThat(errors(URL, "https:///path")).containsExactly(URL + ": has no host name");
        assertThat(errors(URL, "http://user:pw@example.com/")).singleElement().asString().startsWith(URL + ": must not contain credentials");
        assertThat(errors(URL, "http://exa mple.com/")).singleElement().asString().startsWith(URL + ": is not a valid URL");
        // a placeholder that supplies the scheme: only the expansion can tell
        assertThat(errors(Map.of("scheme", "ftp"), URL, "${metadata.scheme}://example.com/"))
                .containsExactly(URL + ": expands to 'ftp://example.com/' for a sample message, which must start with "
                        + "http:// or https://");
        assertThat(errors(Map.of("host", "example.com"), URL, "https://${metadata.host}/")).isEmpty();
    }

    @Test
    void credentialsInTheUrlQueryAreRefusedAndBelongInQueryParameters() {
        assertThat(errors(URL, "https://example.com/in?site=a&api_key=k1")).containsExactly(URL + ": query parameter "
                + "'api_key' looks like a credential, and the URL is stored and shown in clear: move it to "
                + QUERY_PARAMETERS + ", whose secret values are stored encrypted and masked");
        assertThat(fields(URL, "https://example.com/in?sig=${clientId}")).containsExactly(URL);
        assertThat(errors(URL, "https://example.com/in?site=a", QUERY_PARAMETERS, Map.of("api_key", "k1"))).isEmpty();
        assertThat(fields(URL, OK_URL, QUERY_PARAMETERS, Map.of("a", "line\nbreak"))).containsExactly(QUERY_PARAMETERS);
    }

    @Test
    void unknownPlaceholdersAndMissingMetadataAreUrlAndHeaderErrors() {
        assertThat(errors(URL, OK_URL + "/${payloads}")).singleElement().asString()
                .startsWith(URL + ": unknown placeholder ${payloads}");
        assertThat(errors(URL, OK_URL + "/${payload.a[}")).singleElement().asString()
                .startsWith(URL + ": array index must be");
        assertThat(errors(URL, "https://${payload.host:example.com}/${payload.device.id}", HEADERS,
                Map.of("X-Tenant", "${props.tenant}"))).isEmpty();
        assertThat(errors(URL, OK_URL + "/${metadata.site}")).containsExactly(
                URL + ": ${metadata.site} names no key of the integration's metadata");
        assertThat(errors(URL, OK_URL, HEADERS, Map.of("X-Site", "${nope}"))).singleElement().asString()
                .startsWith(HEADERS + ": header 'X-Site': unknown placeholder ${nope}");
    }

    @Test
    void headerNamesAndValuesFollowHttpRules() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "other");
        headers.put("Bad Name", "x");
        headers.put("X-Ok", "line\nbreak");
        assertThat(errors(URL, OK_URL, HEADERS, headers)).containsExactly(
                HEADERS + ": 'Host' is set by the HTTP client itself and cannot be configured",
                HEADERS + ": 'Bad Name' is not a valid header name",
                HEADERS + ": header 'X-Ok': values must not contain line breaks or control characters");
    }

    @Test
    void basicNeedsUserAndPasswordAndBearerAToken() {
        assertThat(errors(URL, OK_URL, AUTH_TYPE, "basic")).containsExactly(
                USERNAME + ": basic authentication needs a username", PASSWORD + ": basic authentication needs a password");
        assertThat(fields(URL, OK_URL, AUTH_TYPE, "basic", USERNAME, "a:b", PASSWORD, "p")).containsExactly(USERNAME);
        assertThat(errors(URL, OK_URL, AUTH_TYPE, "basic", USERNAME, "u", PASSWORD, "p")).isEmpty();
        assertThat(errors(URL, OK_URL, AUTH_TYPE, "bearer")).containsExactly(TOKEN + ": bearer authentication needs a token");
        assertThat(fields(URL, OK_URL, AUTH_TYPE, "bearer", TOKEN, "two words")).containsExactly(TOKEN);
        assertThat(errors(URL, OK_URL, AUTH_TYPE, "bearer", TOKEN, "abc.def-ghi")).isEmpty();
        // credentials of the other type are ignored, not errors: the form hides them
        assertThat(errors(URL, OK_URL, AUTH_TYPE, "none", PASSWORD, "left over")).isEmpty();
    }

    @Test
    void anAuthorizationHeaderConflictsWithAuthentication() {
        assertThat(fields(URL, OK_URL, AUTH_TYPE, "bearer", TOKEN, "t0k", HEADERS, Map.of("authorization", "x")))
                .containsExactly(HEADERS);
        assertThat(errors(URL, OK_URL, HEADERS, Map.of("Authorization", "ApiKey abc"))).isEmpty();
    }

    @Test
    void enumsContentTypeAndTimeoutAreCheckedAgain() {
        assertThat(fields(URL, OK_URL, METHOD, "GET")).containsExactly(METHOD);
        assertThat(fields(URL, OK_URL, AUTH_TYPE, "digest")).containsExactly(AUTH_TYPE);
        assertThat(fields(URL, OK_URL, TLS_TRUST, "nothing")).containsExactly(TLS_TRUST);
        assertThat(fields(URL, OK_URL, CONTENT_TYPE, "json")).containsExactly(CONTENT_TYPE);
        assertThat(errors(URL, OK_URL, CONTENT_TYPE, "text/plain; charset=utf-8")).isEmpty();
        assertThat(fields(URL, OK_URL, TIMEOUT_MS, 0)).containsExactly(TIMEOUT_MS);
    }

    @Test
    void aPemTrustNeedsAParsableCertificate(@TempDir Path dir) throws Exception {
        assertThat(fields(URL, OK_URL, TLS_TRUST, "pem")).containsExactly(CA_CERTIFICATE);
        assertThat(errors(URL, OK_URL, TLS_TRUST, "pem", CA_CERTIFICATE, "-----BEGIN CERTIFICATE-----\\nAAAA\\n"
                + "-----END CERTIFICATE-----")).singleElement().asString()
                .startsWith(CA_CERTIFICATE + ": the PEM certificate does not parse");
        TestCertificate cert = TestCertificate.create(dir, "ca", "dns:localhost");
        assertThat(errors(URL, OK_URL, TLS_TRUST, "pem", CA_CERTIFICATE, cert.pemOnOneLine())).isEmpty();
        assertThat(errors(URL, OK_URL, TLS_TRUST, "pem", CA_CERTIFICATE, cert.pem())).isEmpty();
        // hidden when another trust option is chosen: not checked
        assertThat(errors(URL, OK_URL, TLS_TRUST, "system", CA_CERTIFICATE, "junk")).isEmpty();
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        assertThat(fields(URL, "ftp://x", METHOD, "GET", AUTH_TYPE, "bearer", TIMEOUT_MS, 0))
                .containsExactly(URL, METHOD, TOKEN, TIMEOUT_MS);
    }
}
