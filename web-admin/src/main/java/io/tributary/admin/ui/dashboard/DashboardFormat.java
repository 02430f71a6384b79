package io.tributary.admin.ui.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the dashboard writes its figures: "n/a" for what is not measured. */
public final class DashboardFormat {
    public static final String NA = "n/a";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private DashboardFormat() {
    }

    /** A per-second rate: "0", "3.5", "1,250". */
    public static String rate(Double perSecond) {
        if (perSecond == null) {
            return NA;
        }
        double v = perSecond;
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", Math.round(v))
                : String.format(Locale.ROOT, "%.1f", v);
    }

    public static String count(Long value) {
        return value == null ? NA : String.format(Locale.ROOT, "%,d", value);
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Bytes in B, KiB, MiB or GiB. */
    public static String bytes(long value) {
        if (value < 1024) {
            return value + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = value;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A byte rate per second, "n/a" when not measured. */
    public static String byteRate(Double perSecond) {
        return perSecond == null ? NA : bytes(Math.round(perSecond)) + "/s";
    }

    /** Epoch millis as "2026-12-06 03:04:05 UTC". */
    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** How long ago, from {@code now}: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
    public static String duration(long sinceMillis, long nowMillis) {
        long s = Math.max(0, (nowMillis - sinceMillis) / 1000);
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min";
        }
        long h = m / 60;
        if (h < 24) {
            return h + " h " + (m % 60) + " min";
        }
        return (h / 24) + " d " + (h % 24) + " h";
    }

    /** "Active", "Failed"... */
    public static String state(Enum<?> state) {
        String s = state.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
