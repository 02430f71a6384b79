package io.tributary.kafka.producer;

import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.plugin.api.runtime.PermanentFailure;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.Objects;

/** Turns a failed send into what the platform expects: a {@link PermanentFailure} when retrying cannot help. */
final class SendFailures {
    private SendFailures() {
    }

    static Throwable forPlatform(Throwable e, Redactor redactor) {
        if (isPermanent(e)) {
            return new PermanentFailure(redactor.describe(e), e);
        }
        String message = e.getMessage();
        String redacted = redactor.redact(message);
        if (Objects.equals(message, redacted)) {
            return e; // Kafka's own exception: the platform shows its type and text
        }
        return new KafkaSendException(e.getClass().getSimpleName() + ": " + redacted);
    }

    /** The record itself is the problem: too large, unserializable or addressed to an illegal topic. */
    static boolean isPermanent(Throwable e) {
        return e instanceof RecordTooLargeException
                || e instanceof RecordBatchTooLargeException
                || e instanceof SerializationException
                || e instanceof InvalidTopicException
                || e instanceof InvalidRecordException
                || e instanceof UnsendableMessageException;
    }

    /** A send failure whose Kafka text had to be redacted. */
    static final class KafkaSendException extends RuntimeException {
        KafkaSendException(String message) {
            super(message);
        }
    }
}
