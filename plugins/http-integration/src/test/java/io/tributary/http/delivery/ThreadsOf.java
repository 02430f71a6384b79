package io.tributary.http.delivery;

import java.time.Duration;
import java.util.List;

/** Live threads an integration may have started. */
final class ThreadsOf {
    private ThreadsOf() {
    }

    /** Threads of the integration's executor. */
    static List<String> integration(String integrationId) {
        return names("http-integration-" + integrationId);
    }

    /** Waits, collecting garbage, until no JDK HttpClient thread is alive; fails with their names. */
    static void awaitNoHttpClientThreads(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!names("HttpClient-").isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        if (!names("HttpClient-").isEmpty()) {
            throw new AssertionError("JDK HttpClient threads still alive: " + names("HttpClient-"));
        }
    }

    private static List<String> names(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).toList();
    }
}
