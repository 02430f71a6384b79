package io.tributary.admin.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metric names of {@code docs/metrics-names.txt} (Prometheus name and type per line), the one
 * list dashboards and docs are checked against.
 */
public final class KnownMetricNames {
    /** The file, from the web-admin module's directory (where Maven runs the tests). */
    public static final Path FILE = Path.of("..", "docs", "metrics-names.txt");

    private final Map<String, String> types;

    private KnownMetricNames(Map<String, String> types) {
        this.types = types;
    }

    public static KnownMetricNames load() {
        Map<String, String> types = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(FILE)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+");
                types.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KnownMetricNames(types);
    }

    public Map<String, String> types() {
        return types;
    }

    /** Whether {@code name} is listed, or is a series of a listed histogram ({@code _bucket}, {@code _sum}...). */
    public boolean known(String name) {
        if (types.containsKey(name)) {
            return true;
        }
        for (String suffix : new String[]{"_bucket", "_sum", "_count", "_max"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                return "histogram".equals(types.get(base));
            }
        }
        return false;
    }
}
