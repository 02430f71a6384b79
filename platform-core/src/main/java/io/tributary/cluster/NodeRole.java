package io.tributary.cluster;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a node does in a cluster ({@code node.roles}); a single process has both. */
public enum NodeRole {
    /** Accepts MQTT clients, routes publishes to subscribers and into the integration logs. */
    BROKER,
    /** Runs integrations: reads their logs and delivers to the destinations. */
    EXECUTOR;

    /** Parses a checked {@code node.roles} value ("broker,executor", any case). */
    public static Set<NodeRole> parse(String value) {
        EnumSet<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (String part : value.split(",")) {
            roles.add(valueOf(part.trim().toUpperCase(Locale.ROOT)));
        }
        return roles;
    }

    /** The lower-case name used in configuration and the admin. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
