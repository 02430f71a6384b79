package io.tributary.broker.retain;

import io.tributary.broker.message.BrokerMessage;

/** Where retained messages are written down to outlive a restart; -1 when nothing was written. */
public interface RetainedJournal {
    RetainedJournal NONE = (topic, message) -> -1;

    /**
     * @param message the topic's retained message, or {@code null} when it was cleared
     * @return the journal offset of the change, or -1
     */
    long retained(String topic, BrokerMessage message);
}
