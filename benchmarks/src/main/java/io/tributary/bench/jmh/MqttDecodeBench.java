package io.tributary.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Netty's MqttDecoder (as the broker's pipeline configures it: 256 KiB max packet, 256 client id)
 * decoding one QoS 1 PUBLISH on an EmbeddedChannel, MQTT 3.1.1 and 5.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MqttDecodeBench {
    @Param({"64", "1024"})
    public int payload;

    @Param({"MQTT_3_1_1", "MQTT_5"})
    public MqttVersion version;

    private EmbeddedChannel decoder;
    private byte[] publish;

    @Setup
    public void setup() {
        MqttConnectMessage connect = MqttMessageBuilders.connect().clientId("bench").protocolVersion(version)
                .cleanSession(true).keepAlive(60).build();
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        byte[] connectBytes = encode(encoder, connect);
        MqttMessage pub = MqttMessageBuilders.publish().topicName("tbmq/site/17/dev/42/temp").qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(4711).retained(false).payload(Unpooled.wrappedBuffer(new byte[payload])).build();
        publish = encode(encoder, pub);
        encoder.finishAndReleaseAll();
        decoder = new EmbeddedChannel(new MqttDecoder(262144, 256));
        decoder.writeInbound(Unpooled.wrappedBuffer(connectBytes)); // sets the channel's protocol version
        ReferenceCountUtil.release(decoder.readInbound());
    }

    private static byte[] encode(EmbeddedChannel encoder, Object msg) {
        encoder.writeOutbound(msg);
        ByteBuf out = encoder.readOutbound();
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        out.release();
        return b;
    }

    @Benchmark
    public Object decodePublish() {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(publish.length);
        in.writeBytes(publish);
        decoder.writeInbound(in);
        MqttMessage m = decoder.readInbound();
        Object header = m.fixedHeader();
        ReferenceCountUtil.release(m);
        return header;
    }

    @TearDown
    public void tearDown() {
        decoder.finishAndReleaseAll();
    }
}
