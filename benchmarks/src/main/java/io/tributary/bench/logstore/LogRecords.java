package io.tributary.bench.logstore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Records shaped like what an integration log stores for one MQTT PUBLISH: format byte, flags,
 * topic, publisher client id, receive timestamp, a JSON payload of 64-128 bytes with changing
 * readings, content type, correlation id and one user property. About 200-300 bytes each,
 * not all alike (what a compressing store can squeeze out of them is realistic, not zero).
 */
final class LogRecords {
    private static final String[] STATUS = {"OK", "OK", "OK", "WARN", "IDLE"};
    private final Random random;
    private final String clientId;
    private final byte[][] topics;
    private final byte[] clientIdBytes;
    private long seq;

    LogRecords(int publisher, long seed) {
        this.random = new Random(seed * 31 + publisher);
        this.clientId = String.format("plant-%02d-gw-%02d-publisher-%03d", publisher % 7, publisher % 3, publisher);
        this.clientIdBytes = clientId.getBytes(StandardCharsets.UTF_8);
        this.topics = new byte[16][];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = String.format("factory/site-%02d/line-%d/machine-%04d/telemetry", publisher % 5, i % 4,
                    publisher * 100 + i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The next record of this publisher. */
    byte[] next() {
        long now = System.currentTimeMillis();
        byte[] topic = topics[random.nextInt(topics.length)];
        byte[] payload = payload(now);
        byte[] correlation = String.format("%08x-%04x-%04x", random.nextInt(), seq & 0xffff, random.nextInt(0x10000))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] contentType = "application/json".getBytes(StandardCharsets.US_ASCII);
        byte[] userKey = "tenant".getBytes(StandardCharsets.US_ASCII);
        byte[] userValue = "acme-industrial".getBytes(StandardCharsets.US_ASCII);
        int size = 1 + 1 + 2 + topic.length + 2 + clientIdBytes.length + 8 + 4 + payload.length + 1
                + 2 + contentType.length + 2 + correlation.length + 1 + 2 + userKey.length + 2 + userValue.length;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) 1).put((byte) 0b101001); // version; QoS 1, publisher and properties present
        b.putShort((short) topic.length).put(topic);
        b.putShort((short) clientIdBytes.length).put(clientIdBytes);
        b.putLong(now);
        b.putInt(payload.length).put(payload);
        b.put((byte) 2); // payload format: UTF-8
        b.putShort((short) contentType.length).put(contentType);
        b.putShort((short) correlation.length).put(correlation);
        b.put((byte) 1).putShort((short) userKey.length).put(userKey).putShort((short) userValue.length).put(userValue);
        seq++;
        return b.array();
    }

    private byte[] payload(long now) {
        int target = 64 + random.nextInt(65); // 64..128 bytes
        StringBuilder s = new StringBuilder(160);
        s.append("{\"ts\":").append(now)
                .append(",\"seq\":").append(seq)
                .append(",\"temp\":").append(String.format("%.2f", 18 + random.nextDouble() * 12))
                .append(",\"rpm\":").append(900 + random.nextInt(2200))
                .append(",\"st\":\"").append(STATUS[random.nextInt(STATUS.length)]).append('"');
        if (s.length() + 12 <= target) {
            s.append(",\"v\":").append(String.format("%.3f", 220 + random.nextGaussian() * 3));
        }
        if (s.length() + 3 < target) {
            s.append(",\"x\":\"");
            while (s.length() < target - 2) {
                s.append((char) ('a' + random.nextInt(26)));
            }
            s.append('"');
        }
        s.append('}');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
