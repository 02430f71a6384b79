package io.tributary.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.spi.LocationAwareLogger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the log readable while an integration's destination is down. The client libraries
 * plugins use (the prefixes configured with {@code <client>}) log a warning per reconnect
 * attempt, hundreds a minute; the platform logs one line per change of the integration's
 * connectivity instead (see the integration runtime). So their WARN and INFO events are logged
 * at DEBUG: shown only when that logger is set to DEBUG in {@code logback.xml}. Their ERROR
 * events stay at ERROR, but a repeat of the same text from the same logger within
 * {@code errorRepeatSeconds} (default 300) goes to DEBUG too: the operator sees each distinct
 * error at least once every five minutes, not once per retry.
 *
 * <pre>{@code
 * <turboFilter class="io.tributary.logging.ClientChatterFilter">
 *   <client>com.example.client</client>
 * </turboFilter>
 * }</pre>
 *
 * <p>Only WARN, INFO and ERROR events of listed loggers cost more than one comparison: the
 * filter sees every logging call, enabled or not.
 */
public final class ClientChatterFilter extends TurboFilter {
    /** Distinct ERROR texts remembered for the repeat window; the oldest are forgotten first. */
    private static final int REMEMBERED_ERRORS = 512;

    private final List<String> clients = new ArrayList<>();
    private volatile String[] prefixes = new String[0];
    private long errorRepeatMillis = 300_000;
    /** logger name + text of an ERROR shown at ERROR -> when; guarded by itself. */
    private final Map<String, Long> errorsShown = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_ERRORS;
        }
    };

    /** A logger name prefix of a client library: that logger and those below it (a {@code <client>} element). */
    public void addClient(String prefix) {
        String p = prefix == null ? "" : prefix.trim();
        if (!p.isEmpty()) {
            clients.add(p);
            prefixes = clients.toArray(new String[0]);
        }
    }

    /** Seconds in which a repeated ERROR of a client logger goes to DEBUG (0: every ERROR shown). */
    public void setErrorRepeatSeconds(long seconds) {
        this.errorRepeatMillis = Math.max(0, seconds) * 1000;
    }

    @Override
    public void start() {
        if (clients.isEmpty()) {
            addWarn("no <client> logger prefixes: nothing is quieted");
        }
        super.start();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (level == null || logger == null) {
            return FilterReply.NEUTRAL;
        }
        int l = level.levelInt;
        if (l != Level.WARN_INT && l != Level.INFO_INT && l != Level.ERROR_INT) {
            return FilterReply.NEUTRAL; // DEBUG, TRACE: as configured, including the events demoted here
        }
        if (format == null && params == null && t == null) {
            return FilterReply.NEUTRAL; // isWarnEnabled() and the like
        }
        if (!isClient(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        if (l == Level.ERROR_INT && firstInWindow(logger.getName(), format)) {
            return FilterReply.NEUTRAL;
        }
        // the same event at DEBUG: appended when the logger's level lets DEBUG through
        logger.log(marker, Logger.FQCN, LocationAwareLogger.DEBUG_INT, format, params, t);
        return FilterReply.DENY;
    }

    /** True when {@code name} is a listed prefix or a logger below one. */
    boolean isClient(String name) {
        for (String p : prefixes) {
            if (name.startsWith(p) && (name.length() == p.length() || name.charAt(p.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    /** True when this ERROR text was not shown at ERROR within the window (it is now). */
    private boolean firstInWindow(String logger, String text) {
        if (errorRepeatMillis == 0) {
            return true;
        }
        String key = logger + '\n' + text;
        long now = System.currentTimeMillis();
        synchronized (errorsShown) {
            Long shown = errorsShown.get(key);
            if (shown != null && now - shown < errorRepeatMillis) {
                return false;
            }
            errorsShown.put(key, now);
            return true;
        }
    }
}
