package io.tributary.broker.limits;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.broker.limits.LimitEvents.Limit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A flood of limit hits is counted in full and logged as one line per limit. */
class LimitEventsTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void capture() {
        logs.start();
        logger = (Logger) LoggerFactory.getLogger(LimitEvents.class);
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    @Test
    void aFloodOfHitsIsCountedInFullAndLoggedOncePerLimit() {
        LimitEvents events = new LimitEvents();
        for (int i = 0; i < 10_000; i++) {
            events.hit(Limit.SLOW_CONSUMER_DROPS, "client {} is slow", "c" + i);
        }
        events.hit(Limit.SUBSCRIPTIONS, "client {} has too many subscriptions", "s");

        assertThat(events.count(Limit.SLOW_CONSUMER_DROPS)).isEqualTo(10_000);
        assertThat(events.count(Limit.SUBSCRIPTIONS)).isEqualTo(1);
        assertThat(events.count(Limit.CONNECTIONS)).isZero();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("client c0 is slow", "client s has too many subscriptions");
    }
}
