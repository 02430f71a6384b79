package io.tributary.bench.logstore;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the logstore scenario's adapters from rotting: a few thousand records from several
 * threads, closed, reopened and read back. Never how fast. Chronicle is left out: it needs JVM
 * flags ({@code LogStoreScenario.CHRONICLE_JVM_FLAGS}) this test JVM does not have.
 */
class LogStoreSmokeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"segmentlog-fsync", "segmentlog-os", "rocksdb", "sqlite"})
    void appendsFromManyThreadsAreReadBackAfterReopen(String name) throws Exception {
        int threads = 4;
        int perThread = 500;
        long[] bytes = new long[threads];
        try (LogStore store = LogStore.open(name, dir)) {
            List<Thread> appenders = new ArrayList<>();
            List<CompletableFuture<Void>> last = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                CompletableFuture<Void> done = new CompletableFuture<>();
                last.add(done);
                Thread th = new Thread(() -> {
                    LogRecords gen = new LogRecords(id, 1);
                    CompletableFuture<Void> f = null;
                    for (int i = 0; i < perThread; i++) {
                        byte[] r = gen.next();
                        bytes[id] += r.length;
                        f = store.append(r);
                    }
                    f.whenComplete((v, e) -> {
                        if (e != null) {
                            done.completeExceptionally(e);
                        } else {
                            done.complete(null);
                        }
                    });
                });
                appenders.add(th);
                th.start();
            }
            for (Thread th : appenders) {
                th.join();
            }
            CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(store.durability()).isNotBlank();
        }
        long expectedBytes = 0;
        for (long b : bytes) {
            expectedBytes += b;
        }
        long[] seen = new long[1];
        try (LogStore store = LogStore.open(name, dir)) {
            long n = store.readAll((len, first) -> {
                assertThat(first).isEqualTo((byte) 1); // the record format's version byte
                seen[0] += len;
            });
            assertThat(n).isEqualTo((long) threads * perThread);
            assertThat(seen[0]).isEqualTo(expectedBytes);
        }
    }

    @org.junit.jupiter.api.Test
    void recordsAreShapedLikeMqttMessages() {
        LogRecords gen = new LogRecords(3, 42);
        for (int i = 0; i < 200; i++) {
            assertThat(gen.next().length).isBetween(180, 320);
        }
    }
}
