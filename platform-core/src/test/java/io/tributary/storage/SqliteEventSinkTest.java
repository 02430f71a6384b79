package io.tributary.storage;

import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteEventSinkTest {
    @TempDir
    Path dir;
    Database db;
    SqliteEventSink sink;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"));
        sink = new SqliteEventSink(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void record(String id, EventType type, String event, long time) {
        sink.record(new IntegrationEvent(0, id, type, event, time, Map.of("n", time)));
    }

    @Test
    void listsNewestFirstWithBodyAndStoreId() {
        record("a", EventType.LIFECYCLE, "CREATED", 100);
        record("a", EventType.LIFECYCLE, "STARTED", 200);
        record("b", EventType.LIFECYCLE, "CREATED", 150);

        List<IntegrationEvent> events = sink.list("a", null, 0, Long.MAX_VALUE, 10);
        assertThat(events).extracting(IntegrationEvent::event).containsExactly("STARTED", "CREATED");
        assertThat(events.get(0).id()).isPositive();
        assertThat(events.get(0).integrationId()).isEqualTo("a");
        assertThat(events.get(0).body()).containsEntry("n", 200L);
    }

    @Test
    void filtersByTypeTimeWindowAndLimit() {
        for (int t = 1; t <= 10; t++) {
            record("a", t % 2 == 0 ? EventType.STATISTICS : EventType.ERROR, "E" + t, t);
        }
        assertThat(sink.list("a", EventType.STATISTICS, 0, Long.MAX_VALUE, 100))
                .extracting(IntegrationEvent::time).containsExactly(10L, 8L, 6L, 4L, 2L);
        assertThat(sink.list("a", null, 3, 7, 100))
                .extracting(IntegrationEvent::time).containsExactly(6L, 5L, 4L, 3L);
        assertThat(sink.list("a", null, 0, Long.MAX_VALUE, 3))
                .extracting(IntegrationEvent::time).containsExactly(10L, 9L, 8L);
    }

    @Test
    void prunesEventsOlderThanTheCutoff() {
        record("a", EventType.LIFECYCLE, "OLD", 100);
        record("b", EventType.ERROR, "OLD", 199);
        record("a", EventType.LIFECYCLE, "NEW", 200);

        assertThat(sink.prune(200)).isEqualTo(2);
        assertThat(sink.list("a", null, 0, Long.MAX_VALUE, 10)).extracting(IntegrationEvent::event)
                .containsExactly("NEW");
        assertThat(sink.list("b", null, 0, Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void concurrentWritersWaitForTheLockInsteadOfFailing() throws Exception {
        int threads = 4;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String id = "i" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        record(id, EventType.ERROR, "E", i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < threads; t++) {
            assertThat(sink.list("i" + t, null, 0, Long.MAX_VALUE, 1000)).hasSize(perThread);
        }
    }

    @Test
    void eventsSurviveReopening() {
        record("a", EventType.LIFECYCLE, "CREATED", 1);
        db.close();
        db = Database.open(dir.resolve("t.db"));
        assertThat(new SqliteEventSink(db).list("a", null, 0, Long.MAX_VALUE, 10)).hasSize(1);
    }
}
