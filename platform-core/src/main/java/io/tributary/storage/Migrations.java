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
 * (resources), each named {@code V<version>__<description>.sql}, one set for SQLite and PostgreSQL
 * (the {@link Dialect} fills in the few types spelled differently). The applied versions are
 * recorded in {@code schema_version}; pending steps run in one transaction, so a failed step
 * leaves the database as it was. On PostgreSQL the transaction first takes an advisory lock, so
 * nodes starting at the same time migrate one after the other: the first applies the steps, the
 * others then find nothing pending.
 */
final class Migrations {
    static final String INDEX = "db/migration/migrations.txt";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One SQL step. */
    record Step(int version, String description, String resource) {
    }

    /** Advisory lock key held while migrating a PostgreSQL database (any constant all nodes agree on). */
    static final long POSTGRESQL_LOCK = 0x7472_6962_7574_6172L; // "tributar"

    private final Dialect dialect;
    private final List<Step> steps;

    /** The SQLite steps. */
    Migrations() {
        this(Dialect.SQLITE);
    }

    Migrations(Dialect dialect) {
        this.dialect = dialect;
        this.steps = readIndex();
    }

    List<Step> steps() {
        return steps;
    }

    /** Applies pending steps; returns the schema version afterwards. */
    int migrate(Jdbi jdbi) {
        int latest = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).version();
        return jdbi.inTransaction(h -> {
            if (dialect == Dialect.POSTGRESQL) {
                // released at commit or rollback; a second node waits here, then sees the steps applied
                h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
                        .bind("key", POSTGRESQL_LOCK).mapTo(Integer.class).one();
            }
            h.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_time BIGINT NOT NULL)");
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

    private void apply(Handle h, Step step) {
        h.createScript(dialect.resolve(read(step.resource()))).execute();
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
