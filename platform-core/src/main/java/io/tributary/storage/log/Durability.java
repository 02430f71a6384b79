package io.tributary.storage.log;

import java.util.Locale;

/** When an appended record counts as stored, and so when a publisher may be acknowledged. */
public enum Durability {
    /** After the record's batch was written and fsynced: survives a crash of the process and of the machine. */
    FSYNC,
    /** After the record was written to the operating system: survives kill -9, not a power cut or kernel crash. */
    OS,
    /** Kept in memory only: lost with the process. */
    MEMORY;

    /** Parses {@code fsync}, {@code os} or {@code memory} (any case). */
    public static Durability parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected fsync, os or memory, got '" + value + "'");
        }
    }
}
