package io.tributary.http.check;

import io.tributary.http.config.HttpSecrets;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.http.request.Header;
import io.tributary.http.request.OutgoingRequest;
import io.tributary.integration.commons.check.SampleJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as plain JSON values for the check answer: {@code method}, {@code url} (secret query
 * parameters masked),
 * {@code headers} (list of {@code {key, value}} in the order sent; the Authorization value shows
 * its scheme only, secret headers show {@value HttpSecrets#MASK}), {@code bodyFormat}
 * ({@code json} or {@code base64}) and {@code body} (the JSON record as an object, or the raw
 * payload in base64).
 */
final class SampleRequest {
    private SampleRequest() {
    }

    static Map<String, Object> describe(OutgoingRequest request, boolean jsonBody, Redactor redactor) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", request.method());
        out.put("url", redactor.redact(request.uri().toString())); // user info, ?token=...
        List<Object> headers = new ArrayList<>();
        for (Header h : request.headers()) {
            headers.add(SampleJson.header(h.name(), shown(h)));
        }
        out.put("headers", headers);
        SampleJson.putContent(out, "bodyFormat", "body", request.body(), jsonBody);
        return out;
    }

    private static String shown(Header h) {
        if (h.name().equalsIgnoreCase("Authorization") || h.name().equalsIgnoreCase("Proxy-Authorization")) {
            int space = h.value().indexOf(' ');
            return space > 0 ? h.value().substring(0, space) + " " + HttpSecrets.MASK : HttpSecrets.MASK;
        }
        return HttpSecrets.isSecretHeader(h.name()) ? HttpSecrets.MASK : h.value();
    }
}
