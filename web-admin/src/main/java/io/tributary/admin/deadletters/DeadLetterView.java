package io.tributary.admin.deadletters;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.deadletter.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A dead letter as the API returns it.
 *
 * @param time        epoch millis when it was dead-lettered
 * @param clientId    the publisher's client id ({@code null} for broker-originated messages)
 * @param receivedAt  epoch millis when the broker received it
 * @param payload     the payload, base64
 * @param payloadText the payload as text when it is valid UTF-8, else left out
 */
public record DeadLetterView(long id, long time, String topic, String clientId, int qos, boolean retain,
                             int attempts, String error, long receivedAt, String payload,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String payloadText) {

    public static DeadLetterView of(DeadLetter d) {
        BrokerMessage m = d.message();
        byte[] payload = m.payload() == null ? new byte[0] : m.payload();
        return new DeadLetterView(d.id(), d.time(), m.topic(), m.publisherId(), m.qos(), m.retain(), d.attempts(),
                d.error(), m.receivedAt(), Base64.getEncoder().encodeToString(payload), text(payload));
    }

    /** The bytes as a string when they are valid UTF-8, else {@code null}. */
    public static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
