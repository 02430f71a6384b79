package io.tributary.integration.log;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.storage.log.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocalIntegrationLogTest {
    @TempDir
    Path dir;

    private LocalIntegrationLog open(long cacheBytes) {
        return LocalIntegrationLog.open(dir, "test", Durability.FSYNC, 64 * 1024, 1024 * 1024, cacheBytes);
    }

    private static BrokerMessage message(int i) {
        return new BrokerMessage("t/" + i, ("payload-" + i).getBytes(StandardCharsets.UTF_8), 1, i % 2 == 0,
                "client-" + i, 1000 + i, i % 3 == 0 ? 5000 + i : 0,
                i % 4 == 0 ? new BrokerMessage.ForwardedProperties(true, "text/plain", "reply/" + i,
                        new byte[]{1, 2, (byte) i}, List.of(Map.entry("k", "v" + i), Map.entry("k", "w")))
                        : BrokerMessage.ForwardedProperties.NONE);
    }

    /** Polls until {@code n} records arrived (the flusher may still be writing some). */
    private static List<LogRecord> poll(IntegrationLog log, int n) {
        List<LogRecord> out = new ArrayList<>();
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
            LogRecord r;
            while (out.size() < n && (r = log.poll()) != null) {
                out.add(r);
            }
            return out.size() == n;
        });
        return out;
    }

    @Test
    void aBacklogLargerThanTheMemoryBudgetIsReadBackFromTheFilesInOrderWithEveryField() throws Exception {
        try (LocalIntegrationLog log = open(2048)) {
            for (int i = 0; i < 500; i++) {
                log.append(message(i));
            }
            log.whenStored(499).get(5, TimeUnit.SECONDS);
            List<LogRecord> read = poll(log, 500);
            for (int i = 0; i < 500; i++) {
                LogRecord r = read.get(i);
                assertThat(r.offset()).isEqualTo(i);
                assertThat(r.message()).usingRecursiveComparison().isEqualTo(message(i));
            }
            assertThat(log.poll()).isNull();
            log.append(message(500)); // caught up: served from memory again
            assertThat(log.poll().offset()).isEqualTo(500);
        }
    }

    @Test
    void theCommittedOffsetSurvivesAReopenAndRewindReadsTheRestAgain() throws Exception {
        try (LocalIntegrationLog log = open(1 << 20)) {
            for (int i = 0; i < 20; i++) {
                log.append(message(i));
            }
            poll(log, 20);
            log.commit(12);
            assertThat(log.messages()).isEqualTo(8);
            log.rewind();
            assertThat(log.poll().offset()).as("rewound to the committed offset").isEqualTo(12);
            log.maintain();
        }
        try (LocalIntegrationLog log = open(1 << 20)) {
            assertThat(log.committed()).isEqualTo(12);
            assertThat(log.end()).isEqualTo(20);
            assertThat(poll(log, 8)).extracting(LogRecord::offset).containsExactly(12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        }
    }

    @Test
    void aDamagedCursorMeansDeliveringAgainFromTheOldestRecordNeverSkipping() throws Exception {
        try (LocalIntegrationLog log = open(1 << 20)) {
            for (int i = 0; i < 5; i++) {
                log.append(message(i));
            }
            log.commit(3);
        }
        Files.write(dir.resolve("cursor"), new byte[]{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        try (LocalIntegrationLog log = open(1 << 20)) {
            assertThat(log.committed()).isZero();
            assertThat(log.messages()).isEqualTo(5);
        }
    }

    @Test
    void committedSegmentsAreReclaimedAndTheBytesFollow() throws Exception {
        try (LocalIntegrationLog log = open(1 << 20)) {
            for (int i = 0; i < 3000; i++) {
                log.append(message(i));
            }
            log.whenStored(2999).get(5, TimeUnit.SECONDS);
            long full = log.bytes();
            poll(log, 3000);
            log.commit(3000);
            Thread.sleep(LocalIntegrationLog.CURSOR_WRITE_MILLIS + 10);
            log.maintain();
            assertThat(log.bytes()).isLessThan(full / 2);
            assertThat(log.messages()).isZero();
        }
    }

    @Test
    void discardDeletesTheDirectory() {
        LocalIntegrationLog log = open(1 << 20);
        log.append(message(1));
        assertThat(log.discard()).isEqualTo(1);
        assertThat(dir).doesNotExist();
    }
}
