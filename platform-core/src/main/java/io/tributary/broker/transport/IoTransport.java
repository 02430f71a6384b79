package io.tributary.broker.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket I/O the MQTT listeners run on: Linux epoll through Netty's native library, or the
 * JDK's NIO selector. Epoll does fewer system calls and allocations per wake-up, which is what
 * a broker at a low message rate spends its event-loop time on (one wake-up per message).
 */
public enum IoTransport {
    EPOLL,
    NIO;

    /**
     * @param setting {@code auto} (epoll where the native library loads, else NIO), {@code epoll}
     *                or {@code nio}
     * @throws IllegalArgumentException for {@code epoll} where it cannot load, with Netty's reason
     */
    public static IoTransport choose(String setting) {
        return switch (setting) {
            case "nio" -> NIO;
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException("mqtt.transport=epoll, but Linux epoll is not available here: "
                            + Epoll.unavailabilityCause());
                }
                yield EPOLL;
            }
            case "auto" -> Epoll.isAvailable() ? EPOLL : NIO;
            default -> throw new IllegalArgumentException("mqtt.transport must be auto, epoll or nio, not '" + setting + "'");
        };
    }

    public IoHandlerFactory handlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Why {@code auto} chose NIO, for the start-up log; {@code null} when epoll is used or was not asked for. */
    public static String epollUnavailableReason() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }
}
