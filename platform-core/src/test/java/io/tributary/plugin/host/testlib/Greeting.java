package io.tributary.plugin.host.testlib;

/**
 * A "library" class the host has; {@code PluginHostTest} builds a plugin whose {@code lib/}
 * carries a different class with this same name, to prove each side sees its own.
 */
public final class Greeting {
    private Greeting() {
    }

    public static String origin() {
        return "host";
    }
}
