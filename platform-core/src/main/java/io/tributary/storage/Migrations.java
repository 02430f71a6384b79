package io.tributary.storage;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations: ordered SQL steps listed in {@code db/migration/migrations.txt}
 * (resources), each named {@code V<version>__<description>.sql}. The applied versions are
 * recorded in {@code schema_version}; pending steps run in one transaction, so a failed step
 * leaves the file as it was.
 */
final class Migrations {
    static final String INDEX = "db/migration/migrations.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One SQL step. */
    record Step(int version, String description, String resource) {
    }

    private final List<Step> steps;

    Migrations() {
        this.steps = readIndex();
    }

    List<Step> steps() {
        return steps;
    }

    /** Applies pending steps; returns the schema version afterwards. */
    int migrate(Jdbi jdbi) {
        int latest = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).version();
        return jdbi.inTransaction(h -> {
            h.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_time INTEGER NOT NULL)");
            int current = currentVersion(h);
            if (current > latest) {
                throw new IllegalStateException("Database schema version " + current
                        + " is newer than this Tributary supports (" + latest + ")");
            }
            for (Step step : steps) {
                if (step.version() > current) {
                    apply(h, step);
                }
            }
            return currentVersion(h);
        });
    }

    private static int currentVersion(Handle h) {
        Integer v = h.createQuery("SELECT MAX(version) FROM schema_version").mapTo(Integer.class).one();
        return v == null ? 0 : v;
    }

    private static void apply(Handle h, Step step) {
        h.createScript(read(step.resource())).execute();
        h.createUpdate("INSERT INTO schema_version (version, description, applied_time) VALUES (?, ?, ?)")
                .bind(0, step.version()).bind(1, step.description()).bind(2, System.currentTimeMillis())
                .execute();
    }

    private static List<Step> readIndex() {
        List<Step> out = new ArrayList<>();
        int previous = 0;
        for (String line : read(INDEX).split("\\R")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("Bad migration name in " + INDEX + ": " + name);
            }
            int version = Integer.parseInt(m.group(1));
            if (version <= previous) {
                throw new IllegalStateException("Migrations out of order in " + INDEX + ": " + name);
            }
            previous = version;
            out.add(new Step(version, m.group(2).replace('_', ' '), "db/migration/" + name));
        }
        return List.copyOf(out);
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
