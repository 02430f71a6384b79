package io.tributary.http.delivery;

import io.tributary.http.config.HttpSettings;
import io.tributary.http.config.HttpSecrets;
import io.tributary.integration.commons.connectivity.ConnectivityState;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.http.request.EndpointUrls;
import io.tributary.http.request.OutgoingRequest;
import io.tributary.http.request.RequestFactory;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A running HTTP integration: one {@link EndpointClient}, opened on start and closed on stop.
 * {@link #process} sends one request per message and completes when the endpoint answered:
 * normally for 2xx, with a {@link io.tributary.plugin.api.runtime.PermanentFailure} for a refusal
 * (4xx), exceptionally — to be retried — for 5xx, timeouts and transport errors.
 */
public final class HttpIntegration implements Integration {
    private final HttpSettings settings;
    private final Redactor redactor;

    private volatile Running running;

    /** What exists between start and stop. */
    private record Running(EndpointClient client, RequestFactory requests, ConnectivityState connectivity) {
    }

    public HttpIntegration(HttpSettings settings) {
        this.settings = settings;
        this.redactor = HttpSecrets.redactor(settings);
    }

    @Override
    public void start(StartInput input, StartOutput output) {
        IntegrationContext ctx = input.context();
        RequestFactory requests;
        try {
            requests = RequestFactory.create(settings,
                    new RecordContext(ctx.integrationName(), ctx.metadata(), ctx.executorNodeId()));
        } catch (IllegalArgumentException e) {
            output.preventStart(e.getMessage());
            return;
        }
        EndpointClient client;
        try {
            client = EndpointClient.open(settings, "http-integration-" + ctx.integrationId());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            output.preventStart("Cannot set up TLS: " + redactor.describe(e));
            return;
        }
        running = new Running(client, requests, new ConnectivityState(ctx.events()));
        // the query string may carry keys: not logged
        ctx.logger().info("HTTP integration started: {} {}", settings.method(),
                settings.url().replaceFirst("\\?.*", "?…"));
    }

    @Override
    public CompletionStage<Void> process(IntegrationMessage message) {
        Running r = running;
        if (r == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("HTTP integration is not started"));
        }
        OutgoingRequest outgoing;
        HttpRequest request;
        try {
            outgoing = r.requests().build(message);
            request = outgoing.toHttpRequest(settings.timeout());
        } catch (UnsendableMessageException e) {
            return CompletableFuture.failedFuture(new PermanentFailure(redactor.redact(e.getMessage()), e));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        URI uri = outgoing.uri();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = r.client().send(request);
        } catch (RuntimeException e) {
            // e.g. stop() closed the client while this call was on its way
            return CompletableFuture.failedFuture(DeliveryFailures.forTransport(e, outgoing.method(), uri, redactor));
        }
        sent.whenComplete((response, error) -> {
            if (error != null) {
                RuntimeException failure = DeliveryFailures.forTransport(error, outgoing.method(), uri, redactor);
                if (!DeliveryFailures.isCancellation(error)) {
                    r.connectivity().disconnected(failure.getMessage());
                }
                result.completeExceptionally(failure);
                return;
            }
            r.connectivity().connected("HTTP " + response.statusCode() + " from " + EndpointUrls.forDisplay(uri));
            RuntimeException failure = DeliveryFailures.forResponse(response, redactor);
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    @Override
    public void stop(StopInput input) {
        Running r = running;
        running = null;
        if (r != null) {
            r.client().close(input.timeout());
        }
    }
}
