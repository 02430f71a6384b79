package io.tributary.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Applies the {@code log.format} key at start, before the platform logs its first line. Logback
 * read {@code logback.xml} already, with {@code TRIBUTARY_LOG_FORMAT} from the environment; the
 * key may come from the properties file or a flag too, so every {@link LogEncoder} of the root
 * logger switches to it, and the system property {@code TRIBUTARY_LOG_FORMAT} keeps it when
 * logback reads an edited {@code logback.xml} again.
 */
public final class LogFormat {
    public static final String VARIABLE = "TRIBUTARY_LOG_FORMAT";

    private LogFormat() {
    }

    /**
     * @param format {@code text} or {@code json}
     * @return a sentence for the console when {@code logback.xml} has no {@link LogEncoder} to
     *         switch (a format other than text was asked for), else {@code null}
     */
    public static String apply(String format) {
        System.setProperty(VARIABLE, format);
        List<LogEncoder> encoders = encoders();
        for (LogEncoder encoder : encoders) {
            if (!encoder.getFormat().equals(format)) {
                encoder.switchTo(format);
            }
        }
        if (encoders.isEmpty() && !format.equals(LogEncoder.TEXT)) {
            return "log.format=" + format + " has no effect: the root logger of the logback configuration has no "
                    + "appender with encoder " + LogEncoder.class.getName() + " (see conf/logback.xml)";
        }
        return null;
    }

    /** The started {@link LogEncoder}s of the root logger's appenders. */
    static List<LogEncoder> encoders() {
        List<LogEncoder> found = new ArrayList<>();
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return found;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out
                    && out.getEncoder() instanceof LogEncoder encoder && encoder.isStarted()) {
                found.add(encoder);
            }
        }
        return found;
    }
}
