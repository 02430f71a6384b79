package io.tributary.kafka.producer;

import io.tributary.kafka.config.KafkaSecrets;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.plugin.api.runtime.PermanentFailure;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SendFailuresTest {
    private final Redactor redactor = KafkaSecrets.redactor(Map.of("sasl.jaas.config", "x password=\"pw-123\";"));

    @Test
    void recordProblemsArePermanent() {
        assertThat(SendFailures.forPlatform(new RecordTooLargeException("too big"), redactor))
                .isInstanceOf(PermanentFailure.class).hasMessage("RecordTooLargeException: too big");
        assertThat(SendFailures.forPlatform(new SerializationException("bad"), redactor)).isInstanceOf(PermanentFailure.class);
        assertThat(SendFailures.forPlatform(new UnsendableMessageException("topic"), redactor))
                .isInstanceOf(PermanentFailure.class);
    }

    @Test
    void connectionProblemsAreRetriedAsKafkaReportsThem() {
        NetworkException e = new NetworkException("disconnected");
        assertThat(SendFailures.forPlatform(e, redactor)).isSameAs(e);
    }

    @Test
    void secretsInKafkaTextAreRemoved() {
        Throwable t = SendFailures.forPlatform(new TimeoutException("login with pw-123 timed out"), redactor);
        assertThat(t).isNotInstanceOf(PermanentFailure.class).hasMessage("TimeoutException: login with **** timed out");
    }
}
