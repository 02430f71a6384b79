package io.tributary.integration.source;

import io.tributary.broker.BrokerCore;

/**
 * Gives each running integration its own {@link IntegrationPublisher} into the broker, and refuses
 * new publishes once the platform starts shutting down (the broker's journal and the integration
 * logs close after it).
 */
public final class SourcePublishing {
    /** For runtimes without a broker (tests): every publish is refused. */
    public static final SourcePublishing NONE = new SourcePublishing(null);

    private final BrokerCore core;
    private volatile boolean closed;

    public SourcePublishing(BrokerCore core) {
        this.core = core;
    }

    /** A publisher for one run of one integration; close it when the integration stopped. */
    public IntegrationPublisher open(String integrationName, PublishCounters counters) {
        return new IntegrationPublisher(this, integrationName, counters);
    }

    /** From now on every publisher refuses new messages (NOT_RUNNING). */
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed || core == null;
    }

    BrokerCore core() {
        return core;
    }
}
