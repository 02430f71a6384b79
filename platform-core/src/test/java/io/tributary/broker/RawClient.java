package io.tributary.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A byte-level MQTT test client: sends arbitrary bytes (including malformed packets) or packets
 * encoded by Netty's codec, and decodes what the broker answers. For protocol corner cases that
 * well-behaved client libraries refuse to produce; interoperability is tested with Paho/HiveMQ.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel codec;
    private final Deque<MqttMessage> received = new ArrayDeque<>();

    public RawClient(int port) throws IOException {
        this(port, MqttVersion.MQTT_3_1_1);
    }

    /** @param version the protocol version used to encode and decode packets */
    public RawClient(int port, MqttVersion version) throws IOException {
        this(port, version, null);
    }

    /**
     * @param localAddress the source address to connect from (any of 127.0.0.0/8 works on
     *                     loopback), or {@code null} for the default
     */
    public RawClient(int port, MqttVersion version, InetAddress localAddress) throws IOException {
        socket = localAddress == null ? new Socket("127.0.0.1", port) : new Socket("127.0.0.1", port, localAddress, 0);
        socket.setSoTimeout(200);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        codec = new EmbeddedChannel(new MqttDecoder(1024 * 1024), MqttEncoder.INSTANCE);
        // the codec reads the version from a channel attribute that decoding a CONNECT sets
        if (version != MqttVersion.MQTT_3_1_1) {
            ByteBuf connect = encodeWith(version);
            codec.writeInbound(connect);
            codec.readInbound();
        }
    }

    private ByteBuf encodeWith(MqttVersion version) {
        EmbeddedChannel enc = new EmbeddedChannel(MqttEncoder.INSTANCE);
        enc.writeOutbound(MqttMessageBuilders.connect().protocolVersion(version).clientId("x").build());
        ByteBuf buf = enc.readOutbound();
        enc.finishAndReleaseAll();
        return buf;
    }

    /** Sends raw bytes as they are. */
    public RawClient sendBytes(byte... bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Encodes {@code message} with Netty's encoder and sends it. */
    public RawClient send(MqttMessage message) throws IOException {
        codec.writeOutbound(message);
        ByteBuf buf;
        while ((buf = codec.readOutbound()) != null) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            sendBytes(bytes);
        }
        return this;
    }

    /**
     * Next packet from the broker, or {@code null} when none arrives within {@code timeoutMillis}
     * or the connection closed.
     */
    public MqttMessage receive(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[8192];
        while (received.isEmpty() && System.currentTimeMillis() < deadline) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            codec.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
            Object m;
            while ((m = codec.readInbound()) != null) {
                received.add((MqttMessage) m);
            }
        }
        return received.poll();
    }

    /** True when the broker closed the connection within {@code timeoutMillis}. */
    public boolean closedWithin(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[8192];
        while (System.currentTimeMillis() < deadline) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        codec.finishAndReleaseAll();
        socket.close();
    }
}
