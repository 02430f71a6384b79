package io.tributary.integration.commons.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload fields a set of templates reads, e.g. the topic, key and headers of one Kafka
 * record: built once, then {@link #values} per message. The payload is parsed at most once per
 * message, only when a template asks for a field, and in one streaming pass that keeps only the
 * values asked for (everything else is skipped, never built into objects). Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * PayloadReader reader = PayloadReader.of(List.of(topic, key));   // once, at start
 * MessageValues values = reader.values(message);                   // per message
 * String t = values.render(topic), k = values.render(key);        // one parse for both
 * }</pre>
 */
public final class PayloadReader {
    /** Reads no field: for templates that do not look at the payload. */
    public static final PayloadReader NONE = new PayloadReader(List.of());

    static final byte MISSING = 0;
    static final byte VALUE = 1;
    static final byte NULL = 2;
    static final byte OBJECT = 3;
    static final byte ARRAY = 4;

    // no thread-local buffer recycling: thread locals in platform threads would pin the plugin's loader
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(8)).build();

    private final List<PayloadPath> paths;
    private final Node root = new Node();

    private PayloadReader(List<PayloadPath> paths) {
        this.paths = List.copyOf(paths);
        for (int slot = 0; slot < this.paths.size(); slot++) {
            root.add(this.paths.get(slot).segments(), 0, slot);
        }
    }

    /** The reader for every {@code ${payload...}} field of {@code templates}. */
    public static PayloadReader of(Collection<Template> templates) {
        List<PayloadPath> paths = new ArrayList<>();
        for (Template t : templates) {
            for (PayloadPath p : t.payloadPaths()) {
                if (!paths.contains(p)) {
                    paths.add(p);
                }
            }
        }
        return paths.isEmpty() ? NONE : new PayloadReader(paths);
    }

    /** The values of {@code message} for templates of this reader; nothing is parsed yet. */
    public MessageValues values(IntegrationMessage message) {
        return new MessageValues(message, this, false);
    }

    /** True when some template reads the payload. */
    public boolean readsPayload() {
        return !paths.isEmpty();
    }

    int size() {
        return paths.size();
    }

    /** Where the value of {@code path} is kept, or -1 when this reader does not read it. */
    int slot(PayloadPath path) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).equals(path)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads the payload into {@code text} and {@code kinds} (indexed by slot).
     *
     * @return {@code null}, or why the payload is not JSON
     */
    String read(ByteBuffer payload, String[] text, byte[] kinds) {
        if (!payload.hasRemaining()) {
            return "the payload is empty, not JSON";
        }
        try (JsonParser p = JSON.createParser(new BufferInput(payload))) {
            if (p.nextToken() == null) {
                return "the payload is not JSON: no value in it";
            }
            visit(p, root, text, kinds);
            if (p.nextToken() != null) {
                return "the payload is not JSON: more than one value in it";
            }
            return null;
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int nl = why.indexOf('\n');
            why = nl < 0 ? why : why.substring(0, nl);
            return "the payload is not JSON: " + (why.length() > 120 ? why.substring(0, 120) + "…" : why);
        } catch (IOException e) {
            return "the payload is not JSON: " + e.getMessage();
        }
    }

    private static void visit(JsonParser p, Node node, String[] text, byte[] kinds) throws IOException {
        JsonToken t = p.currentToken();
        if (node.slot >= 0) {
            byte kind = switch (t) {
                case START_OBJECT -> OBJECT;
                case START_ARRAY -> ARRAY;
                case VALUE_NULL -> NULL;
                default -> VALUE;
            };
            kinds[node.slot] = kind;
            // numbers as written in the payload (getText keeps 1.50 and 1e3 as they are)
            text[node.slot] = kind == VALUE ? p.getText() : null;
        }
        if (t == JsonToken.START_OBJECT) {
            if (node.fields == null) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Node child = node.fields.get(p.currentName());
                p.nextToken();
                if (child == null) {
                    p.skipChildren();
                } else {
                    visit(p, child, text, kinds);
                }
            }
        } else if (t == JsonToken.START_ARRAY) {
            if (node.items == null) {
                p.skipChildren();
                return;
            }
            int index = 0;
            JsonToken next;
            while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                if (next == null) {
                    throw new IOException("unexpected end of the payload");
                }
                Node child = index < node.items.length ? node.items[index] : null;
                index++;
                if (child == null) {
                    p.skipChildren();
                } else {
                    visit(p, child, text, kinds);
                }
            }
        }
    }

    /** One level of the paths: the fields and items below it, and the slot of a path ending here. */
    private static final class Node {
        Map<String, Node> fields;
        Node[] items;
        int slot = -1;

        void add(List<Object> segments, int depth, int pathSlot) {
            if (depth == segments.size()) {
                slot = pathSlot;
                return;
            }
            Object s = segments.get(depth);
            Node child;
            if (s instanceof String name) {
                if (fields == null) {
                    fields = new HashMap<>();
                }
                child = fields.computeIfAbsent(name, n -> new Node());
            } else {
                int index = (Integer) s;
                if (items == null || items.length <= index) {
                    Node[] grown = new Node[index + 1];
                    if (items != null) {
                        System.arraycopy(items, 0, grown, 0, items.length);
                    }
                    items = grown;
                }
                if (items[index] == null) {
                    items[index] = new Node();
                }
                child = items[index];
            }
            child.add(segments, depth + 1, pathSlot);
        }
    }

    /** The payload buffer as a stream: the parser reads it into its own pooled buffer, no copy. */
    private static final class BufferInput extends InputStream {
        private final ByteBuffer buffer;

        BufferInput(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(into, offset, n);
            return n;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }
    }
}
