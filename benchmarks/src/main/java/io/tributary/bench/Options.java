package io.tributary.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options: {@code --key value} or {@code --key=value}. Every scenario reads the
 * keys it needs with its own defaults; {@link #unused()} names the ones no one read (typos).
 */
public final class Options {
    /** Options whose value may itself start with "--" or "-" (flags passed on to a process). */
    private static final java.util.Set<String> RAW = java.util.Set.of("tributary-args", "broker-jvm", "kafka-jvm");
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Boolean> read = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    public static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String body = a.substring(2);
                int eq = body.indexOf('=');
                if (eq >= 0) {
                    o.values.put(body.substring(0, eq), body.substring(eq + 1));
                } else if (i + 1 < args.length && (!args[i + 1].startsWith("--") || RAW.contains(body))) {
                    o.values.put(body, args[++i]);
                } else {
                    o.values.put(body, "true");
                }
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    public Options copy() {
        Options o = new Options();
        o.values.putAll(values);
        o.positional.addAll(positional);
        return o;
    }

    public Options with(String key, Object value) {
        values.put(key, String.valueOf(value));
        return this;
    }

    public Options withDefault(String key, Object value) {
        values.putIfAbsent(key, String.valueOf(value));
        return this;
    }

    public boolean has(String key) {
        read.put(key, true);
        return values.containsKey(key);
    }

    public String str(String key, String def) {
        read.put(key, true);
        return values.getOrDefault(key, def);
    }

    public int integer(String key, int def) {
        String v = str(key, null);
        return v == null ? def : Integer.parseInt(v.replace("_", ""));
    }

    public double dbl(String key, double def) {
        String v = str(key, null);
        return v == null ? def : Double.parseDouble(v);
    }

    public boolean flag(String key, boolean def) {
        String v = str(key, null);
        return v == null ? def : Boolean.parseBoolean(v);
    }

    /** Size with an optional K/KiB suffix: 64, 1k, 1KiB. */
    public int size(String key, int def) {
        String v = str(key, null);
        if (v == null) {
            return def;
        }
        String s = v.trim().toLowerCase();
        int mult = 1;
        if (s.endsWith("kib") || s.endsWith("k")) {
            mult = 1024;
            s = s.replaceAll("[a-z]+$", "");
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        return Integer.parseInt(s) * mult;
    }

    /** Duration in seconds: 20, 20s, 2m. */
    public int seconds(String key, int def) {
        String v = str(key, null);
        if (v == null) {
            return def;
        }
        String s = v.trim().toLowerCase();
        if (s.endsWith("m")) {
            return Integer.parseInt(s.substring(0, s.length() - 1)) * 60;
        }
        if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        return Integer.parseInt(s);
    }

    /** Rate in messages/s; 0 means as fast as the end-to-end window allows ("max"). */
    public int rate(String key, int def) {
        String v = str(key, null);
        if (v == null) {
            return def;
        }
        return v.equalsIgnoreCase("max") ? 0 : Integer.parseInt(v.replace("_", ""));
    }

    public Path path(String key, Path def) {
        String v = str(key, null);
        return v == null ? def : Path.of(v);
    }

    public List<String> list(String key, List<String> def) {
        String v = str(key, null);
        return v == null ? def : List.of(v.split(","));
    }

    public List<String> positional() {
        return positional;
    }

    public List<String> unused() {
        List<String> out = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!read.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
