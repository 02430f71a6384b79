package io.tributary.http.check;

import io.tributary.http.config.HttpSettings;
import io.tributary.http.config.HttpSecrets;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.http.delivery.EndpointClient;
import io.tributary.http.request.EndpointUrls;
import io.tributary.http.request.OutgoingRequest;
import io.tributary.http.request.RequestFactory;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Check connection: shows the request the sample message would produce, then sends a
 * {@code HEAD} request to its URL with the same headers and credentials. HEAD, not the request
 * itself, so that checking never delivers a made-up message to the target system; any HTTP answer
 * proves the endpoint is reachable (DNS, TCP, TLS), and its status shows whether the credentials
 * are accepted (401/403 are not). Bounded by the input's timeout; the client is closed before
 * returning.
 */
public final class EndpointCheck {
    public static final String STEP_CONFIGURATION = "configuration";
    public static final String STEP_SAMPLE = "sample request";
    public static final String STEP_REACHABLE = "endpoint reachable";
    public static final String STEP_RESPONSE = "HEAD response";

    /** Kept back from the caller's budget for closing the client and answering. */
    private static final long MARGIN_MS = 1000;

    private EndpointCheck() {
    }

    public static void run(CheckInput input, CheckOutput output) {
        IntegrationMessage sample = input.sampleMessage();
        HttpSettings settings;
        RequestFactory requests;
        try {
            settings = HttpSettings.from(input.config());
            // the executor runs in the broker's process today: the sample's node is both
            requests = RequestFactory.create(settings,
                    new RecordContext(input.integrationName(), input.metadata(), sample.brokerNodeId()));
        } catch (IllegalArgumentException e) {
            output.step(STEP_CONFIGURATION, false, e.getMessage());
            return;
        }
        OutgoingRequest request;
        try {
            request = requests.build(sample);
        } catch (UnsendableMessageException e) {
            output.step(STEP_SAMPLE, false, e.getMessage());
            return;
        }
        Redactor redactor = HttpSecrets.redactor(settings);
        output.sampleRecord(SampleRequest.describe(request, requests.jsonBodies(), redactor));
        Duration budget = Duration.ofMillis(Math.max(500, input.timeout().toMillis() - MARGIN_MS));
        Duration timeout = settings.timeout().compareTo(budget) < 0 ? settings.timeout() : budget;
        EndpointClient client;
        try {
            client = EndpointClient.open(settings, "http-integration-check-" + UUID.randomUUID());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            output.step(STEP_CONFIGURATION, false, "Cannot set up TLS: " + redactor.describe(e));
            return;
        }
        try {
            head(client, request, timeout, redactor, output);
        } finally {
            client.close(Duration.ofMillis(MARGIN_MS / 2));
        }
    }

    private static void head(EndpointClient client, OutgoingRequest request, Duration timeout, Redactor redactor,
                             CheckOutput output) {
        String target = "HEAD " + EndpointUrls.forDisplay(request.uri());
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            // the client's timeout covers connecting and the answer; this one the whole exchange
            response = client.send(request.toHeadRequest(timeout)).get(timeout.toMillis() + 200, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            output.step(STEP_REACHABLE, false, target + ": " + redactor.describe(cause));
            return;
        } catch (TimeoutException e) {
            output.step(STEP_REACHABLE, false, target + ": no answer within " + timeout.toMillis() + " ms");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.step(STEP_REACHABLE, false, "interrupted");
            return;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int status = response.statusCode();
        output.step(STEP_REACHABLE, true, target + " answered HTTP " + status + " in " + ms + " ms");
        output.step(STEP_RESPONSE, isAcceptable(status), redactor.redact(meaning(status, response.body())));
    }

    /** Whether a HEAD answer suggests messages will be accepted. */
    static boolean isAcceptable(int status) {
        return status < 400 || status == 405 || status == 501;
    }

    private static String meaning(int status, String body) {
        String excerpt = body == null || body.isEmpty() ? "" : ": " + body;
        if (status == 401 || status == 403) {
            return "HTTP " + status + ": the endpoint refuses the credentials" + excerpt;
        }
        if (status == 405 || status == 501) {
            return "HTTP " + status + ": the endpoint does not answer HEAD, which says nothing about POST/PUT";
        }
        if (status / 100 == 3) {
            return "HTTP " + status + ": a redirect, which messages do not follow; configure the final URL";
        }
        if (status == 404) {
            return "HTTP 404: nothing at this URL" + excerpt;
        }
        return "HTTP " + status + (status < 400 ? "" : excerpt);
    }
}
