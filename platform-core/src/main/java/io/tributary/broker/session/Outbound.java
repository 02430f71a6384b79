package io.tributary.broker.session;

/** The live connection of a session, as the session sees it. */
public interface Outbound {
    /**
     * Sends a PUBLISH.
     *
     * @return false when the packet exceeds what the client accepts (it is then discarded)
     */
    boolean sendPublish(int packetId, Delivery delivery, boolean dup);

    /** Sends a PUBREL for an outgoing QoS 2 message. */
    void sendPubrel(int packetId);

    /** How many QoS 1/2 messages may be in flight to this client at once. */
    int inflightLimit();
}
