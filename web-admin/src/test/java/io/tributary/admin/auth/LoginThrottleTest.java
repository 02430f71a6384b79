package io.tributary.admin.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), Duration.ofSeconds(1), clock);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(LoginThrottle.class)).addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(LoginThrottle.class)).detachAppender(logged);
    }

    @Test
    void aTypoIsFreeThenTheDelayDoublesUntilTheLockout() {
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitFor("10.0.0.1", "admin")).isEmpty();
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitFor("10.0.0.1", "admin")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitFor("10.0.0.1", "admin")).contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitFor("10.0.0.1", "admin")).contains(Duration.ofSeconds(4));
        clock.advance(Duration.ofSeconds(4));
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitFor("10.0.0.1", "admin")).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(15).plusMillis(1));
        assertThat(throttle.waitFor("10.0.0.1", "admin")).isEmpty();
    }

    @Test
    void countsPerAddressAndPerUserNameAndLogsEachLockoutOnce() {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            throttle.failed("10.0.0." + i, "admin"); // one guesser per address, one user attacked
        }
        assertThat(throttle.waitFor("10.0.0.99", "admin")).isPresent();       // the user is locked
        assertThat(throttle.waitFor("10.0.0.99", "operator")).isEmpty();      // others are not
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Admin login locked for 900 s for user 'admin' after 5 failed attempts");
    }

    @Test
    void aSuccessClearsTheCounts() {
        throttle.failed("10.0.0.1", "admin");
        throttle.failed("10.0.0.1", "admin");
        clock.advance(Duration.ofSeconds(1));
        throttle.succeeded("10.0.0.1", "admin");
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitFor("10.0.0.1", "admin")).isEqualTo(Optional.empty());
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
