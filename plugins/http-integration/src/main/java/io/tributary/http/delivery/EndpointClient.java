package io.tributary.http.delivery;

import io.tributary.http.config.HttpSettings;

import javax.net.ssl.SSLContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One JDK {@link HttpClient} with its own executor, for one running integration (or one check),
 * and the requests it has in flight. {@link #close} cancels those, stops the executor's threads
 * and the client's own selector thread: on Java 21+ at once ({@code HttpClient.shutdownNow}); on
 * Java 17, which has no way to stop a client, the selector thread ends by itself within a few
 * seconds of the client becoming unreachable (the next garbage collection).
 */
public final class EndpointClient {
    private final HttpClient client;
    private final ExecutorService executor;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    private EndpointClient(HttpClient client, ExecutorService executor) {
        this.client = client;
        this.executor = executor;
    }

    /**
     * A client with the settings' connect timeout and TLS trust; its threads are named
     * {@code <threadName>-<n>}.
     *
     * @throws IllegalArgumentException when the CA certificate does not parse
     * @throws GeneralSecurityException when the TLS context cannot be built
     */
    public static EndpointClient open(HttpSettings settings, String threadName) throws GeneralSecurityException {
        SSLContext tls = TlsContexts.create(settings);
        ExecutorService executor = Executors.newCachedThreadPool(threads(threadName));
        HttpClient.Builder b = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(settings.timeout())
                // 1.1: no h2c upgrade dance with plain-http endpoints; https still negotiates nothing else
                .version(HttpClient.Version.HTTP_1_1)
                // a redirected POST would become a GET, or leave the configured host with our credentials
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls);
        }
        try {
            return new EndpointClient(b.build(), executor);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Sends {@code request}; the stage completes with the response (a body excerpt for non-2xx)
     * or exceptionally with the transport error, and is cancelled by {@link #close}.
     */
    public CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request, BodyExcerpt.handler());
        inFlight.add(sent);
        sent.whenComplete((r, e) -> inFlight.remove(sent));
        return sent;
    }

    /** Requests not answered yet. */
    int inFlight() {
        return inFlight.size();
    }

    /** Cancels what is in flight and stops every thread of this client, waiting up to {@code timeout}. */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<?> f : inFlight) {
            f.cancel(true); // since Java 16 this aborts the exchange too
        }
        shutdownClient(client, timeout.dividedBy(2));
        executor.shutdownNow();
        try {
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code HttpClient.shutdownNow()} and {@code awaitTermination} where they exist (Java 21+). */
    private static void shutdownClient(HttpClient client, Duration wait) {
        try {
            Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
            Method awaitTermination = HttpClient.class.getMethod("awaitTermination", Duration.class);
            shutdownNow.invoke(client);
            awaitTermination.invoke(client, wait);
        } catch (NoSuchMethodException e) {
            // Java 17: the client's selector thread ends once the client is garbage collected
        } catch (IllegalAccessException | InvocationTargetException e) {
            // shutting down is best effort: the executor below still stops
        }
    }
}
