package io.tributary.integration.commons.template;

/** A template that cannot be parsed: an unknown or unclosed placeholder. */
public final class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }
}
