package io.tributary.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import java.util.Locale;

/**
 * The platform's log line format, {@code text} or {@code json}, chosen in {@code logback.xml}
 * ({@code <format>${TRIBUTARY_LOG_FORMAT:-text}</format>}) and switched at start by the
 * {@code log.format} key ({@link LogFormat}). Text lines follow {@code <pattern>}; JSON is one
 * object per line from logback's own {@link JsonEncoder}: {@code timestamp} (epoch
 * milliseconds), {@code level}, {@code threadName}, {@code loggerName},
 * {@code formattedMessage}, {@code throwable} (class, message, stack, causes), plus
 * {@code markers} and {@code kvpList} when an event has them. The raw pattern and its
 * arguments are left out: the formatted message says it once.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
    public static final String TEXT = "text";
    public static final String JSON = "json";

    private String format = TEXT;
    private String pattern = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    private Encoder<ILoggingEvent> text;
    private Encoder<ILoggingEvent> json;
    private volatile Encoder<ILoggingEvent> current;

    /** {@code text} or {@code json} (the {@code <format>} element). */
    public void setFormat(String format) {
        this.format = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    }

    public String getFormat() {
        return format;
    }

    /** The layout of text lines (the {@code <pattern>} element). */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if (!format.equals(TEXT) && !format.equals(JSON)) {
            addError("format must be text or json, got '" + format + "': writing text");
            format = TEXT;
        }
        PatternLayoutEncoder t = new PatternLayoutEncoder();
        t.setContext(getContext());
        t.setPattern(pattern);
        t.start();
        JsonEncoder j = new JsonEncoder();
        j.setContext(getContext());
        j.setWithSequenceNumber(false);
        j.setWithNanoseconds(false);
        j.setWithContext(false);
        j.setWithMDC(false);
        j.setWithMessage(false);
        j.setWithArguments(false);
        j.setWithFormattedMessage(true);
        j.start();
        text = t;
        json = j;
        current = format.equals(JSON) ? j : t;
        super.start();
    }

    /** Switches a started encoder to {@code text} or {@code json}: the next line is in the new format. */
    void switchTo(String newFormat) {
        format = newFormat;
        current = JSON.equals(newFormat) ? json : text;
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return current.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public void stop() {
        if (text != null) {
            text.stop();
            json.stop();
        }
        super.stop();
    }
}
