package io.tributary.broker.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections, in all and per source address, from the moment they are accepted
 * (so sockets that never send CONNECT count too). A connection that is over a limit when it is
 * accepted is still read until its CONNECT, which is then refused with a reason code the client
 * understands. Thread-safe.
 */
public final class ConnectionLimiter {
    private final Limits limits;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(Limits limits) {
        this.limits = limits;
    }

    /** Counts an accepted connection; pair with {@link #closed}. */
    public Admission opened(SocketAddress remote) {
        InetAddress address = remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
        int all = total.incrementAndGet();
        int fromAddress = address == null ? 0 : perAddress.merge(address, 1, Integer::sum);
        Over over = null;
        if (limits.maxConnections() > 0 && all > limits.maxConnections()) {
            over = Over.TOTAL;
        } else if (limits.maxConnectionsPerIp() > 0 && fromAddress > limits.maxConnectionsPerIp()) {
            over = Over.PER_ADDRESS;
        }
        return new Admission(address, over);
    }

    /** The connection counted by {@link #opened} is closed. */
    public void closed(Admission admission) {
        total.decrementAndGet();
        if (admission.address() != null) {
            perAddress.computeIfPresent(admission.address(), (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Open connections in all. */
    public int open() {
        return total.get();
    }

    /** Open connections from {@code address}. */
    public int openFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Which limit a connection was over when accepted. */
    public enum Over { TOTAL, PER_ADDRESS }

    /**
     * A counted connection.
     *
     * @param address its source address, or {@code null} when it has none
     * @param over    the limit it exceeded when accepted, or {@code null} when within limits
     */
    public record Admission(InetAddress address, Over over) {
        public boolean refused() {
            return over != null;
        }
    }
}
