package io.tributary.kafka.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the producer is idempotent, decided from the effective producer properties (the fields,
 * then {@code otherProperties}) by the rules of kafka-clients 4.3 ({@code ProducerConfig}):
 * idempotence needs {@code acks} all (-1), {@code retries} &gt; 0 and
 * {@code max.in.flight.requests.per.connection} at most 5.
 * <p>
 * The plugin always sets {@code enable.idempotence} itself, because kafka-clients' implicit default
 * ("on unless something conflicts") silently turns it off for {@code retries=0} or {@code acks} 1/0,
 * and throws a {@code ConfigException} at producer construction when
 * {@code max.in.flight.requests.per.connection} is above 5. An {@code enable.idempotence} in
 * {@code otherProperties} wins; set to true with conflicting settings, kafka-clients throws, so
 * {@link #conflicts()} is a validation error. Transactional ids are not handled here.
 *
 * @param enabled   whether the producer will be idempotent
 * @param explicit  whether {@code otherProperties} set {@code enable.idempotence}
 * @param conflicts the settings that rule idempotence out, as {@code key=value}; empty when none do
 */
public record Idempotence(boolean enabled, boolean explicit, List<String> conflicts) {
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    public static final String ACKS = "acks";
    public static final String RETRIES = "retries";
    public static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";
    /** The broker keeps the last 5 batches per producer: more in flight and idempotence cannot hold. */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    public Idempotence {
        conflicts = List.copyOf(conflicts);
    }

    /**
     * The decision for these producer properties.
     *
     * @param props effective producer properties, with {@code enable.idempotence} only if the user set it
     */
    public static Idempotence decide(Map<String, ?> props) {
        List<String> conflicts = new ArrayList<>();
        String acks = text(props.get(ACKS), "all");
        if (!acks.equals("all") && !acks.equals("-1")) {
            conflicts.add(ACKS + "=" + acks);
        }
        String retries = text(props.get(RETRIES), String.valueOf(Integer.MAX_VALUE));
        Integer r = parseInt(retries);
        if (r == null || r <= 0) {
            conflicts.add(RETRIES + "=" + retries);
        }
        if (props.containsKey(MAX_IN_FLIGHT)) {
            String inFlight = text(props.get(MAX_IN_FLIGHT), "");
            Integer f = parseInt(inFlight);
            if (f == null || f > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
                conflicts.add(MAX_IN_FLIGHT + "=" + inFlight);
            }
        }
        if (props.containsKey(ENABLE_IDEMPOTENCE)) {
            // kafka-clients trims and ignores case; any other value fails its own validation
            boolean on = text(props.get(ENABLE_IDEMPOTENCE), "").toLowerCase(Locale.ROOT).equals("true");
            return new Idempotence(on, true, conflicts);
        }
        return new Idempotence(conflicts.isEmpty(), false, conflicts);
    }

    /** True when {@code enable.idempotence=true} was set although other settings rule it out: kafka-clients throws. */
    public boolean misconfigured() {
        return enabled && !conflicts.isEmpty();
    }

    /** For the start log line, e.g. "idempotent producer off (retries=0)"; names settings, never secrets. */
    public String describe() {
        if (enabled) {
            return explicit ? "idempotent producer on (enable.idempotence=true in otherProperties)"
                    : "idempotent producer on";
        }
        if (explicit) {
            return "idempotent producer off (enable.idempotence=false in otherProperties)";
        }
        return "idempotent producer off (" + String.join(", ", conflicts) + ")";
    }

    private static String text(Object value, String absent) {
        return value == null ? absent : String.valueOf(value).trim();
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
