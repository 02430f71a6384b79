package io.tributary.integration.commons.template;

/**
 * A message a template cannot be rendered for: its payload is not JSON, or it lacks a value
 * the template names without a default ({@code ${payload.deviceId}}, {@code ${props.tenant}}).
 * A problem of that one message, not of the integration: plugins fail the message permanently
 * (a {@code PermanentFailure}: error event, dead letter) and go on with the next.
 */
public final class RenderException extends RuntimeException {
    public RenderException(String message) {
        super(message);
    }
}
